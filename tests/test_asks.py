"""Finding the asks of corpus/detail_asks.txt in questions: each mark of the data file."""

from __future__ import annotations

import jieba
import pytest

from bot.asks import (
    AFTER,
    ALLOWED,
    AMOUNT,
    BEFORE,
    CHOICE,
    DATE,
    LIST,
    NAMED_CLAUSE_MAX,
    NAMES,
    Asks,
    clause_of,
    clause_start,
    ends_on,
    lists,
    measure_of,
    places,
    states,
)
from bot.index import amount_words, jieba_tags, measure_chars
from bot.text import normalize

LINES = [
    normalize(line)
    for line in (
        "补贴",
        "去哪交",
        "…找谁？",
        "能不能…",
        "能…吗？",
        "数:多久",
        "列:包括哪些",
        "…多少？",
        "选:还是",
    )
]
WORDS = {"功能", "能源", "水能"}


@pytest.fixture
def asks() -> Asks:
    return Asks(LINES, WORDS.__contains__, lambda text: list(jieba.tokenize(text)))


@pytest.mark.parametrize(
    ("question", "phrase", "kind"),
    [
        ("土壤修复有补贴吗", "补贴", NAMES),
        ("施工太吵找谁?", "找谁", BEFORE),
        ("唐河里能不能钓鱼", "能不能", AFTER),
        ("方案多久调整一次", "多久", AMOUNT),
        ("重点区包括哪些乡镇", "包括哪些", LIST),
        ("税率多少?", "多少", BEFORE),
        ("环评市里批还是省里批", "还是", CHOICE),
    ],
)
def test_each_mark_gives_its_kind_of_ask(asks, question, phrase, kind):
    assert [(a.phrase, a.kind) for a in asks.find(question)] == [(phrase, kind)]


@pytest.fixture(scope="module")
def counting() -> Asks:
    """Asks that also know jieba's numbers and measures, as an index gives them; 经费 stands for the nouns
    general text knows."""
    tags = jieba_tags()
    measures = measure_chars(tags) | {"经费"}
    tokens = lambda text: list(jieba.tokenize(text))  # noqa: E731
    return Asks(LINES, WORDS.__contains__, tokens, frozenset(amount_words(tags)), measures.__contains__)


@pytest.mark.parametrize(
    ("question", "phrase", "measure"),
    [
        ("环评报告要几份纸质版", "几份", "份"),
        ("专业化队伍招多少人", "多少人", "人"),
        ("财政每年安排多少经费", "多少经费", "经费"),
        ("一共几台设备", "几台", "台"),
        ("管控单元划了几个?", "几个", None),
    ],
)
def test_an_amount_in_a_measure_is_asked_without_a_line_for_it(counting, question, phrase, measure):
    text = normalize(question)
    assert [(a.phrase, a.kind) for a in counting.find(text)] == [(phrase, AMOUNT)]
    assert measure_of(phrase) == measure


@pytest.mark.parametrize(
    "question",
    [
        "农业局牵头几条",  # which tasks
        "噪声是第几条",
        "这几个系统的数据怎么用",  # these systems
        "几乎每个村都有",  # not a number
        "几个制度联动谁牵头",  # asks who
        "管控单元划几个单元谁定",  # no measure, and the clause goes on
    ],
)
def test_numbers_that_ask_no_amount_are_no_ask(counting, question):
    assert [a for a in counting.find(normalize(question)) if a.kind == AMOUNT] == []


def test_one_space_between_characters_ends_a_clause_as_a_comma_does(asks):
    spaced, comma = "方案多久调整一次 谁来调整", "方案多久调整一次,谁来调整"
    assert not ends_on(spaced, asks.find(spaced)[0]) and not ends_on(comma, asks.find(comma)[0])
    assert ends_on("方案多久调整一次", asks.find("方案多久调整一次")[0])


def test_a_clause_starts_after_a_space_right_before_the_position():
    assert clause_start("搞分区管控要花钱 预算保障找哪个部门", 9) == 9
    assert clause_start("搞分区管控要花钱,预算保障找哪个部门", 9) == 9
    assert clause_start("预算保障找哪个部门", 2) == 0


def test_a_list_is_of_what_introduces_it_as_well_as_of_what_follows_it():
    assert lists("火电、焦化、建材等传统产业", "产业")
    assert lists("落实“六个百分之百”要求,即工地周边100%围挡、物料堆放100%覆盖、车辆100%冲洗。", "百分之百")
    # Said apart from the list, it is not what the list is of.
    assert not lists("落实“六个百分之百”要求。加强围挡、覆盖、冲洗。", "百分之百")


def test_an_amount_cut_with_the_word_before_it_is_still_asked():
    """The compact dictionary may cut 提交几份 as one word."""
    merged = Asks(
        [], WORDS.__contains__, lambda text: [("提交几份", 0, 4), ("材料", 4, 6)], frozenset({"几份"})
    )
    assert [(a.phrase, a.start, a.kind) for a in merged.find("提交几份材料")] == [("几份", 2, AMOUNT)]


def test_a_listed_ask_is_kept_where_an_amount_overlaps_it(counting):
    assert [(a.phrase, a.kind) for a in counting.find("税率多少?")] == [("多少", BEFORE)]


def test_an_ask_marked_for_the_end_of_a_clause_is_not_found_inside_one(asks):
    assert asks.find("划了多少个管控单元") == ()
    assert asks.find("找谁反映情况") == ()


def test_what_an_ask_after_asks_about_runs_to_the_end_of_its_clause(asks):
    text = "唐河里能不能钓鱼"
    assert [text[start:end] for start, end in asks.asked_after(text)] == ["钓鱼"]


def test_a_frame_holds_what_it_asks_about(asks):
    text = "饮用水源地边上能钓鱼吗"
    assert [text[start:end] for start, end in asks.asked_after(text)] == ["钓鱼"]


def test_a_frame_holds_no_clause_break_a_space_makes(asks):
    """ "村里能开会宣传 文件有说法吗": the space ends the clause 能 opens; 吗 closes another."""
    assert not asks.asked_after("村里能开会宣传 文件有说法吗")


def test_a_frame_word_inside_a_longer_word_is_no_frame(asks):
    assert not asks.asked_after("生态功能变了吗")
    assert not asks.asked_after("能源结构调整了吗")


def test_a_frame_word_next_to_a_word_it_could_join_is_a_frame_where_the_question_is_cut_so(asks):
    """水能 is a word, but the question says 自来水 and 能."""
    assert asks.asked_after("自来水能直接喝吗")


def test_an_ask_in_an_earlier_clause_asks_about_nothing(asks):
    assert not asks.asked_after("老板问能不能建厂,谁给研判")


def test_the_question_ends_on_an_ask_unless_another_clause_or_list_item_follows(asks):
    assert ends_on("方案多久调整一次", asks.find("方案多久调整一次")[0])
    assert not ends_on("方案多久调整一次,谁来调整", asks.find("方案多久调整一次,谁来调整")[0])
    assert not ends_on("方案多久调整、谁来调整", asks.find("方案多久调整、谁来调整")[0])


def test_a_note_quotes_a_short_clause_and_of_a_long_one_what_ends_it(asks):
    text = "请问环评报告去哪交"
    assert clause_of(text, asks.find(text)[0]) == text
    long = "我们是一家做新材料的企业想要问问看我们的环评报告书去哪交"
    assert clause_of(long, asks.find(long)[0]) == "环评报告书去哪交"  # after the 的 that leaves it short
    starts = [at for _, at, _ in jieba.tokenize(long)]
    longer = clause_of(long, asks.find(long)[0], starts)  # or at a word's start, if one leaves it longer
    assert len(longer) <= NAMED_CLAUSE_MAX and longer.endswith("的环评报告书去哪交") and long.endswith(longer)
    unbroken = "我们这边新材料企业想要问问看环评报告书去哪交"
    assert clause_of(unbroken, asks.find(unbroken)[0]) == "去哪交"


def test_an_ask_that_does_not_count_where_it_is_hides_no_other():
    """…在哪？ asks where only at a clause's end: inside one it leaves 哪天 to be found."""
    asks = Asks(
        [normalize("…在哪？"), "日:哪天"], WORDS.__contains__, lambda text: list(jieba.tokenize(text))
    )
    assert [(a.phrase, a.kind) for a in asks.find("方案要在哪天之前报备")] == [("哪天", DATE)]
    assert [(a.phrase, a.kind) for a in asks.find("平台在哪?")] == [("在哪", BEFORE)]


def test_an_ask_that_ends_inside_a_word_a_document_says_is_not_that_ask():
    """怎么查 asks how to look something up; "油烟直排怎么查处" asks how it is dealt with (查处)."""
    tokens = lambda text: list(jieba.tokenize(text))  # noqa: E731
    asks = Asks(["怎么查"], WORDS.__contains__, tokens, is_said={"查处"}.__contains__)
    assert not asks.find("油烟直排怎么查处")
    assert [a.phrase for a in asks.find("社保怎么查")] == ["怎么查"]
    # Where no document says 查处, the ask is read as listed.
    assert [a.phrase for a in Asks(["怎么查"], WORDS.__contains__, tokens).find("油烟直排怎么查处")] == [
        "怎么查"
    ]


def test_an_ask_listed_for_the_end_of_a_clause_and_for_what_follows_is_each_where_it_is():
    """ "让不让…" asks about what follows it ("让不让钓鱼"); "准:让不让？", where a clause ends on it, about what
    its clause says before it ("河边种菜让不让"): in either order in the data file."""
    tokens = lambda text: list(jieba.tokenize(text))  # noqa: E731
    for lines in (["让不让…", "准:让不让？"], ["准:让不让？", "让不让…"]):
        asks = Asks([normalize(line) for line in lines], WORDS.__contains__, tokens)
        assert [a.kind for a in asks.find("唐河边让不让钓鱼")] == [AFTER]
        assert [a.kind for a in asks.find("河边种菜让不让")] == [ALLOWED]


def test_a_phrase_listed_as_two_kinds_of_ask_is_refused_with_its_lines(tmp_path):
    """Read in one way only, one of the two lines would never count: the data file names both."""
    from bot.corpus import CorpusError
    from bot.lexicon import load_asks

    path = tmp_path / "detail_asks.txt"
    path.write_text("# asks\n…什么时候开始\n日:什么时候开始\n", encoding="utf-8")
    with pytest.raises(
        CorpusError, match=r"detail_asks\.txt:3: 「什么时候开始」 is already a before ask on line 2"
    ):
        load_asks(path)
    # Once for a clause's end and once for what follows is two asks; the same line twice is one.
    path.write_text("让不让…\n准:让不让？\n补贴\n补贴\n", encoding="utf-8")
    assert load_asks(path) == [normalize(line) for line in ("让不让…", "准:让不让？", "补贴", "补贴")]


def test_departments_counted_right_after_an_amount_ask_who_leads(counting):
    """ "有几个" is an amount, but "有几个部门牵头" asks who leads, which every task states."""
    asks = Asks(["数:有几个"], WORDS.__contains__, lambda text: list(jieba.tokenize(text)))
    assert asks.find("生态修复有几个部门牵头") == () and asks.find("生态修复由有几个局负责") == ()
    assert [a.kind for a in asks.find("全市有几个部门")] == [AMOUNT]
    assert [a for a in counting.find("几个局牵头") if a.kind == AMOUNT] == []


@pytest.mark.parametrize("text", ["每5年调整", "不高于30毫克", "分三类管理", "12369环保举报热线"])
def test_an_amount_is_a_number_and_what_it_counts(text):
    assert states(AMOUNT, text)


@pytest.mark.parametrize("text", ["一岗双责", "不一样的区域", "一张图"])
def test_one_of_something_is_no_amount(text):
    assert not states(AMOUNT, text)


@pytest.mark.parametrize(
    ("asked", "text", "stated"),
    [
        ("几天", "每5年结合规划评估定期调整", False),
        ("几年", "每5年结合规划评估定期调整", True),
        ("多少天", "30个工作日内办结", True),  # 工作日 count days
        ("多少人", "配备专职人员3名", True),  # 名 counts people
        ("多少万", "安排资金", False),
        ("多久", "每5年结合规划评估定期调整", True),  # no measure: any amount
        ("比例是多少", "每5年结合规划评估定期调整", False),  # a share needs a share
        ("占比多少", "森林覆盖率达到35%", True),
        ("什么比例", "提高到三成以上", True),
        # What a thing is done by is stated by what the text says it goes by, not by a standard named.
        ("按什么标准", "按照土壤污染程度和有关标准,实施农用地分类管理", True),
        ("什么标准", "按照土壤污染程度和有关标准,实施农用地分类管理", False),
        ("按什么标准", "执行有关标准", False),
    ],
)
def test_an_amount_asked_in_a_measure_needs_a_number_in_it(asked, text, stated):
    assert states(AMOUNT, text, asked) is stated


@pytest.mark.parametrize(("asked", "measure"), [("几天", "天"), ("几个学时", "学时"), ("多少个", None)])
def test_the_measure_an_amount_is_asked_in(asked, measure):
    assert measure_of(asked) == measure


def test_a_list_is_three_items_or_more():
    assert states(LIST, "支持信息智能、生物制药、新材料等产业发展")
    assert not states(LIST, "大型交通基础设施、工业集中区等")


@pytest.mark.parametrize("text", ["2025年底前完成", "10月底前", "三月份启动", "每月15日前报送"])
def test_a_date_is_a_year_a_month_or_a_day(text):
    assert states(DATE, text)


@pytest.mark.parametrize("text", ["每5年结合规划评估情况定期调整", "5年内确需更新的", "3个月内完成"])
def test_a_period_is_no_date(text):
    assert not states(DATE, text)


def test_a_list_of_a_kind_of_thing_names_it_after_its_items():
    assert lists("推进火电、焦化、建材等传统产业绿色低碳转型", "产业")
    assert lists("严控高耗水、高污染行业发展", "行业")
    assert not lists("支持信息智能、生物制药等产业发展,推动重点行业创A", "行业")
    # Not the members of one of its own items: which industries are 高耗水.
    assert not lists("严控高耗水、高污染行业发展", "行业", ["高耗水"])
    assert lists("严控高耗水、高污染行业发展", "行业", ["严控"])
    # What is listed is said after the last item, not in one.
    assert not lists("支持国家重大战略、重大基础设施、民生保障等项目建设", "设施")


def test_places_are_villages_towns_and_businesses_by_name_or_the_askers_own():
    assert places("我们镇的北庄村是不是在红线里") == [("北庄村", False), ("我们镇", True)]
    assert places("俺村属于重点区吗") == [("俺村", True)]
    assert places("恒达化工是不是在园区里") == [("恒达化工", False)]
    assert places("生态保护红线监管") == []
