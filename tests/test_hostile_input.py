"""Any text at all gets an answer object, quickly, and markup or query syntax in it is only text."""

from __future__ import annotations

import gc
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Answer
from bot.text import MAX_QUESTION_CHARS

BUDGET_SECONDS = 0.05

# Text from every Unicode category, including controls, surrogates-free private use, RTL marks and emoji.
anything = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
# Long questions are built by repetition: hypothesis does not draw 100,000 random characters cheaply.
long_questions = st.builds(
    lambda part, times: (part * times)[:100_000], anything.filter(bool), st.integers(1, 100_000)
)
hostile_parts = st.sampled_from(
    ['"', "'", "*", "^", ":", "-", "(", ")", "[", "]", "{", "}", "AND", "OR", "NOT", "NEAR", "<b>", "</i>",
     "&amp;", "&", "<", ">", "\u200b", "\u202e", "\u2066", "\ufeff", "\x00", "\x1b[31m", "😀", "🏭", "👨‍👩‍👧",
     "'; DROP TABLE tasks; --", "噪声", "第27条", "环保局", " ", "\n", "\t"]
)  # fmt: skip
hostile = st.lists(hostile_parts, max_size=60).map("".join)
# Chinese text, including the characters of the document's own words, pasted at length.
chinese = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    | st.sampled_from("噪声生态红线排污许可地下水准入清单"),
    max_size=2000,
)


@pytest.fixture(autouse=True, scope="module")
def warm(answerer):
    """Lazy one-time loading (OpenCC, the typo tables) is not a per-question cost, nor is a garbage
    collection that walks the dictionaries loaded once: they are frozen out of it."""
    for question in ("噪聲管理", "生太红线 排物许可", "第27条", "农业局牵头哪些", "我是镇上的", "hello"):
        answerer.answer(question)
    gc.freeze()
    yield
    gc.unfreeze()


def check(answerer, question: str) -> Answer:
    # The time this thread works on the answer: on a shared machine the wall clock also counts the time
    # another process had the core, which no input causes.
    start = time.thread_time()
    answer = answerer.answer(question)
    elapsed = time.thread_time() - start
    assert isinstance(answer, Answer)
    assert answer.intent in ("task", "department", "topic", "township", "none")
    assert answer.query == question
    assert not answer.answered or answer.results
    assert elapsed < BUDGET_SECONDS, f"{elapsed * 1000:.1f} ms for a {len(question)}-character question"
    return answer


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=anything)
def test_any_text_gets_an_answer_quickly(answerer, question):
    check(answerer, question)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=long_questions)
def test_questions_up_to_100000_characters_are_truncated_with_a_note(answerer, question):
    answer = check(answerer, question)
    if len(question) > MAX_QUESTION_CHARS:
        assert answer.truncated and "过长" in answer.full_note


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=hostile)
def test_query_syntax_markup_and_control_characters_are_just_text(answerer, question):
    check(answerer, question)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=chinese)
def test_long_chinese_text_is_answered_quickly(answerer, question):
    check(answerer, question)


@pytest.mark.parametrize(
    "wrapper", ['"{}"', "<b>{}</b>", "\u200b{}\u200b", "\u202e{}", "{} OR NOT", "😀{}😀", "({})*"]
)
def test_wrapping_a_question_in_noise_keeps_its_answer(answerer, wrapper):
    answer = answerer.answer(wrapper.format("谁负责噪声管理"))
    assert answer.answered and answer.results[0].task.number == 27
