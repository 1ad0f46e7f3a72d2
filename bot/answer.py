"""The question-answering core: one question in, one Answer out. Never imports telegram.

An answer quotes the document: task numbers, their text and lead departments. A question the
document does not answer is answered "not in this document", with the nearest topics, rather than
with a confident wrong task.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from .phrases import PhraseMatcher
from .store import Store, Task
from .structure import CN_NUMERAL, cn_number, section_marker
from .text import normalize, to_simplified, truncate

TOPIC_RESULTS = 5
TRUNCATED_NOTE = "问题过长,只读了前面的部分。"
SUGGESTIONS = 3
# bm25 shape: k1 saturates repeated words, b discounts long tasks a little.
K1, B = 1.2, 0.5
# A topic answer needs this much evidence; below it the honest answer is "not in this document".
MIN_SCORE = 1.6
MIN_EVIDENCE_IDF = 1.0
# Results far below the best one are noise, not alternatives.
RELATIVE_CUTOFF = 0.4
SUBWORD_WEIGHT = 0.6
SYNONYM_WEIGHT = 0.9
CORRECTION_WEIGHT = 0.85
DEPARTMENT_BOOST = 1.25
DEPARTMENT_FUZZY_CUTOFF = 75
# Answers kept for questions asked again.
RECENT_ANSWERS = 4096
# Department and township answers list every task up to this many, and say how many there are.
MAX_LISTED = 300
# Spelling-based suggestions compare the question with every task: only in a corpus this small.
NEAREST_MAX_TASKS = 5_000
NEAREST_CHARS = 60
# A topic word this rare narrows a department question down to a topic question.
SPECIFIC_IDF = 2.0

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_TENS = {"廿": "二十", "卅": "三十"}
NUMERAL = r"[0-9]{1,6}|[零〇一二两三四五六七八九十百千廿卅]{1,8}"
TASK_NUMBER_PATTERNS = [
    # 第27条, 第二十七项, 第27 — but not 第三方 or 第1次: the number needs 条/项 or an end after it.
    re.compile(rf"第\s*({NUMERAL})\s*(?:[条项款点條]|$|[\s?？,，。!！])"),
    re.compile(rf"(?:任务|条目|task|item|article|no\.?|#|＃|条款)\s*#?\s*({NUMERAL})"),
    re.compile(r"(?<![0-9.])([0-9]{1,6})\s*(?:条|项|條|号任务|号条)"),
    # A question that is only a number, or starts with one: "27", "二十七条说的是啥".
    re.compile(rf"^\s*({NUMERAL})\s*(?:[条项條]|[?？!！。.]*\s*$)"),
]
DEPARTMENT_CUE = re.compile(
    r"牵头|负责|哪些|哪几|多少|几条|几项|职责|任务|配合|要做|干什么|做什么|管什么|管哪|分工|涉及|管啥|干啥|有啥活|干的活"
    r"|lead|responsib|in charge|which task|what task|how many"
)
SOLE_CUE = re.compile(r"只有|单独|独自|独家|一家|唯一|only|sole|alone")
# Something shaped like a department name (two to six characters and a suffix), not 哪些部门 or 办事处.
DEPARTMENT_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:局|委|部(?!门)|管委会|办(?!事|法))")
TOWNSHIP_WHO = re.compile(
    r"乡镇|镇上|镇里|镇政府|乡政府|街道|街办|办事处|乡里|村里|村委|社区"
    r"|[我俺咱]们?[镇乡村]|[\u4e00-\u9fff]{1,4}[镇乡](?:的|政府|党委|干部|书记|镇长|乡长|要|有|跟|和|里)"
    r"|township|street office|sub-district"
)
# A township person asking what the plan means for them, rather than describing something in the village.
TOWNSHIP_ASK = re.compile(
    r"关系|职责|要做|干什么|做什么|干啥|做啥|负责|落实|任务|责任|要干|分工|有啥|哪些|什么|管什么|配合|相关|牵头|"
    r"每条|都要|要求|考核|影响|啥事|怎么办|require|what|how|responsib|our|us"
)
# Words that only say who is asking, or ask about their duties; what is left decides whether a topic was asked.
TOWNSHIP_WORDS = (
    "乡镇人民政府", "城区街道办事处", "乡镇", "镇政府", "乡政府", "政府", "街道办事处", "街道办", "街道",
    "办事处", "干部", "领导", "人民", "城区", "职责", "分工", "落实", "任务", "责任", "关系", "相关", "每条",
    "所有", "全部", "要求", "具体要求", "书记", "镇长", "乡长", "主任", "工作人员", "新入职", "require",
    "government", "office", "township", "street",
)  # fmt: skip
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# What a department question asks about it: the tasks it helps with, or every task it is part of.
PARTNER_CUE = re.compile(r"配合|参与|协助|协办|参加|partner|assist|support")
INVOLVED_CUE = re.compile(r"涉及|参与或牵头|牵头或参与|牵头和配合|involved")
# A task by how a sectioned document names it: "(二)3", "(二)第3条", "第二部分第3条".
LABEL_PATTERNS = (
    ("sub", re.compile(rf"\(\s*({CN_NUMERAL})\s*\)\s*(?:第\s*)?([0-9]{{1,3}}|{CN_NUMERAL})(?![0-9])")),
    ("top", re.compile(rf"第\s*({CN_NUMERAL})\s*部分\s*(?:第\s*)?([0-9]{{1,3}}|{CN_NUMERAL})(?![0-9])")),
)
# "2026年6月底前", "今年年底前", "6月底前", "明年上半年": a date the asker wants tasks due by.
DUE_BY = re.compile(
    rf"(今年|明年|\d{{4}}\s*年)?\s*(?:([0-9]{{1,2}}|{CN_NUMERAL})\s*月份?)?\s*(年底|年末|底|末|上半年|下半年)?"
    r"\s*(?:前|以前|之前|内|到期|截止)"
)
LONG_TERM = ("长期", "持续", "常态")
LONG_TERM_CUE = re.compile(r"长期|持续推进|常态化")
DEADLINE_ASK = re.compile(r"完成|到期|截止|期限|时限|哪些|哪几|什么|多少|有啥|任务|要做|due|deadline")


def chinese_number(text: str) -> int | None:
    """27, "二十七", "三十一", "一百" -> int; None if it is not a number."""
    if text.isdigit():
        return int(text)
    for short, long in CN_TENS.items():
        text = text.replace(short, long)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = current * 10 + CN_DIGITS[ch] if current and text[0] not in CN_UNITS else CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def task_numbers(question: str) -> list[int]:
    """The task numbers a question asks for ("第12条和第13条" asks for two), in order; [] if none."""
    for pattern in TASK_NUMBER_PATTERNS:
        found = [chinese_number(next(g for g in m.groups() if g)) for m in pattern.finditer(question)]
        numbers = list(dict.fromkeys(n for n in found if n is not None))
        if numbers:
            return numbers
    return []


def task_number(question: str) -> int | None:
    numbers = task_numbers(question)
    return numbers[0] if numbers else None


@dataclass(frozen=True)
class Result:
    task: Task
    score: float
    matched: tuple[str, ...] = ()
    role: str | None = None  # "lead" or "partner", in answers about what a department takes part in


@dataclass
class Answer:
    """What the bot says to a question; every surface (CLI, JSON, Telegram) renders this."""

    query: str
    intent: str  # task | department | partner | involved | deadline | topic | township | none
    answered: bool
    results: list[Result] = field(default_factory=list)
    department: str | None = None
    note: str | None = None
    suggestions: list[Result] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False  # the question was longer than MAX_QUESTION_CHARS and was cut

    @property
    def full_note(self) -> str | None:
        """The note with, for a cut question, the notice that only its beginning was read."""
        if not self.truncated:
            return self.note
        return TRUNCATED_NOTE + (self.note or "")

    def to_dict(self) -> dict:
        def result(r: Result) -> dict:
            return {
                "task": r.task.number,
                "label": r.task.label,
                "section": list(r.task.section),
                "text": r.task.text,
                "leads": list(r.task.lead_departments),
                "partners": list(r.task.partner_departments),
                "deadline": r.task.deadline,
                "role": r.role,
                "score": round(r.score, 3),
                "document": r.task.document,
            }

        return {
            "query": self.query,
            "intent": self.intent,
            "answered": self.answered,
            "department": self.department,
            "results": [result(r) for r in self.results],
            "note": self.full_note,
            "suggestions": [result(r) for r in self.suggestions],
            "corrections": [{"from": a, "to": b} for a, b in self.corrections],
        }


@dataclass
class _Group:
    """One thing the question asks about, and the index words that stand for it."""

    words: dict[str, float]  # index word -> weight


class Answerer:
    """Answers questions from one opened index."""

    def __init__(self, store: Store, today: Callable[[], datetime.date] = datetime.date.today):
        self.store = store
        self.today = today  # "今年年底前" is read against it; tests pass a fixed date
        self._aliases = sorted(store.aliases, key=len, reverse=True)
        self._recent: OrderedDict[tuple[str, bool, datetime.date], Answer] = OrderedDict()
        self._alias_matcher = PhraseMatcher(store.aliases)
        self._synonym_matcher = PhraseMatcher(store.synonyms)
        self._township_matcher = PhraseMatcher(TOWNSHIP_WORDS)
        self._out_of_scope_matcher = PhraseMatcher(store.out_of_scope)
        # Question phrases of three or more characters ("哪条政策") go as phrases; shorter ones as words.
        self._question_matcher = PhraseMatcher(w for w in store.question_words if len(w) >= 3)

    # --- the entry point ---------------------------------------------------------------------

    def answer(self, question: str) -> Answer:
        """The answer to one question. Questions that read the same after normalising share one answer:
        group chats repeat questions, and inline mode asks again at every keystroke."""
        raw, truncated = truncate(question)
        text = normalize(raw)
        key = (text, truncated, self.today())  # "今年年底前" means another year after New Year
        answer = self._recent.get(key)
        if answer is None:
            answer = self._answer(question, text)
            answer.truncated = truncated
            self._recent[key] = answer
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(key)
        return replace(answer, query=question)

    def _answer(self, question: str, text: str) -> Answer:
        if not CJK_RUN.search(text) and not re.search(r"[0-9a-z]", text):
            return Answer(question, "none", False, note="请输入一个问题,例如:谁负责噪声管理")
        if found := self._label_answer(question, text) or self._deadline_answer(question, text):
            return found
        if numbers := task_numbers(text):
            return self._task_answer(question, numbers)
        departments, rest = self._departments(text)
        groups, corrections = self._topic_groups(rest)
        if outside := self._out_of_scope_matcher.search(text):
            return self._refusal(question, groups, corrections, departments, outside.phrase)
        if departments and (role := self._role_asked(text, rest)):
            return self._role_answer(question, departments, role)
        if departments:
            # "农业局要做什么", "发改局的分工": the words that ask about a department are not a topic,
            # even where the document uses them (第8条 says 配合, 第34条 分工).
            asked = (
                self._topic_groups(DEPARTMENT_CUE.sub(" ", rest))[0]
                if DEPARTMENT_CUE.search(rest)
                else groups
            )
            strong = [g for g in asked if self._group_evidence(g) >= MIN_EVIDENCE_IDF]
            if not strong or (DEPARTMENT_CUE.search(text) and not self._specific(strong)):
                return self._department_answer(question, departments, sole=bool(SOLE_CUE.search(text)))
        if (
            TOWNSHIP_WHO.search(text)
            and TOWNSHIP_ASK.search(text)
            and not self._specific(self._topic_groups(self._township_matcher.blank(rest))[0])
        ):
            return self._township_answer(question)
        return self._topic_answer(question, groups, corrections, departments)

    # --- intents -----------------------------------------------------------------------------

    def _task_answer(self, question: str, asked: list[int]) -> Answer:
        """Each task asked for by number; for a number the document lacks, say so and name its neighbours."""
        found = [t for number in asked for t in self.store.tasks_numbered(number)]
        missing = [n for n in asked if not any(t.number == n for t in found)]
        note, neighbours = None, []
        if missing:
            numbers = self.store.task_numbers()
            span = f"共{len(numbers)}条,编号{numbers[0]}–{numbers[-1]}" if numbers else "没有任何条目"
            note = f"本文件没有{'、'.join(f'第{n}条' for n in missing)}({span})。"
            if not found:
                near = dict.fromkeys(
                    n
                    for m in missing
                    for n in ([x for x in numbers if x < m][-1:] + [x for x in numbers if x > m][:1])
                )
                neighbours = [t for n in near for t in self.store.tasks_numbered(n)]
        return Answer(
            question,
            "task",
            bool(found),
            [Result(t, 1.0) for t in found],
            note=note,
            suggestions=[Result(t, 0.0) for t in neighbours],
        )

    def _department_answer(self, question: str, department_ids: list[int], sole: bool) -> Answer:
        names = [self.store.departments[i] for i in department_ids]
        tasks, total = self.store.tasks_led_by(department_ids, sole, limit=MAX_LISTED)
        how = "单独" if sole and len(names) == 1 else "共同" if len(names) > 1 else ""
        note = f"{'、'.join(names)}{how}牵头{total}条。" + self._listed(tasks, total)
        return Answer(
            question,
            "department",
            total > 0,
            [Result(t, 1.0) for t in tasks],
            department="、".join(names),
            note=note,
        )

    def _role_asked(self, text: str, rest: str) -> str | None:
        """ "partner" for "X配合哪些", "involved" for "X涉及哪些"; None when it asks what X leads, or about a
        topic ("环保局配合做好省级平台" quotes 第8条)."""
        role = (
            "involved"
            if INVOLVED_CUE.search(text)
            else "partner"
            if PARTNER_CUE.search(text) and "牵头" not in text
            else None
        )
        if role is None:
            return None
        asked = INVOLVED_CUE.sub(" ", PARTNER_CUE.sub(" ", DEPARTMENT_CUE.sub(" ", rest)))
        return None if self._specific(self._topic_groups(asked)[0]) else role

    def _role_answer(self, question: str, department_ids: list[int], role: str) -> Answer:
        """The tasks a department helps with, or (involved) those it leads and then those it helps with."""
        store = self.store
        department = department_ids[0]
        name = store.departments[department]
        partner, partners_total = store.tasks_with_partner(department, limit=MAX_LISTED)
        results = [Result(t, 1.0, role="partner") for t in partner]
        if role == "partner":
            note = f"{name}配合{partners_total}条。" + self._listed(partner, partners_total)
            suggestions = []
            if not partners_total:
                led, led_total = store.tasks_led_by([department], limit=SUGGESTIONS)
                note = f"{name}没有作为配合单位的任务" + (f"(它牵头{led_total}条)。" if led_total else "。")
                suggestions = [Result(t, 0.0, role="lead") for t in led]
            return Answer(question, "partner", bool(partners_total), results, name, note, suggestions)
        led, led_total = store.tasks_led_by([department], limit=MAX_LISTED)
        results = ([Result(t, 1.0, role="lead") for t in led] + results)[:MAX_LISTED]
        total = led_total + partners_total
        note = f"{name}牵头{led_total}条、配合{partners_total}条。" + (
            f"下面列出前{len(results)}条。" if total > len(results) else ""
        )
        return Answer(question, "involved", total > 0, results, name, note)

    def _label_answer(self, question: str, text: str) -> Answer | None:
        """A task named as a sectioned document names it ("(二)3"); None if no document has it."""
        for kind, pattern in LABEL_PATTERNS:
            for match in pattern.finditer(text):
                section, number = cn_number(match[1]), cn_number(match[2])
                found = [
                    t
                    for t in self.store.tasks_numbered(number)
                    if any(section_marker(h) == (kind, section) for h in t.section)
                ]
                if found:
                    return Answer(question, "task", True, [Result(t, 1.0) for t in found])
        return None

    def _deadline_answer(self, question: str, text: str) -> Answer | None:
        """Tasks due by a date ("2026年6月底前要完成哪些", "今年年底前"), from the start of that year; or
        the standing ones ("哪些是长期坚持的"). None if the question asks neither."""
        store = self.store
        if LONG_TERM_CUE.search(text) and DEADLINE_ASK.search(LONG_TERM_CUE.sub(" ", text)):
            tasks = [
                t
                for t in store.tasks_with_deadline()
                if any(w in to_simplified(t.deadline or "") for w in LONG_TERM)
            ]
            if not tasks:  # "持续推进" is also how topics are asked about, in documents with no deadlines
                return None
            note = f"长期坚持(持续推进)的任务共{len(tasks)}条。"
            return Answer(
                question, "deadline", bool(tasks), [Result(t, 1.0) for t in tasks][:MAX_LISTED], note=note
            )
        match = DUE_BY.search(text)
        if (
            not match
            or not (match[1] or match[2] or match[3])
            or not DEADLINE_ASK.search(text[match.end() :])
        ):
            return None
        today = self.today()
        year = today.year
        if match[1] == "明年":
            year += 1
        elif match[1] and match[1] != "今年":
            year = int(match[1].rstrip("年 "))
        month = cn_number(match[2]) if match[2] else 6 if match[3] == "上半年" else 12
        if not 1 <= month <= 12:
            return None
        last = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
        tasks, total = store.tasks_due(f"{year:04d}-01-01", last, limit=MAX_LISTED)
        by = f"{year}年{month}月底前" if month < 12 else f"{year}年底前"
        note = f"{by}要完成的任务(完成时限在{year}年内、不晚于{last})共{total}条。" + self._listed(
            tasks, total
        )
        return Answer(question, "deadline", total > 0, [Result(t, 1.0) for t in tasks], note=note)

    @staticmethod
    def _listed(tasks: list[Task], total: int) -> str:
        return f"下面列出前{len(tasks)}条。" if total > len(tasks) else ""

    def _township_answer(self, question: str) -> Answer:
        """Every task is the townships' to implement: the task that says so first, then the rest."""
        store = self.store
        notes = [d for d in store.documents if d.township_note]
        first = [
            t for d in notes for t in store.tasks_numbered(d.township_task or 0) if t.document == d.title
        ]
        rest = [t for t in store.all_tasks(limit=MAX_LISTED) if t not in first]
        tasks = (first + rest)[:MAX_LISTED]
        note = None
        if notes:
            said = ";".join(d.township_note or "" for d in notes)
            note = f"各乡镇、街道要落实本文件的全部任务(共{store.task_count}条):{said}" + self._listed(
                tasks, store.task_count
            )
        return Answer(question, "township", bool(notes), [Result(t, 1.0) for t in tasks], note=note)

    def _topic_answer(
        self, question: str, groups: list[_Group], corrections: list[tuple[str, str]], departments: list[int]
    ) -> Answer:
        ranked = self._rank(groups, departments)
        department = "、".join(self.store.departments[i] for i in departments) or None
        note = (
            "按" + "、".join(f"「{right}」" for _, right in corrections) + "理解。" if corrections else None
        )
        if ranked and self._confident(ranked[0]):
            best = ranked[0].score
            results = [r for r in ranked[:TOPIC_RESULTS] if r.score >= RELATIVE_CUTOFF * best]
            return Answer(question, "topic", True, results, department, note, corrections=corrections)
        return self._refusal(question, groups, corrections, departments, None, ranked)

    def _refusal(
        self,
        question: str,
        groups: list[_Group],
        corrections: list[tuple[str, str]],
        departments: list[int],
        outside: str | None,
        ranked: list[Result] | None = None,
    ) -> Answer:
        """ "Not in this document", with the nearest tasks as suggestions."""
        ranked = self._rank(groups, departments) if ranked is None else ranked
        about = f"「{outside}」" if outside else "这个问题"
        return Answer(
            question,
            "none",
            False,
            department="、".join(self.store.departments[i] for i in departments) or None,
            note=f"本文件没有涉及{about}。",
            suggestions=ranked[:SUGGESTIONS] or self._nearest(question),
            corrections=corrections,
        )

    def _confident(self, best: Result) -> bool:
        """Enough evidence to quote a task: a high enough score, with a distinctive word among it."""
        evidence = max((self.store.idf(w) for w in best.matched), default=0.0)
        return best.score >= MIN_SCORE and evidence >= MIN_EVIDENCE_IDF

    # --- understanding the question ----------------------------------------------------------

    def _departments(self, text: str) -> tuple[list[int], str]:
        """Departments the question names (aliases, then slips like 农业农材局), and the text left over."""
        found: list[int] = []

        def add(alias: str) -> None:
            department = self.store.aliases[alias]
            if department not in found:
                found.append(department)

        matches = list(self._alias_matcher.finditer(text))
        for match in matches:
            add(match.phrase)
        text = self._alias_matcher.blank(text, matches)
        for shaped in DEPARTMENT_SHAPE.findall(text):
            right = next(
                (r for _, _, r in self.store.corrector.corrections(shaped) if r in self.store.aliases), None
            )
            if right is None:
                match = process.extractOne(
                    shaped, self._aliases, scorer=fuzz.ratio, score_cutoff=DEPARTMENT_FUZZY_CUTOFF
                )
                right = match[0] if match else None
            if right:
                add(right)
                text = text.replace(shaped, " ")
        return found, text

    def _topic_groups(self, text: str) -> tuple[list[_Group], list[tuple[str, str]]]:
        """What the question asks about: synonym phrases, then words, with pinyin slips read as corpus words."""
        store = self.store
        groups: list[_Group] = []
        text = self._question_matcher.blank(text)
        rest = text
        starts, ends, asking = set(), set(), set()  # word boundaries, and positions of question words
        matches = list(self._synonym_matcher.finditer(text))
        for match in matches:
            groups.append(self._synonym_group(match.phrase, SYNONYM_WEIGHT))
            starts.add(match.start)
            ends.add(match.end)
        # The phrases are blanked out with as many spaces, so offsets in `rest` are offsets in `text`.
        rest = self._synonym_matcher.blank(text, matches)
        unknown: set[int] = set()  # positions of characters in words the corpus does not know
        token_groups: list[tuple[range, _Group]] = []
        for token, start, end in store.segmenter.tokens(rest):
            starts.add(start)
            ends.add(end)
            if token in store.question_words:
                asking.update(range(start, end))
                continue
            words = self._words(token)
            known = any(store.document_frequency(list(words)).values())
            if not known and CJK_RUN.fullmatch(token):
                unknown.update(range(start, end))
            if len(token) > 1 or token.isdigit():
                token_groups.append((range(start, end), _Group(words)))
        corrections: list[tuple[str, str]] = []
        corrected: set[int] = set()
        for run in CJK_RUN.finditer(text) if unknown else ():

            def allowed(start: int, end: int, offset: int = run.start()) -> bool:
                if offset + start not in starts or offset + end not in ends:
                    return False
                window = range(offset + start, offset + end)
                return not asking.intersection(window) and bool(unknown.intersection(window))

            for at, slip, right in store.corrector.corrections(run[0], allowed):
                if right not in store.synonyms and store.idf(right) < SPECIFIC_IDF:
                    continue  # "油罐" sounds like 有关, but a word in many tasks tells nothing apart
                window = range(run.start() + at, run.start() + at + len(slip))
                corrections.append((slip, right))
                corrected.update(window)
                groups.append(self._synonym_group(right, CORRECTION_WEIGHT))
        groups.extend(group for span, group in token_groups if not corrected.issuperset(span))
        return groups, corrections

    def _synonym_group(self, phrase: str, weight: float) -> _Group:
        """A phrase stands for the document's words it is a synonym of, or else for its own words."""
        if phrase in self.store.synonyms:
            # The phrase itself counts too: "工业集中区" is a synonym of 产业园区 and also 第27条's own words.
            return _Group({**dict.fromkeys(self.store.synonyms[phrase], weight), phrase: 1.0})
        return _Group({w: weight * v for w, v in self._words(phrase).items()})

    def _words(self, phrase: str) -> dict[str, float]:
        """Index words for a phrase: the phrase itself at full weight, its parts a little less."""
        return dict(self._phrase_words(phrase))

    @lru_cache(maxsize=20_000)  # noqa: B019 - one Answerer lives as long as its process
    def _phrase_words(self, phrase: str) -> tuple[tuple[str, float], ...]:
        words = {w: SUBWORD_WEIGHT for w in self.store.segmenter.words(phrase) if len(w) > 1 or w.isdigit()}
        words[phrase] = 1.0
        for word in self.store.segmenter.cut(phrase):
            words[word] = 1.0
        return tuple(words.items())

    def _group_evidence(self, group: _Group) -> float:
        df = self.store.document_frequency(list(group.words))
        return max((self.store.idf(w) for w, n in df.items() if n), default=0.0)

    def _specific(self, groups: list[_Group]) -> bool:
        """Whether the topic words point at a few tasks rather than at everything a department does."""
        return any(self._group_evidence(g) >= SPECIFIC_IDF for g in groups)

    # --- ranking -----------------------------------------------------------------------------

    def _rank(self, groups: list[_Group], departments: Iterable[int]) -> list[Result]:
        store = self.store
        all_words = list({w for g in groups for w in g.words})
        ids = store.candidates(all_words)
        tasks = store.tasks_by_id(ids)
        idf = {w: store.idf(w) for w in all_words}
        boosted = set(departments)
        ranked = []
        for task in tasks.values():
            counts = task.counts
            norm = K1 * (1 - B + B * len(task.words) / store.average_length)
            score, matched = 0.0, []
            for group in groups:
                best, best_word = 0.0, None
                for word, weight in group.words.items():
                    tf = counts.get(word, 0)
                    if tf:
                        s = weight * idf[word] * tf * (K1 + 1) / (tf + norm)
                        if s > best:
                            best, best_word = s, word
                if best_word:
                    score += best
                    matched.append(best_word)
            if boosted and boosted & {store.department_ids[n] for n in task.lead_departments}:
                score *= DEPARTMENT_BOOST
            if score > 0:
                ranked.append(Result(task, score, tuple(matched)))
        ranked.sort(key=lambda r: (-r.score, r.task.id))
        return ranked

    @cached_property
    def _spelled(self) -> tuple[list[Task], list[str]]:
        """Every task with its normalised text, for spelling-based suggestions in a small corpus."""
        if self.store.task_count > NEAREST_MAX_TASKS:
            return [], []
        tasks = self.store.all_tasks()
        return tasks, [normalize(t.text) for t in tasks]

    def _nearest(self, question: str) -> list[Result]:
        """Tasks whose text looks most like the question, for a question nothing matched."""
        tasks, texts = self._spelled
        # partial_ratio's cost grows with the question's length times the task's: a pasted page would
        # take seconds, and its first words say as much about what it is near.
        text = normalize(question[:NEAREST_CHARS])
        scored = process.extract(text, texts, scorer=fuzz.partial_ratio, limit=SUGGESTIONS)
        return [Result(tasks[i], score / 100) for _, score, i in scored]
