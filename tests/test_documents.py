"""Several documents in one corpus: answers are labelled with their document, and the first
document's quality holds with a second one beside it. The second samples live in tests/, not corpus/:
a small straw plan, and an air-quality plan whose topics overlap the synonyms written for the first
(dust, straw burning, fireworks, diesel trucks, restaurant fumes, coal boilers)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import QUESTIONS, REPO_DIR, TESTS_DIR, run_env
from test_quality import FLOORS

from bot import Answerer, Store
from bot.evaluate import evaluate, load_questions
from bot.index import build_index

FIRST = "定州市印发《关于加强生态环境分区管控的实施建议》分工落实方案"
FIRST_PLAN = "dingzhou-eco-zoning-division-of-labour.txt"  # its file in corpus/
SECOND = "定州市秸秆综合利用工作分工方案"
AIR = "定州市大气污染综合治理重点任务分工方案"
AIR_QUESTIONS = TESTS_DIR / "data" / "air-plan-questions.tsv"
# Measured beside the first plan (84 questions): 89.3% answered from the air plan (its task first), 84.5%
# with exactly the expected task first (topic 59/72, department 12/12); then 91.7% and 86.9% (topic 61/72)
# once burning straw reached 焚烧/禁烧 and a reporting telephone the 12369 hotline. The floors sit a
# little under.
AIR_ANSWERED_FROM_IT = 0.90
AIR_EXACT = 0.85
# Air pollution (第23条) is the air plan's whole subject: questions about it rightly go there.
AIR_SUBJECT_TASK = 23


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("two") / "corpus"
    corpus.mkdir()
    for path in (REPO_DIR / "corpus").iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "straw.txt").write_bytes((TESTS_DIR / "data" / "second-document.txt").read_bytes())
    db = corpus.parent / "index.sqlite"
    build_index(corpus, db)
    return corpus, db


@pytest.fixture(scope="module")
def answerer2(two_documents):
    return Answerer(Store(two_documents[1]))


@pytest.fixture(scope="module")
def beside_air(tmp_path_factory):
    """The first plan with the air-quality plan beside it."""
    corpus = tmp_path_factory.mktemp("air") / "corpus"
    corpus.mkdir()
    for path in (REPO_DIR / "corpus").iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "air-plan.txt").write_bytes((TESTS_DIR / "data" / "air-plan.txt").read_bytes())
    db = corpus.parent / "index.sqlite"
    build_index(corpus, db)
    return Answerer(Store(db))


def test_questions_about_the_second_document_are_answered_and_labelled(answerer2):
    answer = answerer2.answer("秸秆还田归谁管")
    assert answer.answered
    top = answer.results[0].task
    assert (top.document, top.number) == (SECOND, 1)
    assert top.lead_departments == ("市农业农村局",)


def test_a_task_number_in_both_documents_shows_each_labelled(answerer2):
    answer = answerer2.answer("第3条")
    assert answer.answered
    assert [(r.task.document, r.task.number) for r in answer.results] == [(FIRST, 3), (SECOND, 3)]


def test_department_questions_span_every_document(answerer2):
    answer = answerer2.answer("财政局牵头哪些")
    assert [(r.task.document, r.task.number) for r in answer.results] == [(FIRST, 36), (SECOND, 4)]
    assert "牵头2条" in answer.note


def test_a_lead_department_missing_from_the_data_file_still_works(answerer2):
    answer = answerer2.answer("各乡镇人民政府牵头哪些")
    assert answer.intent == "department"
    assert [(r.task.document, r.task.number) for r in answer.results] == [(SECOND, 3)]


@pytest.mark.parametrize("metric", FLOORS)
def test_every_quality_floor_of_the_first_document_holds_beside_a_second(answerer2, metric):
    report = evaluate(answerer2.answer, load_questions(QUESTIONS), document=FIRST)
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines())


def test_json_names_the_document_and_the_cli_labels_it(two_documents):
    corpus, db = two_documents
    env = run_env(BOT_CORPUS_DIR=str(corpus), BOT_DB=str(db))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "第3条"],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=env,
    )
    payload = json.loads(done.stdout)
    assert [r["document"] for r in payload["results"]] == [FIRST, SECOND]
    text = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "第3条"], capture_output=True, text=True, cwd=REPO_DIR, env=env
    ).stdout
    assert f"《{FIRST}》" in text and f"《{SECOND}》" in text


def test_the_air_plans_questions_are_answered_from_it(beside_air):
    """The synonyms were written for the first plan; they must not pull the air plan's questions to it."""
    questions = [q for q in load_questions(AIR_QUESTIONS) if q.expected]
    answers = [beside_air.answer(q.text) for q in questions]
    from_it = [a.answered and a.results[0].task.document == AIR for a in answers]
    assert sum(from_it) / len(questions) >= AIR_ANSWERED_FROM_IT, [
        q.text for q, ok in zip(questions, from_it, strict=True) if not ok
    ]
    report = evaluate(beside_air.answer, questions, document=AIR)
    exact = sum(report.hits.get(k, 0) for k in ("topic", "department")) / len(questions)
    assert exact >= AIR_EXACT, "\n".join(report.lines())


def test_what_the_air_plan_does_not_say_is_not_quoted_from_it_but_it_is_suggested(beside_air):
    unsaid = [q for q in load_questions(AIR_QUESTIONS) if q.kind == "none"]
    answers = [beside_air.answer(q.text) for q in unsaid]
    assert unsaid and all(not a.answered and a.suggestions[0].task.document == AIR for a in answers), [
        (q.text, a.note) for q, a in zip(unsaid, answers, strict=True)
    ]


@pytest.mark.parametrize(("question", "task"), [("秸秆焚烧谁管", {5, 6}), ("大货车冒黑烟", {8})])
def test_a_synonym_written_for_the_first_plan_does_not_pull_the_second_plans_own_words(
    beside_air, question, task
):
    """秸秆焚烧 means 大气 (第23条) in synonyms.txt; the air plan, which says 秸秆 itself, answers it."""
    top = beside_air.answer(question).results[0].task
    assert top.document == AIR and top.number in task


def test_a_department_that_leads_only_in_the_other_plan_is_listed_there(beside_air):
    answer = beside_air.answer("公安局牵头哪几条")
    assert answer.intent == "department" and answer.answered
    assert {r.task.document for r in answer.results} == {AIR}
    assert f"在《{FIRST}》中没有牵头的任务" in answer.note
    # Asked of the first plan by its title's words, it is told first that it leads none there; the title's
    # words are no topic beside the department.
    asked = beside_air.answer("公安局在分区管控里有牵头的活吗")
    assert asked.intent == "department" and {r.task.document for r in asked.results} == {AIR}
    assert asked.note.index(f"《{FIRST}》中没有") < asked.note.index(f"《{AIR}》")


def test_a_department_asked_of_in_one_plans_words_lists_that_plan_first(beside_air):
    """分区管控 is in the first plan's title, not the air plan's: its task comes first, and its count."""
    answer = beside_air.answer("住建局在分区管控里要干啥")
    assert answer.intent == "department"
    assert (answer.results[0].task.document, answer.results[0].task.number) == (FIRST, 28)
    assert answer.note.index(f"《{FIRST}》") < answer.note.index(f"《{AIR}》")
    # Named by neither plan's own words (落实 is in one title, but said of everything), the plans keep their
    # order.
    for question in ("住建局牵头哪些", "住建局要落实哪些"):
        assert beside_air.answer(question).results[0].task.document == AIR
    # 分工方案 is no word of the first title, but all its characters are: it names neither plan.
    named = beside_air.answer("我是住建局的,想知道市局在分区管控分工方案里牵头了哪几条任务")
    assert named.intent == "department" and named.results[0].task.document == FIRST


def test_townships_asked_of_by_their_government_get_the_township_note_beside_another_plan(beside_air):
    """The air plan says 乡镇 in its tasks, so 乡镇 is a topic word there; 乡镇政府 still asks their part,
    and 分工方案 names the document, not 第34条's 分工."""
    answer = beside_air.answer("我刚到乡镇上班,这个分工方案里乡镇政府要落实哪些?")
    assert answer.intent == "township" and answer.answered
    assert (answer.results[0].task.document, answer.results[0].task.number) == (FIRST, 1)
    # The first plan's note is about its own tasks; of the air plan's, those it names the townships' leads
    # to (各乡镇人民政府牵头) follow, and the note names them.
    assert f"要落实《{FIRST}》的全部任务(共35条)" in answer.note
    air = [r.task for r in answer.results if r.task.document == AIR]
    assert air and all(any("乡镇" in lead for lead in t.lead_departments) for t in air)
    assert answer.results[1].task in air
    assert f"《{AIR}》中由各乡镇牵头的任务:第{'、'.join(str(t.number) for t in air)}条" in answer.note


@pytest.mark.parametrize(
    "question",
    ["我刚到镇政府上班 这个分区管控方案跟我们乡镇有关系吗", "刚调到街道办 这个方案跟我们街道有关系吗"],
)
def test_whether_the_plan_concerns_the_townships_is_their_part_beside_another_plan(
    answerer, beside_air, question
):
    """有关系 asks whether it concerns them: no topic, with one plan or two (beside the air plan, 有关 is
    rarer among all the tasks, and was taken for one)."""
    for answerer_ in (answerer, beside_air):
        answer = answerer_.answer(question)
        assert answer.intent == "township" and answer.answered


def test_a_township_named_is_no_slip_for_a_word_of_another_plan(beside_air):
    """The air plan says 专项; 号头庄乡 is a township, and "号头庄乡要干啥" asks what it must do."""
    answer = beside_air.answer("俺们号头庄乡要干啥?")
    assert answer.corrections == [] and answer.intent == "township"


def test_a_plan_that_names_the_townships_among_some_tasks_leads_gives_them_those(tmp_path):
    """The air plan alone says nothing of the townships implementing every task, but names 各乡镇人民政府 among
    the leads of some: those are the townships' answer."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in (REPO_DIR / "corpus").iterdir():
        if path.name != FIRST_PLAN:
            (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "air-plan.txt").write_bytes((TESTS_DIR / "data" / "air-plan.txt").read_bytes())
    build_index(corpus, tmp_path / "index.sqlite")
    answer = Answerer(Store(tmp_path / "index.sqlite")).answer("乡镇要干啥")
    led = [r.task for r in answer.results if any("乡镇" in lead for lead in r.task.lead_departments)]
    assert (
        answer.intent == "township"
        and answer.answered
        and led == [r.task for r in answer.results][: len(led)]
    )
    assert f"本文件中由各乡镇牵头的任务:第{'、'.join(str(t.number) for t in led)}条" in answer.note


@pytest.mark.parametrize("metric", FLOORS)
def test_every_quality_floor_of_the_first_plan_holds_beside_the_air_plan(beside_air, metric):
    """Every question of the first plan keeps its floor, but for those about air pollution."""
    questions = [
        q
        for q in load_questions(QUESTIONS)
        if not (q.kind in ("topic", "multi") and AIR_SUBJECT_TASK in q.expected)
    ]
    report = evaluate(beside_air.answer, questions, document=FIRST)
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines())


def test_a_phrase_out_of_scope_for_one_plan_is_answered_where_another_plan_says_it(answerer, beside_air):
    """热线 is out of scope for the zoning plan, but the air plan's 第27条 names the 12369 hotline."""
    assert not answerer.answer("环保举报热线是多少").answered
    top = beside_air.answer("环保举报热线是多少").results[0].task
    assert (top.document, top.number) == (AIR, 27)


def test_a_topic_out_of_scope_is_answered_where_another_plan_says_it_in_other_words(answerer, beside_air):
    """问责 and 追责 are one topic in out_of_scope.txt: the air plan's 第26条 says 问责, so 追责 is asked of it."""
    assert not answerer.answer("任务完不成要追责吗").answered
    top = beside_air.answer("大气污染任务完不成要追责吗").results[0].task
    assert (top.document, top.number) == (AIR, 26)


def test_an_amount_stated_in_the_clause_after_what_it_is_asked_of_answers(beside_air):
    """The standard follows the act it is of: "实施低氮燃烧改造,氮氧化物排放浓度不高于30毫克/立方米"."""
    answer = beside_air.answer("在用的燃气锅炉低氮改造是啥标准")
    assert answer.answered and answer.results[0].task.document == AIR


def test_brackets_after_a_departments_name_say_the_name_again(beside_air):
    """规划 is a rare word beside the air plan; said in brackets after 资规局 it names the bureau again."""
    answer = beside_air.answer("资规局(自然资源和规划)牵头的有哪些?")
    assert answer.intent == "department" and answer.answered
    assert answer.results == beside_air.answer("资规局牵头的有哪些?").results


def test_everyday_names_said_the_same_as_the_plans_words_ask_what_it_says_of_them(answerer, beside_air):
    """炮仗 is 烟花爆竹 and 麦秸 is 秸秆 (== in synonyms.txt): whether one may fire them, or burn it, is what
    the air plan's task on them says. The first plan says neither, so alone it answers neither."""
    for question, task in (("过年能不能在城里放炮仗", 7), ("麦秸玉米秆不让烧 那能拿来干啥用", 6)):
        top = beside_air.answer(question).results[0].task
        assert (top.document, top.number) == (AIR, task)
        assert not answerer.answer(question).answered


def test_a_department_asked_whether_it_leads_any_is_told_where_it_does(answerer, beside_air):
    """牵头的有吗 asks what it leads, not a detail: none here, two tasks in the air plan."""
    assert answerer.answer("应急管理局牵头的有吗").intent == "department"
    answer = beside_air.answer("应急管理局牵头的有吗")
    assert answer.intent == "department" and answer.answered
    assert {r.task.document for r in answer.results} == {AIR}
    # 请列出 asks; it is no slip for 清理.
    answer = beside_air.answer("请列出市自然资源和规划局牵头的全部任务")
    assert answer.intent == "department" and answer.answered


def test_an_everyday_act_does_not_make_the_townships_question_a_topic(beside_air):
    """执行 is said in the air plan (执行烟花爆竹禁限放规定), which makes it rarer there; it is still no topic."""
    answer = beside_air.answer("乡镇要执行这个方案里的全部任务吗")
    assert answer.intent == "township" and answer.results[0].task.document == FIRST


def test_a_word_said_inside_the_questions_phrase_is_said_in_a_close_call(beside_air):
    """清洁取暖 is the air plan's own word (its 取暖); the first plan's 第23条 has it only as a synonym of
    能源结构. Scored within a close call, the plan that says it goes first."""
    top = beside_air.answer("改完清洁取暖的村又有人烧煤了 咋办").results[0].task
    assert top.document == AIR


@pytest.mark.parametrize(
    ("question", "task"),
    [
        # 查处 is the air plan's word: the question asks how fumes are dealt with, not how to look them up.
        ("飯店油煙直排 怎麼查處", 12),
        # How a thing is checked, where the question ends on it, is asked of that thing.
        ("大货车冒黑烟 在路上怎么查", 8),
    ],
)
def test_how_a_thing_is_checked_is_asked_of_the_thing(beside_air, question, task):
    answer = beside_air.answer(question)
    assert answer.answered
    assert (answer.results[0].task.document, answer.results[0].task.number) == (AIR, task)
