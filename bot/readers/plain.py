"""Plain text and Markdown: one line per line, Markdown's heading and emphasis marks dropped."""

from __future__ import annotations

import re
from pathlib import Path

from ..corpus import CorpusError
from . import Line

MARKDOWN_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+(?=\S))|\*\*|__")


def read(path: Path) -> list[Line]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            path, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})", unreadable=True
        ) from exc
    return lines_of(text, markdown=path.suffix.lower() == ".md")


def lines_of(text: str, markdown: bool = False) -> list[Line]:
    lines = text.splitlines()
    if markdown:
        lines = [MARKDOWN_MARKS.sub("", line) for line in lines]
    return [Line(line, number) for number, line in enumerate(lines, start=1)]
