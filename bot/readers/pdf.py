"""PDF with a text layer (pdfplumber): the text of each page, line by line, page numbers dropped."""

from __future__ import annotations

import re
from pathlib import Path

from ..corpus import CorpusError
from . import Line

# "- 3 -", "第 3 页", "3/12": a page's furniture, not the document's text.
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)


def read(path: Path) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PDFSyntaxError, ValueError, KeyError) as exc:
        raise CorpusError(path, None, f"not a readable PDF file ({exc})", unreadable=True) from exc
    if not any(page.strip() for page in pages):
        raise CorpusError(
            path, None, "scanned PDF, no text layer (run it through OCR first)", unreadable=True
        )
    lines: list[Line] = []
    for page in pages:
        for text in page.splitlines():
            if not PAGE_NUMBER.match(text):
                lines.append(Line(text, len(lines) + 1))
    return lines
