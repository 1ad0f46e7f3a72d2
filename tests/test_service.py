"""The service every channel calls: answers, the question log with its channel, votes and the flood limit."""

from __future__ import annotations

import sqlite3

from bot.questionlog import QuestionLog
from bot.service import Asker, Service


def test_a_question_is_answered_and_logged_with_its_channel(answerer, tmp_path):
    service = Service(answerer, QuestionLog(tmp_path / "log.sqlite"))
    reply = service.ask("谁负责噪声管理", Asker("web", "203.0.113.7", "page"))
    assert reply.answer is not None and reply.answer.results[0].task.number == 27
    rows = sqlite3.connect(tmp_path / "log.sqlite").execute("SELECT channel, chat_type, question FROM questions")
    assert rows.fetchall() == [("web", "page", "谁负责噪声管理")]
    assert service.vote(reply.question_id, Asker("web", "203.0.113.7"), 1)
    assert not service.vote(reply.question_id + 1, Asker("web", "203.0.113.7"), 1)


def test_the_same_id_on_two_channels_is_two_people(answerer):
    service = Service(answerer, flood_per_minute=1)
    assert not service.ask("噪声", Asker("telegram", 42)).limited
    assert not service.ask("噪声", Asker("wecom", 42)).limited
    flooded = service.ask("噪声", Asker("telegram", 42))
    assert flooded.limited and flooded.warn and flooded.answer is None
    assert not service.ask("噪声", Asker("telegram", 42)).warn  # told once a minute, not every time


def test_exempt_askers_are_never_limited(answerer):
    service = Service(answerer, flood_per_minute=1, exempt=frozenset({"telegram:1"}))
    assert all(not service.ask("噪声", Asker("telegram", 1)).limited for _ in range(3))


def test_a_log_written_before_channels_gains_the_column(answerer, tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE questions (id INTEGER PRIMARY KEY, asked_at TEXT NOT NULL, chat_type TEXT NOT NULL, "
        "user_hash TEXT, question TEXT NOT NULL, normalized TEXT NOT NULL, intent TEXT NOT NULL, "
        "answered INTEGER NOT NULL, shown TEXT NOT NULL)"
    )
    old.execute("INSERT INTO questions VALUES (1, '2026-11-01T00:00:00', 'private', NULL, 'q', 'q', 'topic', 1, '[]')")
    old.commit()
    old.close()
    QuestionLog(path, retention_days=3650).record(answerer.answer("噪声"), "group", 5, channel="dingtalk")
    rows = sqlite3.connect(path).execute("SELECT id, channel FROM questions ORDER BY id").fetchall()
    assert rows == [(1, "telegram"), (2, "dingtalk")]
