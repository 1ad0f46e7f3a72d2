"""What the parser made of a document, for a maintainer checking a new plan before adding it."""

from __future__ import annotations

from pathlib import Path

from .corpus import CorpusError, Document, load_document
from .index import canonical
from .lexicon import Lexicon


def inspect_document(path: Path, lexicon: Lexicon) -> dict:
    """The document's header, sections and tasks, the lines no task took, and the units the data file
    does not know (candidates for departments.toml); or the reason it cannot be read."""
    try:
        document = load_document(path)
    except CorpusError as error:
        return {"file": str(path), "error": str(error), "unreadable": error.unreadable}
    return {"file": str(path), "error": None, **_report(document, lexicon)}


def _report(document: Document, lexicon: Lexicon) -> dict:
    known = {d.name for d in lexicon.departments}
    units = [u for t in document.tasks for u in (*t.lead_departments, *t.partner_departments)]
    return {
        "title": document.title,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "published": document.published,
        "sections": list(document.sections),
        "tasks": [
            {
                "label": t.label,
                "task": t.number,
                "line": t.line,
                "section": list(t.section),
                "text": t.text,
                "leads": list(t.lead_departments),
                "partners": list(t.partner_departments),
                "deadline": t.deadline,
            }
            for t in document.tasks
        ],
        "unattributed": [{"line": line, "text": text} for line, text in document.unattributed],
        "unknown_departments": list(dict.fromkeys(u for u in units if canonical(lexicon, u) not in known)),
    }


def render_report(report: dict) -> str:
    """The inspection as text for a terminal."""
    if report["error"]:
        return f"{report['file']}\n  不能读取: {report['error']}"
    lines = [report["file"], f"  标题: {report['title']}"]
    for key, name in (("issuer", "发文机关"), ("doc_number", "文号"), ("published", "日期")):
        lines.append(f"  {name}: {report[key] or '(无)'}")
    if report["sections"]:
        lines.append(f"  部分 ({len(report['sections'])}):")
        lines.extend(f"    {heading}" for heading in report["sections"])
    lines.append(f"  任务 ({len(report['tasks'])}):")
    for task in report["tasks"]:
        text = task["text"] if len(task["text"]) <= 40 else task["text"][:40] + "…"
        lines.append(f"    {task['label']}  {text}  (第{task['line']}行)")
        if task["section"]:
            lines.append(f"      部分: {' › '.join(task['section'])}")
        lines.append(f"      牵头: {'、'.join(task['leads'])}")
        lines.append(f"      配合: {'、'.join(task['partners']) or '(无)'}")
        lines.append(f"      时限: {task['deadline'] or '(无)'}")
    lines.append(f"  未归入任务的行 ({len(report['unattributed'])}):")
    lines.extend(f"    第{row['line']}行: {row['text']}" for row in report["unattributed"])
    unknown = report["unknown_departments"]
    lines.append(
        f"  departments.toml / other_departments.toml 里没有的单位 ({len(unknown)}): {'、'.join(unknown) or '(无)'}"
    )
    return "\n".join(lines)
