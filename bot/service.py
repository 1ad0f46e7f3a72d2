"""What every channel does with a question: answer it, log it, take votes on it, and hold back floods.

Telegram, the web page and the chat-app robots each translate their own message format into a
question and an `Asker`, call `Service.ask`, and render the `Reply` in their own markup. Nothing
here knows any channel's format; a new channel is one new adapter module.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass

from .answer import Answer, Answerer
from .flood import FloodLimit
from .questionlog import QuestionLog, log_path_from_env, retention_from_env

log = logging.getLogger("bot.service")

DEFAULT_FLOOD_PER_MINUTE = 20


class ConfigError(RuntimeError):
    """The environment does not configure a channel; the message says what to set."""


def listed(value: str | None) -> list[str]:
    """The items of a list setting (BOT_ALLOWED_CHATS, …), separated by commas or semicolons."""
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


def flood_from_env(env: dict[str, str] | None = None) -> int:
    """BOT_FLOOD_PER_MINUTE: questions one asker may ask in a minute, on every channel (0: no limit)."""
    value = (os.environ if env is None else env).get("BOT_FLOOD_PER_MINUTE", str(DEFAULT_FLOOD_PER_MINUTE))
    if not value.strip().isdigit():
        raise ConfigError(f"BOT_FLOOD_PER_MINUTE must be a whole number (0: no limit), got {value!r}")
    return int(value)


def open_question_log() -> QuestionLog:
    """The question log at BOT_LOG_DB, or a ConfigError saying what to set."""
    path = log_path_from_env()
    try:
        return QuestionLog(path, retention_from_env())
    except ValueError as error:
        raise ConfigError(str(error)) from error
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(
            f"cannot open the question log at {path} ({error}): set BOT_LOG_DB to a writable file"
        ) from error


def open_service(flood_per_minute: int, exempt: frozenset[str] = frozenset()) -> Service:
    """The service over the corpus index (BOT_CORPUS_DIR, BOT_DB) and the question log (BOT_LOG_DB)."""
    from . import open_answerer

    return Service(open_answerer(), open_question_log(), flood_per_minute, exempt)


@dataclass(frozen=True)
class Asker:
    """Who asks, where: the channel's own user id (kept only as a salted hash) and the kind of chat."""

    channel: str  # telegram | web | dingtalk | wecom
    user: int | str | None
    chat_type: str = "private"  # private | group | supergroup | page …

    @property
    def key(self) -> str | None:
        """One id per person per channel: the same number on two channels is two people."""
        return None if self.user is None else f"{self.channel}:{self.user}"


@dataclass(frozen=True)
class Reply:
    """The answer to show, the log row that labels its 👍/👎, or that the asker must wait."""

    answer: Answer | None
    question_id: int | None = None
    limited: bool = False  # over the flood limit: say so politely (once a minute, see `warn`)
    warn: bool = False  # the first refusal in this minute: tell the asker; later ones stay silent


class Service:
    """Answering, the question log, feedback and the flood limit, shared by every channel."""

    def __init__(
        self,
        answerer: Answerer,
        log: QuestionLog | None = None,
        flood_per_minute: int = DEFAULT_FLOOD_PER_MINUTE,
        exempt: frozenset[str] = frozenset(),
    ):
        self.answerer = answerer  # replaced by a reload; questions already being answered finish on the old
        self.log = log
        self.flood = FloodLimit(flood_per_minute)
        self.exempt = exempt  # Asker.key values never flood-limited (admins)

    def ask(self, question: str, asker: Asker) -> Reply:
        """Answer and log one question, unless the asker is over the flood limit."""
        key = asker.key
        if key is not None and key not in self.exempt and not self.flood.allow(key):
            return Reply(None, limited=True, warn=self.flood.should_warn(key))
        answer = self.answerer.answer(question)
        return Reply(answer, self.record(answer, asker))

    def answer(self, question: str) -> Answer:
        """An answer that is neither logged nor counted: buttons that page or browse, inline previews."""
        return self.answerer.answer(question)

    def record(self, answer: Answer, asker: Asker) -> int | None:
        """Log the question; the id it gets labels its 👍/👎. A failing log never stops an answer."""
        if self.log is None:
            return None
        try:
            return self.log.record(answer, asker.chat_type, asker.key, channel=asker.channel)
        except sqlite3.Error:
            log.exception("could not write the question log")
            return None

    def vote(self, question_id: int, asker: Asker, vote: int) -> bool:
        """Record 👍 (1) or 👎 (-1) on a logged question; False when there is no such question (any more)."""
        if self.log is None or asker.key is None or vote not in (1, -1):
            return False
        try:
            return self.log.vote(question_id, asker.key, vote)
        except sqlite3.Error:
            log.exception("could not write a vote to the question log")
            return False
