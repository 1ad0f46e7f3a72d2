"""The document model: a policy document, its sections and its numbered tasks with who does them.

Documents arrive in several formats; `bot.readers` turns each into lines and table rows and
`bot.structure` — the one parser — makes a `Document` of them. `load_document` does both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

DEPARTMENT_SEPARATORS = re.compile(r"[、,，;；]")


class CorpusError(ValueError):
    """A document that cannot be read; names the file and line so an editor can fix it.

    `unreadable` marks a file with no usable text at all (a scanned PDF, a broken .docx): the index
    skips such a file with a warning, while a plan with a defect at some line stops the build.
    """

    def __init__(self, path: Path | str, line: int | None, message: str, unreadable: bool = False):
        self.path = str(path)
        self.line = line
        self.message = message
        self.unreadable = unreadable
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
    # How the document names the task: "第12条", or "(二)3" where numbering restarts in each section.
    label: str = ""
    section: tuple[str, ...] = ()
    partner_departments: tuple[str, ...] = ()
    deadline: str | None = None

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"第{self.number}条")


@dataclass(frozen=True)
class Document:
    title: str
    published: str | None
    tasks: tuple[Task, ...]
    path: str
    township_note: str | None = None
    township_task: int | None = None
    issuer: str | None = None
    doc_number: str | None = None
    sections: tuple[str, ...] = ()
    # Lines the parser could not attribute to the header, a section or a task: (line, text).
    unattributed: tuple[tuple[int, str], ...] = ()
    tasks_by_number: dict[int, Task] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_number: dict[int, Task] = {}
        for task in self.tasks:
            by_number.setdefault(task.number, task)
        object.__setattr__(self, "tasks_by_number", by_number)

    def task(self, number: int) -> Task | None:
        """The first task numbered `number` (numbering may restart in each section)."""
        return self.tasks_by_number.get(number)


def split_departments(units: str) -> list[str]:
    """Split "市A局、市B局" into its department names, as written."""
    return [name.strip() for name in DEPARTMENT_SEPARATORS.split(units) if name.strip()]


def parse_document(text: str, path: Path | str = "<text>") -> Document:
    """Parse one plain-text document; raise CorpusError naming the line of the first problem."""
    from .readers.plain import lines_of
    from .structure import parse_lines

    return parse_lines(lines_of(text), path)


def load_document(path: Path) -> Document:
    """Read a document in any supported format (see `bot.readers`) and parse it."""
    from .readers import read
    from .structure import parse_lines

    return parse_lines(read(path), path)
