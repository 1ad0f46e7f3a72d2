"""Answers and store listings as the page shows them: plain data for the templates, no markup here."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from ..answer import NOT_COVERED, Answer
from ..render import marked, shorten, township_reminder
from ..store import DocumentInfo, Store, Task

PAGE_TASKS = 10
SUGGESTION_CHARS = 30


def task_url(document_id: int, task: Task) -> str:
    return f"/tasks/{document_id}/{quote(task.label)}"


def department_url(name: str) -> str:
    return f"/departments/{quote(name)}"


def answer_url(question: str, **extra: int | str) -> str:
    return "/?" + urlencode({"q": question, **extra})


@dataclass(frozen=True)
class Card:
    """One task: its label (linking to its own page), its text in marked pieces, its units, its document."""

    label: str
    url: str
    text: str
    pieces: list[tuple[str, bool]]
    leads: tuple[str, ...]
    document: str
    details: list[tuple[str, str]]  # 部分, 牵头, 配合, 时限: see Task.details
    role: str | None = None  # "lead" or "partner" when the question asked what a department takes part in


@dataclass(frozen=True)
class Link:
    url: str
    text: str


@dataclass(frozen=True)
class AnswerView:
    question: str
    notes: list[str]
    cards: list[Card]
    suggestions_title: str
    suggestions: list[Link]
    reminder: str | None
    pager: list[Link]  # empty for a single page; the current page is the Link without a url
    question_id: int | None


class Views:
    """Builds page models from the store of the service's current answerer."""

    def __init__(self, store: Store):
        self.store = store
        self.document_ids = {d.title: d.id for d in store.documents}

    def card(self, task: Task, matched: tuple[str, ...] = (), role: str | None = None) -> Card:
        url = task_url(self.document_ids.get(task.document, 0), task)
        return Card(
            task.label,
            url,
            task.text,
            marked(task.text, matched),
            task.lead_departments,
            task.document,
            task.details,
            role,
        )

    def answer(self, answer: Answer, page: int = 1, question_id: int | None = None) -> AnswerView:
        note = answer.full_note or (None if answer.results else NOT_COVERED)
        notes = [note] if note else []
        pages = max(1, -(-len(answer.results) // PAGE_TASKS))
        page = max(1, min(page, pages))
        shown = answer.results[(page - 1) * PAGE_TASKS : page * PAGE_TASKS]
        keep = {"qid": question_id} if question_id is not None else {}
        pager = []
        if pages > 1:
            pager = [
                Link("" if n == page else answer_url(answer.query, page=n, **keep), str(n))
                for n in range(1, pages + 1)
            ]
        reminder = None
        if answer.answered and answer.intent in ("topic", "task", "department"):
            reminder = township_reminder(self.store.documents)
        return AnswerView(
            question=answer.query,
            notes=notes,
            cards=[self.card(r.task, r.matched, r.role) for r in shown],
            suggestions_title="相近的内容:" if answer.intent == "none" else "相邻的条目:",
            suggestions=[
                Link(
                    task_url(self.document_ids.get(r.task.document, 0), r.task),
                    f"{r.task.label} · {shorten(r.task.text, SUGGESTION_CHARS)}",
                )
                for r in answer.suggestions
            ],
            reminder=reminder,
            pager=pager,
            question_id=question_id,
        )

    def find_task(self, document: str, label: str) -> tuple[DocumentInfo, Task]:
        """The task a URL names by document id and label ("第27条", "(二)3", or just "27"); LookupError if none."""
        info = next((d for d in self.store.documents if str(d.id) == document), None)
        if info is None:
            raise LookupError(f"没有编号为 {document} 的文件")
        task = self.store.task_labelled(info.id, label)
        if task is None and label.isdigit():
            task = self.store.task_labelled(info.id, f"第{label}条")
        if task is None:
            raise LookupError(f"《{info.title}》没有{label}")
        return info, task

    def departments(self) -> list[tuple[Link, int]]:
        return [(Link(department_url(name), name), n) for name, n in self.store.lead_counts()]

    def department(self, name: str) -> list[Card]:
        """Every task a department leads, by its full or short name; LookupError if there is none."""
        ids = [i for i, full in self.store.departments.items() if full == name]
        ids = ids or [i for i, short in self.store.short_names.items() if short == name]
        if not ids:
            raise LookupError(f"没有名为「{name}」的部门")
        tasks, _ = self.store.tasks_led_by(ids[:1])
        return [self.card(task) for task in tasks]

    def overview(self) -> list[tuple[DocumentInfo, list[tuple[str, list[Card]]]]]:
        """Each document's themes (from corpus/overview.toml) with their tasks."""
        return [
            (
                d,
                [
                    (name, [self.card(t) for t in self.store.document_tasks(d.id, numbers)])
                    for name, numbers in self.store.themes(d.id)
                ],
            )
            for d in self.store.documents
        ]

    def documents(self) -> list[tuple[DocumentInfo, int]]:
        counts = self.store.task_counts()
        return [(d, counts.get(d.id, 0)) for d in self.store.documents]


def task_json(document_id: int, task: Task) -> dict:
    return {
        "document": task.document,
        "document_id": document_id,
        "task": task.number,
        "label": task.label,
        "section": list(task.section),
        "text": task.text,
        "leads": list(task.lead_departments),
        "partners": list(task.partner_departments),
        "deadline": task.deadline,
    }
