"""The Telegram bot end to end: `python -m bot serve` talking HTTP to a fake Bot API server on 127.0.0.1.

The fake checks every call against the Bot API spec and refuses what Telegram refuses (bad HTML, text over
4096 characters, oversized callback data), so a rendering bug fails here as it would in production.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from conftest import REPO_DIR, run_env
from fake_bot_api import FakeBotAPI
from telegram_harness import free_port, served_bot, start_bot, wait_until_serving

GROUP = -1001234567890


@pytest.fixture(scope="module")
def bot(tmp_path_factory, session_db):
    log = tmp_path_factory.mktemp("serve") / "bot.log"
    with served_bot(log, BOT_DB=str(session_db)) as served:
        yield served
    assert served.process.returncode == 0, served.log


def plain(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def task_numbers(html_text: str) -> list[int]:
    """The tasks a message shows, by their bold 第N条 headings (not numbers mentioned in notes)."""
    return [int(n) for n in re.findall(r"<b>第(\d+)条</b>", html_text)]


def buttons(call) -> list[dict]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def settle(api: FakeBotAPI, quiet: float = 0.7) -> None:
    """Wait until the bot has sent everything earlier tests asked of it."""
    while True:
        since = api.mark()
        try:
            api.wait_for(predicate=lambda c: c.method != "getUpdates", timeout=quiet, since=since)
        except TimeoutError:
            return


def assert_silent(api: FakeBotAPI, since: int, seconds: float = 1.5) -> None:
    with pytest.raises(TimeoutError):
        api.wait_for("sendMessage", timeout=seconds, since=since)


# --- private chat --------------------------------------------------------------------------------


def test_private_question_is_answered_with_the_task_its_text_and_bold_leads(bot, answerer):
    call = bot.ask("谁负责噪声管理")
    assert call.ok and call.params["parse_mode"] == "HTML"
    text = call.params["text"]
    assert "<b>第27条</b>" in text
    assert "<b>市生态环境局、市自然资源规划局、市科学技术和工业信息化局</b>" in text
    assert "<u>噪声</u>" in text
    # The chat shows the same top task as the CLI.
    top = answerer.answer("谁负责噪声管理").results[0].task.number
    assert task_numbers(text)[0] == top


def test_commands_are_registered_in_chinese_for_private_and_group_chats(bot):
    for scope in ({"type": "all_private_chats"}, {"type": "all_group_chats"}):
        commands = {c["command"]: c["description"] for c in bot.api.my_commands(scope)}
        assert {"start", "help", "ask", "task", "dept", "depts", "about"} <= commands.keys()
        assert all(re.search(r"[\u4e00-\u9fff]", d) for d in commands.values())


def test_start_offers_three_example_questions_that_answer_when_pressed(bot):
    call = bot.ask("/start")
    examples = [b for b in buttons(call) if b["callback_data"].startswith("q:")]
    assert len(examples) == 3
    assert any(b["callback_data"] == "ov:" for b in buttons(call))  # and the overview, for new staff
    chat_id = call.params["chat_id"]
    since = bot.api.mark()
    bot.api.inject_callback_query(
        examples[0]["callback_data"], chat_id=int(chat_id), message_id=call.result["message_id"]
    )
    answered = bot.api.wait_for("sendMessage", since=since)
    assert answered.ok and "第27条" in answered.params["text"]
    bot.api.wait_for("answerCallbackQuery", since=since)


def test_task_dept_depts_about_and_help_commands(bot):
    assert "<b>第24条</b>" in bot.ask("/task 24").params["text"]
    dept = bot.ask("/dept 农业局").params["text"]
    assert all(f"第{n}条" in dept for n in (5, 24, 25, 26, 28))
    depts = bot.ask("/depts")
    assert "市农业农村局:5条" in depts.params["text"] and len(buttons(depts)) >= 10
    about = bot.ask("/about").params["text"]
    assert "2025-03-06" in about and "35条" in about and "分工落实方案" in about
    assert bot.api.token not in about
    assert "@dingzhou_policy_bot" in bot.ask("/help").params["text"]


def test_absent_task_number_says_so_and_offers_neighbours_as_buttons(bot):
    call = bot.ask("/task 4")
    assert "没有第4条" in call.params["text"]
    labels = [b["text"] for b in buttons(call)]
    assert any(label.startswith("第3条") for label in labels) and any(
        label.startswith("第5条") for label in labels
    )


def test_refusal_offers_nearest_topics_as_buttons(bot):
    call = bot.ask("社保卡怎么补办")
    assert "本文件没有涉及" in call.params["text"]
    topics = [b for b in buttons(call) if b["callback_data"].startswith("q:")]
    assert 1 <= len(topics) <= 3
    assert all(b["callback_data"].startswith("q:第") for b in topics)
    assert [b["text"][:1] for b in buttons(call) if b["callback_data"].startswith("fb:")] == ["👍", "👎"]


def test_long_answers_are_paged_with_a_more_button_that_edits_the_message(bot):
    call = bot.ask("生态环境局牵头哪些")
    first = call.params["text"]
    more = [b for b in buttons(call) if b["text"].startswith("更多")]
    assert more and len(first) <= 4096
    since = bot.api.mark()
    bot.api.inject_callback_query(
        more[0]["callback_data"], chat_id=int(call.params["chat_id"]), message_id=call.result["message_id"]
    )
    edit = bot.api.wait_for("editMessageText", since=since)
    assert edit.ok and edit.params["text"] != first
    numbers = task_numbers(edit.params["text"])
    assert numbers and min(numbers) > max(task_numbers(first))
    assert any(b["text"].startswith("◀") for b in buttons(edit))


def test_pressing_the_current_page_again_is_harmless(bot):
    call = bot.ask("生态环境局牵头哪些")
    current = [b for b in buttons(call) if b["text"].startswith("1/")]
    since = bot.api.mark()
    bot.api.inject_callback_query(
        current[0]["callback_data"], chat_id=int(call.params["chat_id"]), message_id=call.result["message_id"]
    )
    bot.api.wait_for("answerCallbackQuery", since=since)
    time.sleep(0.5)
    assert bot.process.poll() is None
    assert "error while handling" not in bot.log


def test_every_page_of_the_longest_answer_fits_in_a_message(bot):
    call = bot.ask("我是镇上的,这个方案跟我们有啥关系")
    assert call.ok and "第1条" in call.params["text"]
    pages = int(re.search(r"1/(\d+)", " ".join(b["text"] for b in buttons(call)))[1])
    message_id = call.result["message_id"]
    for _ in range(1, pages):
        since = bot.api.mark()
        data = next(b["callback_data"] for b in buttons(call) if b["text"].startswith("更多"))
        bot.api.inject_callback_query(data, chat_id=int(call.params["chat_id"]), message_id=message_id)
        call = bot.api.wait_for("editMessageText", since=since)
        assert call.ok, call.description
        assert len(call.params["text"]) <= 4096
    assert f"{pages}/{pages}" in [b["text"] for b in buttons(call)]


@pytest.mark.parametrize(
    "question",
    [
        "<b>噪声</b> & <script>alert(1)</script>",
        "噪声 </u></b> <a href='x'>",
        "a < b && c > d 噪声",
        "&amp; &lt;噪声",
    ],
)
def test_html_hostile_questions_are_escaped(bot, question):
    call = bot.ask(question)
    assert call.ok, call.description


def test_an_overlong_question_still_gets_one_valid_message(bot):
    call = bot.ask("噪声" + "很吵" * 2000)
    assert call.ok, call.description
    assert "问题过长" in call.params["text"]


# --- groups --------------------------------------------------------------------------------------


def test_group_stays_silent_on_ordinary_messages(bot):
    since = bot.api.mark()
    bot.api.inject_group_message("今天中午吃什么")
    bot.api.inject_group_message("噪声的事情谁负责")
    assert_silent(bot.api, since)


def test_group_answers_ask_command_addressed_to_the_bot_and_replies_to_it(bot):
    update = bot.api.inject_group_message("/ask@dingzhou_policy_bot 谁负责噪声管理")
    asked = bot.api.update(update)["message"]["message_id"]
    call = bot.api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == str(GROUP))
    assert "第27条" in call.params["text"]
    assert call.result["reply_to_message"]["message_id"] == asked


def test_group_ignores_commands_for_another_bot(bot):
    since = bot.api.mark()
    bot.api.inject_group_message("/ask@some_other_bot 谁负责噪声管理")
    assert_silent(bot.api, since)


def test_group_answers_a_mention(bot):
    bot.api.inject_group_message("@dingzhou_policy_bot 农业局牵头哪几条")
    call = bot.api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == str(GROUP))
    assert "第24条" in call.params["text"]


def test_group_answers_a_reply_to_the_bot(bot):
    bot.api.inject_group_message("/ask 第2条")
    first = bot.api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == str(GROUP))
    bot.api.inject_group_message("那第3条呢", reply_to_message_id=first.result["message_id"])
    call = bot.api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == str(GROUP))
    assert "<b>第3条</b>" in call.params["text"]


# --- inline mode ---------------------------------------------------------------------------------


def test_inline_query_returns_one_article_per_task(bot):
    bot.api.inject_inline_query("噪声")
    call = bot.api.wait_for("answerInlineQuery")
    assert call.ok, call.description
    results = call.params["results"]
    assert results[0]["title"].startswith("第27条 · ")
    assert results[0]["description"].startswith("牵头:市生态环境局")
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "<b>第27条</b>" in content["message_text"]


def test_empty_inline_query_offers_the_departments(bot):
    bot.api.inject_inline_query("")
    call = bot.api.wait_for("answerInlineQuery")
    titles = [r["title"] for r in call.params["results"]]
    assert "市农业农村局" in titles and "市生态环境局" in titles


# --- load, errors and secrets --------------------------------------------------------------------


def test_a_burst_of_300_questions_is_fully_answered(bot):
    questions = ["谁负责噪声管理", "农业局牵头哪几条", "第8条", "村里砖厂冒黑烟归哪条管", "社保卡补办"]
    first_user = 10_000
    for i in range(300):
        user = FakeBotAPI.make_user(first_user + i, f"u{i}", username=None)
        bot.api.inject_message(questions[i % len(questions)], user=user)

    def answered() -> set[int]:
        sent = (c for c in bot.api.calls if c.method == "sendMessage" and c.ok)
        return {int(c.params["chat_id"]) for c in sent} & set(range(first_user, first_user + 300))

    deadline = time.monotonic() + 120
    while len(answered()) < 300 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(answered()) == 300


def test_a_failed_send_is_logged_and_the_user_told_briefly(bot):
    settle(bot.api)
    bot.api.fail_next("sendMessage", 1, status=400, description="Bad Request: injected failure")
    bot.api.inject_message("第8条", user=FakeBotAPI.make_user(777))
    call = bot.api.wait_for("sendMessage", lambda c: c.ok and str(c.params["chat_id"]) == "777")
    assert "出错" in call.params["text"]
    deadline = time.monotonic() + 5
    while "Traceback" not in bot.log and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "error while handling an update" in bot.log and "Traceback" in bot.log


def test_the_token_never_appears_in_the_log(bot):
    bot.ask("谁负责噪声管理")
    assert "getUpdates" in bot.log or "serving as" in bot.log  # DEBUG logging was on
    assert bot.api.token not in bot.log
    assert bot.api.token.split(":")[1] not in bot.log


def test_missing_token_is_one_clear_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=run_env(),
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "error: TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it"
    )


def test_sigterm_shuts_down_cleanly(tmp_path, session_db):
    with FakeBotAPI() as api:
        served = start_bot(api, tmp_path / "bot.log", BOT_DB=str(session_db))
        wait_until_serving(served)
        assert served.stop() == 0
        assert "Traceback" not in served.log


# --- access --------------------------------------------------------------------------------------


def test_allowlist_refuses_unlisted_private_chats_and_leaves_unlisted_groups(tmp_path, session_db):
    with served_bot(tmp_path / "bot.log", BOT_DB=str(session_db), BOT_ALLOWED_CHATS="4242,-100555") as served:
        stranger = served.ask("谁负责噪声管理", user=FakeBotAPI.make_user(999))
        assert "第27条" not in stranger.params["text"] and "管理员" in stranger.params["text"]
        allowed = served.ask("谁负责噪声管理", user=FakeBotAPI.make_user(4242))
        assert "第27条" in allowed.params["text"]
        since = served.api.mark()
        served.api.inject_group_message("/ask 噪声", chat_id=-100777)
        served.api.wait_for("leaveChat", since=since)
        assert not [
            c
            for c in served.api.calls[since:]
            if c.method == "sendMessage" and str(c.params["chat_id"]) == "-100777"
        ]


# --- deployment modes ----------------------------------------------------------------------------


def test_webhook_mode_registers_a_secret_and_answers_only_calls_that_carry_it(tmp_path, session_db):
    import httpx

    port = free_port()
    with FakeBotAPI() as api:
        served = start_bot(api, tmp_path / "bot.log", BOT_DB=str(session_db))
        served.process.kill()
        served.process.wait()
        environment = run_env(
            TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, BOT_DB=str(session_db)
        )
        args = ["--webhook-url", "https://bot.example.test/", "--listen", "127.0.0.1", "--port", str(port)]
        with (tmp_path / "webhook.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", *args],
                cwd=REPO_DIR,
                env=environment,
                stdout=log,
                stderr=log,
            )
        try:
            registered = api.wait_for("setWebhook", timeout=30, since=0)
            assert registered.params["url"] == "https://bot.example.test/telegram"
            secret = registered.params["secret_token"]
            assert len(secret) >= 16 and api.token not in secret
            user = FakeBotAPI.make_user(5150)
            chat = {"id": 5150, "type": "private", "first_name": user["first_name"]}
            api.add_chat(chat)
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "chat": chat,
                    "from": user,
                    "text": "第27条",
                },
            }
            url = f"http://127.0.0.1:{port}/telegram"
            deadline = time.monotonic() + 20
            while True:
                try:
                    refused = httpx.post(
                        url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                    )
                    break
                except httpx.ConnectError:
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            assert refused.status_code == 403
            accepted = httpx.post(url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": secret})
            assert accepted.status_code == 200
            call = api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == "5150", since=0)
            assert "<b>第27条</b>" in call.params["text"]
        finally:
            process.terminate()
            assert process.wait(20) == 0


def test_heartbeat_file_is_touched_while_polling(tmp_path, session_db):
    heartbeat = tmp_path / "heartbeat"
    with served_bot(
        tmp_path / "bot.log", BOT_DB=str(session_db), BOT_HEARTBEAT_FILE=str(heartbeat)
    ) as served:
        deadline = time.monotonic() + 15
        while not heartbeat.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        first = heartbeat.stat().st_mtime
        served.api.inject_message("第1条")
        served.api.wait_for("sendMessage")
        deadline = time.monotonic() + 15
        while heartbeat.stat().st_mtime == first and time.monotonic() < deadline:
            time.sleep(0.1)
        assert heartbeat.stat().st_mtime > first


def test_rate_limited_answers_are_retried_and_delivered(bot):
    settle(bot.api)
    bot.api.fail_next("sendMessage", 2, status=429, retry_after=1)
    call = bot.ask("第9条", user=FakeBotAPI.make_user(6060))
    assert call.ok and "<b>第9条</b>" in call.params["text"]
    assert bot.api.fault_count("sendMessage") >= 2


def test_httpx_request_lines_are_not_logged(bot):
    bot.ask("第10条")
    assert "HTTP Request:" not in bot.log


def test_a_non_text_message_in_private_gets_a_hint(bot):
    user = FakeBotAPI.make_user(7070)
    chat = {"id": 7070, "type": "private", "first_name": user["first_name"]}
    bot.api.add_chat(chat)
    location = {"latitude": 38.5, "longitude": 115.0}
    bot.api.inject_update(
        {
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "location": location,
            }
        }
    )
    call = bot.api.wait_for("sendMessage", lambda c: str(c.params["chat_id"]) == "7070")
    assert "文字问题" in call.params["text"]
