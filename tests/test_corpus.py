"""The parser reads the published document, defects included, and refuses what it cannot read."""

from __future__ import annotations

import pytest
from conftest import CORPUS_DIR, POLICY

from bot.corpus import CorpusError, load_document, parse_document
from bot.lexicon import load_lexicon

ENV = "市生态环境局"
NDRC = "市发展改革局"
LAND = "市自然资源规划局"
TECH = "市科学技术和工业信息化局"
AGRI = "市农业农村局"
ZONE = "高新技术开发区管委会"
TRANSPORT = "市交通运输局"

# The lead departments of every task as published, canonical spellings (the spec for the parser).
LEADS = {
    1: (ENV, NDRC, LAND),
    2: (ENV,),
    3: (ENV,),
    5: (ENV, LAND, AGRI),
    6: (ENV,),
    7: (ENV,),
    8: (ENV, LAND),
    9: (ENV, NDRC),
    10: (ENV, TECH, NDRC, LAND),
    11: (ENV, NDRC, TECH),
    12: (ENV, NDRC, TECH),
    13: (ENV, NDRC, TECH, LAND),
    14: (ENV, LAND, ZONE),
    15: (ENV,),
    16: (ENV,),
    17: (ENV,),
    18: (LAND, ENV),
    19: (LAND,),
    21: (ENV,),
    22: (ENV,),
    23: (ENV, NDRC, TECH, TRANSPORT),
    24: (ENV, AGRI),
    25: (ENV, LAND, AGRI),
    26: (ENV, LAND, AGRI),
    27: (ENV, LAND, TECH),
    28: (NDRC, LAND, TECH, "市住建局", TRANSPORT, AGRI),
    29: (LAND, ENV),
    30: (ENV,),
    31: (ENV, ZONE),
    32: (ENV,),
    33: (ENV, "市有关部门"),
    34: (ENV,),
    35: (TECH, ENV),
    36: ("市财政局", ENV),
    37: ("市委组织部", ENV),
}


@pytest.fixture(scope="module")
def document():
    return load_document(POLICY)


def test_every_task_with_its_lead_departments_in_order(document):
    lexicon = load_lexicon(CORPUS_DIR)
    parsed = {
        t.number: tuple(lexicon.canonical_department(d) for d in t.lead_departments) for t in document.tasks
    }
    assert parsed == LEADS


def test_title_and_date_but_not_the_scraped_source_line(document):
    assert document.title == "定州市印发《关于加强生态环境分区管控的实施建议》分工落实方案"
    assert document.published == "2025-03-06"
    everything = document.title + "".join(t.source for t in document.tasks) + (document.township_note or "")
    assert "来源" not in everything and "火狐" not in everything


def test_missing_numbers_are_not_invented(document):
    numbers = [t.number for t in document.tasks]
    assert len(numbers) == 35
    assert 4 not in numbers and 20 not in numbers
    assert numbers == sorted(numbers)


def test_task_30_without_its_opening_parenthesis(document):
    task = document.task(30)
    assert task.lead_departments == (ENV,)
    assert task.text.endswith("纳入生态环境有关地方政策制定中。")
    assert "牵头" not in task.text


def test_task_28_spells_the_land_department_differently_but_it_is_one_department(document):
    assert "市自然资源与规划局" in document.task(28).lead_departments
    assert load_lexicon(CORPUS_DIR).canonical_department("市自然资源与规划局") == LAND


def test_task_1_township_note_is_kept_for_the_whole_document(document):
    assert document.township_task == 1
    assert "以下均需各乡镇人民政府、城区街道办事处落实" in document.township_note
    assert document.task(1).lead_departments == (ENV, NDRC, "市自然资源规划局")


def test_task_text_is_quoted_exactly_as_published(document):
    source = POLICY.read_text(encoding="utf-8")
    for task in document.tasks:
        assert task.text in source
        assert f"{task.number}. {task.source}" in source


def test_a_task_may_wrap_over_several_lines():
    document = parse_document("标题\n1. 第一行\n接着写完。(市甲局牵头)\n")
    assert document.task(1).text == "第一行接着写完。"
    assert document.task(1).lead_departments == ("市甲局",)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("标题\n1. 有牵头。(市甲局牵头)\n2. 没有牵头部门。\n", 3, "lead departments"),
        ("标题\n1. 甲。(市甲局牵头)\n1. 乙。(市乙局牵头)\n", 3, "repeats"),
        ("标题\n发布时间:2025-01-01\n", None, "no numbered tasks"),
        ("标题\n1. 只有部门。(牵头)\n", 2, "no lead department"),
        ("", None, "no title"),
    ],
)
def test_unparseable_documents_are_refused_with_file_and_line(text, line, message):
    with pytest.raises(CorpusError) as error:
        parse_document(text, "policy.txt")
    assert error.value.line == line
    assert message in str(error.value)
    assert str(error.value).startswith("policy.txt" + (f":{line}" if line else ""))


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("标题\n1. 任务。(市甲局牵头)\n".encode("gbk"))
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_document(path)


# --- the structure parser on other shapes of plan -----------------------------------------------


@pytest.mark.parametrize(
    ("line", "label", "leads", "partners", "deadline"),
    [
        ("1、任务。(市甲局牵头)", "第1条", ("市甲局",), (), None),
        ("（1）任务。(市甲局、市乙局牵头,市丙局参与)", "第1条", ("市甲局", "市乙局"), ("市丙局",), None),
        ("第三条 任务。〔市甲局牵头,市乙局协助〕", "第3条", ("市甲局",), ("市乙局",), None),
        (
            "1. 任务,2026年底前完成。(市甲局牵头,市甲局、市乙局配合)",
            "第1条",
            ("市甲局",),
            ("市乙局",),
            "2026年底前完成",
        ),
        ("1. 任务。(市丙局配合,市甲局牵头,长期坚持)", "第1条", ("市甲局",), ("市丙局",), "长期坚持"),
        (
            "1. 任务。牵头单位:市甲局;配合单位:市乙局;完成时限:2026年6月底前",
            "第1条",
            ("市甲局",),
            ("市乙局",),
            "2026年6月底前",
        ),
        ("1. 任务。(责任单位:市甲局、市乙局)", "第1条", ("市甲局",), ("市乙局",), None),
        ("1. 任務。(市甲局牽頭,市乙局參與)", "第1条", ("市甲局",), ("市乙局",), None),
    ],
)
def test_units_and_deadlines_in_the_forms_plans_write_them(line, label, leads, partners, deadline):
    (task,) = parse_document(f"标题\n{line}\n").tasks
    assert (task.label, task.lead_departments, task.partner_departments, task.deadline) == (
        label,
        leads,
        partners,
        deadline,
    )
    assert task.text in ("任务。", "任务,2026年底前完成。", "任務。")


def test_numbering_restarting_in_each_section_is_labelled_with_it():
    document = parse_document(
        "标题\n一、总体\n（一）甲\n1. 甲一。(市甲局牵头)\n2. 甲二。(市甲局牵头)\n（二）乙\n1. 乙一。(市乙局牵头)\n"
    )
    assert [(t.label, t.number, t.section) for t in document.tasks] == [
        ("(一)1", 1, ("一、总体", "（一）甲")),
        ("(一)2", 2, ("一、总体", "（一）甲")),
        ("(二)1", 1, ("一、总体", "（二）乙")),
    ]


def test_lines_no_task_takes_are_kept_for_inspect():
    document = parse_document(
        "标题\n为做好工作,制定本方案。\n1. 任务。(市甲局牵头)\n附注:以上任务按季度报送。\n"
    )
    assert [t.text for t in document.tasks] == ["任务。"]
    assert document.unattributed == ((2, "为做好工作,制定本方案。"), (4, "附注:以上任务按季度报送。"))


def test_header_lines_give_the_issuing_body_the_number_and_the_date():
    document = parse_document(
        "定政办〔2026〕3号\n定州市人民政府办公室关于印发某方案的通知\n2026年3月5日\n1. 任务。(市甲局牵头)\n"
    )
    assert (document.title, document.issuer, document.doc_number, document.published) == (
        "定州市人民政府办公室关于印发某方案的通知",
        "定州市人民政府办公室",
        "定政办〔2026〕3号",
        "2026-03-05",
    )


def test_markdown_headings_and_emphasis_are_read_as_text(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("# 某方案\n\n## 一、总体\n\n1. **任务**。(市甲局牵头)\n", encoding="utf-8")
    document = load_document(path)
    assert (document.title, document.sections, document.tasks[0].text) == ("某方案", ("一、总体",), "任务。")


def test_a_wrapped_line_starting_with_a_decimal_is_not_a_new_task():
    (task,) = parse_document("标题\n1. 新增造林面积\n1.5万亩以上。(市甲局牵头)\n").tasks
    assert task.text == "新增造林面积1.5万亩以上。"
