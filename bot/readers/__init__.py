"""Readers, one per published format: each turns a file into lines and table rows for the one parser.

A reader knows its format's container (paragraphs, tables, pages, markup) and nothing of the plan's
structure; `bot.structure` makes the document out of what they yield.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..corpus import CorpusError


@dataclass(frozen=True)
class Line:
    """A line of text, or a table row (`cells`), with where it is: line, paragraph or row number."""

    text: str
    line: int
    cells: tuple[str, ...] | None = None


def _read_text(path: Path) -> list[Line]:
    from .plain import read

    return read(path)


def _read_docx(path: Path) -> list[Line]:
    from .word import read

    return read(path)


def _read_pdf(path: Path) -> list[Line]:
    from .pdf import read

    return read(path)


def _read_html(path: Path) -> list[Line]:
    from .web import read

    return read(path)


# Imported on use: answering never needs python-docx, pdfplumber or BeautifulSoup.
READERS = {
    ".txt": _read_text,
    ".md": _read_text,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
}


def read(path: Path) -> list[Line]:
    """The lines of a document in any supported format; CorpusError (unreadable) if it has none."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise CorpusError(path, None, f"unsupported format {path.suffix!r}", unreadable=True)
    try:
        return reader(path)
    except CorpusError:
        raise
    except OSError as exc:
        raise CorpusError(path, None, f"cannot open the file ({exc.strerror})", unreadable=True) from exc
    except Exception as exc:  # a damaged file makes each format's library fail in its own way
        raise CorpusError(
            path, None, f"not a readable {path.suffix} file ({type(exc).__name__}: {exc})", unreadable=True
        ) from exc
