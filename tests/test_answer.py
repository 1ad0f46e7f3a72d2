"""The answer core: intents, task numbers, departments, refusals and hostile text."""

from __future__ import annotations

import pytest
from conftest import POLICY

from bot.answer import chinese_number, task_number
from bot.corpus import load_document

DOCUMENT = load_document(POLICY)
PRESENT = [t.number for t in DOCUMENT.tasks]


def test_noise_question_quotes_task_27_with_its_leads(answerer):
    answer = answerer.answer("谁负责噪声管理")
    assert answer.intent == "topic" and answer.answered
    top = answer.results[0].task
    assert top.number == 27
    assert top.lead_departments == ("市生态环境局", "市自然资源规划局", "市科学技术和工业信息化局")
    assert top.text == DOCUMENT.task(27).text
    assert "噪声" in answer.results[0].matched


@pytest.mark.parametrize("number", PRESENT)
def test_every_present_task_number_returns_that_task_exactly(answerer, number):
    answer = answerer.answer(f"第{number}条")
    assert answer.intent == "task" and answer.answered
    [result] = answer.results
    published = DOCUMENT.task(number)
    assert result.task.number == number
    assert result.task.text == published.text
    assert len(result.task.lead_departments) == len(set(published.lead_departments))


@pytest.mark.parametrize("number", [4, 20, 38, 99, 1000])
def test_absent_task_numbers_are_not_answered_and_offer_neighbours(answerer, number):
    answer = answerer.answer(f"第{number}条")
    assert answer.intent == "task" and not answer.answered and not answer.results
    assert f"没有第{number}条" in answer.note
    neighbours = [r.task.number for r in answer.suggestions]
    assert neighbours and all(n in PRESENT for n in neighbours)
    assert max(n for n in PRESENT if n < number) in neighbours


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("27", 27),
        ("二十七", 27),
        ("十", 10),
        ("十六", 16),
        ("三十一", 31),
        ("一百", 100),
        ("两", 2),
        ("零", 0),
    ],
)
def test_chinese_and_arabic_numerals(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("第8条", 8),
        ("8", 8),
        ("#8", 8),
        ("任务八", 8),
        ("第三十一项", 31),
        ("task 9", 9),
        ("第二十七条讲的啥", 27),
    ],
)
def test_task_number_forms(question, number):
    assert task_number(question) == number


@pytest.mark.parametrize("question", ["方案每5年调整一次", "PM2.5 是多少", "噪声管理"])
def test_numbers_inside_a_topic_question_are_not_task_numbers(question):
    assert task_number(question) is None


def test_department_question_lists_every_task_it_leads_in_order(answerer):
    answer = answerer.answer("农业农村局牵头哪几条")
    assert answer.intent == "department" and answer.answered
    assert answer.department == "市农业农村局"
    numbers = [r.task.number for r in answer.results]
    expected = [t.number for t in DOCUMENT.tasks if "市农业农村局" in t.lead_departments]
    assert numbers == expected


def test_two_departments_together_list_the_tasks_both_lead(answerer):
    answer = answerer.answer("住建局和交通运输局共同牵头哪些")
    assert answer.intent == "department"
    assert [r.task.number for r in answer.results] == [28]


@pytest.mark.parametrize(
    "question",
    [
        "我是镇上的,这个方案跟我们有啥关系",
        "乡镇和街道办在这方案里是啥角色",
        "这些活我们乡镇也要干吗还是光市里部门的事",  # which of the two: the note says
    ],
)
def test_township_question_is_answered_from_the_task_1_note(answerer, question):
    answer = answerer.answer(question)
    assert answer.intent == "township" and answer.answered
    assert answer.results[0].task.number == 1
    assert len(answer.results) == len(PRESENT)
    assert "乡镇" in answer.note


@pytest.mark.parametrize("question", ["社保卡补办", "养老金什么时候发", "今天天气怎么样"])
def test_questions_the_document_does_not_answer_are_refused(answerer, question):
    answer = answerer.answer(question)
    assert not answer.answered and answer.intent == "none" and not answer.results
    assert "没有涉及" in answer.note
    assert 0 < len(answer.suggestions) <= 3


@pytest.mark.parametrize(
    "question",
    [
        '"噪声',
        "噪声 AND NOT",
        "NOT 噪声",
        "噪声 OR",
        "NEAR(噪声 管理)",
        "噪声*",
        "^噪声",
        "words:噪声",
        "-噪声",
        "(噪声)",
        '噪声"; DROP TABLE tasks; --',
        "{噪声}[管理]",
    ],
)
def test_fts_syntax_in_questions_is_just_text(answerer, question):
    answer = answerer.answer(question)
    assert answer.answered and answer.results[0].task.number == 27


@pytest.mark.parametrize("question", ["", "   ", "？？？", "\u200b\u200b", "😀😀😀"])
def test_empty_questions_get_a_prompt_not_an_answer(answerer, question):
    answer = answerer.answer(question)
    assert not answer.answered and answer.note


def test_overlong_question_is_truncated_with_a_note(answerer):
    answer = answerer.answer("噪声管理" + "啊" * 20_000)
    assert answer.truncated and "过长" in answer.full_note
    assert answer.results[0].task.number == 27


def test_json_shape(answerer):
    payload = answerer.answer("谁负责噪声管理").to_dict()
    assert {"query", "intent", "answered", "department", "results", "note"} <= payload.keys()
    result = payload["results"][0]
    assert {"task", "text", "leads", "score"} <= result.keys()
    assert isinstance(result["score"], float) and isinstance(result["leads"], list)


def test_several_task_numbers_in_one_question_show_each(answerer):
    answer = answerer.answer("第12条和第13条")
    assert [r.task.number for r in answer.results] == [12, 13]


def test_a_missing_number_beside_a_present_one_is_named(answerer):
    answer = answerer.answer("第4条和第5条")
    assert [r.task.number for r in answer.results] == [5] and "没有第4条" in answer.note


@pytest.mark.parametrize("question", ["第1次来问,噪声归谁管", "委托第三方做环评"])
def test_ordinals_that_are_not_task_numbers(question):
    assert task_number(question) is None
