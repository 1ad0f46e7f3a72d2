"""Word (.docx): paragraphs and table rows in the order the document has them (python-docx)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..corpus import CorpusError
from . import Line


def read(path: Path) -> list[Line]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(path, None, f"not a readable .docx file ({exc})", unreadable=True) from exc
    lines: list[Line] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = tuple(cell.text.strip() for cell in row.cells)
                lines.append(Line(" ".join(c for c in cells if c), len(lines) + 1, cells))
        else:
            for part in block.text.splitlines() or [""]:
                lines.append(Line(part, len(lines) + 1))
    return lines
