"""For the people who use it every day: onboarding with /overview, feedback into the report, and the
admin commands /reload and /stats, end to end through the fake Bot API."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO_DIR, TESTS_DIR, run_env
from fake_bot_api import FakeBotAPI
from telegram_harness import served_bot

ADMIN = FakeBotAPI.make_user(1001, "Admin")
CLERK = FakeBotAPI.make_user(2002, "Clerk")


def buttons(call) -> list[dict]:
    return [b for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


def press(bot, call, data: str, method: str = "editMessageText"):
    since = bot.api.mark()
    bot.api.inject_callback_query(
        data, chat_id=int(call.params["chat_id"]), message_id=call.result["message_id"]
    )
    return bot.api.wait_for(method, lambda c: c.ok, since=since)


@pytest.fixture
def admin_bot(tmp_path, corpus_copy):
    log_db = tmp_path / "questions.sqlite"
    with served_bot(
        tmp_path / "bot.log",
        BOT_CORPUS_DIR=str(corpus_copy),
        BOT_DB=str(tmp_path / "index.sqlite"),
        BOT_LOG_DB=str(log_db),
        BOT_ADMINS=str(ADMIN["id"]),
    ) as bot:
        bot.corpus = corpus_copy
        bot.log_db = log_db
        yield bot


def test_overview_browses_the_document_by_theme(admin_bot):
    bot = admin_bot
    start = bot.ask("/start", user=CLERK)
    themes = press(bot, start, "ov:")
    assert "按主题分为8组" in themes.params["text"]
    first_theme = next(b for b in buttons(themes) if b["callback_data"].startswith("ov:1:"))
    theme = press(bot, themes, first_theme["callback_data"])
    assert all(f"<b>第{n}条</b>" in theme.params["text"] for n in (1, 2, 3, 5))
    assert "牵头:" in theme.params["text"]
    full = next(b for b in buttons(theme) if b["callback_data"] == "q:第1条")
    task = press(bot, theme, full["callback_data"], method="sendMessage")
    assert "<b>第1条</b>" in task.params["text"]
    back = press(bot, theme, "ov:1")
    assert "按主题分为8组" in back.params["text"]
    assert bot.ask("/overview", user=CLERK).params["text"] == themes.params["text"]


def test_docs_lists_the_documents(admin_bot):
    text = admin_bot.ask("/docs", user=CLERK).params["text"]
    assert "分工落实方案" in text and "2025-03-06" in text and "35条" in text


def test_admin_commands_are_refused_to_everyone_else(admin_bot):
    for command in ("/reload", "/stats"):
        assert "仅限管理员" in admin_bot.ask(command, user=CLERK).params["text"]


def test_reload_swaps_in_an_edited_corpus_and_keeps_answering(admin_bot):
    bot = admin_bot
    before = bot.ask("秸秆还田归谁管", user=CLERK).params["text"]
    assert "本文件没有" in before and "秸秆综合利用" not in before
    (bot.corpus / "straw.txt").write_bytes((TESTS_DIR / "data" / "second-document.txt").read_bytes())
    since = bot.api.mark()
    bot.api.inject_message("/reload", user=ADMIN)
    done = bot.api.wait_for(
        "sendMessage", lambda c: c.ok and "已重新载入" in c.params["text"], since=since, timeout=60
    )
    assert "2份文件" in done.params["text"] and "40条" in done.params["text"]
    answer = bot.ask("秸秆还田归谁管", user=CLERK).params["text"]
    assert "《定州市秸秆综合利用工作分工方案》" in answer and "<b>第1条</b>" in answer


def test_reload_with_a_broken_corpus_reports_file_and_line_and_keeps_the_old_index(admin_bot):
    bot = admin_bot
    (bot.corpus / "broken.txt").write_text("标题\n1. 没有牵头部门的任务。\n", encoding="utf-8")
    since = bot.api.mark()
    bot.api.inject_message("/reload", user=ADMIN)
    failed = bot.api.wait_for(
        "sendMessage", lambda c: c.ok and "重建失败" in c.params["text"], since=since, timeout=60
    )
    assert "broken.txt:2" in failed.params["text"]
    assert "<b>第27条</b>" in bot.ask("谁负责噪声管理", user=CLERK).params["text"]


def test_feedback_and_unanswered_questions_reach_the_report_even_after_a_rebuild(admin_bot, tmp_path):
    bot = admin_bot
    refused = bot.ask("社保卡怎么补办", user=CLERK)
    answered = bot.ask("环评归哪条", user=CLERK)
    down = next(b for b in buttons(answered) if b["text"].startswith("👎"))
    since = bot.api.mark()
    bot.api.inject_callback_query(
        down["callback_data"], chat_id=CLERK["id"], message_id=answered.result["message_id"], user=CLERK
    )
    thanks = bot.api.wait_for("answerCallbackQuery", since=since)
    assert thanks.params.get("text") == "谢谢反馈!"
    assert refused.ok
    stats = bot.ask("/stats", user=ADMIN).params["text"]
    assert re.search(r"共\d+个问题", stats) and "👎 1" in stats

    def report() -> str:
        env = run_env(
            BOT_LOG_DB=str(bot.log_db), BOT_CORPUS_DIR=str(bot.corpus), BOT_DB=str(tmp_path / "index.sqlite")
        )
        done = subprocess.run(
            [sys.executable, "-m", "bot", "report"], capture_output=True, text=True, cwd=REPO_DIR, env=env
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = report()
    assert "社保卡怎么补办" in first and "unanswered 1×" in first
    assert "环评归哪条" in first and "👎 1" in first
    subprocess.run(
        [sys.executable, "-m", "bot", "index"],
        check=True,
        cwd=REPO_DIR,
        env=run_env(BOT_CORPUS_DIR=str(bot.corpus), BOT_DB=str(tmp_path / "index.sqlite")),
        capture_output=True,
    )
    assert report() == first
