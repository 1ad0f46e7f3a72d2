"""Asks for a detail a plan may not state (corpus/detail_asks.txt), found where a question says them.

Each line of the data file is one ask; its marks say what it asks about:
- a plain phrase names what is asked itself (补贴, 电话号码, 去哪交);
- "…X" asks about the thing said before it ("许可证怎么申请": the 许可证);
- "X…" asks about what follows it, to the end of its clause ("能不能钓鱼": 钓鱼);
- "A…B?" frames what it asks about, where a clause ends ("能钓鱼吗": 钓鱼);
- "数:X" asks an amount (多久, 多大), which only a task that states one answers;
- "列:X" asks for a list (具体包括哪些), which only a task that lists things (A、B、C) answers;
  "列:X…" a list of the thing said right after it (哪些行业: a task must list 行业), and nothing else;
- "日:X" asks a date (哪一年), which only a task that states one (2025年, 年底前) answers, not a period;
- "地:X" asks whether a place is in a zone (属于, 是不是在): only a task that names the place answers;
- "准:X" asks whether what its clause says before it is allowed ("河边种菜行不"), as "X…" does after it;
- "选:X" asks which of two ("市里批还是省里批"): a task must say one of them, or the place asked of;
- "X?" counts only where a clause ends with it ("税率多少?", not "划了多少个单元").
The answerer decides whether a task answers an ask; this module only finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from .phrases import Match, PhraseMatcher
from .segment import word_edges
from .text import normalize

NAMES, BEFORE, AFTER, AMOUNT, LIST, DATE, PLACE, CHOICE = (
    "names",
    "before",
    "after",
    "amount",
    "list",
    "date",
    "place",
    "choice",
)
LIST_OF = "list of"  # a list of the thing said right after the ask ("哪些行业"); no ask without one
ALLOWED = "allowed"  # whether what its clause says before it is allowed ("河边种菜行不")
# Asks whose question is what the words around them say: weighed in what a task must cover.
ASKED_AROUND = (AFTER, ALLOWED)
# The data file's "…", which normalising makes "...".
DOTS = normalize("…")
# The marks of asks that only a task stating such a thing (an amount, a list, a date, the place) answers.
LIST_MARK = "列:"
MARKS = {"数:": AMOUNT, LIST_MARK: LIST, "日:": DATE, "地:": PLACE, "准:": ALLOWED, "选:": CHOICE}
# A stated amount: a number and what it counts ("每5年", "30毫克", "三类"), not "一样" or "一岗".
AMOUNT_STATED = re.compile(
    r"(?:[0-9]+(?:\.[0-9]+)?|[二三四五六七八九十百千万两半]|[一二三四五六七八九十百千万两]{2,})\s*"
    r"(?:个|年|月|天|日|周|小时|分钟|米|公里|千米|亩|公顷|平方|元|万|亿|家|类|级|次|分贝|%|倍|吨|克|毫克|微克|度)"
    # A time said without a number answers when: 及时移送, 定期调整, 每年, 年底前.
    r"|及时|定期|每年|每季度|每月|年底|月底|年前|之前"
    # A number of its own, such as a telephone number ("举报热线12369"): what "热线是多少" asks.
    r"|(?<![0-9])[0-9]{3,}(?![0-9.])"
)
# An amount asked in a measure word ("几天", "多少人", "几个学时"): only a number counted in it, or in one that
# says the same, states it ("公示期是几天" is not answered by 每5年). "多久", "多少个" name no measure.
ASKED_IN = re.compile(r"(?:有|一共|共|总共)?(?:多少|几)个?(?P<measure>[\u4e00-\u9fff]+)$")
# Measures a plan counts its own parts in: "有几条", "多少项任务" and "几个部门牵头" (几个局, 几个单位) ask which
# tasks and who leads them, not an amount.
PLAN_PARTS = frozenset(
    ["条", "项", "款", "任务", "项任务", "条任务", "部门", "个部门", "局", "个局", "单位", "个单位"]
)
# Departments counted right after an amount the data file lists, and asked of as leads ("有几个部门牵头", "由多少
# 个局负责"; not "全市有几个部门"): who leads is asked, which every task states.
LEADS_COUNTED = re.compile(r"(?:个|家)?(?:部门|局|单位)(?:来|一起|共同)?(?:牵头|负责|参与|配合|管)")
# What every amount asked starts with.
AMOUNT_CUE = re.compile("几|多少")
# What asks something else after an amount: "几个制度联动谁牵头" asks who.
ASKED_LATER = re.compile(r"[谁哪啥咋怎]|什么|如何|是否")
# What says which ones before a number ("第几条", "哪几个", "这几个系统", "这几块"): no amount is asked.
WHICH_ONE = "第哪这那"
SAME_MEASURE = (
    {"天", "日", "工作日"},
    {"人", "名", "位"},
    {"元", "万", "亿", "块"},
    {"学时", "课时"},
    {"次", "回", "遍", "趟"},
)
# A share asked, and stated: "占比多少" is answered by "30%" or "三成", not by "每5年".
RATIO_ASKED = re.compile(r"比例|占比|百分比|比重")
RATIO_STATED = re.compile(r"[0-9]\s*%|百分之|[一二三四五六七八九十]成")
# A standard asked for ("按什么标准分") is stated by a number, or by what the text says it goes by ("按照土壤污染
# 程度和有关标准").
STANDARD_ASKED = re.compile(r"按照?(?:什么|啥|哪个)标准")
STANDARD_STATED = re.compile(r"按照[^,。;:]*标准")
NUMBER = r"(?:[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千万两半]+)"
# A stated date: a year, a month, a day ("2025年", "10月底前", "年底"), not a period ("每5年").
DATE_STATED = re.compile(
    r"(?:19|20)[0-9]{2}\s*年|(?<![0-9])(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月(?!份?内)|年底|月底|[0-9]{1,2}\s*日"
)
# An amount asked that asks when: a deadline written beside a task answers it.
WHEN_ASKED = re.compile(r"什么时候|啥时候|何时|什么时间|啥时间|几时|啥时|多会儿|时限|截止|期限")
# A list stated: three items or more ("信息智能、生物制药、新材料").
LIST_STATED = re.compile(r"[^、,;。]{1,16}、[^、,;。]{1,16}、")
# Where a clause lists things: items joined by 、, and what they are after them ("高耗水、高污染行业").
LISTING = re.compile(r"[^,;。]*、[^,;。]*")
# Where a list follows what it is of ("“六个百分之百”要求,即…围挡、…覆盖、…"): the words that introduce it.
LIST_INTRODUCED = re.compile(r"[^。;、]{0,6}?(?:即|包括|包含|分别为|分别是|:)[^。;]*、")
# What a task must say to answer an ask of these kinds.
STATED = {AMOUNT: AMOUNT_STATED, LIST: LIST_STATED, LIST_OF: LIST_STATED, DATE: DATE_STATED}
# The asker's own place ("俺镇", "我们村", "咱这片"): no plan names it.
OWN_PLACE = re.compile(r"(?:俺|咱|我)们?(?:的|家)?(?:村|镇|乡|街道|社区|这片|这块|那片|这里|这儿)")
# A village, a town or a business by name ("北庄村", "开元镇", "旭阳焦化"), not after a word that ends a
# phrase (的北庄村).
NAMED_PLACE = re.compile(
    r"(?:(?![的了在是说和与到里把被我你他这那个俺咱们])[\u4e00-\u9fff]){2,3}(?:村|镇|乡|庄|公司|集团|焦化|化工|厂)"
)
# Where a clause ends: an ask written "多少?" counts only before one of these.
# One space between two characters breaks clauses as a comma does, typed on a phone ("划进重点区了 要咋管");
# more are a name blanked out ("我在   上班").
SPACE_BREAK = r"(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff])"
CLAUSE_END = re.compile(rf"{SPACE_BREAK}|\s*(?:$|[?!。,;、吗呢啊呀])")
# Punctuation between clauses; and where a question goes on after an ask (a list going on, too: 、).
CLAUSE_BREAK = re.compile(rf"[?!。,;]|{SPACE_BREAK}")
# "划多少个管控单元这个事归哪条管" asks which task says it: 这个事 takes up what was said, as a comma would.
QUESTION_GOES_ON = re.compile(rf"[?!。,;、]|{SPACE_BREAK}|这个?事(?=[\u4e00-\u9fff])")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Characters that end a place ("红线内", "河边"), not a word with what follows.
LOCATIVES = "内里上边外中下旁"
# Where something is done, not what is done: "能不能在唐河里游泳" asks about 游泳.
DONE_AT = re.compile(rf"在[^在?!。,;]{{1,8}}?(?:里面|里头|边上|旁边|附近|周边|[{LOCATIVES}])")
# A clause that starts with where it happens ("唐河边上钓鱼", "红线范围里盖房子"), not with 哪里 ("…哪里能看").
PLACE_FIRST = re.compile(r"[^?!。,;]{1,8}?(?:里面|里头|边上|旁边|附近|周边|(?<!哪)[内里上边外中旁])")
# An ask of whether something must be done (要不要…, 需要…吗, 用不用…), not whether it may be (能不能…).
OBLIGATION = re.compile(r"要|需|用不用|必须")
# The most characters a frame like "能…吗?" holds: what it asks about is short ("能钓鱼不").
FRAMED_MAX = 12
# The longest clause a "not directly mentioned" note quotes.
NAMED_CLAUSE_MAX = 14
# Questions whose asks are remembered: each is looked for two or three times while one is answered.
ASKS_CACHED = 256


def ask_line(line: str) -> tuple[str, str, bool]:
    """A line of the data file that is no frame, as the phrase it asks in, its kind, and whether it asks only
    where a clause ends on it ("？")."""
    mark = next((m for m in MARKS if line.startswith(m)), "")
    kind = (
        LIST_OF
        if mark == LIST_MARK and line.endswith(DOTS)
        else MARKS[mark]
        if mark
        else BEFORE
        if line.startswith(DOTS)
        else AFTER
        if line.endswith(DOTS)
        else NAMES
    )
    bare = line.removeprefix(mark).removeprefix(DOTS).removesuffix(DOTS)
    return bare.removesuffix("?"), kind, bare.endswith("?")


def is_frame(line: str) -> bool:
    """Whether the line frames what it asks about ("能…吗？")."""
    return DOTS in line.strip(DOTS)


@dataclass(frozen=True)
class Ask:
    """One ask as a question says it."""

    phrase: str
    start: int
    end: int
    kind: str  # NAMES, BEFORE, AFTER, or one of MARKS


class Asks:
    """The asks of a corpus, found in questions."""

    def __init__(
        self,
        lines: Iterable[str],
        is_word: Callable[[str], bool],
        tokens: Callable[[str], Iterable[tuple[str, int, int]]],
        amount_words: frozenset[str] = frozenset(),
        is_counted: Callable[[str], bool] = lambda word: False,
        is_said: Callable[[str], bool] = lambda word: False,
    ):
        self._amount_words = amount_words  # 几份, 几台, 多少: numbers that ask how many (bot/index.py)
        self._is_counted = is_counted  # whether an amount is counted in a word (人, 经费; not 由)
        self._is_word = is_word  # whether general text has these characters as one word (功能, 能源)
        self._is_said = is_said  # whether a document says these characters as a word (查处)
        self._tokens = tokens  # how the question is cut into words (word, start, end)
        self._kinds: dict[str, str] = {}
        self._at_end: set[str] = set()
        self._going_on: dict[str, str] = {}  # the kind of a phrase listed both ways, where a clause goes on
        frames = []
        for line in lines:
            if is_frame(line):
                frames.append(line.removesuffix("?").split(DOTS))
                continue
            bare, kind, at_end = ask_line(line)
            if at_end:
                self._at_end.add(bare)
                # Listed also as an ask of what follows ("让不让…" and "准:让不让？"): that, where the clause
                # goes on ("让不让钓鱼"); this, where it ends ("河边种菜让不让").
                if bare in self._kinds:
                    self._going_on[bare] = self._kinds[bare]
            elif bare in self._at_end:
                self._going_on[bare] = kind
                continue
            self._kinds[bare] = kind
        self._matcher = PhraseMatcher(self._kinds)
        self._frames = [
            re.compile(
                rf"({re.escape(a)})([^?!。,;\s]{{1,{FRAMED_MAX}}}?){re.escape(b)}(?={CLAUSE_END.pattern})"
            )
            for a, b in frames
        ]
        self.find = lru_cache(maxsize=ASKS_CACHED)(self._find)
        self._asked = lru_cache(maxsize=ASKS_CACHED)(self._asked_around)

    def _find(self, text: str) -> tuple[Ask, ...]:
        """The asks the text says, in order."""

        # "在哪天之前报备": 在哪 asks where only where a clause ends, so it does not hide 哪天.
        def kind(m: Match) -> str | None:
            if m.phrase not in self._at_end or CLAUSE_END.match(text, m.end):
                return self._kinds[m.phrase]
            return self._going_on.get(m.phrase)

        def counts(m: Match) -> bool:
            return (
                kind(m) is not None
                and not (
                    kind(m) == AMOUNT and (says_which(text, m.start) or LEADS_COUNTED.match(text, m.end))
                )
                # "怎么查处" asks how a thing is dealt with, not how to look it up (怎么查).
                and not self._ends_inside_a_word(text, m.end)
            )

        listed = [Ask(m.phrase, m.start, m.end, kind(m)) for m in self._matcher.finditer(text, counts)]
        amounts = [
            ask
            for ask in self._amounts_asked(text)
            if not any(ask.start < other.end and other.start < ask.end for other in listed)
        ]
        return tuple(sorted(listed + amounts, key=lambda ask: ask.start))

    def _amounts_asked(self, text: str) -> Iterator[Ask]:
        """Amounts asked in a measure ("要几份", "招多少人", "多少经费"), as the data file's "数:" asks are, where
        the question counts in a measure no plan numbers its own parts by (哪几条 asks which tasks)."""
        if not AMOUNT_CUE.search(text):
            return  # cutting the question into words costs more than this look
        tokens = [*map(self._amount_at_end, self._tokens(text)), ("", len(text), len(text))]
        for (word, start, end), after in pairwise(tokens):
            if word not in self._amount_words or word == "几" or says_which(text, start):
                continue  # a bare 几 asks which one ("那条是几")
            # 多少 and 几个 name no measure: what they count is said next ("多少经费", "几个工作日"), or
            # they ask only where a clause ends ("划了几个管控单元" asks what the plan says).
            if measure_of(word) is None and after[1] == end and self._is_counted(after[0]):
                word, end = word + after[0], after[2]
            measure = measure_of(word)
            # "几个制度联动谁牵头" asks who.
            asked_later = ASKED_LATER.search(text, end, clause_end(text, end))
            if measure not in PLAN_PARTS and (measure or CLAUSE_END.match(text, end)) and not asked_later:
                yield Ask(word, start, end, AMOUNT)

    def _amount_at_end(self, token: tuple[str, int, int]) -> tuple[str, int, int]:
        """The token, or the amount it ends with where the compact dictionary cuts one with the word before
        it ("提交几份": 几份)."""
        word, start, end = token
        if word not in self._amount_words:
            for cue in AMOUNT_CUE.finditer(word, 1):
                if word[cue.start() :] in self._amount_words:
                    return word[cue.start() :], start + cue.start(), end
        return token

    def asked_after(self, text: str) -> tuple[tuple[int, int], ...]:
        """Where the question says what an ask like 能不能… asks about (start, end): from it to the end of its
        clause, when that clause is the question's last ("老板问能不能建厂,谁给研判" asks who; the first clause
        says why)."""
        return tuple((start, end) for start, end, _ in self._asked(text))

    def obliged(self, text: str) -> tuple[tuple[int, int], ...]:
        """Of those, where an ask asks whether something must be done (要不要…, 需要…吗): it asks that of
        someone or something, said before it."""
        return tuple((start, end) for start, end, ask in self._asked(text) if OBLIGATION.search(ask))

    def _asked_around(self, text: str) -> tuple[tuple[int, int, str], ...]:
        asked = []  # what is asked about (start, end), where its clause ends, and the ask's own words
        for ask in self.find(text):
            if ask.kind == AFTER:
                clause = CLAUSE_END.search(text, ask.end)
                end = clause.start() if clause else len(text)
                asked.append((ask.end, end, end, ask.phrase))
            elif ask.kind == ALLOWED and not self._inside_a_word(text, ask.start, ask.start + 1):
                asked.append((clause_start(text, ask.start), ask.start, ask.end, ask.phrase))  # not 限行吗
        asked += [
            (*m.span(2), m.end(), m[1])
            for frame in self._frames
            for m in frame.finditer(text)
            if not self._inside_a_word(text, *m.span(1))  # 能 as a word of its own, not in 功能 or 能源
        ]
        return tuple((start, end, ask) for start, end, clause, ask in asked if last_clause(text, clause))

    def _ends_inside_a_word(self, text: str, end: int) -> bool:
        """Whether the character before this position makes a word a document says with the one after it
        (查处), and the question is cut that way."""
        return (
            0 < end < len(text)
            and self._is_said(text[end - 1 : end + 1])
            and end not in word_edges(self._tokens(text))
        )

    def _inside_a_word(self, text: str, start: int, end: int) -> bool:
        """Whether general text has the characters as part of a word with a neighbour (功能, 能源) and the
        question is cut that way too ("自来水能喝吗" is 自来水/能, though 水能 is a word)."""
        # "红线内能放牛不": 内 ends a place (红线内), though 内能 is a word too.
        spans = [(start, end + 1)] + (
            [(start - 1, end)] if start and text[start - 1] not in LOCATIVES else []
        )
        if not any(self._is_word(text[a:b]) for a, b in spans if b <= len(text)):
            return False
        return not {start, end} <= word_edges(self._tokens(text))


def places(text: str) -> list[tuple[str, bool]]:
    """The places a question names, and whether each is the asker's own: villages, towns and businesses
    named first (the caller tells a name from an everyday word like 乡镇), then the asker's own."""
    own = [m[0] for m in OWN_PLACE.finditer(text)]
    named = [
        m[0] for m in NAMED_PLACE.finditer(text) if not any(m[0] in place or place in m[0] for place in own)
    ]
    return [(place, False) for place in named] + [(place, True) for place in own]


def asks_when(ask: Ask) -> bool:
    """Whether the ask is of when something is (to be) done: a date, or a time asked as an amount (什么时候)."""
    return ask.kind == DATE or (ask.kind == AMOUNT and bool(WHEN_ASKED.search(ask.phrase)))


def states(kind: str, text: str, asked: str = "") -> bool:
    """Whether the text states what an ask of this kind (AMOUNT, LIST, DATE) asks for; of an amount asked in
    a measure word (the ask's own words: 几天), a number in that measure."""
    if kind == AMOUNT and RATIO_ASKED.search(asked):
        return bool(RATIO_STATED.search(text))  # "比例是多少": a share, not any number (每5年)
    if kind == AMOUNT and STANDARD_ASKED.search(asked) and STANDARD_STATED.search(text):
        return True
    if kind == AMOUNT and (measure := measure_of(asked)):
        same = next((m for m in SAME_MEASURE if measure in m), {measure})
        units = "|".join(sorted(map(re.escape, same), key=len, reverse=True))
        return bool(re.search(rf"{NUMBER}\s*个?\s*(?:{units})", text))
    return bool(STATED[kind].search(text))


def measure_of(asked: str) -> str | None:
    """The measure word an amount is asked in ("几天": 天), if any."""
    measure = m["measure"] if (m := ASKED_IN.fullmatch(asked)) else None
    return None if measure == "个" else measure  # 个 counts anything


def lists(text: str, what: str, of: Iterable[str] = ()) -> bool:
    """Whether the text lists things of this kind ("火电、焦化、建材等传统产业" lists 产业, and so does
    "传统产业,包括火电、焦化…"), not with the thing they are asked of among them ("高耗水行业包括哪些行业" is
    not answered by "高耗水、高污染行业")."""
    for m in LISTING.finditer(text):
        first, *items = m[0].split("、")
        # What is listed is said after the last item ("…、建材等传统产业"), not in an item (重大基础设施).
        if what in items[-1] and not any(
            first.endswith(word) or any(item.startswith(word) for item in items) for word in of
        ):
            return True
    # "…“六个百分之百”要求,即施工工地周边100%围挡、物料堆放100%覆盖…" lists the 百分之百.
    return any(LIST_INTRODUCED.match(text, m.end()) for m in re.finditer(re.escape(what), text))


def last_clause(text: str, end: int) -> bool:
    """Whether nothing more is said after this position."""
    return not CJK_RUN.search(text, end)


def in_a_place(text: str, start: int, end: int) -> set[int]:
    """The positions between start and end that say where something is done ("在唐河里", or a clause that
    starts with the place: "河边种菜行不")."""
    spans = [m.span() for m in DONE_AT.finditer(text, start, end)]
    at_clause_start = start == clause_start(text, start)
    if at_clause_start and (first := PLACE_FIRST.match(text, start, end)) and first.end() < end:
        spans.append(first.span())
    return {at for a, b in spans for at in range(a, b)}


def ends_on(text: str, ask: Ask) -> bool:
    """Whether the question ends on the clause of the ask ("划多少个、边界怎么定" goes on)."""
    after = QUESTION_GOES_ON.search(text, ask.end)
    return last_clause(text, after.end() if after else len(text))


def clause_start(text: str, at: int) -> int:
    """Where the clause that holds this position starts (a space right before it breaks too: its
    lookahead must see the character at the position)."""
    return max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, at + 1) if m.end() <= at), default=0)


def says_which(text: str, at: int) -> bool:
    """Whether the word before a number says which ones ("第几条", "这几块"): no amount is asked."""
    return at > 0 and text[at - 1] in WHICH_ONE


def clause_end(text: str, at: int) -> int:
    return next((m.start() for m in CLAUSE_BREAK.finditer(text, at)), len(text))


def clause_of(text: str, ask: Ask, word_starts: Iterable[int] = ()) -> str:
    """The clause an ask is in, as a note names it ("环评报告去哪交"); of a long clause, the most of its end
    that holds the ask and starts after 的 or at one of the word starts given ("…调查报告的评审费多少":
    「评审费多少」), or else the ask."""
    start = clause_start(text, ask.start)
    end = clause_end(text, ask.end)
    starts = sorted(
        at
        for at in {start, *word_starts, *(m.end() for m in re.finditer("的", text[:end]))}
        if start <= at <= ask.start and end - at <= NAMED_CLAUSE_MAX
    )
    return text[starts[0] : end].strip() if starts else ask.phrase
