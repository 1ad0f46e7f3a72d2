"""Telegram's view of an Answer: HTML pages that fit a message, and the buttons under them.

Pure functions over the answer object, with no telegram import, so the layout is tested without a
network. Every piece of user or corpus text is escaped; the only markup is what this module writes.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from .answer import NOT_COVERED, Answer, Result
from .store import DocumentInfo, Task

MAX_MESSAGE = 4096
MAX_CALLBACK_BYTES = 64
PAGE_TASKS = {"topic": 3}
DEFAULT_PAGE_TASKS = 5
INLINE_RESULTS = 50
TITLE_CHARS = 24
SUGGESTION_CHARS = 18


@dataclass(frozen=True)
class Button:
    text: str
    # callback data: "q:<question>" asks a question, "more:<key>[:<question id>]:<page>" turns a page,
    # "fb:<question id>:<1|-1>" votes, "ov:[<document id>[:<theme>]]" browses the overview
    data: str


@dataclass(frozen=True)
class Page:
    html: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    number: int = 0
    count: int = 1


@dataclass(frozen=True)
class InlineItem:
    id: str
    title: str
    description: str
    html: str


def answer_key(question: str) -> str:
    """A short, stable name for a question, small enough for callback data."""
    return hashlib.blake2s(question.encode("utf-8"), digest_size=6).hexdigest()


def ask_button(text: str, question: str) -> Button | None:
    """A button that asks `question`; None if Telegram's 64-byte callback limit cannot hold it."""
    data = f"q:{question}"
    return Button(text, data) if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES else None


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def marked(text: str, words: tuple[str, ...]) -> list[tuple[str, bool]]:
    """`text` in pieces, each saying whether it is one of the words the question matched (longest first)."""
    words = tuple(w for w in sorted(set(words), key=len, reverse=True) if len(w) > 1)
    if not words:
        return [(text, False)]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [(text[last : match.start()], False), (match[0], True)]
        last = match.end()
    pieces.append((text[last:], False))
    return [(piece, hit) for piece, hit in pieces if piece]


def highlight(text: str, words: tuple[str, ...]) -> str:
    """Escape `text`, underlining the words the question matched."""
    return "".join(f"<u>{html.escape(p)}</u>" if hit else html.escape(p) for p, hit in marked(text, words))


def task_html(
    task: Task, matched: tuple[str, ...] = (), document: bool = False, limit: int | None = None
) -> str:
    """One task as the document has it: its label, its text, its section, its lead departments in bold,
    and its partner units and deadline where it has them."""
    text = shorten(task.text, limit) if limit else task.text
    source = f"《{html.escape(task.document)}》" if document else ""
    lines = [f"{source}<b>{html.escape(task.label)}</b> {highlight(text, matched)}"]
    lines += [
        f"<i>{html.escape(value)}</i>"
        if name == "部分"
        else f"{name}:<b>{html.escape(value)}</b>"
        if name == "牵头"
        else f"{name}:{html.escape(value)}"
        for name, value in task.details
    ]
    return "\n".join(lines)


def _pages(results: list[Result], per_page: int, budget: int, documents: bool) -> list[list[str]]:
    """Task blocks packed into pages: at most `per_page` tasks, never more than `budget` characters."""
    pages: list[list[str]] = [[]]
    used = 0
    for result in results:
        block = task_html(result.task, result.matched, documents)
        if len(block) > budget:  # a pathological task longer than a whole message
            block = task_html(result.task, result.matched, documents, limit=budget // 2)
        if pages[-1] and (len(pages[-1]) >= per_page or used + len(block) + 2 > budget):
            pages.append([])
            used = 0
        pages[-1].append(block)
        used += len(block) + 2
    return pages


def township_reminder(documents: list[DocumentInfo]) -> str | None:
    """The line reminding townships that every task is theirs to implement too (the task-1 note)."""
    noted = [d for d in documents if d.township_note]
    if not noted:
        return None
    return f"注:各乡镇人民政府、城区街道办事处均需落实全部任务(见第{noted[0].township_task}条)。"


def feedback_row(question_id: int) -> tuple[Button, ...]:
    return (Button("👍 有用", f"fb:{question_id}:1"), Button("👎 没用", f"fb:{question_id}:-1"))


def render(
    answer: Answer,
    page: int = 0,
    township_note: str | None = None,
    documents: bool = False,
    question_id: int | None = None,
) -> Page:
    """Page `page` of an answer: paging buttons, the nearest topics as buttons for a refusal, and 👍/👎
    under it when the question was logged as `question_id`."""
    page_data = render_page(answer, page, township_note, documents, question_id)
    if question_id is None:
        return page_data
    return Page(
        page_data.html, (*page_data.buttons, feedback_row(question_id)), page_data.number, page_data.count
    )


def render_page(
    answer: Answer, page: int, township_note: str | None, documents: bool, question_id: int | None
) -> Page:
    header = html.escape(answer.full_note or "")
    footer = ""
    if township_note and answer.intent in ("topic", "task", "department") and answer.answered:
        footer = f"<i>{html.escape(township_note)}</i>"
    budget = MAX_MESSAGE - len(header) - len(footer) - 200
    if not answer.results:
        lines = [header or NOT_COVERED]
        buttons = []
        if answer.suggestions:
            lines.append("相近的内容:" if answer.intent == "none" else "相邻的条目:")
            for result in answer.suggestions:
                title = f"{result.task.label} · {shorten(result.task.text, SUGGESTION_CHARS)}"
                lines.append(f"• {html.escape(title)}")
                if button := ask_button(title, result.task.label):
                    buttons.append((button,))
        return Page("\n".join(lines), tuple(buttons))
    per_page = PAGE_TASKS.get(answer.intent, DEFAULT_PAGE_TASKS)
    pages = _pages(answer.results, per_page, budget, documents)
    page = max(0, min(page, len(pages) - 1))
    body = "\n\n".join(part for part in (header, "\n\n".join(pages[page]), footer) if part)
    buttons = []
    if len(pages) > 1:
        key = answer_key(answer.query) + (f":{question_id}" if question_id is not None else "")
        row = []
        if page > 0:
            row.append(Button("◀ 上一页", f"more:{key}:{page - 1}"))
        row.append(Button(f"{page + 1}/{len(pages)}", f"more:{key}:{page}"))
        if page < len(pages) - 1:
            row.append(Button("更多 ▶", f"more:{key}:{page + 1}"))
        buttons.append(tuple(row))
    return Page(body, tuple(buttons), page, len(pages))


def inline_items(answer: Answer, township_note: str | None = None) -> list[InlineItem]:
    """One inline result per task: the title names it, the description its leads, posting the full task."""
    items = []
    footer = f"\n\n<i>{html.escape(township_note)}</i>" if township_note else ""
    for result in answer.results[:INLINE_RESULTS]:
        task = result.task
        items.append(
            InlineItem(
                id=f"{answer_key(task.document)}-{task.id}",  # numbers repeat where numbering restarts
                title=f"{task.label} · {shorten(task.text, TITLE_CHARS)}",
                description="牵头:" + "、".join(task.lead_departments),
                html=task_html(task, result.matched) + footer,
            )
        )
    return items


# --- the overview: the document's structure, for new staff ------------------------------------------


def overview_documents(documents: list[DocumentInfo], counts: dict[int, int]) -> Page:
    """With several documents, the overview starts by choosing one."""
    lines = ["<b>文件目录</b>", "选择一份文件,按主题浏览它的全部任务:"]
    buttons = []
    for document in documents:
        lines.append(f"• {html.escape(document.title)}({counts.get(document.id, 0)}条)")
        buttons.append((Button(shorten(document.title, 30), f"ov:{document.id}"),))
    return Page("\n".join(lines), tuple(buttons))


def overview_themes(
    document: DocumentInfo, themes: list[tuple[str, list[int]]], several_documents: bool
) -> Page:
    """A document's themes, each a button that opens its tasks."""
    lines = [f"<b>{html.escape(document.title)}</b>"]
    if document.published:
        lines.append(f"发布时间:{html.escape(document.published)}")
    lines.append(f"共{sum(len(t) for _, t in themes)}条任务,按主题分为{len(themes)}组:")
    buttons = []
    for position, (name, tasks) in enumerate(themes):
        lines.append(f"{position + 1}. {html.escape(name)}(第{'、'.join(map(str, tasks))}条)")
        buttons.append((Button(f"{position + 1}. {shorten(name, 24)}", f"ov:{document.id}:{position}"),))
    if reminder := township_reminder([document]):
        lines.append(f"\n<i>{html.escape(reminder)}</i>")
    if several_documents:
        buttons.append((Button("◀ 全部文件", "ov:"),))
    return Page("\n".join(lines), tuple(buttons))


def overview_theme(document: DocumentInfo, position: int, name: str, tasks: list[Task]) -> Page:
    """One theme: its tasks in short, each a button that shows the whole task."""
    lines = [f"<b>{html.escape(name)}</b>"]
    buttons = []
    for task in tasks:
        lines.append(
            f"\n<b>{html.escape(task.label)}</b> {html.escape(shorten(task.text, 60))}\n"
            f"牵头:{html.escape('、'.join(task.lead_departments))}"
        )
        if button := ask_button(f"{task.label} 全文", task.label):
            buttons.append(button)
    rows = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
    rows.append((Button("◀ 返回目录", f"ov:{document.id}"),))
    return Page("\n".join(lines)[: MAX_MESSAGE - 100], tuple(rows))
