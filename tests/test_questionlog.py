"""The question log: hashed users, votes, retention, and the report that feeds the synonym files."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot import questionlog
from bot.questionlog import QuestionLog


@pytest.fixture
def log(tmp_path):
    return QuestionLog(tmp_path / "questions.sqlite", retention_days=180)


def test_user_ids_are_stored_only_as_salted_hashes(log, answerer, tmp_path):
    log.record(answerer.answer("谁负责噪声管理"), "private", 123456789)
    rows = sqlite3.connect(log.path).execute("SELECT user_hash FROM questions").fetchall()
    assert rows[0][0] and "123456789" not in rows[0][0]
    other = QuestionLog(tmp_path / "other.sqlite")
    assert other.user_hash(123456789) != log.user_hash(123456789)  # a salt of its own
    assert log.user_hash(123456789) == QuestionLog(log.path).user_hash(123456789)  # and kept


def test_report_lists_unanswered_and_down_voted_questions_most_frequent_first(log, answerer):
    for _ in range(3):
        log.record(answerer.answer("社保卡怎么补办"), "private", 1)
    log.record(answerer.answer("社保卡怎么补办?"), "group", 2)  # the same question, other punctuation
    liked = log.record(answerer.answer("谁负责噪声管理"), "private", 1)
    disliked = log.record(answerer.answer("环评归哪条"), "private", 1)
    log.vote(liked, 1, +1)
    log.vote(disliked, 1, -1)
    log.vote(disliked, 2, -1)
    rows = log.report()
    assert [r.question for r in rows] == ["社保卡怎么补办?", "环评归哪条"]
    assert rows[0].times == 4 and rows[0].unanswered == 4
    assert (
        rows[1].down_votes == 2
        and rows[1].shown
        and rows[1].shown[0].endswith("#" + rows[1].shown[0].split("#")[1])
    )


def test_a_second_vote_replaces_the_first(log, answerer):
    asked = log.record(answerer.answer("谁负责噪声管理"), "private", 1)
    log.vote(asked, 1, -1)
    log.vote(asked, 1, +1)
    assert log.report() == []
    assert not log.vote(999_999, 1, -1)


def test_old_questions_and_their_votes_are_purged(log, answerer, monkeypatch):
    old = log.record(answerer.answer("社保卡"), "private", 1)
    log.vote(old, 1, -1)
    later = questionlog.now() + timedelta(days=181)
    monkeypatch.setattr(questionlog, "now", lambda: later)
    assert log.purge() == 1
    assert log.report() == []
    conn = sqlite3.connect(log.path)
    assert conn.execute("SELECT count(*) FROM feedback").fetchone() == (0,)


def test_stats(log, answerer):
    log.record(answerer.answer("谁负责噪声管理"), "private", 1)
    log.record(answerer.answer("噪音扰民"), "group", 2)
    log.record(answerer.answer("社保卡"), "private", 3)
    stats = log.stats()
    assert stats["questions"] == 3 and stats["answered_rate"] == pytest.approx(2 / 3)
    assert stats["top_tasks"][0][1] == 2 and stats["top_tasks"][0][0].endswith("#27")


def test_stats_and_report_count_each_channel(log, answerer):
    log.record(answerer.answer("社保卡"), "private", 1)
    log.record(answerer.answer("社保卡"), "page", "203.0.113.7", channel="web")
    log.record(answerer.answer("社保卡?"), "page", "203.0.113.8", channel="web")
    log.record(answerer.answer("谁负责噪声管理"), "page", "203.0.113.7", channel="web")
    assert log.stats()["channels"] == [("web", 3), ("telegram", 1)]
    [row] = log.report()
    assert row.times == 3 and row.channels == {"telegram": 1, "web": 2}
