"""Runs `python -m bot serve` as a real process against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import REPO_DIR, run_env
from fake_bot_api import Call, FakeBotAPI


class ServedBot:
    """A `python -m bot serve` process and the fake server it talks to."""

    def __init__(self, api: FakeBotAPI, process: subprocess.Popen, log_path: Path):
        self.api = api
        self.process = process
        self.log_path = log_path

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def ask(self, text: str, timeout: float = 15.0, **kwargs) -> Call:
        """Send a private message and return the bot's reply, as Telegram accepted it."""
        update_id = self.api.inject_message(text, **kwargs)
        chat_id = self.api.update(update_id)["message"]["chat"]["id"]
        return self.api.wait_for(
            "sendMessage", lambda c: c.ok and str(c.params.get("chat_id")) == str(chat_id), timeout=timeout
        )

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
                raise
        return self.process.returncode


def start_bot(api: FakeBotAPI, log_path: Path, base_url: str | None = None, **env: str) -> ServedBot:
    """Start `python -m bot serve` against `api` (or `base_url`, for a server not listening yet)."""
    env.setdefault("BOT_LOG_DB", str(log_path.with_suffix(".questions.sqlite")))
    environment = run_env(
        TELEGRAM_BOT_TOKEN=api.token,
        TELEGRAM_API_BASE_URL=base_url or api.base_url,
        LOG_LEVEL=env.pop("LOG_LEVEL", "DEBUG"),
        PYTHONUNBUFFERED="1",
        **env,
    )
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=REPO_DIR,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    return ServedBot(api, process, log_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_log(bot: ServedBot, text: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in bot.log:
        if time.monotonic() > deadline or bot.process.poll() is not None:
            raise AssertionError(f"{text!r} never appeared in the log:\n{bot.log[-3000:]}")
        time.sleep(0.1)


def answered_chats(api: FakeBotAPI, chats: set[int]) -> set[int]:
    """The chats among `chats` that have had a message from the bot accepted."""
    sent = (c for c in api.calls if c.method == "sendMessage" and c.ok)
    return {int(c.params["chat_id"]) for c in sent} & chats


def wait_for_answers(api: FakeBotAPI, chats: set[int], timeout: float = 120.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while (done := answered_chats(api, chats)) != chats and time.monotonic() < deadline:
        time.sleep(0.2)
    return done


def wait_until_serving(bot: ServedBot, timeout: float = 30.0) -> None:
    """Ready once the commands are registered and the first getUpdates has arrived."""
    deadline = time.monotonic() + timeout
    bot.api.wait_for("setMyCommands", timeout=timeout, since=0)
    bot.api.wait_for("getUpdates", timeout=max(1.0, deadline - time.monotonic()), since=0)
    if bot.process.poll() is not None:
        raise RuntimeError(f"bot exited early:\n{bot.log}")


@contextmanager
def served_bot(log_path: Path, **env: str):
    with FakeBotAPI() as api:
        bot = start_bot(api, log_path, **env)
        try:
            wait_until_serving(bot)
            yield bot
        finally:
            bot.stop()
