"""The question log: what was asked, what the bot showed, and 👍/👎 — kept apart from the index.

The index is derived data and is rebuilt at will; this file is the maintainers' record of which
questions the bot fails, the input for growing the synonym and alias files. User ids are kept only as
salted hashes, and rows older than the retention period are deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .answer import Answer
from .text import question_key

DEFAULT_RETENTION_DAYS = 180
# A start-up step that finds the new log locked by another starting process is tried again, this often.
LOCKED_ATTEMPTS = 20
LOCKED_PAUSE_SECONDS = 0.02
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL,
    chat_type TEXT NOT NULL,
    user_hash TEXT,
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    intent TEXT NOT NULL,
    answered INTEGER NOT NULL,
    shown TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'telegram'
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE INDEX IF NOT EXISTS questions_normalized ON questions (normalized);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_hash)
);
"""


def log_path_from_env() -> Path:
    """BOT_LOG_DB, or questions.sqlite in the user's state directory (kept, unlike the index cache)."""
    if os.environ.get("BOT_LOG_DB"):
        return Path(os.environ["BOT_LOG_DB"]).expanduser()
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return state / "policy-bot" / "questions.sqlite"


def retention_from_env() -> int:
    value = os.environ.get("BOT_LOG_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS)).strip()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"BOT_LOG_RETENTION_DAYS must be a whole number of days, got {value!r}")
    return int(value)


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ReportRow:
    question: str
    times: int
    unanswered: int
    down_votes: int
    up_votes: int
    intent: str
    shown: list[str]
    last_asked: str
    channels: dict[str, int]  # how often it was asked on each channel (telegram, web …)


class QuestionLog:
    """Appends questions and votes; reports on them. Safe to share between threads."""

    def __init__(self, path: Path, retention_days: int = DEFAULT_RETENTION_DAYS):
        self.path = path
        self.retention = timedelta(days=retention_days)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._while_locked(lambda: self._conn.execute("PRAGMA journal_mode=WAL"))
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._while_locked(lambda: self._conn.executescript(SCHEMA))
        self._while_locked(self._migrate)
        self._salt = self._load_salt()
        self._purged = now()
        self.purge()

    @staticmethod
    def _while_locked(step: Callable[[], object]) -> None:
        """Run a start-up step again while another process starting on the same new log holds it: SQLite
        reports a lock at once, without waiting, where two connections would otherwise deadlock (two web
        workers switching one new file to WAL)."""
        for attempt in range(1, LOCKED_ATTEMPTS + 1):
            try:
                step()
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == LOCKED_ATTEMPTS:
                    raise
                time.sleep(LOCKED_PAUSE_SECONDS * attempt)

    def _migrate(self) -> None:
        """Logs written before the web and chat-app channels have no channel column: they were all Telegram."""
        columns = {row[1] for row in self._conn.execute("PRAGMA table_info(questions)")}
        if "channel" not in columns:
            self._conn.execute("ALTER TABLE questions ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram'")

    def close(self) -> None:
        self._conn.close()

    def _load_salt(self) -> bytes:
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)", (secrets.token_hex(32),)
            )
            return bytes.fromhex(
                self._conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]
            )

    def user_hash(self, user_id: int | str | None) -> str | None:
        if user_id is None:
            return None
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:24]

    def record(
        self, answer: Answer, chat_type: str, user_id: int | str | None, channel: str = "telegram"
    ) -> int:
        """Log one answered question from a channel (telegram, web …); returns its id, for 👍/👎."""
        if now() - self._purged > timedelta(days=1):  # a long-running bot purges daily, not only at start
            self._purged = now()
            self.purge()
        shown = [f"{r.task.document}#{r.task.number}" for r in (answer.results or answer.suggestions)[:5]]
        with self._lock:
            cursor = self._conn.execute(
                """INSERT INTO questions
                   (asked_at, chat_type, user_hash, question, normalized, intent, answered, shown, channel)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    now().isoformat(timespec="seconds"),
                    chat_type,
                    self.user_hash(user_id),
                    answer.query[:1000],
                    question_key(answer.query[:1000]),
                    answer.intent,
                    int(answer.answered),
                    json.dumps(shown, ensure_ascii=False),
                    channel,
                ),
            )
            return int(cursor.lastrowid)

    def vote(self, question_id: int, user_id: int | str, vote: int) -> bool:
        """Record 👍 (1) or 👎 (-1); a second vote by the same user replaces the first."""
        with self._lock:
            if not self._conn.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone():
                return False
            self._conn.execute(
                """INSERT INTO feedback (question_id, user_hash, vote, voted_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (question_id, user_hash) DO UPDATE SET vote = excluded.vote,
                   voted_at = excluded.voted_at""",
                (
                    question_id,
                    self.user_hash(user_id),
                    1 if vote > 0 else -1,
                    now().isoformat(timespec="seconds"),
                ),
            )
            return True

    def purge(self) -> int:
        """Delete questions (and their votes) older than the retention period."""
        cutoff = (now() - self.retention).isoformat(timespec="seconds")
        with self._lock:
            return self._conn.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,)).rowcount

    def report(self, since: str | None = None, limit: int = 100) -> list[ReportRow]:
        """Unanswered and down-voted questions, most frequent first, with what the bot showed and where."""
        rows = self._conn.execute(
            """WITH asked AS (
                   SELECT q.normalized, count(*) AS times, sum(1 - q.answered) AS unanswered,
                          max(q.id) AS last_id, max(q.asked_at) AS last_asked,
                          (SELECT count(*) FROM feedback f JOIN questions v ON v.id = f.question_id
                           WHERE v.normalized = q.normalized AND v.asked_at >= ? AND f.vote < 0) AS down,
                          (SELECT count(*) FROM feedback f JOIN questions v ON v.id = f.question_id
                           WHERE v.normalized = q.normalized AND v.asked_at >= ? AND f.vote > 0) AS up,
                          (SELECT json_group_object(channel, n) FROM
                              (SELECT v.channel, count(*) AS n FROM questions v
                               WHERE v.normalized = q.normalized AND v.asked_at >= ? GROUP BY v.channel)
                          ) AS channels
                   FROM questions q WHERE q.asked_at >= ? GROUP BY q.normalized)
               SELECT l.question, a.times, a.unanswered, a.down, a.up, a.last_asked, l.intent, l.shown,
                      a.channels
               FROM asked a JOIN questions l ON l.id = a.last_id
               WHERE a.unanswered > 0 OR a.down > 0
               ORDER BY a.times DESC, a.last_asked DESC
               LIMIT ?""",
            (since or "",) * 4 + (limit,),
        ).fetchall()
        return [
            ReportRow(
                question=question,
                times=times,
                unanswered=unanswered,
                down_votes=down,
                up_votes=up,
                intent=intent,
                shown=json.loads(shown),
                last_asked=last,
                channels=json.loads(channels),
            )
            for question, times, unanswered, down, up, last, intent, shown, channels in rows
        ]

    def channels(self, since: str | None = None) -> list[tuple[str, int]]:
        """Questions asked on each channel (telegram, web …) since an ISO date, most first."""
        return self._conn.execute(
            "SELECT channel, count(*) n FROM questions WHERE asked_at >= ? GROUP BY channel ORDER BY n DESC",
            (since or "",),
        ).fetchall()

    def stats(self, days: int = 7) -> dict:
        """Questions per day, the answered rate, and the most asked tasks, over the last `days` days."""
        since = (now() - timedelta(days=days)).isoformat(timespec="seconds")
        per_day = self._conn.execute(
            """SELECT substr(asked_at, 1, 10), count(*), sum(answered) FROM questions
               WHERE asked_at >= ? GROUP BY 1 ORDER BY 1""",
            (since,),
        ).fetchall()
        counts: dict[str, int] = {}
        for (shown,) in self._conn.execute(
            "SELECT shown FROM questions WHERE asked_at >= ? AND answered = 1", (since,)
        ):
            for task in json.loads(shown)[:1]:
                counts[task] = counts.get(task, 0) + 1
        total = sum(n for _, n, _ in per_day)
        answered = sum(a or 0 for _, _, a in per_day)
        votes = dict(
            self._conn.execute(
                "SELECT vote, count(*) FROM feedback f JOIN questions q ON q.id = f.question_id "
                "WHERE q.asked_at >= ? GROUP BY vote",
                (since,),
            ).fetchall()
        )
        return {
            "days": days,
            "per_day": [(day, n) for day, n, _ in per_day],
            "channels": self.channels(since),
            "questions": total,
            "answered_rate": answered / total if total else 0.0,
            "top_tasks": sorted(counts.items(), key=lambda item: -item[1])[:5],
            "up_votes": votes.get(1, 0),
            "down_votes": votes.get(-1, 0),
        }
