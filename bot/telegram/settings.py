"""The bot's configuration, read once from the environment, and logging that never shows the token."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..service import DEFAULT_FLOOD_PER_MINUTE, ConfigError, flood_from_env, listed

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"


def _ids(value: str | None, name: str) -> frozenset[int] | None:
    if not value or not value.strip():
        return None
    try:
        return frozenset(int(part) for part in listed(value))
    except ValueError:
        raise ConfigError(f"{name} must be a comma-separated list of numeric ids, got {value!r}") from None


@dataclass(frozen=True)
class Settings:
    token: str
    base_url: str = DEFAULT_API_BASE_URL
    allowed_chats: frozenset[int] | None = None
    admins: frozenset[int] = frozenset()
    log_level: str = "INFO"
    heartbeat: Path | None = None
    flood_per_minute: int = DEFAULT_FLOOD_PER_MINUTE
    # Telegram's own sending limits (30 messages a second, 20 a minute per group). Off only against a
    # test server that has none, to measure the bot itself.
    rate_limit: bool = True

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it")
        level = env.get("LOG_LEVEL", "INFO").upper()
        if not isinstance(logging.getLevelName(level), int):
            raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {level!r}")
        heartbeat = env.get("BOT_HEARTBEAT_FILE")
        return cls(
            token=token,
            base_url=env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
            allowed_chats=_ids(env.get("BOT_ALLOWED_CHATS"), "BOT_ALLOWED_CHATS"),
            admins=_ids(env.get("BOT_ADMINS"), "BOT_ADMINS") or frozenset(),
            log_level=level,
            heartbeat=Path(heartbeat) if heartbeat else None,
            flood_per_minute=flood_from_env(env),
            rate_limit=env.get("BOT_RATE_LIMIT", "on").strip().lower() not in ("off", "0", "false", "no"),
        )

    @property
    def exempt(self) -> frozenset[str]:
        """The admins, as the service names them: never flood-limited."""
        return frozenset(f"telegram:{admin}" for admin in self.admins)


class RedactingFormatter(logging.Formatter):
    """Writes every log line, tracebacks included, with the bot token replaced by [token]."""

    def __init__(self, secrets: list[str], fmt: str):
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[token]")
        return text


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        RedactingFormatter([settings.token], "%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
