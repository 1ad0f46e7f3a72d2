"""Answer quality on the development question set, held above floors set from what was measured.

The set (tests/data/questions.tsv) is written the way staff type: situations in their own words, typos,
traditional script, English, department nicknames, task numbers in every form, and questions the
document does not answer. A change that makes the bot worse for its users fails here.
"""

from __future__ import annotations

import pytest
from conftest import QUESTIONS

from bot.evaluate import evaluate, load_questions

# Measured when the floors were set: topic 94.5%, topic@3 99.2%, department 100%, task 100%,
# absent 100%, township 100%, multi 100%, none 100% (472 questions). topic@3 was 0.97 until whether an
# activity the plan never names is allowed ("红线里还能接着搞养殖吗") became "not directly mentioned", with
# the task as the first suggestion: 97.3% alone, 96.5% beside the five sample plans.
FLOORS = {
    "topic": 0.90,
    "topic@3": 0.96,
    "department": 0.97,
    "task": 1.0,
    "absent": 1.0,
    "township": 0.93,
    "multi": 0.90,
    "none": 0.92,
}


# Two more sets, written independently of the first and of the code: they guard against fitting the
# first set. Their floors are lower where they are smaller (one miss costs more).
# topic@3 was 0.96: whether an activity the plan never names is allowed ("这种地能直接拿来盖房吗") is now
# answered "not directly mentioned" with the task as the first suggestion (holdout 96.7% to 95.0%).
SMALLER_SET_FLOORS = {
    "topic": 0.90,
    "topic@3": 0.95,
    "department": 0.95,
    "task": 1.0,
    "absent": 1.0,
    "none": 0.9,
}
# The trust set: written without seeing the code, aimed at the edges (adjacent topics, departments that lead
# nothing, multi-part and everyday questions). First score, before any tuning on it: topic 93.9%, topic@3
# 94.7%, none 67.0%, nolead 97.0%, multi 100%, department 100%. Measured when these floors were set: topic
# 95.6%, topic@3 96.5%, none 91.5%, nolead 100%, multi 100%, department 100% (300 questions); none 92.6%
# once asks for details no task states were refused.
TRUST_FLOORS = {
    "topic": 0.94,
    "topic@3": 0.95,
    "none": 0.91,
    "nolead": 1.0,
    "multi": 0.97,
    "department": 1.0,
}
# A second trust set, written later by another writer who saw neither the code nor the first one. Scored
# before issue 11's work: topic 94.1%, topic@3 95.1%, none 53.5%, nolead 0%, multi 90.0%, department 100%;
# at the end of the first session on the issue: none 67.3%, nolead 88.5%, the rest the same. Its misses
# then guided the second session (asks about what follows them, 能…吗 frames): when these floors were set,
# topic 94.1%, topic@3 95.1%, none 89.1%, nolead 100%, multi 90.0%, department 100% (274 questions).
TRUST2_FLOORS = {
    "topic": 0.93,
    "topic@3": 0.94,
    "none": 0.87,
    "nolead": 1.0,
    "multi": 0.86,
    "department": 1.0,
}
# Two more sets, written in the second session by two writers who saw only the policy text. trust4 was
# scored once and then its misses looked at: first score topic 98.0%, topic@3 98.0%, none 54.4%, nolead
# 100%, multi 96.7%, department 100%; when these floors were set: none 92.2%, the rest the same
# (276 questions).
TRUST4_FLOORS = {
    "topic": 0.96,
    "topic@3": 0.96,
    "none": 0.90,
    "nolead": 1.0,
    "multi": 0.93,
    "department": 1.0,
}
# trust3 was scored only with the final code and never tuned on: it is how far the refusals generalise.
# At the start of the session: topic 96.5%, topic@3 99.1%, none 58.7%, nolead 84.6%, multi 96.7%,
# department 100%; final: none 76.9%, nolead 100%, the rest the same (290 questions). The target
# (none 95%) is not reached on it.
UNSEEN_TRUST_FLOORS = {
    "topic": 0.95,
    "topic@3": 0.98,
    "none": 0.75,
    "nolead": 1.0,
    "multi": 0.93,
    "department": 1.0,
}
OTHER_SETS = {
    "validation.tsv": SMALLER_SET_FLOORS,
    "holdout.tsv": SMALLER_SET_FLOORS,
    "trust.tsv": TRUST_FLOORS,
    "trust2.tsv": TRUST2_FLOORS,
    "trust3.tsv": UNSEEN_TRUST_FLOORS,
    "trust4.tsv": TRUST4_FLOORS,
}


@pytest.fixture(scope="module")
def report(answerer):
    return evaluate(answerer.answer, load_questions(QUESTIONS))


def test_question_set_is_large_and_covers_every_kind(report):
    assert sum(report.totals[k] for k in FLOORS if k != "topic@3") >= 300
    assert set(FLOORS) <= set(report.totals)


@pytest.mark.parametrize("metric", FLOORS)
def test_quality_floor(report, metric):
    misses = [
        f"{q.kind} {q.expected} {q.text!r} -> {[r.task.number for r in a.results][:3]}"
        for q, a in report.misses
        if q.kind == metric.split("@")[0]
    ]
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines() + misses)


def test_every_present_task_is_the_expected_answer_of_some_topic_question():
    expected = {q.expected[0] for q in load_questions(QUESTIONS) if q.kind == "topic"}
    assert expected == set(range(1, 38)) - {4, 20}


@pytest.mark.parametrize("name", OTHER_SETS)
def test_quality_floors_on_independently_written_sets(answerer, name):
    report = evaluate(answerer.answer, load_questions(QUESTIONS.parent / name))
    failing = [m for m, floor in OTHER_SETS[name].items() if report.rate(m) < floor]
    misses = [
        f"{q.kind} {q.expected} {q.text!r} -> {[r.task.number for r in a.results][:3]}"
        for q, a in report.misses
    ]
    assert not failing, "\n".join(report.lines() + misses)


# With out_of_scope.txt emptied, what the answerer refuses by itself: asks for details no task states (a
# fee, an hour, how to apply), other cities' plans, and too little evidence. Measured: questions 92.3%,
# validation 93.3%, holdout 87.5%, trust 83.0% (before the detail asks and other cities: 81.5%, 62.2%,
# 70.0%, 41.5%).
UNLISTED_NONE_FLOORS = {"questions.tsv": 0.90, "validation.tsv": 0.90, "holdout.tsv": 0.85, "trust.tsv": 0.80}


@pytest.mark.parametrize("name", UNLISTED_NONE_FLOORS)
def test_questions_outside_the_plan_are_refused_without_the_curated_list(unlisted, name):
    questions = [q for q in load_questions(QUESTIONS.parent / name) if q.kind == "none"]
    report = evaluate(unlisted.answer, questions)
    misses = [f"{q.text!r} -> {[r.task.number for r in a.results][:3]}" for q, a in report.misses]
    assert report.rate("none") >= UNLISTED_NONE_FLOORS[name], "\n".join(report.lines() + misses)
