"""Faults a deployed bot meets: an API that is not there yet, 429s, outages, restarts, floods and a hostile
corpus. Every question must still be answered, and nothing leaked."""

from __future__ import annotations

import time

from conftest import CORPUS_DIR
from fake_bot_api import FakeBotAPI
from telegram_harness import (
    answered_chats,
    free_port,
    served_bot,
    start_bot,
    wait_for_answers,
    wait_for_log,
    wait_until_serving,
)

FIRST_USER = 20_000


def users(count: int, first: int = FIRST_USER) -> list[dict]:
    return [FakeBotAPI.make_user(first + i, f"u{i}", username=None) for i in range(count)]


def ask_all(api: FakeBotAPI, people: list[dict], question: str = "谁负责噪声管理") -> set[int]:
    for user in people:
        api.inject_message(question, user=user)
    return {u["id"] for u in people}


def test_an_api_not_there_at_start_up_is_retried_with_a_clear_log_line(tmp_path, session_db):
    port = free_port()
    api = FakeBotAPI(port=port)
    bot = start_bot(
        api, tmp_path / "bot.log", base_url=f"http://127.0.0.1:{port}/bot", BOT_DB=str(session_db)
    )
    try:
        wait_for_log(bot, "cannot reach the Telegram Bot API")
        with api:
            wait_until_serving(bot, timeout=60)
            assert wait_for_answers(api, ask_all(api, users(3))) == {
                FIRST_USER,
                FIRST_USER + 1,
                FIRST_USER + 2,
            }
        assert api.token not in bot.log and "Traceback" not in bot.log
    finally:
        bot.stop()


def test_every_answer_is_delivered_through_twenty_429s(tmp_path, session_db):
    with served_bot(tmp_path / "bot.log", BOT_DB=str(session_db)) as bot:
        bot.api.fail_next("sendMessage", 20, status=429, retry_after=1)
        chats = ask_all(bot.api, users(30))
        assert wait_for_answers(bot.api, chats) == chats
        assert bot.api.fault_count("sendMessage") == 20


def test_polling_recovers_by_itself_after_a_six_second_outage(tmp_path, session_db):
    with served_bot(tmp_path / "bot.log", BOT_DB=str(session_db)) as bot:
        bot.api.outage(6)
        chats = ask_all(bot.api, users(10))
        time.sleep(6.5)
        assert wait_for_answers(bot.api, chats, timeout=90) == chats
        assert bot.api.fault_count() > 0
        assert bot.process.poll() is None


def test_a_restart_in_the_middle_of_a_burst_loses_no_question(tmp_path, session_db):
    with FakeBotAPI() as api:
        first = start_bot(api, tmp_path / "first.log", BOT_DB=str(session_db))
        wait_until_serving(first)
        chats = ask_all(api, users(200))
        deadline = time.monotonic() + 60
        while len(answered_chats(api, chats)) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        at_signal = len(answered_chats(api, chats))
        # SIGTERM drains what was already fetched; the rest waits at the API for the next process.
        assert first.stop() == 0, first.log
        assert at_signal < 200, "the burst finished before the restart: nothing was tested"
        second = start_bot(api, tmp_path / "second.log", BOT_DB=str(session_db))
        try:
            wait_until_serving(second)
            assert wait_for_answers(api, chats) == chats
        finally:
            second.stop()


def test_a_flooding_user_gets_twenty_answers_and_one_polite_reply(tmp_path, session_db):
    with served_bot(tmp_path / "bot.log", BOT_DB=str(session_db)) as bot:
        user = FakeBotAPI.make_user(31_337)
        since = bot.api.mark()
        for i in range(25):
            bot.api.inject_message(f"第{i % 30 + 1}条", user=user)

        def sent() -> list:
            calls = bot.api.calls[since:]
            return [
                c for c in calls if c.method == "sendMessage" and c.ok and c.params["chat_id"] == user["id"]
            ]

        deadline = time.monotonic() + 30
        while len(sent()) < 21 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # and nothing more arrives
        polite = [c for c in sent() if "太频繁" in c.params["text"]]
        assert len(sent()) == 21 and len(polite) == 1


def test_paging_to_the_same_page_is_not_modified_and_ignored(tmp_path, session_db):
    with served_bot(tmp_path / "bot.log", BOT_DB=str(session_db)) as bot:
        call = bot.ask("生态环境局牵头哪些")
        markup = call.params["reply_markup"]["inline_keyboard"][0]
        current = next(b for b in markup if b["text"].startswith("1/"))
        since = bot.api.mark()
        bot.api.inject_callback_query(
            current["callback_data"],
            chat_id=int(call.params["chat_id"]),
            message_id=call.result["message_id"],
        )
        edit = bot.api.wait_for("editMessageText", since=since)
        assert not edit.ok and "not modified" in edit.description
        bot.ask("第2条")  # still answering
        assert "error while handling" not in bot.log


def test_user_and_corpus_text_is_always_escaped(tmp_path, session_db):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in CORPUS_DIR.iterdir():
        if path.suffix in (".toml", ".txt") and not path.name.startswith("dingzhou"):
            (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "hostile.txt").write_text(
        "<b>标题</b> & <script>\n发布时间:2025-01-01\n"
        "1. 加强<i>噪声</b>管理 & a<b 防治。(市<u>环保</u>局&牵头)\n"
        "2. 噪声 <tg-spoiler> 又一条 </a>。(市生态环境局牵头)\n",
        encoding="utf-8",
    )
    with served_bot(
        tmp_path / "bot.log", BOT_CORPUS_DIR=str(corpus), BOT_DB=str(tmp_path / "i.sqlite")
    ) as bot:
        for question in ("噪声", "第1条", "/about", "/depts", "市<u>环保</u>局&牵头哪些", "<b>"):
            call = bot.ask(question)
            assert call.ok, call.description
        bot.api.inject_inline_query("噪声")
        inline = bot.api.wait_for("answerInlineQuery")
        assert inline.ok, inline.description
