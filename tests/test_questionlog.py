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


def test_two_processes_can_open_and_write_one_new_log_at_the_same_time(tmp_path):
    """Web workers start together: the schema, the salt and WAL mode must survive a race."""
    import subprocess
    import sys

    from conftest import REPO_DIR

    script = (
        "import sys; from pathlib import Path; from bot.answer import Answer; from bot.questionlog import QuestionLog\n"
        "log = QuestionLog(Path(sys.argv[1]))\n"
        "for i in range(50): log.record(Answer(f'q{i}', 'none', False), 'page', i, channel='web')\n"
        "print(log.user_hash(1))"
    )
    for attempt in range(3):
        path = tmp_path / f"log{attempt}.sqlite"
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(path)], cwd=REPO_DIR, stdout=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        salts = {worker.communicate(timeout=60)[0].strip() for worker in workers}
        assert [worker.returncode for worker in workers] == [0, 0]
        assert len(salts) == 1  # both hash a user the same way: one salt
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT count(*) FROM questions").fetchone() == (100,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
