"""The answer as plain text, in blocks: the terminal prints them all; a chat app cuts them at a block."""

from __future__ import annotations

from .answer import NOT_COVERED, Answer
from .store import Task

ROLE_MARKS = {"lead": "(牵头)", "partner": "(配合)"}


def task_lines(task: Task, role: str | None = None) -> list[str]:
    """One task: its label and text, then its section, lead and partner units and deadline where it has them."""
    return [f"{task.label}{ROLE_MARKS.get(role or '', '')}  {task.text}"] + [
        f"  {name}:{value}" for name, value in task.details
    ]


def text_blocks(answer: Answer) -> list[str]:
    """The notes, each task (after its document's title when the document changes), the nearest topics."""
    blocks: list[str] = []
    if answer.full_note:
        blocks.append(answer.full_note)
    document = None
    for result in answer.results:
        task = result.task
        if task.document != document:  # every answer names the document it quotes
            document = task.document
            blocks.append(f"《{document}》")
        blocks.append("\n".join(task_lines(task, result.role)))
    if answer.suggestions:
        nearest = [f"  {r.task.label}  {r.task.text[:40]}…" for r in answer.suggestions]
        blocks.append("\n".join(["相近的内容:", *nearest]))
    return blocks or [NOT_COVERED]


def render_text(answer: Answer) -> str:
    """The answer as plain text for a terminal."""
    return "\n\n".join(text_blocks(answer))
