"""The one structure parser: lines and table rows from any reader in, a `Document` out.

What it reads, as plans are published:

    <文号>                                   定政办〔2026〕3号 (optional, before or after the title)
    <title>                                  the first other line
    发布时间:2025-03-06 / <issuer> / <date>   header lines, where present
    一、<heading>   (一)<heading>             sections, outermost first
    1. / 1、 / (1) / 第N条 <task text>        tasks, numbered throughout or afresh in each section
        ...(市A局、市B局牵头,市C局配合,2026年6月底前完成)     units in a trailing bracket (or 〔…〕)
        牵头单位:… 配合单位:… 完成时限:…                    or in lines of their own
    | 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |        or in a table's columns

Matching happens on the simplified-script text; everything kept is the original text, for quoting.
Defects of the published text are tolerated (missing numbers, a lost opening parenthesis); a task
without a lead department, or a number repeated within a section, is refused with the file and line.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .corpus import CorpusError, Document, Task
from .readers import Line
from .text import to_simplified

CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
HEADING_TOP = re.compile(rf"^({CN_NUMERAL})\s*[、.．]\s*\S|^第({CN_NUMERAL})(?:部分|章)")
HEADING_SUB = re.compile(rf"^[(（]\s*({CN_NUMERAL})\s*[)）]\s*\S")
TASK_STARTS = (
    re.compile(r"^(\d{1,6})\s*[.．、](?!\d)\s*(\S.*)$"),
    re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*(\S.*)$"),
    re.compile(rf"^第\s*(\d{{1,4}}|{CN_NUMERAL})\s*条\s*(\S.*)$"),
)
PUBLISHED = re.compile(
    r"(?:发布|印发|成文|发文)(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
DATE_ONLY = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d{1,4}\s*号")
ISSUER_LINE = re.compile(r"^(?:发文机关|发文单位|发布机构|发布单位|印发单位)\s*[:：]\s*(\S+)")
ORGANISATION = r"[\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组|指挥部|局)"
ORGANISATION_ONLY = re.compile(rf"^{ORGANISATION}$")
SOURCE = re.compile(rf"来源\s*[:：]\s*({ORGANISATION})(?![\u4e00-\u9fff])")
ISSUER_IN_TITLE = re.compile(rf"^({ORGANISATION})(?:关于)?印发")
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?$")
# Unit labels, in simplified script: "牵头单位:", "配合单位:", "完成时限:".
UNIT_LABEL = re.compile(
    r"(牵头单位|牵头部门|配合单位|配合部门|责任单位|责任部门|参与单位|协助单位|协办单位|"
    r"完成时限|完成时间|时限要求|办结时限)\s*[:：]"
)
# The unit clause at the end of a task: "(…牵头…)", "〔…〕".
BRACKET_END = re.compile(r"[(（〔【]([^()（）〔〕【】]*)[)）〕】]\s*[。.;；]?\s*$")
# A published defect: the clause's "(" lost, so "… 市生态环境局牵头)" (the current plan's task 30).
UNOPENED_CLAUSE = re.compile(r"([^()（）。]*?牵头[^()（）]*)[)）]\s*[。.]?\s*$")
ROLE_WORDS = re.compile(r"牵头|配合|参与|协助|协办|责任单位")
ITEM_SEPARATORS = re.compile(r"[、,，;；。/\n]|\s{2,}")
CELL_SEPARATORS = re.compile(r"[、,，;；/\n\s]+")
LEAD_SUFFIX = re.compile(r"^(.*?)\s*(?:[(（]\s*)?牵头(?:单位)?\s*[)）]?$")
MARKED_LEAD = re.compile(r"^(.*?)\s*[(（]\s*牵头\s*[)）]$")
PARTNER_SUFFIX = re.compile(r"^(.*?)\s*(?:配合|参与|协助|协办|参加)(?:单位)?$")
DEADLINE_ITEM = re.compile(r"\d{4}\s*年|长期|持续|常态|每年|每季度|每月|年底前|月底前")
DEADLINE_IN_TEXT = re.compile(
    r"(?:\d{4}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?)?\s*(?:底|末|年底|上半年|下半年)?\s*(?:前|以前|之前)"
    r"(?:完成)?|长期坚持)"
)
DUE = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?\s*(上半年)?")
# Table headers, in simplified script, by what their column holds (the first match wins).
COLUMNS = (
    ("number", re.compile(r"序号|编号")),
    ("lead", re.compile(r"牵头")),
    ("responsible", re.compile(r"责任")),
    ("partner", re.compile(r"配合|参与|协助|协办")),
    ("deadline", re.compile(r"时限|时间|期限")),
    ("text", re.compile(r"任务|工作内容|内容|事项|措施")),
)
LABEL_ROLES = {"牵头": "lead", "配合": "partner", "参与": "partner", "协助": "partner", "协办": "partner"}
CN_VALUES = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# Task 1's note in the current plan: every township implements every task; "不再列出" says so.
TOWNSHIP_NOTE = re.compile(r"以下均需.+?落实")


def cn_number(text: str) -> int:
    """1–99 in digits or in Chinese numerals ("十二", "二十")."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return CN_VALUES[text]
    tens, _, ones = text.partition("十")
    return (CN_VALUES[tens] if tens else 1) * 10 + (CN_VALUES[ones] if ones else 0)


def section_marker(heading: str) -> tuple[str, int] | None:
    """("top", 2) for "二、…" or "第二部分", ("sub", 2) for "(二)…"; None for anything else."""
    simple = to_simplified(heading)
    if match := HEADING_TOP.match(simple):
        return "top", cn_number(match[1] or match[2])
    if match := HEADING_SUB.match(simple):
        return "sub", cn_number(match[1])
    return None


def due_date(deadline: str | None) -> str | None:
    """The last day a deadline as written allows, as YYYY-MM-DD; None for "长期坚持" and the like."""
    match = DUE.search(to_simplified(deadline or ""))
    if not match:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else 6 if match[4] else 12
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = min(int(match[3]), last) if match[3] else last
    return f"{year:04d}-{month:02d}-{day:02d}"


def _same_length_simple(text: str) -> str:
    """The simplified form of `text` when offsets in it are offsets in `text` (t2s keeps length)."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


@dataclass
class Units:
    """Who does a task and by when, as written."""

    leads: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)  # 责任单位: partners, unless marked or alone
    deadline: str | None = None
    has_lead_word: bool = False

    def add(self, role: str, names: list[str]) -> None:
        """Units as a column or a labelled line lists them; "市A局(牵头)" leads in any list."""
        for name in names:
            if marked := MARKED_LEAD.match(_same_length_simple(name)):
                self.leads.append(name[: marked.end(1)])
            else:
                {"lead": self.leads, "partner": self.partners, "responsible": self.responsible}[role].append(
                    name
                )

    def merge(self, other: Units) -> None:
        self.leads += other.leads
        self.partners += other.partners
        self.responsible += other.responsible
        self.deadline = self.deadline or other.deadline
        self.has_lead_word = self.has_lead_word or other.has_lead_word

    def resolved(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Leads and partners: a 责任单位 list with no lead named has its first unit lead."""
        leads = list(dict.fromkeys(n for n in self.leads if n))
        responsible = [n for n in self.responsible if n]
        if not leads and responsible:
            leads, responsible = responsible[:1], responsible[1:]
        partners = [n for n in dict.fromkeys(self.partners + responsible) if n and n not in leads]
        return tuple(leads), tuple(partners)


def _names(value: str, separators: re.Pattern = ITEM_SEPARATORS) -> list[str]:
    return [n.strip(" \t:：。.") for n in separators.split(value) if n.strip(" \t:：。.")]


def labeled_units(text: str) -> Units:
    """Units from "牵头单位:市A局 配合单位:市B局、市C局 完成时限:2026年6月底前"."""
    simple = _same_length_simple(text)
    units = Units()
    matches = list(UNIT_LABEL.finditer(simple))
    for match, after in zip(matches, [*matches[1:], None], strict=True):
        value = text[match.end() : after.start() if after else len(text)].strip(" \t;；,，。")
        label = match[1]
        if label.startswith(("完成", "时限", "办结")):
            units.deadline = units.deadline or value or None
            continue
        role = "responsible" if label.startswith("责任") else LABEL_ROLES[label[:2]]
        units.has_lead_word = units.has_lead_word or role == "lead"
        units.add(role, _names(value, CELL_SEPARATORS))
    return units


def clause_units(clause: str) -> Units:
    """Units from a bracket's content: "市A局、市B局牵头,市C局配合,2026年6月底前完成"."""
    if UNIT_LABEL.search(_same_length_simple(clause)):
        return labeled_units(clause)
    units = Units()
    pending: list[str] = []
    for item in _names(clause):
        simple = _same_length_simple(item)
        if lead := LEAD_SUFFIX.match(simple):
            units.has_lead_word = True
            units.leads += [*pending, item[: lead.end(1)].strip()]
            pending = []
        elif partner := PARTNER_SUFFIX.match(simple):
            units.partners += [*pending, item[: partner.end(1)].strip()]
            pending = []
        elif DEADLINE_ITEM.search(simple) and not pending:
            units.deadline = units.deadline or item
        else:
            pending.append(item)
    return units


@dataclass
class _Draft:
    """A task being read: its first line, the lines joined to it, and units found on lines of their own."""

    number: int | None
    body: str
    line: int
    section: tuple[str, ...]
    units: Units = field(default_factory=Units)
    cells: dict[str, str] | None = None

    def complete(self) -> bool:
        """A task whose units are written: nothing but units may follow it."""
        simple = _same_length_simple(self.body)
        if self.units.leads or self.units.responsible or self.cells is not None:
            return True
        bracket = BRACKET_END.search(simple)
        return bool(bracket and ROLE_WORDS.search(bracket[1])) or bool(UNOPENED_CLAUSE.search(simple))


def _finish(draft: _Draft, position: int, path: Path | str) -> Task:
    number = draft.number if draft.number is not None else position
    body = draft.body.strip()
    simple = _same_length_simple(body)
    units = Units()
    text, note = body, None
    if draft.cells is not None:
        text = draft.cells.get("text", "").strip()
        for role in ("lead", "partner", "responsible"):
            units.add(role, _names(draft.cells.get(role, ""), CELL_SEPARATORS))
        if draft.cells.get("deadline", "").strip():
            units.deadline = draft.cells["deadline"].strip()
        units.has_lead_word = bool(units.leads)
        simple = _same_length_simple(text)
    if (bracket := BRACKET_END.search(simple)) and ROLE_WORDS.search(bracket[1]):
        clause = text[bracket.start(1) : bracket.end(1)]
        units.merge(clause_units(clause))
        text = text[: bracket.start()].rstrip()
        note = _note(clause)
    elif (label := UNIT_LABEL.search(simple)) and label.start() > 0:
        units.merge(labeled_units(text[label.start() :]))
        text = text[: label.start()].rstrip(" \t;；,，")
    elif unopened := UNOPENED_CLAUSE.search(simple):
        clause = text[unopened.start(1) : unopened.end(1)]
        units.merge(clause_units(clause))
        text = text[: unopened.start()].rstrip()
        note = _note(clause)
    units.merge(draft.units)
    leads, partners = units.resolved()
    if not leads:
        if units.has_lead_word:
            raise CorpusError(path, draft.line, f"task {number} names no lead department before 牵头")
        raise CorpusError(
            path, draft.line, f"task {number} does not end with its lead departments, e.g. (市某某局牵头)"
        )
    if not text:
        raise CorpusError(path, draft.line, f"task {number} has no text before its lead departments")
    deadline = units.deadline
    if deadline is None and (written := DEADLINE_IN_TEXT.search(_same_length_simple(text))):
        deadline = text[written.start() : written.end()]
    return Task(
        number=number,
        text=text,
        lead_departments=leads,
        source=body if draft.cells is None else " | ".join(draft.cells.values()),
        line=draft.line,
        note=note,
        section=draft.section,
        partner_departments=partners,
        deadline=deadline,
    )


def _note(clause: str) -> str | None:
    """What the lead clause says after 牵头 (the current plan's task 1 tells townships to implement all)."""
    simple = _same_length_simple(clause)
    at = simple.find("牵头")
    return clause[at + 2 :].strip(" ,，。") or None if at >= 0 else None


def _columns(cells: tuple[str, ...]) -> dict[int, str] | None:
    """A table header row: column index -> what it holds; None if the row is not a task table's header."""
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        simple = to_simplified(cell.replace(" ", ""))
        for kind, pattern in COLUMNS:
            if pattern.search(simple) and kind not in found.values():
                found[i] = kind
                break
    kinds = set(found.values())
    return found if "text" in kinds and kinds & {"lead", "responsible"} else None


def _labels(tasks: list[Task], path: Path | str) -> list[Task]:
    """Name each task as the document does: 第N条 where numbers are unique, else with its section."""
    numbers = [t.number for t in tasks]
    if len(set(numbers)) == len(numbers):
        return [replace(t, label=f"第{t.number}条") for t in tasks]

    def marked(task: Task, depth: int) -> str:
        markers = [m for m in (section_marker(h) for h in task.section) if m][-depth:]
        if not markers:
            return f"第{task.number}条"
        if len(markers) == 1 and markers[0][0] == "top":
            return f"第{_cn(markers[0][1])}部分第{task.number}条"
        prefix = "".join(_cn(n) if kind == "top" else f"({_cn(n)})" for kind, n in markers)
        return f"{prefix}{task.number}"

    for depth in (1, 3):
        labels = [marked(t, depth) for t in tasks]
        if len(set(labels)) == len(labels):
            return [replace(t, label=label) for t, label in zip(tasks, labels, strict=True)]
    first: dict[str, int] = {}
    for task, label in zip(tasks, labels, strict=True):
        if label in first:
            raise CorpusError(
                path, task.line, f"task number {task.number} repeats the one on line {first[label]}"
            )
        first[label] = task.line
    raise AssertionError("unreachable: labels were not unique, so one repeats")


def _cn(number: int) -> str:
    digits = "一二三四五六七八九"
    if number < 10:
        return digits[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens - 1]) + "十" + (digits[ones - 1] if ones else "")


def parse_lines(lines: list[Line], path: Path | str = "<text>") -> Document:
    """Make a Document of a reader's lines; raise CorpusError naming the line of the first problem."""
    title: str | None = None
    published = issuer = doc_number = None
    sections: list[str] = []  # every heading, in order
    open_sections: list[tuple[int, str]] = []  # (level, heading), outermost first
    drafts: list[_Draft] = []
    unattributed: list[tuple[int, str]] = []
    columns: dict[int, str] | None = None  # the task table being read: column -> what it holds
    draft: _Draft | None = None  # the task lines may still join; a heading closes it

    for item in lines:
        raw = item.text.replace("\u00a0", " ").strip(" \t\u3000\u2003\u2002\ufeff")
        if item.cells is not None:
            if header := _columns(item.cells):
                columns = header
                continue
            distinct = list(dict.fromkeys(c.strip() for c in item.cells if c.strip()))
            if columns is not None and len(distinct) > 1:
                cells = {kind: item.cells[i] for i, kind in columns.items() if i < len(item.cells)}
                number_cell = re.search(r"\d+", cells.get("number", ""))
                draft = _Draft(
                    int(number_cell[0]) if number_cell else None,
                    cells.get("text", ""),
                    item.line,
                    tuple(h for _, h in open_sections),
                    cells=cells,
                )
                drafts.append(draft)
                continue
            raw = " ".join(distinct)  # a merged row: a heading or a note inside the table
        else:
            columns = None
        if not raw:
            continue
        simple = _same_length_simple(raw)
        if title is None:
            if number := DOC_NUMBER.search(simple):
                doc_number = doc_number or raw[number.start() : number.end()]
            elif not ATTACHMENT.match(simple):
                title = raw
                if found := ISSUER_IN_TITLE.match(simple):
                    issuer = raw[: found.end(1)]
            continue
        level = 1 if HEADING_TOP.match(simple) else 2 if HEADING_SUB.match(simple) else 0
        if level:
            heading = raw.split("。")[0].strip()
            while open_sections and open_sections[-1][0] >= level:
                open_sections.pop()
            open_sections.append((level, heading))
            sections.append(heading)
            if len(heading) < len(raw.rstrip("。")):
                unattributed.append((item.line, raw))
            draft = None
            continue
        if match := next((m for p in TASK_STARTS if (m := p.match(simple))), None):
            draft = _Draft(
                cn_number(match[1]),
                raw[match.start(2) :].strip(),
                item.line,
                tuple(h for _, h in open_sections),
            )
            drafts.append(draft)
            continue
        if draft is not None and UNIT_LABEL.match(simple):
            draft.units.merge(labeled_units(raw))
            continue
        if (date := PUBLISHED.search(simple) or DATE_ONLY.match(simple)) and published is None:
            published = f"{date[1]}-{int(date[2]):02d}-{int(date[3]):02d}"
            if (source := SOURCE.search(simple)) and issuer is None:  # "来源:市某某局", not "来源:某网站"
                issuer = raw[source.start(1) : source.end(1)]
            continue
        if not drafts and doc_number is None and (number := DOC_NUMBER.search(simple)):
            doc_number = raw[number.start() : number.end()]
            continue
        if found := ISSUER_LINE.match(simple):
            issuer = issuer or raw[found.start(1) : found.end(1)]
            continue
        if ORGANISATION_ONLY.match(simple) and issuer in (None, raw):  # the header's, or the signature's
            issuer = raw
            continue
        if draft is not None and not draft.complete():
            draft.body += raw
            continue
        unattributed.append((item.line, raw))
    if title is None:
        raise CorpusError(path, None, "no title line: the first non-empty line must be the document's title")
    if not drafts:
        raise CorpusError(
            path, None, "no numbered tasks found (expected lines like '1. 任务内容(市某某局牵头)')"
        )
    tasks = _labels([_finish(d, i, path) for i, d in enumerate(drafts, start=1)], path)
    township_task = next((t for t in tasks if t.note and TOWNSHIP_NOTE.search(to_simplified(t.note))), None)
    return Document(
        title=title,
        published=published,
        tasks=tuple(tasks),
        path=str(path),
        township_note=township_task.note if township_task else None,
        township_task=township_task.number if township_task else None,
        issuer=issuer,
        doc_number=doc_number,
        sections=tuple(sections),
        unattributed=tuple(unattributed),
    )
