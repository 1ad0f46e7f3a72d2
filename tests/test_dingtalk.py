"""The DingTalk robot end to end: a fake DingTalk on 127.0.0.1 signs and posts robot messages as DingTalk's
HTTP mode does, and a loopback sessionWebhook receives what uvicorn serving the real router answers."""

from __future__ import annotations

import logging
import shutil
import time
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from conftest import CORPUS_DIR
from fake_chat_apps import (
    DINGTALK_MARKDOWN_LIMIT,
    Bot,
    DingTalkSender,
    SessionWebhook,
    dingtalk_sign,
    serving,
)

from bot import Answerer, Store
from bot.chat import CUT, LIMITED, TEXT_ONLY
from bot.dingtalk import NOT_ALLOWED, DingTalkSettings
from bot.index import build_index
from bot.service import ConfigError

SECRET = "dingSEC-1f2e3d4c5b6a7988-app-secret"
PUBLIC_URL = "https://bot.example.org"
NOISE = "谁负责噪声管理"


@pytest.fixture
def webhook():
    with SessionWebhook() as receiver:
        yield receiver


@contextmanager
def start(answerer, tmp_path, webhook, flood_per_minute: int = 20, **settings):
    """A served bot and a DingTalk sender for it."""
    settings = {"app_secret": SECRET, "public_url": PUBLIC_URL, **settings}
    bot = Bot(
        answerer, tmp_path / "questions.sqlite", flood_per_minute, dingtalk=DingTalkSettings(**settings)
    )
    with serving(bot.app) as url:
        yield bot, DingTalkSender(f"{url}/dingtalk", SECRET, webhook.url)


@pytest.fixture
def bot_and_dingtalk(answerer, tmp_path, webhook):
    with start(answerer, tmp_path, webhook) as running:
        yield running


def test_a_private_question_is_answered_on_the_session_webhook(bot_and_dingtalk, webhook, answerer):
    bot, dingtalk = bot_and_dingtalk
    started = time.monotonic()
    response = dingtalk.post(dingtalk.message(NOISE))
    assert response.status_code == 200
    delivery = webhook.next()
    elapsed = delivery.received_at - started
    task = answerer.answer(NOISE).results[0].task
    markdown = delivery.payload["markdown"]
    assert delivery.path.startswith("/robot/sendBySession?session=")
    assert delivery.content_type.startswith("application/json")
    assert f"**{task.label}** {task.text}" in markdown["text"]
    assert f"牵头:**{'、'.join(task.lead_departments)}**" in markdown["text"]
    assert markdown["title"] == NOISE and "at" not in delivery.payload
    assert webhook.refused == []
    assert elapsed < 2.0, f"the answer arrived after {elapsed:.2f} s"
    assert bot.logged() == [("dingtalk", "private", NOISE)]


def test_a_group_question_ats_the_asker(bot_and_dingtalk, webhook, answerer):
    bot, dingtalk = bot_and_dingtalk
    message = dingtalk.message(NOISE, group=True, staff_id="032615015535634423", conversation="cidTownship")
    assert message["text"]["content"].startswith("@政策助手 ")
    assert dingtalk.post(message).status_code == 200
    payload = webhook.next().payload
    assert payload["at"] == {"atUserIds": ["032615015535634423"], "isAtAll": False}
    assert payload["markdown"]["text"].startswith("@032615015535634423\n\n")
    assert answerer.answer(NOISE).results[0].task.label in payload["markdown"]["text"]
    assert bot.logged() == [("dingtalk", "group", NOISE)]


def test_without_a_staff_id_the_sender_id_names_the_asker(bot_and_dingtalk, webhook):
    _, dingtalk = bot_and_dingtalk
    message = dingtalk.message(NOISE, group=True)
    del message["senderStaffId"]
    dingtalk.post(message)
    assert webhook.next().payload["at"]["atUserIds"] == [message["senderId"]]


def test_a_question_outside_the_document_is_refused_honestly(bot_and_dingtalk, webhook):
    _, dingtalk = bot_and_dingtalk
    dingtalk.post(dingtalk.message("社保卡怎么补办"))
    text = webhook.next().payload["markdown"]["text"]
    assert "本文件没有涉及" in text and "\n- 第" in text


def test_a_picture_gets_a_hint(bot_and_dingtalk, webhook):
    bot, dingtalk = bot_and_dingtalk
    assert dingtalk.post(dingtalk.message("", msgtype="picture")).status_code == 200
    assert webhook.next().payload["markdown"]["text"] == TEXT_ONLY
    assert bot.logged() == []


def minutes_away(minutes: int) -> dict:
    """A correct sign over a timestamp `minutes` from now."""
    timestamp = int(time.time() * 1000) + minutes * 60 * 1000
    return {"timestamp_ms": timestamp, "sign": dingtalk_sign(str(timestamp), SECRET)}


def another_secret() -> dict:
    timestamp = int(time.time() * 1000)
    return {"timestamp_ms": timestamp, "sign": dingtalk_sign(str(timestamp), "someone-else")}


UNSIGNED = {  # built when the test runs: a timestamp made at collection would age while other tests run
    "signed with another secret": another_secret,
    "a sign that is not base64": lambda: {"sign": "not a sign"},
    "an hour and a minute old": lambda: minutes_away(-61),
    "an hour and a minute ahead": lambda: minutes_away(61),
    "no timestamp or sign": lambda: {"headers": False},
}


@pytest.mark.parametrize("case", UNSIGNED)
def test_unsigned_or_stale_calls_are_refused_without_an_answer(bot_and_dingtalk, webhook, case):
    bot, dingtalk = bot_and_dingtalk
    response = dingtalk.post(dingtalk.message(NOISE), **UNSIGNED[case]())
    assert response.status_code == 401
    assert webhook.nothing() and bot.logged() == []


def test_a_timestamp_within_the_hour_is_accepted(bot_and_dingtalk, webhook):
    _, dingtalk = bot_and_dingtalk
    assert dingtalk.post(dingtalk.message(NOISE), **minutes_away(-59)).status_code == 200
    assert "第27条" in webhook.next().payload["markdown"]["text"]


def test_malformed_bodies_are_refused_without_an_answer(bot_and_dingtalk, webhook):
    bot, dingtalk = bot_and_dingtalk
    good = dingtalk.message(NOISE)
    bodies = {
        "not JSON": b"hello",
        "not UTF-8": b'{"a": "\xff"}',
        "a JSON list": b"[1, 2]",
        "deeply nested": b"[" * 30_000 + b"]" * 30_000,
        "no sessionWebhook": {k: v for k, v in good.items() if k != "sessionWebhook"},
        "a file webhook": {**good, "sessionWebhook": "file:///etc/passwd"},
        "a webhook without a host": {**good, "sessionWebhook": "http:///robot"},
        "an unknown conversation type": {**good, "conversationType": "3"},
        "text that is a string": {**good, "text": "谁负责"},
        "content that is a number": {**good, "text": {"content": 27}},
        "no sender": {k: v for k, v in good.items() if k not in ("senderStaffId", "senderId")},
    }
    for name, body in bodies.items():
        response = dingtalk.post(body)
        assert response.status_code in (400, 413), (name, response.status_code, response.text)
    assert webhook.nothing() and bot.logged() == []


def test_an_unlisted_conversation_is_told_so_and_not_answered(answerer, tmp_path, webhook):
    with start(answerer, tmp_path, webhook, allowed_conversations=frozenset({"cidTownship"})) as (
        bot,
        dingtalk,
    ):
        dingtalk.post(dingtalk.message(NOISE, group=True, conversation="cidElsewhere"))
        assert webhook.next().payload["markdown"]["text"].endswith(NOT_ALLOWED)
        dingtalk.post(dingtalk.message(NOISE, group=True, conversation="cidTownship"))
        assert "第27条" in webhook.next().payload["markdown"]["text"]
    assert bot.logged() == [("dingtalk", "group", NOISE)]


def test_a_flooding_asker_is_told_once_then_nothing(answerer, tmp_path, webhook):
    with start(answerer, tmp_path, webhook, flood_per_minute=1) as (bot, dingtalk):
        dingtalk.post(dingtalk.message(NOISE))
        assert "第27条" in webhook.next().payload["markdown"]["text"]
        dingtalk.post(dingtalk.message("噪声"))
        assert webhook.next().payload["markdown"]["text"] == LIMITED
        dingtalk.post(dingtalk.message("噪声"))
        assert webhook.nothing()
    assert len(bot.logged()) == 1


@pytest.fixture(scope="module")
def long_answerer(tmp_path_factory) -> Answerer:
    """The corpus and a second document whose 80 tasks 市生态环境局 leads: a department answer over 5,000 characters."""
    corpus = tmp_path_factory.mktemp("corpus")
    for path in CORPUS_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, corpus / path.name)
    subjects = ["大气污染防治", "水环境治理", "土壤污染风险管控", "固体废物处置", "噪声污染防治"]
    tasks = [
        f"  {n}. 推进{subjects[n % 5]}第{n}项重点工作,完善监测网络和执法监管机制,落实属地责任,"
        f"定期调度工作进展并向社会公开治理成效。(市生态环境局牵头)"
        for n in range(1, 81)
    ]
    (corpus / "zz-extra.txt").write_text(
        "定州市生态环境重点工作清单\n\n发布时间:2026-01-05 09:00:00\n\n" + "\n\n".join(tasks) + "\n",
        encoding="utf-8",
    )
    db = tmp_path_factory.mktemp("long-index") / "index.sqlite"
    build_index(corpus, db)
    return Answerer(Store(db))


@pytest.mark.parametrize("group", [False, True], ids=["private", "group"])
def test_a_long_answer_is_cut_at_a_task_within_5000_characters_with_a_link(
    long_answerer, tmp_path, webhook, group
):
    question = "市生态环境局牵头哪些"
    full = long_answerer.answer(question)
    with start(long_answerer, tmp_path, webhook) as (_, dingtalk):
        dingtalk.post(dingtalk.message(question, group=group))
        delivery = webhook.next()
    text = delivery.payload["markdown"]["text"]
    assert webhook.refused == [] and len(text) <= DINGTALK_MARKDOWN_LIMIT
    body, more = text.rsplit("\n\n", 1)
    assert more == f"[更多]({PUBLIC_URL}/?q={quote(question, safe='')})"
    shown = [r.task for r in full.results if f"**{r.task.label}** {r.task.text}" in body]
    assert 0 < len(shown) < len(full.results)
    assert body.endswith(f"牵头:**{'、'.join(shown[-1].lead_departments)}**")  # the last task shown is whole
    assert text.count("**第") == len(shown)


def test_without_a_public_url_a_long_answer_still_ends_cleanly(long_answerer, tmp_path, webhook):
    with start(long_answerer, tmp_path, webhook, public_url=None) as (_, dingtalk):
        dingtalk.post(dingtalk.message("市生态环境局牵头哪些"))
        text = webhook.next().payload["markdown"]["text"]
    assert text.endswith(f"**\n\n{CUT}") and "http" not in text and len(text) <= DINGTALK_MARKDOWN_LIMIT


def test_secrets_never_reach_the_log_even_when_delivery_fails(bot_and_dingtalk, webhook, caplog):
    caplog.set_level(logging.DEBUG)
    _, dingtalk = bot_and_dingtalk
    dingtalk.post(dingtalk.message(NOISE))
    webhook.next()
    webhook.status = 500
    dingtalk.post(dingtalk.message(NOISE))
    webhook.next()
    dingtalk.post(dingtalk.message(NOISE), sign="wrong")
    deadline = time.monotonic() + 5
    while "DingTalk refused an answer: HTTP 500" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "DingTalk refused an answer: HTTP 500" in caplog.text
    assert SECRET not in caplog.text and webhook.token not in caplog.text


def test_an_unreachable_webhook_is_logged_by_kind_only(bot_and_dingtalk, caplog):
    caplog.set_level(logging.DEBUG)
    _, dingtalk = bot_and_dingtalk
    message = dingtalk.message(NOISE)
    message["sessionWebhook"] = "http://127.0.0.1:9/robot/sendBySession?session=s3cr3tsession"
    assert dingtalk.post(message).status_code == 200
    deadline = time.monotonic() + 5
    while "could not deliver" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "could not deliver an answer to DingTalk: ConnectError" in caplog.text
    assert "s3cr3tsession" not in caplog.text


def test_settings_come_from_the_environment():
    assert DingTalkSettings.from_env({}) is None
    env = {
        "DINGTALK_APP_SECRET": SECRET,
        "DINGTALK_ALLOWED_CONVERSATIONS": "cidA, cidB;cidC",
        "BOT_PUBLIC_URL": "https://bot.example.org/",
    }
    settings = DingTalkSettings.from_env(env)
    assert settings == DingTalkSettings(
        SECRET, frozenset({"cidA", "cidB", "cidC"}), "https://bot.example.org"
    )
    assert SECRET not in repr(settings)
    with pytest.raises(ConfigError):
        DingTalkSettings.from_env({**env, "BOT_PUBLIC_URL": "javascript:alert(1)"})
    assert DingTalkSettings.from_env({"DINGTALK_APP_SECRET": "x"}).allowed_conversations == frozenset()
