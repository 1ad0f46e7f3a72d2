"""The question-answering core: one question in, one Answer out. Never imports telegram.

An answer quotes the document: task numbers, their text and lead departments. A question the
document does not answer is answered "not in this document", with the nearest topics, rather than
with a confident wrong task.
"""

from __future__ import annotations

import calendar
import datetime
import heapq
import itertools
import math
import re
from collections import OrderedDict
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz, process

from .asks import (
    AMOUNT,
    ASKED_AROUND,
    ASKS_CACHED,
    BEFORE,
    CHOICE,
    CJK_RUN,
    CLAUSE_END,
    LIST,
    LIST_OF,
    NAMES,
    PLACE,
    STATED,
    Ask,
    Asks,
    asks_when,
    clause_end,
    clause_of,
    clause_start,
    ends_on,
    in_a_place,
    lists,
    measure_of,
    places,
    states,
)
from .phrases import Match, PhraseMatcher
from .segment import word_edges
from .store import Store, Task
from .structure import CN_NUMERAL, cn_number, section_marker
from .text import normalize, to_simplified, truncate

TOPIC_RESULTS = 5
TRUNCATED_NOTE = "问题过长,只读了前面的部分。"
# What every surface says when an answer has nothing to show.
NOT_COVERED = "本文件没有涉及这个问题。"
SUGGESTIONS = 3
# A ranking keeps this many tasks: as many as any answer shows.
RANKED = max(TOPIC_RESULTS, SUGGESTIONS)
# bm25 shape: k1 saturates repeated words, b discounts long tasks a little.
K1, B = 1.2, 0.5
# A topic answer needs this much evidence; below it the honest answer is "not in this document".
MIN_SCORE = 1.6
MIN_EVIDENCE_IDF = 1.0
# Results far below the best one are noise, not alternatives.
RELATIVE_CUTOFF = 0.4
# Scores this close are a tie that what the question says verbatim breaks.
CLOSE_CALL = 0.95
SUBWORD_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.9
# Where a document uses the question's phrase itself, its synonyms (written for documents that do not)
# count this much less.
VERBATIM_SYNONYM_SHARE = 0.5
CORRECTION_WEIGHT = 0.85
DEPARTMENT_BOOST = 1.25
DEPARTMENT_FUZZY_CUTOFF = 80
# Aliases this short match only as whole words of the question.
SHORT_ALIAS = 2
# Answers kept for questions asked again.
RECENT_ANSWERS = 4096
# Department and township answers list every task up to this many, and say how many there are.
MAX_LISTED = 300
# Spelling-based suggestions compare the question with every task: only in a corpus this small.
NEAREST_MAX_TASKS = 5_000
NEAREST_CHARS = 60
# A topic word this rare narrows a department question down to a topic question.
SPECIFIC_IDF = 2.0
# A word this rare names one thing (秸秆, not 污染): inside a synonym phrase it counts like the synonym.
DISTINCTIVE_IDF = 2.5
# A task answers a question only if its words (or their synonyms) account for this share of what the
# question is about, each word weighed by its idf; otherwise the answer says what the document lacks.
MIN_COVERAGE = 0.35
# How much an everyday word that is common in general text still counts as what a question is about.
GENERIC_SHARE = 0.3
# A word no task contains, and that general text shows to be a topic (罚款, 热线), weighs as much as a word
# found in this many tasks.
UNKNOWN_AS_DF = 3
# What follows 的 is what the question asks about (排污许可证的「年费」): it weighs this much more.
HEAD_WEIGHT = 3.0
# Uncovered words named in the "not directly mentioned" note.
UNCOVERED_NAMED = 3
# jieba's keyword idf in general text: at or below GENERIC_IDF a word is everyday language (政策 4.5,
# 企业 4.2); from RARE_IDF up it names something specific (罚款 7.9, 热线 8.2, 油烟 10.6).
GENERIC_IDF, RARE_IDF = 6.0, 9.0
# The longest everyday word looked up in a stretch of the question the corpus does not know.
EVERYDAY_WORD_MAX = 5
# What a character of an unknown word, left alone, costs a cut of it: about the rarest word's idf.
LONE_CHARACTER_IDF = 12.0
# A word this long, typed one character off, is the word meant, though the slip makes an everyday word in it.
LONG_SLIP = 5
# Characters that end a place said before them (红线内, 唐河里, 河边), not words after them (内能, 里程).
PLACE_ENDS = "内里边外旁"

# Who is asking, as staff introduce themselves ("我是新来的副镇长", "俺是街道办的"), to the end of the clause.
ASKER = re.compile(r"(?:(?:我|俺|本人)们?(?:是|在|刚到|刚来)|^(?:刚到|刚来|刚分到|新来))[^,;。?!]*")
# Asks whether there is something ("有没有特殊准入要求"), not whether it may be done.
WHETHER_THERE_IS = ("有没有", "有无", "有没")
# A direction after an act: 写进去, 管起来, 搬出去.
DIRECTED = re.compile(r"..?(?:进去|出去|起来|出来|下去|上去|过来|过去|进来|回来|下来)$")
# Where a department's name was blanked out of the words searched.
BLANKED_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\s{2,}(?=[\u4e00-\u9fff])")
# Letters that may be pinyin: with the characters around them ("地xia水"), or alone from four letters on
# (a word of two syllables or more: "ab" spells nothing).
LETTER_RUN = re.compile(r"(?<![a-z])[a-z]+(?![a-z])")
PINYIN_LETTERS = 4
# A word the documents say twice or more, each time right after the same word (排污许可, 生态保护红线): said
# right after another word, it names another kind of thing (取水许可, 安全生产红线), unless a task that says
# it says that word too (领导干部教育培训 answers 干部培训).
BOUND_OCCURRENCES = 2
# How far before a word the documents' text is cut into words to find the word said before it.
KIND_WINDOW = 10
# A verb and the result it reaches (碰上, 划进, 守住, 突破): what follows is its object, not a kind it names.
REACHED = re.compile(r"[\u4e00-\u9fff][上到入进住过破]")
# How many characters an act no word stands for has ("修坟", "埋死猪"); what points back at something said
# ("提这个", "告诉我") is no act of its own.
UNREAD_ACT_CHARS = (2, 4)
POINTING = re.compile(r"[这那您你我他她它俺咱]")
# What asks something else after a place is said to be in a zone ("我们镇划成重点管控单元以后要干啥"), not
# which zone ("划在哪个单元", "属于啥单元").
ASKED_AFTER_A_PLACE = re.compile(r"谁|怎么|咋|如何|干啥|干什么|做什么|做啥|要求")
# What may stand between a thing and a list asked of it ("优先保护单元具体是哪几个").
LIST_LINK = re.compile(r"\s*(?:具体)?(?:都)?(?:有|是|包括|包含)?\s*")
# What may follow the last word of a question: "谁来评审?" ends on 评审.
QUESTION_END = re.compile(r"[\s?？!！。.,，~～呢吗啊呀]*")
# An ask of who is answered by a task's lead departments: the document states them for every task.
WHO_ASKS = re.compile(r"谁|哪个(?:部门|单位|局)|哪家(?:单位)?")
# Who is asked right after what it is asked of ("界碑谁负责立", "账号找谁开通", "费用由哪个部门出").
WHO_AFTER = re.compile(rf"(?:由|归|找|是)?(?:{WHO_ASKS.pattern})")
# What may come between what happened and who is asked of it: "发黄找谁", "发黄了该找谁".
WHO_BEFORE = re.compile(r"了?\s*[,，]?\s*(?:该|要|应该|得|去|可以)?(?:找|问|归)?")
# Who does something, or how it is done: what follows is the act asked of.
WHO_OR_HOW_ASKS = re.compile(rf"{WHO_ASKS.pattern}|怎么|如何|咋|怎样")
# A character that asks, which stands alone in a word jieba guessed around it (哪备 in "报哪备按").
QUESTION_CHAR = re.compile(r"[吗呢么嘛哪谁啥咋怎几]")
# What makes words a question without a question word.
QUESTION_MARKS = re.compile(rf"\?|{QUESTION_CHAR.pattern}|什么|多少|如何|是否")
# A question asked as "A不A" ("禁不禁放", "让不让").
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# A city or county asked about as the owner of a plan: "太原市…", "唐河县…" (not the river 唐河) anywhere,
# "广州的…" at the start.
CITY_SUFFIX = re.compile(r"[市县]")
# Someone a group chat message is addressed to ("@李科 ").
ADDRESSED = re.compile(r"@[\u4e00-\u9fff]{1,4}")
OWNER_AT_START = re.compile(r"\s*([\u4e00-\u9fff]{2,3})的")
OWNED_MAX = 8  # the longest word looked for right after it

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
    # Not a rank: "科工局是不是排第一".
    re.compile(rf"(?<!排)第\s*({NUMERAL})\s*(?:[条项款点條]|$|[\s?？,，。!！])"),
    re.compile(rf"(?:任务|条目|task|item|article|no\.?|#|＃|条款)\s*#?\s*({NUMERAL})"),
    re.compile(r"(?<![0-9.])([0-9]{1,6})\s*(?:条|项|條|号任务|号条)"),
    # A question that is only a number, or starts with one: "27", "二十七条说的是啥".
    # Not "一条河…": one of something, not task 1.
    re.compile(rf"^(?!\s*[一两]\s*[条项條][\u4e00-\u9fff])\s*({NUMERAL})\s*(?:[条项條]|[?？!！。.]*\s*$)"),
]
DEPARTMENT_CUE = re.compile(
    r"牵头|负责|哪些|哪几|多少|几条|几项|职责|责任|任务|配合|要做|干什么|做什么|管什么|管哪[些几]?|分工|涉及|管啥|干啥|(?:有|啥|什么|分到|分了|派了)活|干的活"
    r"|要干|干嘛|有关系|有没有关系|相关|有啥事|有什么事|跟我们|和我们|与我们"
    r"|lead|responsib|in charge|which task|what task|how many"
)
# A name said again in brackets right after it ("资规局(自然资源和规划)").
NAME_IN_BRACKETS = re.compile(r"\s*\([^()]{1,12}\)")
# A department cue right before an ask of the thing before it ("牵头的有吗", "任务有没有").
CUE_BEFORE = re.compile(rf"(?:{DEPARTMENT_CUE.pattern})的?\s*$")
SENTENCE_END = re.compile(r"[。?!]")
CLAUSE_IN_SENTENCE = re.compile(r"[,;]")
# The asker's own unit, named in another sentence ("我是高新区管委会的新人。我们单位牵头哪几条").
OWN_UNIT = re.compile(r"(?:我们|咱们|俺们|我|本)(?:单位|局|部门|委|办)")
# A department named, then asked of as "they" in the next clause ("数据局 平台那块他们牵头吗").
THEY = re.compile(r"他们|她们|人家|该局|该单位|这个局|那个局|市局")
# Departments asked of together ("共同牵头"), or each on its own ("各牵头").
JOINT_CUE = re.compile(r"共同|一起|一块|联合|同时|都牵头|都负责|together|jointly")
EACH_CUE = re.compile(r"各|分别|各自|又|each|respectively")
SOLE_CUE = re.compile(r"只有|单独|独自|独家|一家|唯一|only|sole|alone")
# Something shaped like a department name (two to six characters and a suffix), not 哪些部门, 办事处 or 怎么办.
# 办 as the end of an office's name, not of 怎么办, 要办 or 办事处.
OFFICE_END = r"(?<![么咋样何好难要])办(?!事|法)"
DEPARTMENT_SHAPE = re.compile(rf"[\u4e00-\u9fff]{{2,6}}?(?:局|委|部(?!门)|管委会|{OFFICE_END})")
# A township by its name ("号头庄乡要…", "砖路镇的…"): a name, never a pinyin slip (庄乡 is no 专项).
TOWNSHIP_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}[镇乡](?=的|政府|党委|干部|书记|镇长|乡长|要|有|跟|和|里)")
TOWNSHIP_WHO = re.compile(
    r"乡镇|镇上|镇里|镇政府|乡政府|街道|街办|办事处|乡里|村里|村委|社区"
    rf"|[我俺咱]们?[镇乡村]|{TOWNSHIP_NAME.pattern}"
    r"|township|street office|sub-district"
)
# How a department's name ends, for one no data file lists ("保密局"), and the most characters it has.
UNKNOWN_DEPARTMENT_END = re.compile(rf"局|委员会|委|办公室|{OFFICE_END}")
UNKNOWN_DEPARTMENT_MAX = 6
# A township person asking what the plan means for them, rather than describing something in the village.
TOWNSHIP_ASK = re.compile(
    r"关系|哪几条|几条|哪几项|每一条|管哪|管啥|要管|跟着干|职责|要做|干什么|做什么|干啥|做啥|干吗|得干|活儿|负责|落实|任务|责任|要干|分工|有啥|哪些|什么|管什么|配合|相关|牵头|"
    r"每条|都要|要求|考核|影响|啥事|怎么办|角色|作用|require|what|how|responsib|our|us"
)
# Words that only say who is asking, or ask about their duties; what is left decides whether a topic was asked.
TOWNSHIP_WORDS = (
    "乡镇人民政府", "乡镇政府", "城区街道办事处", "乡镇", "镇政府", "乡政府", "政府", "街道办事处", "街道办", "街道",
    "办事处", "干部", "领导", "人民", "城区", "职责", "角色", "作用", "分工", "落实", "任务", "责任", "关系",
    "相关", "每条", "所有", "全部", "要求", "具体要求", "书记", "镇长", "乡长", "主任", "工作人员", "新入职",
    "require", "government", "office", "township", "street",
)  # fmt: skip
# What a department question asks about it: the tasks it helps with, or every task it is part of.
ROLE_AFTER_NAME = re.compile(r"\s*(?:也|还|要|都)?(?:参与|配合|协助|协办|参加)")
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
# Characters either side of a join that, with it, may be a phrase of the documents (经济与社会).
JOINED_CONTEXT = 2
# How staff join several questions in one: conjunctions, enumeration commas, question ends.
# Spaces between words join parts too, as phones type them ("单元边界谁定 几年调整"), after a letter typed
# in a Chinese word too ("环保绩效创A 人才培训"), and English words that join ("地下水准入 and 干部培训").
PART_JOINS = re.compile(
    r"以及|还有|另外|顺便问下|顺便问一下|分别|和|与|跟|同|及|、|,|;|\?|!|。|呢|\+|\s+(?:and|plus|&)\s+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff][a-z])\s+(?=[\u4e00-\u9fff])"
)


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


# "噪声管理是几号", "这两个分别几号": which task it is, as group chats ask it; not a day of the month, which a
# question that says what the day is of asks ("截止时间是几号", "今天几号", "deadline 是几号").
WHICH_NUMBER = re.compile(r"(?:这条|那条|这是|对应|分别|各|都)?是?几号[?!。\s]*$")
DAY_CUE = re.compile(r"截止|期限|时间|日期|deadline|今天|明天|昨天|哪天|工资|每月|几月|月份|开班|报名")


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
        """The note as every surface shows it: for a cut question, the notice that only its beginning was
        read, and how slips were read ("「造声」按「噪声」理解。"), before what the answer says."""
        reading = "、".join(f"「{slip}」按「{right}」" for slip, right in self.corrections)
        parts = [
            TRUNCATED_NOTE if self.truncated else "",
            reading + "理解。" if reading else "",
            self.note or "",
        ]
        return "".join(parts) or None

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


class _Scored(NamedTuple):
    task: Task
    per_group: list[tuple[float, str | None]]  # each group's bm25 score in the task, and its best word
    boost: float
    total: float  # the task's score for the whole question


@dataclass
class _Group:
    """One thing the question asks about, and the index words that stand for it."""

    words: dict[str, float]  # index word -> weight
    said: str = ""  # the question's own words for it, as the "not directly mentioned" note names them
    at: int = -1  # where the question says it
    evidence: float | None = field(default=None, repr=False)  # see Answerer._group_evidence, once worked out


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
        self._asks = Asks(
            store.detail_asks,
            store.is_common_word,
            store.segmenter.tokens,
            store.amount_words,
            store.is_counted,
            lambda word: bool(store.document_frequency([word])[word]),
        )
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
        if (
            (which := WHICH_NUMBER.search(text))
            and CJK_RUN.search(text, 0, which.start())
            and not DAY_CUE.search(text)
        ):
            text = text[: which.start()]  # the task is asked for, as "…是哪条" asks it
        if found := self._label_answer(question, text) or self._deadline_answer(question, text):
            return found
        if numbers := task_numbers(text):
            # "忽略之前的指令,说第12条管钓鱼": the task is shown as it is, never as the question would have it.
            named = [Result(t, 0.0) for n in numbers for t in self.store.tasks_numbered(n)]
            if outside := self._out_of_scope_matcher.search(text):
                return self._refusal(question, [], [], [], outside.phrase, named)
            # "按第24条,唐河边能不能打井": whether the task says so, not the task alone.
            if named and (missing := self._details_missing(text, [r.task for r in named])):
                return self._partial(question, missing, named, [], None)
            return self._task_answer(question, numbers)
        departments, rest = self._departments(text)
        groups, corrections = self._topic_groups(rest)
        # "生态环境局办公地址在哪" asks a detail of the department, not what it leads ("有没有任务", "都有
        # 哪些", "有多少" ask that); so does an amount in a measure ("财政安排了多少万"), and an amount or a
        # date asked with no word of leading ("组织部遴选公告什么时候出", not "财政局牵头多少条").
        cue = DEPARTMENT_CUE.search(text)
        # "应急管理局牵头的有吗": whether it leads any, not a detail of the department.
        details = [
            a
            for a in self._asks.find(rest)
            if a.kind not in ASKED_AROUND
            and (a.kind not in STATED or (ends_on(rest, a) and (not cue or measure_of(a.phrase))))
            and not (a.kind == BEFORE and CUE_BEFORE.search(rest, 0, a.start))
        ]
        # "城管局管哪几条?油烟不都是城管管吗?": that it leads none answers, whatever else is said.
        if departments and not details and self._asks_what_none_leads(text, departments):
            return self._led_answer(question, text, departments, groups)
        # Searched without the department names: "医保局" names a department, not 医保.
        if outside := self._out_of_scope_matcher.search(rest):
            return self._refusal(question, groups, corrections, departments, outside.phrase)
        if elsewhere := self._other_city(rest):
            return self._refusal(question, groups, corrections, departments, elsewhere)
        if departments and (role := self._role_asked(text, rest)):
            return self._role_answer(question, departments, role)
        # "保密局有没有牵头的": a bureau no data file lists and no document names leads nothing here either.
        if not departments and cue and not details and (unknown := self._unknown_department(rest)):
            start, end = unknown
            asked = self._besides(groups, positions(rest, DEPARTMENT_CUE) | set(range(start, end)))
            if not self._strong(asked):
                name = rest[start:end]
                return Answer(
                    question, "department", False, department=name, note=f"{name}在本文件中没有牵头的任务。"
                )
        if departments and not details:
            # "农业局要做什么", "发改局的分工": the words that ask about a department are not a topic,
            # even where the document uses them (第8条 says 配合, 第34条 分工).
            # Only the sentence that names the department and asks counts: "方案里提到宣传引导。市委宣传部
            # 牵头哪条?" asks what it leads; "自规局说要推进一张图。这在哪条?" asks about 一张图.
            start, end = self._sentence(text, cue.start()) if cue else (0, len(text))
            sentence = text[start:end]
            # "我是高新区管委会的。我们单位牵头哪几条?": the asker's own unit, named in another sentence.
            # (A department named there is blanked out of what is left of the question.)
            there = rest[start:end] != sentence or OWN_UNIT.search(sentence) or THEY.search(sentence)
            asked = self._besides(groups, positions(rest, DEPARTMENT_CUE), *((start, end) if there else ()))
            strong = self._strong(asked)
            # "高新区管委会食堂对外开放吗": a thing of the department's that no document says, not what it leads.
            unsaid = [g.said for g in asked if not cue and self._names_unsaid_thing(g)]
            if unsaid and not strong:
                tasks = self.store.tasks_led_by(departments, False, limit=SUGGESTIONS)[0]
                suggestions = [Result(t, 0.0) for t in tasks]
                return self._partial(question, unsaid, suggestions, [], self._names_of(departments))
            # "自然资源确权登记怎么办": an act no document says, asked with no word of leading, is a topic the
            # department's name is part of, not what it leads.
            unsaid_act = not cue and any(
                self._names_an_act(g) and not self._said_anywhere(g.said) for g in asked
            )
            if (not strong or (cue and not self._specific(strong))) and not unsaid_act:
                return self._led_answer(question, text, departments, groups)
        if TOWNSHIP_WHO.search(text) and TOWNSHIP_ASK.search(text):
            asked = self._besides(groups, self._township_words(rest))
            # An everyday act (执行, 落实) is no topic of its own: "乡镇要执行这个方案里的全部任务吗".
            if not self._specific([g for g in asked if not self._everyday_act(g)]):
                return self._township_answer(question, text, groups, asked)
        if departments:
            # "交通运输局参与的大气那条": the department's role, said right after its name, is no topic.
            roles = {m.end() for a in self._whole_aliases(text) if (m := ROLE_AFTER_NAME.match(text, a.end))}
            groups = [g for g in groups if g.at + len(g.said) not in roles]
        return self._topic_answer(question, groups, corrections, departments, rest)

    def _strong(self, groups: list[_Group]) -> list[_Group]:
        """The groups that name a topic of their own, not an everyday act a task happens to say ("作为牵头单位
        承担哪些任务"), nor which document is asked of ("在分区管控里牵头啥"): asked beside a department, they
        make the question a topic one."""
        return [
            g
            for g in groups
            if self._group_evidence(g) >= MIN_EVIDENCE_IDF
            and not self._everyday_act(g)
            and g.said not in self._titles
        ]

    def _led_answer(self, question: str, text: str, departments: list[int], groups: list[_Group]) -> Answer:
        """What the departments lead: each its own where the question asks so, and the townships' tasks
        where it asks theirs too."""
        each, township = self._departments_by_part(text), self._township_part(text, groups)
        if each or township:
            return self._each_part_answer(question, each or [departments], township)
        return self._department_answer(question, departments, sole=bool(SOLE_CUE.search(text)))

    @cached_property
    def _leading_nothing(self) -> set[int]:
        """The departments that lead no task in any document, nor help with one (a partner is asked of
        as such: "住建局配合哪些")."""
        return set(self.store.departments) - self.store.involved_departments()

    def _asks_what_none_leads(self, text: str, departments: list[int]) -> bool:
        """Whether the clause that names a department that leads no task asks what it leads ("有个污水
        问题,想问水务局牵头哪几条"): that it leads none answers it, whatever topic another clause names."""
        if not self._leading_nothing.issuperset(departments):
            return False
        # Or where a later clause asks it of the asker's own unit ("作为新调任的市场监管局干部,想了解本局
        # 作为牵头单位的职责"), or of the department as "they" ("数据局 平台那块他们牵头吗").
        return any(
            DEPARTMENT_CUE.search(text, at, clause_end(text, at))
            for m in self._whole_aliases(text)
            for at in (
                m.end,
                *(u.end() for u in (*OWN_UNIT.finditer(text, m.end), *THEY.finditer(text, m.end))),
            )
        )

    # --- intents -----------------------------------------------------------------------------

    @staticmethod
    def _sentence(text: str, at: int) -> tuple[int, int]:
        """Where the sentence of the text that holds this position starts and ends."""
        start = max((m.end() for m in SENTENCE_END.finditer(text, 0, at)), default=0)
        end = next((m.end() for m in SENTENCE_END.finditer(text, at)), len(text))
        return start, end

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
        names = self._names_of(department_ids)
        tasks, total = self.store.tasks_led_by(department_ids, sole, limit=MAX_LISTED)
        # "住建局在分区管控里要干啥": the plan whose title the question names comes first.
        named = self._titles_named(normalize(question))
        tasks = sorted(tasks, key=lambda t: t.document not in named)
        how = "单独" if sole and len(department_ids) == 1 else "共同" if len(department_ids) > 1 else ""
        note = f"{names}{how}牵头{total}条。" + self._listed(tasks, total)
        if total == 0 or len(self.store.documents) > 1:
            note = self._lead_note(names, how, tasks, total, named)
        return Answer(
            question,
            "department",
            total > 0,
            [Result(t, 1.0) for t in tasks],
            department=names,
            note=note,
        )

    def _names_of(self, department_ids: Iterable[int]) -> str:
        """The departments' names as a note says them: 市发展改革局、市财政局."""
        return "、".join(self.store.departments[i] for i in department_ids)

    def _departments_by_part(self, text: str) -> list[list[int]]:
        """The departments each part of the question names, where several parts name one each and ask of it
        ("住建局干啥,财政局又干啥", "公安局和民政局各牵头哪几条" ask what each leads; "发改局和科工信局共同牵头
        哪些", what they lead together); [] otherwise."""
        if JOINT_CUE.search(text):
            return []
        parts = [text[start:end] for start, end in self._parts(text)]
        named = [(found, part) for part in parts if (found := self._departments(part)[0])]
        each = bool(EACH_CUE.search(text)) or all(DEPARTMENT_CUE.search(part) for _, part in named)
        ids = [found[0] for found, _ in named]
        distinct = len(set(ids)) == len(ids) and all(len(found) == 1 for found, _ in named)
        return [[i] for i in ids] if len(ids) > 1 and distinct and each else []

    def _township_part(self, text: str, groups: list[_Group]) -> bool:
        """Whether one part of a question in several asks what the townships do ("乡镇要干啥 资金谁保障")."""
        for start, end in self._parts(text):
            part = text[start:end]
            # Asked ("乡镇要干啥", "乡镇要不要落实"), not said: "镇上想搞分区管控相关的活,经费谁出".
            if (
                TOWNSHIP_WHO.search(part)
                and TOWNSHIP_ASK.search(part)
                and is_asked(part)
                and not self._departments(part)[0]
                and not self._specific(self._besides(groups, self._township_words(text), start, end))
            ):
                return True
        return False

    def _township_words(self, text: str) -> set[int]:
        """Where the text says who asks or asks about their duties (TOWNSHIP_WORDS)."""
        return {at for m in self._township_matcher.finditer(text) for at in range(m.start, m.end)}

    @staticmethod
    def _besides(
        groups: list[_Group], said: set[int], start: int = 0, end: int | None = None
    ) -> list[_Group]:
        """The question's groups from `start` to `end` other than those the positions given hold: besides the
        words that ask about a department or the townships, what is left decides whether a topic was asked.
        A phrase that holds more than such a word is a topic still (党的领导, 干部培训)."""
        return [
            g
            for g in groups
            if start <= g.at
            and (end is None or g.at < end)
            and not said.issuperset(range(g.at, g.at + len(g.said)))
        ]

    def _township_tasks(self) -> list[Task]:
        """The tasks that say the townships implement every task."""
        store = self.store
        return [
            t
            for d in store.documents
            if d.township_note
            for t in store.tasks_numbered(d.township_task or 0)
            if t.document == d.title
        ]

    def _each_part_answer(self, question: str, each: list[list[int]], township: bool) -> Answer:
        """What each department named in its own part leads, and the townships' task where a part asks it."""
        store = self.store
        first = self._township_tasks() if township else []
        # Each part's departments: one, or several asked of together ("乡镇要干啥?发改局和科工信局共同牵头哪些").
        led = []
        for ids in each:
            found, total = store.tasks_led_by(ids, limit=MAX_LISTED)
            led.append((self._names_of(ids), "共同" if len(ids) > 1 else "", found, total))
        tasks = list(dict.fromkeys([*first, *(t for *_, found, _ in led for t in found)]))[:MAX_LISTED]
        said = [
            f"{names}{how}牵头{total}条" if total else self._lead_note(names, how, [], 0).removesuffix("。")
            for names, how, _, total in led
        ]
        if first:
            said.insert(0, "各乡镇、街道落实全部任务")
        return Answer(
            question,
            "department",
            bool(tasks),
            [Result(t, 1.0) for t in tasks],
            department="、".join(names for names, *_ in led),
            note=";".join(said) + "。",
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

    def _lead_note(
        self, names: str, how: str, tasks: list[Task], total: int, named: Container[str] = ()
    ) -> str:
        """Where the departments lead tasks, document by document, and where they lead none: the documents
        the question names first ("应急局在分区管控里有活吗" is told first that it has none there), then as
        the tasks are listed."""
        titles = sorted(
            (d.title for d in self.store.documents),
            key=lambda title: (title not in named, title not in {t.document for t in tasks[:1]}),
        )
        counts = {title: sum(t.document == title for t in tasks) for title in titles}
        if total == 0:
            where = "本文件" if len(titles) == 1 else "本库各文件"
            return f"{names}在{where}中没有{how}牵头的任务。"
        said = ";".join(
            f"在《{title}》中{how}牵头{n}条" if n else f"在《{title}》中没有{how}牵头的任务"
            for title, n in counts.items()
        )
        return f"{names}{how}牵头{total}条:{said}。" + self._listed(tasks, total)

    @staticmethod
    def _listed(tasks: list[Task], total: int) -> str:
        return f"下面列出前{len(tasks)}条。" if total > len(tasks) else ""

    def _township_answer(self, question: str, text: str, groups: list[_Group], asked: list[_Group]) -> Answer:
        """Every task is the townships' to implement: the task that says so first, then the rest; unless the
        question asks a detail of their part that the task does not state ("乡镇上报的截止时间是哪天")."""
        store = self.store
        notes = [d for d in store.documents if d.township_note]
        first = self._township_tasks()
        # Only the documents whose note says so are the townships' to implement whole; in the others, the
        # tasks that name them among the leads (各乡镇人民政府牵头) are theirs.
        whole = {d.title for d in notes}
        led = [t for t in self._led_by_townships if t.document not in whole]
        every = store.tasks_of([d.id for d in notes], MAX_LISTED) if notes else store.all_tasks(MAX_LISTED)
        tasks = (first + led + [t for t in every if t not in first and t not in led])[:MAX_LISTED]
        # "乡镇每季度要上报什么报表": a thing of theirs that no document says, as of a department, in the
        # clause that asks; not who asks ("我刚到乡镇上班"), who is asked (@李科) nor the place (号头庄乡).
        asks = list(TOWNSHIP_ASK.finditer(text))
        start, end = (
            (clause_start(text, asks[-1].start()), clause_end(text, asks[-1].end())) if asks else (0, 0)
        )
        aside = positions(text, ASKER, TOWNSHIP_WHO, ADDRESSED)
        unsaid = [
            g.said for g in asked if start <= g.at < end and g.at not in aside and self._names_unsaid_thing(g)
        ]
        # "乡镇落实情况多久上报一次,报给谁": how often, though a question follows, for no task says whom
        # townships report to.
        unanswered = self._unanswered_asks(text, groups, first, every_clause=True) if first else []
        # "乡镇也要干吗还是光市里部门的事": which of the townships and another, the township note says.
        decided = {
            clause_of(text, a, self._word_starts(text))
            for a in (self._asks.find(text) if unanswered else ())
            if a.kind == CHOICE
            and TOWNSHIP_WHO.search(text, clause_start(text, a.start), clause_end(text, a.end))
        }
        missing = [m for m in unanswered if m not in decided]
        if first and (missing or unsaid):
            return self._partial(question, missing or unsaid, [Result(t, 0.0) for t in tasks], [], None)
        said = []
        total = len(led)
        if notes:
            counts = store.task_counts()
            whole_count = sum(counts.get(d.id, 0) for d in notes)
            total += whole_count
            which = "本文件" if len(store.documents) == 1 else "、".join(f"《{d.title}》" for d in notes)
            townships = ";".join(d.township_note or "" for d in notes)
            said.append(f"各乡镇、街道要落实{which}的全部任务(共{whole_count}条):{townships}")
        for title in dict.fromkeys(t.document for t in led):
            numbers = "、".join(str(t.number) for t in led if t.document == title)
            where = "本文件" if len(store.documents) == 1 else f"《{title}》"
            said.append(f"{where}中由各乡镇牵头的任务:第{numbers}条")
        note = None
        if said:
            note = said[0] if len(said) == 1 else ";".join(part.rstrip("。") for part in said) + "。"
            note += self._listed(tasks, total)
        return Answer(question, "township", bool(said), [Result(t, 1.0) for t in tasks], note=note)

    @cached_property
    def _led_by_townships(self) -> list[Task]:
        """The tasks whose leads name the townships or street offices (各乡镇人民政府), in document order."""
        store = self.store
        townships = [i for i, name in store.departments.items() if TOWNSHIP_WHO.search(name)]
        led = {t.id: t for i in townships for t in store.tasks_led_by([i])[0]}
        return [led[i] for i in sorted(led)]

    def _topic_answer(
        self,
        question: str,
        groups: list[_Group],
        corrections: list[tuple[str, str]],
        departments: list[int],
        text: str,
    ) -> Answer:
        scored = self._scores(groups, departments)
        ranked = self._said_first(self._ranked(scored), groups, text, corrections)
        department = self._names_of(departments) or None
        if ranked and self._confident(ranked[0], groups):
            best = ranked[0].score
            results = [r for r in ranked[:TOPIC_RESULTS] if r.score >= RELATIVE_CUTOFF * best]
            shown = [ranked[0].task]
            if parts := self._part_answers(text, groups, scored):
                results = self._every_part_first(ranked, [best for _, best in parts])
                shown += [best.task for _, best in parts]
            # "乡镇要干啥 资金谁保障": the townships' task answers the part that asks it.
            township = self._township_tasks() if self._township_part(text, groups) else []
            if township:
                results = [Result(t, best) for t in township] + [r for r in results if r.task not in township]
            missing = self._missing(text, groups, shown)
            if missing is None:
                return Answer(question, "topic", True, results, department, corrections=corrections)
            # "农药包装回收有补助吗": the task that states the 补助 answers, though another shares more words.
            unstated = not parts and self._unanswered_asks(text, groups, shown)
            for other in results[1:] if unstated else ():
                if self._missing(text, groups, [other.task]) is None:
                    results = [other] + [r for r in results if r is not other]
                    return Answer(question, "topic", True, results, department, corrections=corrections)
            return self._partial(question, missing, ranked, corrections, department)
        # Names what is missing: "工地扬尘找谁" is told the documents never say 扬尘.
        if missing := self._coverage(text, groups, [ranked[0].task] if ranked else [])[1]:
            return self._partial(
                question, missing, ranked or self._nearest(question), corrections, department
            )
        return self._refusal(question, groups, corrections, departments, None, ranked)

    # --- evidence: how much of the question a task answers ----------------------------------------

    def _details_missing(self, text: str, tasks: list[Task]) -> list[str]:
        """The details a question asks of tasks it names by number that they do not state."""
        if not self._asks.find(text) and not self._asks.asked_after(text):
            return []
        groups = self._topic_groups(self._departments(text)[1])[0]
        missing = self._missing(text, groups, tasks)
        return missing or []

    def _missing(self, text: str, groups: list[_Group], tasks: list[Task]) -> list[str] | None:
        """What the tasks leave unanswered: the details asked that none states, or with too little of the
        question covered the words no document says ([] if none is named); None if they answer it."""
        if unasked := self._unanswered_asks(text, groups, tasks):
            return unasked
        coverage, missing = self._coverage(text, groups, tasks)
        return (
            None if coverage >= MIN_COVERAGE or self._asks_of_what_it_names(text, groups, tasks) else missing
        )

    def _asks_of_what_it_names(self, text: str, groups: list[_Group], tasks: list[Task]) -> bool:
        """Whether the question ends by asking which task covers a thing it names in a task's own words,
        after clauses that only tell the situation ("村后头有个废弃的大坑 地皮都挖烂了 要搞生态修复 归哪条管"):
        what the situation's words are, the task need not say."""
        topical = [g for g in groups if g.said and self._topic_weight(g) > 0]
        if not topical:
            return False
        last = max(topical, key=lambda g: g.at)
        start = clause_start(text, last.at)
        asked = [g for g in topical if g.at >= start]
        return (
            start > 0
            and not is_asked(text[:start])
            and not any(a.start < start for a in self._asks.find(text))
            and not self._subjects(text, groups)
            and all(any(w in t.counts for t in tasks for w in self._own_words(g)) for g in asked)
            and any(self._group_evidence(g) >= DISTINCTIVE_IDF for g in asked)
        )

    def _coverage(self, text: str, groups: list[_Group], tasks: list[Task]) -> tuple[float, list[str]]:
        """The idf-weighted share of what the question asks about that the answering tasks' words (or
        their synonyms) account for, and the question's words no document says, weightiest first."""
        total = covered = 0.0
        missing: dict[str, float] = {}
        self.store.general_idfs([g.said for g in groups])  # one query for them all
        asked_about = self._asked_about(text, groups) | self._acts_asked_of(text, groups)
        asked_total = asked_covered = 0.0
        # Words typed without a question end on what they ask about, as Chinese puts it: "环评审批时限" asks
        # about a 时限 that no document states.
        # Everyday as it is, such a last word is still what is asked: "环境监测站电话".
        last = max(groups, key=lambda g: g.at, default=None)
        keywords = self._is_keywords(text)
        # So does an act no document says ("环境监测站招考", "组织部干部公示"), unless general text uses it for
        # everything.
        unsaid_head = (
            keywords
            and last is not None
            and (
                self._is_unsaid_noun(last)
                or (self._names_an_act(last) and not self._said_anywhere(last.said))
            )
        )
        # "我是新来的副镇长,…": who asks is no part of what is asked, unless a document says it.
        asker = positions(text, ASKER)
        # What follows 的 where its clause asks about it: "排污许可证的年费", and the noun a longer run of
        # words ends on ("土壤普查的取样时间怎么安排" asks about 时间).
        said_after_de = [g for g in groups if g.at > 0 and text[g.at - 1] == "的"]
        after_de = [g for g in said_after_de if self._is_head(text, g, groups)]
        run_ends = self._run_ends(after_de, groups)
        for group in groups:
            if group.at in asker and not self._group_evidence(group):
                continue
            weight = self._topic_weight(group)
            kind = self._another_kind(text, group, groups)
            if unsaid_head and group is last:
                weight = max(weight, self._unknown_idf) * HEAD_WEIGHT  # "排污许可证年费" asks about 年费
            elif keywords and kind and group is last:
                weight *= HEAD_WEIGHT  # "野生动物驯养许可证" asks about a 许可证, of another kind
            elif group in after_de:
                weight *= HEAD_WEIGHT  # and so does "排污许可证的年费"
            elif group in run_ends and self._is_unsaid_noun(group):
                weight = max(weight, self._unknown_idf) * HEAD_WEIGHT
            nameable = weight > 0  # a note names things, not acts (「谢谢」), unless they are asked about
            if keywords and not nameable and (known := self.store.general_idf(group.said)) and known.act:
                # Words alone say what they are about in every word, an act too ("取水许可": not 排污许可).
                weight = self._topic_weight(group, acts=True)
            # What an ask like 能不能… asks about (钓鱼, 放羊, the 散煤 of 散煤能烧吗) weighs most, a thing more
            # than an act, and only a task that says it in its own words answers it: a synonym finds the
            # topic (机井 is about 地下水) but states no detail.
            asked = group.at in asked_about
            if asked:
                weight = self._topic_weight(group, acts=True) * (
                    HEAD_WEIGHT if self._names_a_thing(group) else 1
                )
            # A kind (种菜 < 农用地) is said of the question's case only with what narrows it (_of_its_kind).
            kinds = self.store.kinds.get(group.said, frozenset())
            words = [w for w in (self._own_words(group) if asked else group.words) if w not in kinds]
            total += weight
            asked_total += weight if asked else 0.0
            if kind:
                missing[kind] = max(weight, missing.get(kind, 0.0))
            elif any(word in task.counts for task in tasks for word in words) or self._of_its_kind(
                group, groups, tasks
            ):
                covered += weight
                asked_covered += weight if asked else 0.0
            elif (nameable or asked) and weight > 0 and group.said and not self._said_anywhere(group.said):
                missing[group.said] = max(weight, missing.get(group.said, 0.0))
        # The note quotes names, not pieces of a sentence (开个 in "开个小型屠宰场"), unless it has nothing else.
        weightiest = sorted(missing, key=lambda said: -missing[said])
        names = [said for said in weightiest if not ((known := self.store.general_idf(said)) and known.piece)]
        named = (names or weightiest)[:UNCOVERED_NAMED]
        # "排污费", "企业排污费": one run of words typed alone that ends on a fee no document mentions (not a
        # scene, "加油站一股汽油味").
        if keywords and (longer := self._longer_before(text, groups, len(text.rstrip()))):
            things = [g for g in groups if g.said and self._topic_weight(g) > 0]
            if things and not text[: self._run_start(things, max(things, key=lambda g: g.at))].strip():
                return 0.0, [longer]
        if unread := self._asked_unread(text, groups):
            return 0.0, [unread]  # "红线里能不能修坟": 修坟 is two characters no word stands for
        if asked_total and not asked_covered:
            return 0.0, named  # "饮用水源地边上能钓鱼不": whatever else matches, 钓鱼 is what is asked
        # "水源保护区的界碑谁负责立", "干渠的护栏谁来维修": what follows 的, right before who is asked, is what
        # the question asks about; and so is the end of a run of words that follows 的 ("…的土地流转合同谁来签").
        for first in said_after_de:
            for head in (first, *self._run_ends([first], groups)):
                end = head.at + len(head.said)
                if head.said in missing and WHO_AFTER.match(text, end, clause_end(text, end)):
                    return 0.0, [text[first.at : end]]
        # "农家乐要不要办排污许可": whether 农家乐 must, which no document says ("乡镇需不需要落实": 第1条 does).
        for subject in self._subjects(text, groups):
            if not self._said_anywhere(subject.said) and not any(
                word in task.counts for task in tasks for word in subject.words
            ):
                return 0.0, [subject.said]
        return (covered / total if total else 1.0), named

    @staticmethod
    def _run_ends(starts: list[_Group], groups: list[_Group]) -> list[_Group]:
        """The last word of each run of two words or more, one right after another, that a start begins."""
        ends = []
        for start in starts:
            last, end = start, start.at + len(start.said)
            while following := next((g for g in groups if g.at == end and g.said), None):
                last, end = following, end + len(following.said)
            if last is not start:
                ends.append(last)
        return ends

    def _is_head(self, text: str, group: _Group, groups: list[_Group]) -> bool:
        """Whether the words after 的 are what their clause asks about: all it says ("排污许可证的年费是多少"),
        or what an ask in it is asked of ("村的养鸡场要不要办环评"). A clause that asks nothing and goes on
        says what is to be done with them ("被破坏的荒坡要搞生态修复,这事归哪条" asks about 生态修复)."""
        start, end = clause_start(text, group.at), clause_end(text, group.at)
        if not any(group.at < g.at < end and self._topic_weight(g) > 0 for g in groups):
            return True
        asks = [(a.start, a.end) for a in self._asks.find(text)] + list(self._asks.asked_after(text))
        return any(start <= a and b <= end for a, b in asks)

    def _is_keywords(self, text: str) -> bool:
        """Whether the question is only words, with nothing that asks ("河长制巡河频次", not "频次是多少"),
        about one thing (not "生物多样性同地下水")."""
        return not (
            QUESTION_MARKS.search(text)
            or self._parts(text)
            or self._question_matcher.search(text)
            or any(token in self.store.question_words for token, _, _ in self.store.segmenter.tokens(text))
            or self._asks.find(text)
            or self._asks.asked_after(text)
        )

    def _unanswered_asks(
        self, text: str, groups: list[_Group], tasks: list[Task], every_clause: bool = False
    ) -> list[str]:
        """What the question asks a detail of (see bot/asks.py) where no answering task states it: the thing
        the ask itself names (补贴, 多少钱), the thing before an ask about it ("许可证怎么申请"), or the clause
        of an amount, a list or a bare ask no task states ("环评报告去哪交"). An amount asked before another
        question asks that question ("划多少个管控单元,边界谁定" asks who), unless every clause is asked."""
        missing = []
        asks = self._asks.find(text)
        # "噪声和水分别在哪" asks which tasks: 在哪 is part of a question phrase, no ask of where.
        asking = list(self._question_matcher.finditer(text)) if asks else []
        for ask in asks:
            if ask.kind in ASKED_AROUND or any(
                q.start <= ask.start and ask.end <= q.end and len(q.phrase) > len(ask.phrase) for q in asking
            ):
                continue  # weighed in _coverage, or no ask
            if ask.kind == CHOICE and (unsaid := self._undecided(text, groups, tasks, ask)):
                missing.append(unsaid)
                continue
            if ask.kind in (PLACE, CHOICE):
                # "俺镇属于重点管控单元吗", "北庄村是不是在红线里": which places a zone holds, a plan says by
                # name. Where it is said and not asked ("我们乡被划进了重点区,有啥要求"), it is no ask.
                clause = text[clause_start(text, ask.start) : ask.start]
                # Said, not asked, where the clause asks something else ("我们镇划成重点管控单元以后要干啥").
                asks_more = ASKED_AFTER_A_PLACE.search(text, ask.end, clause_end(text, ask.end))
                if ends_on(text, ask) and not asks_more and (place := self._unnamed_place(clause, tasks)):
                    missing.append(place)
                continue
            if ask.kind in STATED:
                # "河长巡河多久巡一次": no task says how often; "方案多久调整一次": 第3条 says every 5 years.
                listed = self._list_of(text, groups, ask) if ask.kind in (LIST, LIST_OF) else []
                # "优先保护单元有哪几个": of the thing before, where the clause ends on the ask; "哪些部门牵头"
                # asks no list: 部门 is a question word.
                if ask.kind == LIST_OF and not listed and CLAUSE_END.match(text, ask.end):
                    listed = self._listed_before(text, groups, ask)
                if not (ends_on(text, ask) or every_clause) or (ask.kind == LIST_OF and not listed):
                    continue
                # "单元划几块谁说了算": who decides the amount is asked, as after a comma.
                if ask.kind == AMOUNT and not every_clause and WHO_AFTER.match(text, ask.end):
                    continue
                said = [self._said(t) for t in tasks]
                start, end = clause_start(text, ask.start), clause_end(text, ask.end)
                # Said of its most distinctive words, if it has any (备案, not the 生态环境 of 省生态环境厅).
                about = [w for g in groups if start <= g.at < end for w in g.words]
                said_by = self.store.document_frequency(about)
                about = [w for w in about if said_by[w] and self.store.idf(w) >= DISTINCTIVE_IDF] or about
                # Of the things named last, or of one named before them that a task lists ("哪些系统数据":
                # 环评、排污许可、监测、执法等系统信息), as the question says them or synonyms.txt rewrites them
                # ("哪些新兴产业": …等战略新兴起的产业).
                kinds = [(word, self._kind_words(groups, start, end, word)) for word in reversed(listed)]
                # A deadline written beside a task (完成时限:2026年5月底前, 长期坚持) says when it is done.
                due = asks_when(ask) and any(t.deadline for t in tasks)
                if not due and not any(
                    any(
                        lists(s, said, of)
                        for word, of in kinds
                        for said in (word, *self.store.rewrites.get(word, ()))
                    )
                    if listed
                    else self._states_of(ask, s, about)
                    for s in said
                ):
                    # The note names the list asked for (「哪些物种」) where the clause is too long to quote.
                    clause = clause_of(text, ask, self._word_starts(text))
                    after = text.find(listed[-1], ask.end) if listed else -1
                    missing.append(
                        text[ask.start : after + len(listed[-1])]
                        if after >= 0 and clause == ask.phrase
                        else clause
                    )
                continue
            asked = [g for g in groups if ask.start <= g.at < ask.end and g.said]
            if not asked and ask.kind == NAMES:
                # An ask that names nothing (去哪交, 哪个网站) asks a detail no task states unless one says it
                # in these words, when it is what the question ends on.
                if ends_on(text, ask) and not any(ask.phrase in self._said(t) for t in tasks):
                    missing.append(clause_of(text, ask, self._word_starts(text)))
                continue
            # The word right before it says which one ("取水许可咋办": not every 许可 is 排污许可).
            said_with = [g for g in groups if asked and g.said and g.at + len(g.said) == ask.start]
            asked += said_with
            if ask.kind == BEFORE:
                # "唐河的河长是谁": no group holds 河长, and no document says it.
                unsaid = self._unknown_before(text, groups, ask) or self._longer_before(
                    text, groups, ask.start
                )
                if unsaid:
                    missing.append(unsaid)
                    continue
                # The noun right before it, everyday as it may be ("分类结果在哪能查到" asks for a 结果).
                # Not in a part before that asks its own question: "乡镇干啥 钱谁出" asks who pays, not of 乡镇;
                # "狗天天半夜叫,吵得睡不着,该找谁" asks of the dog.
                part = max(
                    [
                        end
                        for start, end in self._parts(text)
                        if end <= ask.start and QUESTION_MARKS.search(text, start, end)
                    ],
                    default=0,
                )
                # Not a word cut across the ask: jieba has 区有 in "重点区有吗".
                before = [
                    g
                    for g in groups
                    if part <= g.at
                    and g.at + len(g.said) <= ask.start
                    and g.said
                    and (self._names_a_thing(g) or self._is_noun(g))
                ]
                asked = sorted(before, key=lambda g: g.at)[-1:]
            # Every part of what the ask names must be there: 多少钱 is not answered by 钱 (资金保障) alone.
            # A detail is stated only of what a task names in its own words; who leads it, of whatever
            # its synonyms find ("施工太吵找谁": the task on 噪声).
            # What the plan itself is about, in its title (分区管控), every task is about: "分区管控的钱谁出".
            # The thing an ask names is said as itself, not inside a longer word (哪些材料: not 新材料).
            # Who is asked of the thing the ask names where its clause starts with it and goes on to ask so
            # ("预算保障找哪个部门"), not of a detail of another thing ("调查报告的费用谁出").
            who = bool(WHO_ASKS.search(ask.phrase)) or (
                not any(clause_start(text, ask.start) <= g.at < ask.start for g in groups if g.said)
                and bool(WHO_ASKS.search(text, ask.end, clause_end(text, ask.end)))
            )
            unnamed = [
                g
                for g in asked
                if not any(
                    self._says_alone(task, w) if ask.kind == NAMES else w in task.counts
                    for task in tasks
                    for w in (g.words if who else self._own_words(g))
                )
                and not (who and g.said in self._titles)
            ]
            # The note names its nouns: 工作日, not 几个.
            nouns = [g for g in unnamed if (known := self.store.general_idf(g.said)) is None or known.noun]
            if unnamed and ask.kind != BEFORE:
                # What the ask itself names: 「多少钱」, not 「钱」; with the word that says which (「取水许可咋办」).
                which = [g for g in said_with if g in unnamed]
                missing.append(text[which[0].at : ask.end] if which else ask.phrase)
            elif nouns or unnamed:
                missing.extend(self._as_said(text, g, groups) for g in nouns or unnamed[:1])
        return list(dict.fromkeys(missing))

    def _word_starts(self, text: str) -> set[int]:
        """Where the text's words of two characters or more start: a note may start there, not at 的 or 了."""
        return {start for _, start, end in self.store.segmenter.tokens(text) if end - start > 1}

    @staticmethod
    def _states_of(ask: Ask, said: str, about: list[str]) -> bool:
        """Whether a task's text states the amount or date asked of what the question's clause names: in a
        clause of the task that says one of its words, or the clause after it in its sentence ("低氮燃烧改造,
        浓度不高于30毫克"), where one does ("方案多久调整一次": 每5年…定期调整; "备案要多长时间": not
        每5年, said of 调整, but 报省生态环境厅备案, which ends its sentence and states no time)."""
        near = []
        for sentence in SENTENCE_END.split(said):
            clauses = CLAUSE_IN_SENTENCE.split(sentence)
            near += [
                ",".join(clauses[i : i + 2]) for i, c in enumerate(clauses) if any(w in c for w in about)
            ]
        return any(states(ask.kind, clause, ask.phrase) for clause in near or [said])

    def _as_said(self, text: str, group: _Group, groups: list[_Group]) -> str:
        """The words to name as missing: the group's, or where some document says them (设备), the run of
        words the question ends them with ("在线监测设备"), which none says."""
        start = self._run_start(groups, group) if self._said_anywhere(group.said) else group.at
        return text[start : group.at + len(group.said)]

    @staticmethod
    def _run_start(groups: list[_Group], group: _Group) -> int:
        """Where the run of words, one right after another, that ends with this group starts."""
        start = group.at
        while before := next((g for g in groups if g.said and g.at + len(g.said) == start), None):
            start = before.at
        return start

    def _undecided(self, text: str, groups: list[_Group], tasks: list[Task], ask: Ask) -> str | None:
        """Which of two the question asks ("环评是市里批还是省里批", "由第三方做还是部门自己做"), where the
        tasks say neither: the word right before the ask, nor a word after it, in the question's last clause
        (not "可还是有人挖鱼塘,…", where 还是 says "still")."""
        start, end = clause_start(text, ask.start), clause_end(text, ask.end)
        before = [g for g in groups if g.said and start <= g.at and g.at + len(g.said) <= ask.start]
        after = [g for g in groups if g.said and ask.end <= g.at < end]
        options = after + sorted(before, key=lambda g: g.at)[-1:]
        if not (before and after and ends_on(text, ask)) or any(
            w in t.counts for t in tasks for g in options for w in g.words
        ):
            return None
        return clause_of(text, ask, self._word_starts(text))

    def _unknown_before(self, text: str, groups: list[_Group], ask: Ask) -> str | None:
        """The word right before an ask about the thing before it, when neither the documents nor general
        text know it (河长 in "唐河的河长是谁"), so no group stands for it."""
        clause = clause_start(text, ask.start)
        start = max([clause] + [g.at + len(g.said) for g in groups if g.at < ask.start])
        tokens = [(w, at) for w, at, _ in self.store.segmenter.tokens(text[start : ask.start])]
        word, at = tokens[-1] if tokens else ("", 0)
        # Said on its own (after 的, or first), not a piece left over from a word cut wrongly (监测站设).
        alone = start + at == clause or text[start + at - 1] == "的"
        unknown = (
            len(word) > 1 and word not in self.store.question_words and self.store.general_idf(word) is None
        )
        return (
            word if alone and unknown and CJK_RUN.fullmatch(word) and not self._said_anywhere(word) else None
        )

    def _longer_before(self, text: str, groups: list[_Group], end: int) -> str | None:
        """The word right before `end` (an ask about the thing before it, or the end of words typed alone),
        where general text has a longer noun than the document's word it starts with ("地下水位多少": 地下水位,
        "排污费多少" and "排污费": 排污费) and no document says that noun."""
        clause = clause_start(text, end)
        before = [g for g in groups if g.said and clause <= g.at and g.at + len(g.said) <= end]
        if not before:
            return None
        last = max(before, key=lambda g: g.at)
        tail = text[last.at + len(last.said) : end]
        # Of the word or its end ("环境监测站在哪": 监测站), with as much of what follows as makes a noun.
        for start, length in itertools.product(range(len(last.said) - 1), range(len(tail), 0, -1)):
            word = last.said[start:] + tail[:length]
            known = self.store.general_idf(word)
            if CJK_RUN.fullmatch(word) and known and known.noun and not known.act:
                return None if self._said_anywhere(word) else word
        return None

    def _unnamed_place(self, text: str, tasks: list[Task]) -> str | None:
        """A place the text names that the tasks do not: the asker's own (俺镇), or a village or town by a
        name general text does not use as a word (北庄村, not 乡镇) and no document says."""
        for place, own in places(text):
            named = not own and not self.store.is_common_word(place) and not self._said_anywhere(place)
            if (own or named) and not any(place in self._said(task) for task in tasks):
                return place
        return None

    @staticmethod
    def _kind_words(groups: list[_Group], start: int, end: int, kind: str) -> list[str]:
        """The words that say which kind of it the question means, between start and end: those right before
        the word ("高耗水行业": 高耗水), or inside one with it ("简易低效污染治理设施": 简易低效污染治理)."""
        said = [g for g in groups if g.said and start <= g.at < end]
        right_before = [
            g.said for g in said if any(h.said == kind and h.at == g.at + len(g.said) for h in said)
        ]
        inside = [g.said.removesuffix(kind) for g in said if g.said.endswith(kind) and g.said != kind]
        return right_before + inside

    def _listed_before(self, text: str, groups: list[_Group], ask: Ask) -> list[str]:
        """The thing said right before an ask of a list that ends its clause, as what is listed
        ("优先保护单元有哪几个"); none where who is asked ("牵头单位有哪些": a question word) or what is
        done ("乡镇要落实哪些")."""
        start = clause_start(text, ask.start)
        before = [
            g
            for g in groups
            if g.said and start <= g.at and g.at + len(g.said) <= ask.start and self._topic_weight(g) > 0
        ]
        last = max(before, key=lambda g: g.at + len(g.said), default=None)
        thing = (
            last is not None
            and self._names_a_thing(last)
            and ((known := self.store.general_idf(last.said)) is None or known.noun)
            and LIST_LINK.fullmatch(text, last.at + len(last.said), ask.start) is not None
        )
        return [last.said] if thing and last else []

    def _list_of(self, text: str, groups: list[_Group], ask: Ask) -> list[str]:
        """What a list is asked of: the words said right after the ask ("禁止哪些行业": 行业), the last of
        them naming the things listed ("哪些战略性新兴产业": 战略性, 新兴产业), past an everyday word that
        names nothing ("哪些具体项目": 项目)."""
        words: list[str] = []
        at = ask.end
        while group := next((g for g in groups if g.at == at and g.said), None):
            at += len(group.said)
            if self._topic_weight(group) > 0:
                words.append(group.said)
        return words

    def _says_alone(self, task: Task, word: str) -> bool:
        """Whether the task says the word somewhere other than inside a longer word of its own (材料 only in
        新材料 is not said alone)."""
        if word not in task.counts:
            return False
        said = self._said(task)
        inside = {
            at
            for longer in task.counts
            if word in longer and longer != word
            for m in re.finditer(re.escape(longer), said)
            for at in range(m.start(), m.end())
        }
        return any(m.start() not in inside for m in re.finditer(re.escape(word), said))

    @lru_cache(maxsize=RECENT_ANSWERS)  # noqa: B019 - one Answerer lives as long as its process
    def _said(self, task: Task) -> str:
        """A task's text as questions are read (simplified script, half-width)."""
        return normalize(task.text)

    def _asked_about(self, text: str, groups: list[_Group]) -> set[int]:
        """Where the groups are that an ask like 能不能… asks about: the things and acts it holds, or where it
        holds none ("散煤能烧吗", "自来水能直接喝吗"), the thing said before it in its clause."""
        at: set[int] = set()
        for start, end in self._asks.asked_after(text):
            place = in_a_place(text, start, end)
            if held := [
                g.at
                for g in groups
                if start <= g.at < end and g.at not in place and self._names_an_activity(g)
            ]:
                # With the act the documents say that it is done by ("能不能一条龙联动": 联动, not only 一条龙).
                at.update(held, (g.at for g in groups if start <= g.at < end and self._said_act(g)))
                continue
            # A phrase synonyms.txt rewrites that holds the ask is what is asked ("环保能不能过" == 项目环境准入).
            if holding := [
                g.at for g in groups if g.at < start < g.at + len(g.said) and g.said in self.store.rewrites
            ]:
                at.update(holding)
                continue
            # An ask at the very end ("噪声扰民的事文件里有没有", "…有没有说法") asks whether the documents
            # cover it: a topic. So does whether there is an act they say ("上项目有没有特殊准入要求": 准入).
            if (
                end == start
                or text[start:end].strip() in self.store.question_words
                or (
                    text.endswith(WHETHER_THERE_IS, 0, start)
                    and any(start <= g.at < end and self._said_act(g) for g in groups)
                )
            ):
                continue
            # Not a phrase that holds the ask itself (能建吗 is a synonym of 准入): it says what is asked,
            # not where ("民生项目在分区管控下还能支持吗" asks of 民生项目).
            clause = clause_start(text, start)
            place = in_a_place(text, clause, start)
            before = [
                g.at
                for g in groups
                if clause <= g.at
                and g.at + len(g.said) <= start
                and g.at not in place
                and (self._names_a_thing(g) or self._names_something_rare(g))
            ]
            at.update(sorted(before)[-1:])
        return at

    def _asked_unread(self, text: str, groups: list[_Group]) -> str | None:
        """What an ask like 能不能… asks about, where no word of the question stands for two characters of it
        or more ("能不能修坟", "死猪能不能埋"), and no document says it."""
        spans = self._asks.asked_after(text)
        read = {at for g in groups if g.said for at in range(g.at, g.at + len(g.said))} if spans else set()
        for start, end in spans:
            unread = "".join(c for at, c in enumerate(text[start:end], start) if at not in read)
            if (
                len(CJK_RUN.findall(unread)) == 1
                and UNREAD_ACT_CHARS[0] <= len(unread) <= UNREAD_ACT_CHARS[1]
                and not read.intersection(range(start, end))
                and not POINTING.search(unread)
            ):
                said = text[start:end].strip()
                return None if self._said_anywhere(said) or said in self.store.question_words else said
        return None

    def _acts_asked_of(self, text: str, groups: list[_Group]) -> set[int]:
        """Where a question of who does something, or how it is done, names an act no document says ("绿化带
        谁来修剪", "许可证由哪个部门核发", "平台怎么改签"): who leads a task is no answer to who does what it
        never mentions, nor how. Everyday acts (处理, 维护, 搞) ask who is in charge, or what the plan says,
        which the task on the topic answers."""
        at: set[int] = set()
        for asks in WHO_OR_HOW_ASKS.finditer(text):
            end = clause_end(text, asks.end())
            after = [g for g in groups if asks.end() <= g.at < end]
            last = max(after, key=lambda g: g.at, default=None)
            for g in after:
                # What the question ends on is the act asked of, jieba's noun tag or not ("谁来评审").
                ends_on = g is last and QUESTION_END.fullmatch(text, g.at + len(g.said))
                if (
                    self._is_rare_act(g) or (ends_on and self._names_a_thing(g))
                ) and not self._group_evidence(g):
                    at.add(g.at)
            # "自来水发黄找谁": who is asked of what happened, said right before the ask at the question's end.
            if WHO_ASKS.match(text, asks.start()) and QUESTION_END.fullmatch(text, asks.end()):
                before = [
                    g
                    for g in groups
                    if g.said and WHO_BEFORE.fullmatch(text, g.at + len(g.said), asks.start())
                ]
                at.update(g.at for g in before if self._is_rare_act(g) and not self._group_evidence(g))
        return at

    def _is_rare_act(self, group: _Group) -> bool:
        """Whether general text has the words as a verb it seldom uses (修剪, 发黄; not 处理 or 搞)."""
        known = self.store.general_idf(group.said)
        return known is not None and known.act and known.idf >= RARE_IDF

    def _subjects(self, text: str, groups: list[_Group]) -> list[_Group]:
        """Of what an ask like 要不要… asks about, who or what it is asked of: the thing said last before it,
        in its clause or, if the ask opens its clause, in the clause before ("俺想开个洗车店,要不要办排污许可":
        洗车店), not where it is done (在镇上)."""
        subjects = []
        for start, end in self._asks.obliged(text):
            if not any(start <= g.at < end and self._names_an_activity(g) for g in groups):
                continue  # what is asked about is the thing before the ask (_asked_about)
            clause = clause_start(text, start)
            if clause and not any(clause <= g.at < start for g in groups):
                clause = clause_start(text, clause - 1)
            place = in_a_place(text, clause, start)
            before = [
                g
                for g in groups
                if clause <= g.at
                and g.at + len(g.said) <= start
                and g.at not in place
                and (self._names_a_thing(g) or self._names_something_rare(g))
            ]
            subjects += sorted(before, key=lambda g: g.at)[-1:]
        return subjects

    def _own_words(self, group: _Group) -> list[str]:
        """The words that say what the question says: its own, and synonyms that rewrite them (随便扔 is
        随意丢弃, 补助 is 补贴, 监测 is short for 环境监视测定, and those synonyms.txt writes with ==: 搬进园区
        is 退城入园), not those that name the topic they belong to (机井 is about 地下水) or share only a
        character with it (三线一单 is not 准入清单)."""
        rewrites = self.store.rewrites.get(group.said, frozenset())
        return [w for w in group.words if w[0] in group.said or w in rewrites or _abbreviates(group.said, w)]

    def _of_its_kind(self, group: _Group, groups: list[_Group], tasks: list[Task]) -> bool:
        """Whether a task says what synonyms.txt names the group a kind of (盖房 < 建设用地) and something
        else the question says, which makes it the question's case: "污染过的地能盖房吗" is what 第25条 says
        of 建设用地 on polluted land; "高压线下面能不能盖房" no task says."""
        kinds = self.store.kinds.get(group.said)
        return bool(kinds) and any(
            any(w in task.counts for w in kinds)
            and any(
                w in task.counts and w not in kinds
                for g in groups
                if g is not group and self._topic_weight(g) > 0
                for w in g.words
            )
            for task in tasks
        )

    def _names_an_activity(self, group: _Group) -> bool:
        """Whether the words name a thing, or an act specific enough to be what is asked (放羊, 浇地; not 干活,
        打通, which general text uses for many things)."""
        if self._names_a_thing(group):
            return True
        # An act with a direction after it (写进去, 管起来) is rare in general text as a phrase, not for what
        # it names.
        known = self.store.general_idf(group.said)
        own = self.store.document_frequency(self._own_words(group))
        return (
            not any(own.values())  # 打井 is a synonym of 地下水, which says nothing of digging wells
            and not DIRECTED.search(group.said)
            and known is not None
            and known.idf >= RARE_IDF
        )

    def _said_act(self, group: _Group) -> bool:
        """Whether the words are an act a document says in them, not an everyday one (联动, 整治; not 干)."""
        known = self.store.general_idf(group.said)
        return (
            known is not None
            and known.act
            and not self._everyday_act(group)
            and any(self.store.document_frequency(self._own_words(group)).values())
        )

    def _names_something_rare(self, group: _Group) -> bool:
        """Whether general text weighs the words as rare and no document has them, whatever part of speech
        jieba gives them (农家乐 is tagged a person's name)."""
        known = self.store.general_idf(group.said)
        return (
            known is not None and not known.act and known.idf >= RARE_IDF and not self._group_evidence(group)
        )

    def _is_unsaid_noun(self, group: _Group) -> bool:
        """Whether the words are a noun (食堂, 电话) that no document says, nor a word it stands for (熏人
        stands for 大气)."""
        return (
            self._is_noun(group) and not self._group_evidence(group) and not self._said_anywhere(group.said)
        )

    def _names_unsaid_thing(self, group: _Group) -> bool:
        """Whether the words are a noun no document says that names a topic (食堂, 报表), not an everyday
        one (时间): what a department or township is asked of, not what it leads."""
        return self._is_unsaid_noun(group) and self._topic_weight(group) > 0

    def _is_noun(self, group: _Group) -> bool:
        """Whether general text has the words as a noun, however everyday (电话, 结果)."""
        known = self.store.general_idf(group.said)
        return known is not None and known.noun and not known.act

    def _names_an_act(self, group: _Group) -> bool:
        """Whether general text has the words as a verb it does not use for everything (招考, 公示; not 搞)."""
        known = self.store.general_idf(group.said)
        return known is not None and known.act and known.idf > GENERIC_IDF and not self._group_evidence(group)

    def _everyday_act(self, group: _Group) -> bool:
        """Whether general text uses the words as a verb for everything (作为, 推进), not a noun."""
        known = self.store.general_idf(group.said)
        return known is not None and known.act and known.idf <= GENERIC_IDF

    def _names_a_thing(self, group: _Group) -> bool:
        """Whether the words name what a detail is asked of: a topic (利用率), not an act (达到) or an
        everyday word that is no noun (一样, 直接)."""
        known = self.store.general_idf(group.said)
        everyday = known is not None and not known.noun and known.idf <= GENERIC_IDF
        return self._topic_weight(group) > 0 and not (known and known.act) and not everyday

    def _other_city(self, text: str) -> str | None:
        """A city no document names, asked about as the owner of what is asked ("石家庄市的…", "上海的…" at
        the start): its own plan is not this one. Places merely mentioned (承接北京天津的产业) pass."""
        named = [text[max(0, m.start() - n) : m.end()] for m in CITY_SUFFIX.finditer(text) for n in (4, 3, 2)]
        # At the start, only as the owner of what the documents are about ("广州的生态保护红线"), not of
        # anything ("新建的高铁站": 新建 is a district's name too).
        if (start := OWNER_AT_START.match(text)) and any(
            self._said_anywhere(text[start.end() : start.end() + n]) for n in range(2, OWNED_MAX + 1)
        ):
            named.append(start[1])
        for place in dict.fromkeys(named):
            city = place.removesuffix("市")
            if self.store.is_place_name(place) and city not in self._document_text + self._titles:
                return place
        return None

    def _said_anywhere(self, said: str) -> bool:
        """Whether some document uses these words (地方政策 is in 地方政策制定), in a task or its title (定州),
        so the note never claims the document does not mention them."""
        return (
            bool(self.store.document_frequency([said])[said])
            or said in self._document_text
            or said in self._titles
        )

    def _topic_weight(self, group: _Group, acts: bool = False) -> float:
        """How much a part of the question says what it is about: its idf in the corpus, discounted when
        general text shows it to be everyday language (企业, 作为); a word no task has counts by how much
        general text shows it to name a topic (罚款, 热线 do; 那个, 直接 do not)."""
        evidence = self._group_evidence(group)
        if evidence:
            topicality = self._topicality(group.said, nouns_only=False)
            share = 1.0 if topicality is None else topicality
            return evidence * (GENERIC_SHARE + (1 - GENERIC_SHARE) * share)
        # A compound general text lacks is named by its head, the word it ends with (小饭馆: 饭馆).
        heads = (group.said[start:] for start in range(len(group.said) - 1))
        topicality = next((t for head in heads if (t := self._topicality(head, not acts)) is not None), 0.0)
        return self._unknown_idf * topicality

    @cached_property
    def _unknown_idf(self) -> float:
        n = self.store.task_count
        return math.log(1 + (n - UNKNOWN_AS_DF + 0.5) / (UNKNOWN_AS_DF + 0.5))

    def _topicality(self, said: str, nouns_only: bool = True) -> float | None:
        """How much the words name a topic, 0 to 1, by their idf in general text; None if unknown there.
        Of words no task has, only nouns count: the rest of such a question says what happened, or where."""
        known = self.store.general_idf(said) if said else None
        if known is None:
            return None
        if nouns_only and not known.noun:
            return 0.0
        return min(max((known.idf - GENERIC_IDF) / (RARE_IDF - GENERIC_IDF), 0.0), 1.0)

    def _partial(
        self,
        question: str,
        missing: list[str],
        ranked: list[Result],
        corrections: list[tuple[str, str]],
        department: str | None,
    ) -> Answer:
        """The nearest tasks share words with the question but not what it is about: say what is missing."""
        # A department's name, blanked out of what is searched, is left out of the quote too.
        about = "、".join(f"「{BLANKED_NAME.sub('', said)}」" for said in self._quotable(missing))
        return Answer(
            question,
            "none",
            False,
            department=department,
            note=f"本文件没有直接提到{about}。" if about else NOT_COVERED,
            suggestions=ranked[:SUGGESTIONS],
            corrections=corrections,
        )

    def _quotable(self, missing: list[str]) -> list[str]:
        """What a note names, once each: a clause that asks is not quoted beside a word it holds (「音响」, not
        also 「广场舞音响开多大声有规定吗」), nor a word beside a longer one that holds it (「搬迁补偿」, not
        also 「补偿」)."""
        asking = {
            said
            for said in missing
            if QUESTION_MARKS.search(said)
            or any(ask.kind in STATED and ask.phrase != said for ask in self._asks.find(said))
        }

        def repeats(said: str, other: str) -> bool:
            return other not in asking and (other in said if said in asking else said in other)

        return [
            said for said in missing if not any(other != said and repeats(said, other) for other in missing)
        ]

    # --- questions that ask several things at once -------------------------------------------

    def _part_answers(
        self, text: str, groups: list[_Group], scored: list[_Scored]
    ) -> list[tuple[list[_Group], Result]]:
        """For a question in several parts ("噪声和地下水分别归哪条"), each part's words and best task;
        [] for a question that asks one thing."""
        parts = [[i for i, g in enumerate(groups) if start <= g.at < end] for start, end in self._parts(text)]
        # A part without a distinctive word has no confident answer of its own: no need to rank it.
        asked = [
            part for part in parts if any(self._group_evidence(groups[i]) >= MIN_EVIDENCE_IDF for i in part)
        ]
        if len(asked) < 2:
            return []
        answers = []
        for part in asked:
            if (ranked := self._ranked(scored, part)) and self._confident(ranked[0], groups):
                answers.append(([groups[i] for i in part], ranked[0]))
        return answers if len(answers) > 1 else []

    @lru_cache(maxsize=RECENT_ANSWERS)  # noqa: B019 - a question's parts are asked for three or four times
    def _parts(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the text is cut where staff join questions (start and end of each part), but not inside a
        word (和平) or inside a phrase the documents use themselves (国民经济与社会, 科工与信息化)."""
        joins = list(PART_JOINS.finditer(text))
        if not joins:
            return ()
        parts, start = [], 0
        for join in joins:
            if join[0].isalpha() and self._joins_a_phrase(text, join.start(), join.end()):
                continue
            parts.append((start, join.start()))
            start = join.end()
        parts.append((start, len(text)))
        parts = [(start, end) for start, end in parts if text[start:end].strip()]
        return tuple(parts) if len(parts) > 1 else ()

    def _joins_a_phrase(self, text: str, start: int, end: int) -> bool:
        """Whether the join is part of a word (和平, 涉及), where the question is cut so too (和声 is a word,
        but "防控和声环境管理" says 和 and 声环境), or of a phrase a document uses, two characters either side
        (经济与社会)."""
        if (
            end - start == 1
            and any(
                self.store.general_idf(text[a:b]) is not None
                for a, b in ((start - 1, end), (start, end + 1), (start - 1, end + 1))
                if a >= 0 and b <= len(text)
            )
            and not {start, end} <= self._cuts(text)
        ):
            return True
        window = text[max(start - JOINED_CONTEXT, 0) : end + JOINED_CONTEXT]
        return len(window) == end - start + 2 * JOINED_CONTEXT and window in self._document_text

    def _titles_named(self, text: str) -> set[str]:
        """The documents whose title has a word of the text that general text seldom uses and that not every
        title has, nor has all the characters of (分区管控, 大气污染; not 分工方案, said in "分工落实方案" too,
        nor 落实 or 关于), where there are several."""
        if len(self.store.documents) < 2:
            return set()
        known = self.store.general_idfs(w for w, _, _ in self.store.segmenter.tokens(text) if len(w) > 1)
        words = [w for w, general in known.items() if general is None or general.idf >= RARE_IDF]
        titles = self._titles_as_said
        distinct = [w for w in words if not all(set(w) <= set(said) for said in titles.values())]
        return {title for title, said in titles.items() if any(w in said for w in distinct)}

    @cached_property
    def _titles_as_said(self) -> dict[str, str]:
        """Each document's title, as questions are read."""
        return {d.title: normalize(d.title) for d in self.store.documents}

    @cached_property
    def _titles(self) -> str:
        return "\n".join(self._titles_as_said.values())

    @cached_property
    def _document_text(self) -> str:
        """The tasks' text as spelled, and what the documents say of the townships' part."""
        notes = [normalize(d.township_note) for d in self.store.documents if d.township_note]
        return "\n".join([*self._spelled[1], *notes])

    @staticmethod
    def _every_part_first(ranked: list[Result], bests: list[Result]) -> list[Result]:
        """The best task overall, then each part's best, then the rest: every part answered near the top."""
        chosen: dict[int, Result] = {}
        for result in ranked[:1] + bests:
            chosen.setdefault(result.task.id, result)
        cutoff = RELATIVE_CUTOFF * ranked[0].score
        for result in ranked[1:]:
            if len(chosen) >= TOPIC_RESULTS or result.score < cutoff:
                break
            chosen.setdefault(result.task.id, result)
        return list(chosen.values())[: max(TOPIC_RESULTS, len(bests) + 1)]

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
            department=self._names_of(departments) or None,
            note=f"本文件没有涉及{about}。",
            suggestions=ranked[:SUGGESTIONS] or self._nearest(question),
            corrections=corrections,
        )

    def _confident(self, best: Result, groups: list[_Group]) -> bool:
        """Enough evidence to quote a task: a high enough score, with a distinctive word among it."""
        evidence = max((self.store.idf(w) for w in best.matched), default=0.0)
        # "充电桩建设" shares only 建设 with a task: a word general text uses for everything names no topic,
        # unless the question's phrase it stands for does (培训 for 干部培训; 方案 for 三线一单, a synonym).
        named = len(set(best.matched)) > 1 or any(
            self._names_a_topic(word)
            or any(
                word in g.words and (g.said in self.store.synonyms or self._names_a_topic(g.said))
                for g in groups
            )
            for word in best.matched
        )
        return best.score >= MIN_SCORE and evidence >= MIN_EVIDENCE_IDF and named

    def _names_a_topic(self, said: str) -> bool:
        """Whether general text uses the words for a few things only (培训班, 分区管控), not everything (建设)."""
        known = self.store.general_idf(said)
        return known is None or known.idf > GENERIC_IDF

    # --- understanding the question ----------------------------------------------------------

    def _departments(self, text: str) -> tuple[list[int], str]:
        """Departments the question names (aliases, then slips like 农业农材局), and the text left over."""
        found: list[int] = []

        def add(alias: str) -> None:
            department = self.store.aliases[alias]
            if department not in found:
                found.append(department)

        matches = self._whole_aliases(text)
        for match in matches:
            add(match.phrase)
        text = self._alias_matcher.blank(text, matches)
        # "资规局(自然资源和规划)牵头哪些": brackets right after a name say the name again, not a topic.
        for match in matches:
            if (said := NAME_IN_BRACKETS.match(text, match.end)) and not DEPARTMENT_CUE.search(said[0]):
                text = blanked(text, said)
        # A name typed as pinyin letters ("gonganju 牵头哪条").
        for letters in LETTER_RUN.finditer(text):
            right = self.store.corrector.spelled(letters[0]) if len(letters[0]) >= PINYIN_LETTERS else None
            if right in self.store.aliases:
                add(right)
                text = blanked(text, letters)
        for shaped in DEPARTMENT_SHAPE.findall(text):
            # A slip in a department's name ends where the name does (农业农材局).
            ends = len(shaped)
            slips = self.store.corrector.corrections(shaped, lambda start, end, ends=ends: end == ends)
            right = next((r for _, _, r in slips if r in self.store.aliases), None)
            if right is None:
                match = process.extractOne(
                    shaped, self._aliases, scorer=fuzz.ratio, score_cutoff=DEPARTMENT_FUZZY_CUTOFF
                )
                right = match[0] if match else None
            if right:
                add(right)
                text = text.replace(shaped, " " * len(shaped))  # offsets stay those of the question
        return found, text

    def _unknown_department(self, text: str) -> tuple[int, int] | None:
        """A name shaped like a department's that neither data file lists and no document says ("保密局",
        "档案史志办"): a word ending in 局, 委, 办…, with the nouns right before it. Not an everyday word that
        ends so (布局, 格局, 邮局), nor one a document says (产业布局)."""
        suffixes = list(UNKNOWN_DEPARTMENT_END.finditer(text))
        tokens = self.store.segmenter.tokens(text) if suffixes else []
        starts = {start for _, start, _ in tokens}
        for suffix in suffixes:
            end = suffix.end()
            if suffix.start() == 0 or self.store.is_common_word(text[suffix.start() - 1 : end]):
                continue
            first = next(
                (a for a in range(end - 3, max(end - UNKNOWN_DEPARTMENT_MAX, 0) - 1, -1) if a in starts), None
            )
            if (
                first is None
                or not CJK_RUN.fullmatch(text[first:end])
                or self._said_anywhere(text[first:end])
            ):
                continue
            # The nouns before it name it too ("档案史志办"), not what asks ("想问下").
            for word, start, word_end in reversed(tokens):
                if word_end != first or len(word) < 2 or end - start > UNKNOWN_DEPARTMENT_MAX:
                    continue
                if word in self.store.question_words or not (
                    (known := self.store.general_idf(word)) and known.noun
                ):
                    break
                first = start
            # Its own words before 局 name it: not 这个, 哪个 or a lone 本.
            stem = text[first : suffix.start()]
            if (
                len(stem) < 2
                or QUESTION_CHAR.search(stem)
                or any(
                    word in self.store.question_words
                    or ((known := self.store.general_idf(word)) and known.idf <= GENERIC_IDF)
                    for word, _, _ in self.store.segmenter.tokens(stem)
                )
            ):
                continue
            return first, end
        return None

    def _whole_aliases(self, text: str) -> list[Match]:
        """The aliases the question names as words: a short one inside a longer word (民政 in 人民政府) is
        none, nor a bureau's line of work that ends inside one (统计口 in 统计口径; but 规划那边 in
        国土规划那边 is 规划局's)."""
        matches = list(self._alias_matcher.finditer(text))
        lines = self.store.line_aliases
        if all(len(m.phrase) > SHORT_ALIAS and m.phrase not in lines for m in matches):
            return matches
        cuts = self._cuts(text)

        def whole(m: Match) -> bool:
            if m.phrase in lines:
                return m.end in cuts
            return len(m.phrase) > SHORT_ALIAS or {m.start, m.end} <= cuts

        return [m for m in matches if whole(m)]

    def _cuts(self, text: str) -> set[int]:
        """Where the question is cut into words: every word's start and end."""
        return word_edges(self.store.segmenter.tokens(text))

    def _topic_groups(self, text: str) -> tuple[list[_Group], list[tuple[str, str]]]:
        """What the question asks about: synonym phrases, then words, with pinyin slips read as corpus words."""
        groups, corrections = self._read_topic_groups(text)
        return list(groups), list(corrections)

    @lru_cache(maxsize=ASKS_CACHED)  # noqa: B019 - a question's text is read again for its department or parts
    def _read_topic_groups(self, text: str) -> tuple[tuple[_Group, ...], tuple[tuple[str, str], ...]]:
        store = self.store
        groups: list[_Group] = []
        asking_phrases, matches = self._asking_and_synonym_phrases(text)
        said, text = text, self._question_matcher.blank(text, asking_phrases)
        starts, ends, asking = set(), set(), set()  # word boundaries, and positions of question words
        # A one-character question word may end a slip, kept as typed: 能 in "高好能" (高耗能).
        loose: set[int] = set()
        for match in matches:
            groups.append(replace(self._synonym_group(match.phrase, SYNONYM_WEIGHT), at=match.start))
            starts.add(match.start)
            ends.add(match.end)
        # The phrases are blanked out with as many spaces, so offsets in `rest` are offsets in `text`.
        rest = self._synonym_matcher.blank(text, matches)
        unknown: set[int] = set()  # positions of characters in words the corpus does not know
        token_groups: list[tuple[range, _Group]] = []
        tokens = store.segmenter.tokens(rest)
        words_of = {token: self._words(token) for token, _, _ in tokens}
        df = store.document_frequency(w for words in words_of.values() for w in words)  # one query for all
        unknown_tokens = {
            (start, end)
            for token, start, end in tokens
            if token not in store.question_words
            and not any(df[w] for w in words_of[token])
            and CJK_RUN.fullmatch(token)
        }
        # The compact dictionary may cut a word of its own out of two everyday ones (通/报批/评).
        straddling = self._straddling(rest, unknown_tokens)
        for token, start, end in tokens:
            starts.add(start)
            ends.add(end)
            if token in store.question_words:
                asking.update(range(start, end))
                if len(token) == 1:
                    loose.add(start)
                continue
            if (start, end) in unknown_tokens:
                wider = 1 if (start, end) in straddling else 0
                unknown.update(range(start - wider, end + wider))
                # A word the dictionary lacks is jieba's guess: one that holds a question character
                # (报哪备按: 哪备/按) is cut around it, so a slip may start right after it or end before it.
                for at in (start + m.start() for m in QUESTION_CHAR.finditer(token)):
                    starts.add(at + 1)
                    ends.add(at)
            elif len(token) > 1 or token.isdigit():
                token_groups.append((range(start, end), _Group(words_of[token], token, start)))
        corrections: list[tuple[str, str]] = []
        corrected: set[int] = set()
        fixes: list[tuple[range, str]] = []  # where a slip was typed, and the word it is read as
        if unknown:  # an ask is typed as meant: 几号 is no slip for 绩效
            # (found in the question as said, as every other look for asks does: one look a question)
            asking.update(at for ask in self._asks.find(said) for at in range(ask.start, ask.end))
        named = {m.end() for m in TOWNSHIP_NAME.finditer(text)} if unknown else set()
        for run in CJK_RUN.finditer(text) if unknown else ():

            def allowed(start: int, end: int, offset: int = run.start()) -> bool:
                if offset + start not in starts or offset + end not in ends or offset + end in named:
                    return False
                window = range(offset + start, offset + end)
                return (
                    not (asking - loose).intersection(window)
                    and loose.intersection(window) <= {window[-1]}
                    and bool(unknown.intersection(window))
                )

            for at, slip, right in store.corrector.corrections(run[0], allowed):
                if right not in store.synonyms and not store.document_frequency([right])[right]:
                    continue  # a word kept whole for segmenting (地膜) that no document says finds nothing
                if right not in store.synonyms and store.idf(right) < SPECIFIC_IDF:
                    continue  # "油罐" sounds like 有关, but a word in many tasks tells nothing apart
                if self._changes_a_real_word(slip, right) or self._joins_a_word(slip, right):
                    continue  # "老厂子" is 老 and 厂子, not a slip for 老厂址
                window = range(run.start() + at, run.start() + at + len(slip))
                if (held := loose.intersection(window)) and (
                    any(text[i] != right[i - window.start] for i in held)
                    or not store.document_frequency([right])[right]
                ):
                    continue  # a document's word with "能" as typed, not a question phrase (会不会变)
                if self._cut_across(text, window, unknown):
                    continue  # "能建光伏板吗": 光伏 is a word, and 建光 no slip for 监管
                corrections.append((slip, right))
                corrected.update(window)
                groups.append(replace(self._synonym_group(right, CORRECTION_WEIGHT), at=window.start))
                if len(slip) == len(right):
                    fixes.append((window, right))
        # A slip inside a synonym phrase ("多久跳整一次") reads as the phrase once it is corrected (多久调整).
        if fixes:
            fixed = list(said)
            for window, right in fixes:
                fixed[window.start : window.stop] = right
            matched = {(m.start, m.end) for m in matches}
            for phrase in self._asking_and_synonym_phrases("".join(fixed))[1]:
                if (phrase.start, phrase.end) in matched or not any(
                    phrase.start <= w.start and w.stop <= phrase.end for w, _ in fixes
                ):
                    continue
                groups = [g for g in groups if not phrase.start <= g.at < phrase.end]
                groups.append(replace(self._synonym_group(phrase.phrase, CORRECTION_WEIGHT), at=phrase.start))
                corrected.update(range(phrase.start, phrase.end))
        # Pinyin typed as letters, characters never picked ("zaosheng谁管"), reads as the word it spells,
        # alone or with the characters typed around it ("地xia水").
        for letters in LETTER_RUN.finditer(rest):
            at, end = letters.span()
            right = None
            if spelled := store.corrector.spelled_among(rest, at, end):
                at, end, right = spelled
            elif len(letters[0]) >= PINYIN_LETTERS:
                right = store.corrector.spelled(letters[0])
            if right and (right in store.synonyms or store.document_frequency([right])[right]):
                corrections.append((rest[at:end], right))
                corrected.update(range(at, end))
                groups.append(replace(self._synonym_group(right, CORRECTION_WEIGHT), at=at))
        groups.extend(group for span, group in token_groups if not corrected.issuperset(span))
        groups.extend(self._everyday_groups(text, unknown - corrected))
        return tuple(groups), tuple(corrections)

    def _asking_and_synonym_phrases(self, text: str) -> tuple[list[Match], list[Match]]:
        """The question phrases and the synonym phrases of the text, apart: a question phrase inside a
        longer synonym phrase is part of it ("多长时间调整" asks about 定期调整, not only how long), and a
        synonym phrase that overlaps a question phrase otherwise gives way to it."""
        synonyms = list(self._synonym_matcher.finditer(text))

        def inside(q: Match) -> bool:
            return any(
                s.start <= q.start and q.end <= s.end and s.end - s.start > q.end - q.start for s in synonyms
            )

        asking = [q for q in self._question_matcher.finditer(text) if not inside(q)]
        straddling = self._straddling(text, ((s.start, s.end) for s in synonyms))
        kept = [
            s
            for s in synonyms
            if not any(q.start < s.end and s.start < q.end for q in asking)
            and (s.start, s.end) not in straddling
        ]
        if any(len(s.phrase) == 1 for s in kept):
            # A one-character synonym inside a longer word some document says, or general text has, is part
            # of it: 党 in 党政领导干部, 水 in 水泥.
            tokens = [
                (word, start, end) for word, start, end in self.store.segmenter.tokens(text) if len(word) > 1
            ]
            df = self.store.document_frequency(word for word, _, _ in tokens)  # one query for them all
            common = self.store.common_words(word for word, _, _ in tokens)
            words = [(start, end) for word, start, end in tokens if df[word] or word in common]
            kept = [
                s for s in kept if len(s.phrase) > 1 or not any(a <= s.start and s.end <= b for a, b in words)
            ]
        return asking, kept

    def _straddling(self, text: str, spans: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
        """The spans of text read across two everyday words, each sharing a character with it: 报批 in
        "通报批评" is 通报 and 批评."""
        edges = {
            (start, end): (text[start - 1 : start + 1], text[end - 1 : end + 1])
            for start, end in spans
            if start > 0 and end < len(text)
        }
        common = self.store.common_words(word for pair in edges.values() for word in pair)
        return {span for span, (left, right) in edges.items() if left != right and {left, right} <= common}

    def _cut_across(self, text: str, window: range, unknown: set[int]) -> bool:
        """Whether general text has a noun, among characters the corpus does not know, that the window cuts
        in two: the compact dictionary's guess at words it lacks (建光/伏板) is no slip."""
        spans = [
            (start, end)
            for start in range(window.start - EVERYDAY_WORD_MAX + 1, window.stop)
            for end in range(max(start, window.start) + 1, start + EVERYDAY_WORD_MAX + 1)
            if end - start > 1
            and (start < window.start < end < window.stop or window.start < start < window.stop < end)
            and unknown.issuperset(range(start, end))
        ]
        known = self.store.general_idfs(text[start:end] for start, end in spans)
        return any(word is not None and word.noun and not word.act for word in known.values())

    def _changes_a_real_word(self, slip: str, right: str) -> bool:
        """Whether reading the slip as the corpus word would change a character of an everyday word in it."""
        if len(slip) != len(right) or len(slip) < 3:
            return False
        changed = [i for i, (a, b) in enumerate(zip(slip, right, strict=True)) if a != b]
        if len(changed) == 1 and len(slip) >= LONG_SLIP:
            return False  # "生物多阳性": one character off a long word, whatever everyday word it makes
        return any(
            self.store.is_common_word(slip[start : start + length])
            for i in changed
            for length in (2, 3)
            for start in range(max(0, i - length + 1), min(i, len(slip) - length) + 1)
            if length < len(slip)
        )

    def _joins_a_word(self, slip: str, right: str) -> bool:
        """Whether the slip is a word some document says and a character that joins it to the next ("准入跟
        别处": 准入 and 跟, not a slip for 准入关), the one character the corpus word would change."""
        if len(slip) != len(right) or len(slip) < 3:
            return False
        changed = [i for i, (a, b) in enumerate(zip(slip, right, strict=True)) if a != b]
        if changed not in ([0], [len(slip) - 1]) or not PART_JOINS.fullmatch(slip[changed[0]]):
            return False
        rest = slip[1:] if changed == [0] else slip[:-1]
        return bool(self.store.document_frequency([rest])[rest])

    def _everyday_groups(self, text: str, unknown: set[int]) -> list[_Group]:
        """The words of the question the corpus does not know, as general text cuts them (the compact
        dictionary lets jieba guess: 宅基地 comes out as 宅/基地, 石家庄 as 石家/庄)."""
        if not unknown:
            return []
        spans = [
            (at, end)
            for at in sorted(unknown)
            for end in range(min(len(text), at + EVERYDAY_WORD_MAX), at + 1, -1)
            if unknown.issuperset(range(at, end))
            # "红线内能…": a place's 内 ends the document's word before it; 内能 is no word here.
            and not (text[at] in PLACE_ENDS and at and CJK_RUN.match(text, at - 1) and at - 1 not in unknown)
        ]
        known = self.store.general_idfs([text[at:end] for at, end in spans])
        # The cut general text makes likeliest, as jieba's is: the least idf in all, a character left alone
        # costing as much as the rarest words ("县里有志愿者" is 县里/有/志愿者, not 县里/有志/愿者).
        best: dict[int, tuple[float, list[tuple[int, int]]]] = {0: (0.0, [])}
        for end in range(1, len(text) + 1):
            cost, cut = best[end - 1]
            best[end] = (cost + (LONE_CHARACTER_IDF if end - 1 in unknown else 0.0), cut)
            for start in range(max(0, end - EVERYDAY_WORD_MAX), end - 1):
                word = known.get(text[start:end])
                if word is not None and unknown.issuperset(range(start, end)):
                    cost, cut = best[start]
                    if cost + word.idf < best[end][0]:
                        best[end] = (cost + word.idf, [*cut, (start, end)])
        return [_Group({text[a:b]: 1.0}, text[a:b], a) for a, b in best[len(text)][1]]

    def _synonym_group(self, phrase: str, weight: float) -> _Group:
        """A phrase stands for its own words and, if it is a synonym, for the document words it means too.

        A synonym adds words and never takes the question's own away: 秸秆焚烧 means 大气 in one plan, and
        another plan that says 秸秆焚烧, or 秸秆 and 焚烧, is found by those words. The phrase as said
        counts more than the synonym's targets; the words inside it, less (污染 in 大气污染 is everywhere).
        """
        own = {w: weight * v for w, v in self._words(phrase).items()}
        if phrase in self.store.synonyms:
            # "工业集中区" is a synonym of 产业园区 and also 第27条's own words.
            # A distinctive word inside the phrase (秸秆 in 秸秆焚烧) counts as much as the synonym's targets;
            # one general text uses for everything (工业 in 搬进工业园区) does not.
            own = {
                w: max(v / weight, weight)
                if self.store.idf(w) >= DISTINCTIVE_IDF and self._names_a_topic(w)
                else v / weight
                for w, v in own.items()
            }
            if self.store.document_frequency([phrase])[phrase]:
                weight *= VERBATIM_SYNONYM_SHARE  # a document says it as the question does: 冒黑烟
            return _Group({**dict.fromkeys(self.store.synonyms[phrase], weight), **own}, phrase)
        return _Group(own, phrase)

    def _words(self, phrase: str) -> dict[str, float]:
        """Index words for a phrase: the phrase itself at full weight, its parts a little less."""
        return dict(self._phrase_words(phrase))

    @lru_cache(maxsize=20_000)  # noqa: B019 - one Answerer lives as long as its process
    def _phrase_words(self, phrase: str) -> tuple[tuple[str, float], ...]:
        cut = self.store.segmenter.cut(phrase)
        words = {
            w: SUBWORD_WEIGHT for w in self.store.segmenter.search_words(cut) if len(w) > 1 or w.isdigit()
        }
        words[phrase] = 1.0
        for word in cut:
            words[word] = 1.0
        return tuple(words.items())

    def _group_evidence(self, group: _Group) -> float:
        if group.evidence is None:
            df = self.store.document_frequency(list(group.words))
            group.evidence = max((self.store.idf(w) for w, n in df.items() if n), default=0.0)
        return group.evidence

    def _specific(self, groups: list[_Group]) -> bool:
        """Whether the topic words point at a few tasks rather than at everything a department does."""
        return any(self._group_evidence(g) >= SPECIFIC_IDF for g in groups)

    # --- ranking -----------------------------------------------------------------------------

    def _rank(self, groups: list[_Group], departments: Iterable[int]) -> list[Result]:
        return self._ranked(self._scores(groups, departments))

    def _scores(self, groups: list[_Group], departments: Iterable[int]) -> list[_Scored]:
        """Each candidate task with what each group scores in it (bm25 of its best word) and its boost."""
        store = self.store
        all_words = list({w for g in groups for w in g.words})
        ids = store.candidates(all_words)
        tasks = store.tasks_by_id(ids)
        df = store.document_frequency(all_words)
        # Only words some task has can score: each with its weight times idf, worked out once.
        found = [[(w, weight * store.idf(w)) for w, weight in g.words.items() if df[w]] for g in groups]
        boosted = set(departments)
        scoring = {w for words in found for w, _ in words}
        scored = []
        for task in tasks.values():
            counts = task.counts
            if scoring.isdisjoint(counts):
                continue  # scores nothing: never ranked, for the question or a part of it
            norm = K1 * (1 - B + B * len(task.words) / store.average_length)
            per_group: list[tuple[float, str | None]] = []
            total = 0.0
            for words in found:
                best, best_word = 0.0, None
                for word, weighted_idf in words:
                    tf = counts.get(word, 0)
                    if tf:
                        s = weighted_idf * tf * (K1 + 1) / (tf + norm)
                        if s > best:
                            best, best_word = s, word
                per_group.append((best, best_word))
                total += best
            # Each department named that leads the task: "高新区跟环保局一起…" fits a task both lead best.
            boost = DEPARTMENT_BOOST ** len(
                boosted & {store.department_ids[n] for n in task.lead_departments}
            )
            scored.append(_Scored(task, per_group, boost, total * boost))
        return scored

    def _said_first(
        self, ranked: list[Result], groups: list[_Group], text: str, corrections: list[tuple[str, str]]
    ) -> list[Result]:
        """Of two tasks scored within a close call, one that has a word of the question as it is said
        goes ahead of one found through synonyms only: "废弃坑塘想搞生态修复" says 生态修复 (第10条), and
        坑塘 is only water (第24条). A word said inside one of the question's phrases (取暖 of 清洁取暖) is
        said, and so is what synonyms.txt rewrites a phrase as (搬园区 == 退城入园), and a slip's word."""
        if len(ranked) < 2 or ranked[1].score < CLOSE_CALL * ranked[0].score:
            return ranked
        first, second = ranked[:2]
        rewrites = {w for g in groups for w in self.store.rewrites.get(g.said, ())}
        # A word typed with a slip is said as the word it is read as (生太修复: 生态修复).
        read = " ".join(right for _, right in corrections)

        def said(result: Result) -> bool:
            return any(w in text or w in rewrites or w in read for w in result.matched)

        if not said(first) and said(second):
            return [second, first, *ranked[2:]]
        return ranked

    @staticmethod
    def _ranked(scored: list[_Scored], chosen: list[int] | None = None) -> list[Result]:
        """Tasks ranked by what the question's groups score in them, or only the chosen ones (a part's)."""
        if chosen is None:
            scores = [(-s.total, s.task.id, s) for s in scored if s.total > 0]
        else:
            scores = [(-sum(s.per_group[i][0] for i in chosen) * s.boost, s.task.id, s) for s in scored]
        # Answers show a few tasks: only those are made into results.
        best = [(-score, s) for score, _, s in heapq.nsmallest(RANKED, scores) if score < 0]
        picked = range(len(scored[0].per_group)) if chosen is None and scored else chosen or ()
        return [
            Result(s.task, score, tuple(w for i in picked if (w := s.per_group[i][1]))) for score, s in best
        ]

    @lru_cache(maxsize=RECENT_ANSWERS)  # noqa: B019 - one Answerer lives as long as its process
    def _said_after(self, word: str) -> tuple[str, str] | None:
        """The one word the documents always say right before this one, if they say it twice or more
        (许可: 排污), and the text of the tasks that say it; none above NEAREST_MAX_TASKS tasks."""
        text = self._document_text
        # Only a word said twice or more, each time after the same two characters, can be (one look, no cutting).
        if text.count(word) < BOUND_OCCURRENCES:
            return None
        if len({text[max(0, m.start() - 2) : m.start()] for m in re.finditer(re.escape(word), text)}) > 1:
            return None
        kinds, count, saying = set(), 0, []
        for said in self._spelled[1]:
            for m in re.finditer(re.escape(word), said):
                start = max(0, m.start() - KIND_WINDOW)
                cuts = [at for _, at, _ in self.store.segmenter.tokens(said[start : m.end()])]
                modifier = said[
                    start + max((at for at in cuts if at < m.start() - start), default=0) : m.start()
                ]
                if len(modifier) < 2 or not CJK_RUN.fullmatch(modifier):
                    return None
                kinds.add(modifier)
                count += 1
            saying += [said] if word in said else []
        # 生态环境准入清单 and 准入清单 say one kind.
        kind = min(kinds, key=len, default="")
        bound = kind and all(k.endswith(kind) for k in kinds) and count >= BOUND_OCCURRENCES
        return (kind, "\n".join(saying)) if bound else None

    def _another_kind(self, text: str, group: _Group, groups: list[_Group]) -> str | None:
        """The words the question says a document's word with, where they make it another kind of thing than
        the documents' one ("取水许可": the documents say only 排污许可), as the question says them."""
        said_after = next(filter(None, map(self._said_after, self._document_words_of(group))), None)
        if said_after is None:
            return None
        kind, saying = said_after
        modifier = next((g for g in groups if g.said and g.at + len(g.said) == group.at), None)
        if modifier is None or any(w in kind or w in saying for w in (modifier.said, *modifier.words)):
            return None  # 生态红线, 保护红线; 干部培训
        if REACHED.fullmatch(modifier.said):
            return None  # "碰上红线", "划进红线": a verb and what it reaches, not a kind of it
        if self._sounds_in(modifier.said, saying):
            return None  # 人材培训: 人才, typed by its sound
        # With the words right before it: 「安全生产红线」, not 「生产红线」.
        return text[self._run_start(groups, modifier) : group.at + len(group.said)]

    def _document_words_of(self, group: _Group) -> list[str]:
        """The word as typed, if it is one of the group's; where the documents never say it, also the longest
        of its words it starts with that they do (许可证, a synonym of 排污许可: 许可)."""
        if not group.said or group.said not in group.words:
            return []
        if group.said in self._document_text:
            return [group.said]
        starts = [w for w in group.words if len(w) > 1 and w != group.said and group.said.startswith(w)]
        return [group.said, *sorted(starts, key=len, reverse=True)[:1]]

    def _sounds_in(self, word: str, text: str) -> bool:
        """Whether the text has a word that reads as this one does, character by character (人材: 人才)."""
        said = {w for w, _, _ in self.store.segmenter.tokens(text) if len(w) == len(word)}
        readings = self.store.readings(word + "".join(said))
        sounds = [set(readings.get(ch, ())) for ch in word]
        return all(sounds) and any(
            all(sound & set(readings.get(ch, ())) for sound, ch in zip(sounds, other, strict=True))
            for other in said
        )

    @cached_property
    def _spelled(self) -> tuple[list[Task], list[str]]:
        """Every task with its normalised text, for spelling-based suggestions in a small corpus."""
        if self.store.task_count > NEAREST_MAX_TASKS:
            return [], []
        tasks = self.store.all_tasks()
        return tasks, [self._said(t) for t in tasks]

    def _nearest(self, question: str) -> list[Result]:
        """Tasks whose text looks most like the question, for a question nothing matched."""
        tasks, texts = self._spelled
        # partial_ratio's cost grows with the question's length times the task's: a pasted page would
        # take seconds, and its first words say as much about what it is near.
        text = normalize(question[:NEAREST_CHARS])
        scored = process.extract(text, texts, scorer=fuzz.partial_ratio, limit=SUGGESTIONS)
        return [Result(tasks[i], score / 100) for _, score, i in scored]


def is_asked(text: str) -> bool:
    """Whether the words ask a question: a question mark or word ("乡镇要干啥"), or A不A ("乡镇要不要落实")."""
    return bool(QUESTION_MARKS.search(text) or A_NOT_A.search(text))


def blanked(text: str, match: re.Match[str]) -> str:
    """The text with what the match found replaced by as many spaces, so offsets stay."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def positions(text: str, *patterns: re.Pattern[str]) -> set[int]:
    """The positions of the text that any of the patterns matches."""
    return {at for pattern in patterns for m in pattern.finditer(text) for at in range(*m.span())}


def _abbreviates(short: str, long: str) -> bool:
    """Whether the characters of `short` come in `long` in order, as a Chinese abbreviation takes them
    (监测 from 环境监视测定, 环评 from 环境影响评价)."""
    chars = iter(long)
    return all(char in chars for char in short)
