"""Answer quality on a labelled question set: what the tests hold floors on and the benchmark reports.

The question set is a TSV file `kind<TAB>expected<TAB>question`; `expected` lists task numbers, or task
labels ("第3条", "(二)1") for documents whose numbering restarts (none for `none`, and for `nolead`: a
department that leads no task, which must be told so). Each kind is scored as its users judge it (see `hit`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Answer

KINDS = (
    "topic",
    "department",
    "task",
    "absent",
    "township",
    "multi",
    "none",
    "partner",
    "involved",
    "deadline",
    "nolead",
)
# Kinds whose answer is a list, compared whole.
LISTS = ("department", "partner", "involved", "deadline")


@dataclass(frozen=True)
class Question:
    kind: str
    expected: tuple[int | str, ...]  # task numbers, or labels
    text: str
    line: int


def load_questions(path: Path) -> list[Question]:
    questions = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#") or lineno == 1:
            continue
        kind, expected, text = raw.split("\t")
        if kind not in KINDS:
            raise ValueError(f"{path}:{lineno}: unknown kind {kind!r}")
        numbers = tuple(
            int(n) if n.strip().isdigit() else n.strip() for n in expected.split(",") if n.strip()
        )
        questions.append(Question(kind, numbers, text, lineno))
    return questions


def hit(question: Question, answer: Answer, depth: int = 1, document: str | None = None) -> bool:
    """Whether the answer is what the user needed; `depth` is how far down a topic answer may be.

    With `document`, the expected tasks are that document's: a task of another document in the top
    places of a topic answer counts against it, lists and the parts of a multi-part question are compared
    on that document's tasks, and a question outside it may be answered from another document.
    """
    by_label = any(isinstance(e, str) for e in question.expected)
    ranked = [
        (r.task.label if by_label else r.task.number) if document in (None, r.task.document) else None
        for r in answer.results
    ]
    tasks = (
        [n for n in ranked if n is not None]
        if question.kind in ("task", "township", "absent", "multi", "nolead", *LISTS)
        else ranked
    )
    expected = set(question.expected)
    match question.kind:
        case "topic":
            return answer.answered and bool(expected & set(tasks[:depth]))
        case "department" | "partner" | "involved" | "deadline":
            return answer.intent == question.kind and answer.answered and sorted(tasks) == sorted(expected)
        case "task":
            return answer.answered and tasks[:1] == list(question.expected)
        case "absent":
            return answer.intent == "task" and not tasks and (document is not None or not answer.answered)
        case "township":
            return answer.intent == "township" and tasks[:1] == list(question.expected)
        case "multi":
            return answer.answered and expected <= set(tasks[:3])
        case "none":
            return not answer.answered or (document is not None and ranked[:1] == [None])
        case "nolead":
            # A department that leads no task here: said so, never a list of tasks that share a word.
            return (
                answer.intent == "department" and not tasks and (document is not None or not answer.answered)
            )
    raise ValueError(question.kind)


@dataclass
class Report:
    totals: dict[str, int] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[Question, Answer]] = field(default_factory=list)

    def rate(self, metric: str) -> float:
        return self.hits.get(metric, 0) / self.totals[metric] if self.totals.get(metric) else 0.0

    def lines(self) -> list[str]:
        return [
            f"{m:<12} {self.hits.get(m, 0):>4}/{n:<4} {self.rate(m):6.1%}" for m, n in self.totals.items()
        ]


def evaluate(
    answer: Callable[[str], Answer], questions: Iterable[Question], document: str | None = None
) -> Report:
    """Score every question. Topic questions count twice: right first (`topic`) and in the top three."""
    report = Report()
    for question in questions:
        result = answer(question.text)
        metrics = [(question.kind, hit(question, result, document=document))]
        if question.kind == "topic":
            metrics.append(("topic@3", hit(question, result, depth=3, document=document)))
        for metric, ok in metrics:
            report.totals[metric] = report.totals.get(metric, 0) + 1
            report.hits[metric] = report.hits.get(metric, 0) + ok
        if not metrics[0][1]:
            report.misses.append((question, result))
    return report
