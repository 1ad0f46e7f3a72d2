"""Parse policy documents written as numbered tasks that end with their lead departments.

The format, as Dingzhou publishes it::

    <title line>
    发布时间:2025-03-06 05:45:27   来源: ...
    1. <task text>(<dept>、<dept>牵头[,<note>])。
    2. ...

The parser copes with the defects of the published text (missing numbers, a missing opening
parenthesis, a department spelt two ways) and refuses anything it cannot read with the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

TASK_LINE = re.compile(r"^\s*(\d{1,6})\s*[.．、]\s*(\S.*)$")
PUBLISHED = re.compile(r"发布(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# The lead clause: "(市A局、市B局牵头[,note])" at the very end, "(" optional because task 30 lost its own.
LEAD_CLAUSE = re.compile(r"[(（]?\s*(?P<leads>[^()（）。]*?)牵头(?P<note>[^()（）]*)[)）]\s*[。.]?\s*$")
DEPARTMENT_SEPARATORS = re.compile(r"[、,，;；]")
# Task 1's note: every township and street office implements every task; "不再列出" says so.
TOWNSHIP_NOTE = re.compile(r"以下均需.+?落实")


class CorpusError(ValueError):
    """A document that cannot be read; names the file and line so an editor can fix it."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Task:
    number: int
    text: str
    lead_departments: tuple[str, ...]
    source: str
    line: int
    note: str | None = None


@dataclass(frozen=True)
class Document:
    title: str
    published: str | None
    tasks: tuple[Task, ...]
    path: str
    township_note: str | None = None
    township_task: int | None = None
    tasks_by_number: dict[int, Task] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tasks_by_number", {t.number: t for t in self.tasks})

    def task(self, number: int) -> Task | None:
        return self.tasks_by_number.get(number)


def split_departments(leads: str) -> list[str]:
    """Split "市A局、市B局" into its department names, as written."""
    return [name.strip() for name in DEPARTMENT_SEPARATORS.split(leads) if name.strip()]


def parse_task(number: int, body: str, line: int, path: Path | str) -> Task:
    match = LEAD_CLAUSE.search(body)
    if not match:
        raise CorpusError(
            path, line, f"task {number} does not end with its lead departments, e.g. (市某某局牵头)"
        )
    leads = split_departments(match["leads"])
    if not leads:
        raise CorpusError(path, line, f"task {number} names no lead department before 牵头")
    text = body[: match.start()].rstrip()
    if not text:
        raise CorpusError(path, line, f"task {number} has no text before its lead departments")
    note = match["note"].strip(" ,，。") or None
    return Task(number=number, text=text, lead_departments=tuple(leads), source=body, line=line, note=note)


def parse_document(text: str, path: Path | str = "<text>") -> Document:
    """Parse one document; raise CorpusError naming the line of the first problem."""
    title: str | None = None
    published: str | None = None
    numbered: list[tuple[int, str, int]] = []  # (number, body, line) with continuation lines joined
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\u00a0", " ").strip(" \t\u3000\u2003\u2002\ufeff")
        if not line:
            continue
        task_match = TASK_LINE.match(line)
        if task_match:
            numbered.append((int(task_match[1]), task_match[2].strip(), lineno))
        elif numbered:
            number, body, first_line = numbered[-1]
            numbered[-1] = (number, body + line, first_line)
        elif title is None:
            title = line
        elif published is None and (date := PUBLISHED.search(line)):
            published = f"{date[1]}-{int(date[2]):02d}-{int(date[3]):02d}"
        # Other header lines ("来源", scraping leftovers) are not part of the document.
    if title is None:
        raise CorpusError(path, None, "no title line: the first non-empty line must be the document's title")
    if not numbered:
        raise CorpusError(
            path, None, "no numbered tasks found (expected lines like '1. 任务内容(市某某局牵头)')"
        )
    tasks: list[Task] = []
    seen: dict[int, int] = {}
    for number, body, lineno in numbered:
        if number in seen:
            raise CorpusError(path, lineno, f"task number {number} repeats the one on line {seen[number]}")
        seen[number] = lineno
        tasks.append(parse_task(number, body, lineno, path))
    township_task = next((t for t in tasks if t.note and TOWNSHIP_NOTE.search(t.note)), None)
    return Document(
        title=title,
        published=published,
        tasks=tuple(tasks),
        path=str(path),
        township_note=township_task.note if township_task else None,
        township_task=township_task.number if township_task else None,
    )


def load_document(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return parse_document(text, path)
