"""The WeCom callback end to end: a fake WeCom on 127.0.0.1 encrypts and posts as WeCom's documentation says,
and decrypts and checks the passive reply from uvicorn serving the real router."""

from __future__ import annotations

import base64
import logging
import os
import time

import httpx
import pytest
from fake_chat_apps import (
    Bot,
    WeComSender,
    other_message,
    serving,
    text_message,
    wecom_decrypt,
    wecom_encrypt,
    wecom_signature,
)
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.chat import CUT, LIMITED, TEXT_ONLY
from bot.service import ConfigError
from bot.wecom import MAX_TEXT_BYTES, WeComSettings

# The example in WeCom's 加解密方案说明 (developer.work.weixin.qq.com/document/path/91144).
SPEC_TOKEN = "QDG6eK"
SPEC_CORP_ID = "wx5823bf96d3bd56c7"
SPEC_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
SPEC_VERIFY = {
    "msg_signature": "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
    "timestamp": "1409659589",
    "nonce": "263014780",
    "echostr": "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
}
SPEC_ECHO = "1616140317555161061"

PUBLIC_URL = "https://bot.example.org"


def random_settings(public_url: str | None = PUBLIC_URL) -> WeComSettings:
    return WeComSettings(
        token=base64.b32encode(os.urandom(10)).decode(),
        aes_key=base64.b64encode(os.urandom(32)).decode().rstrip("="),
        corp_id="ww" + os.urandom(8).hex(),
        public_url=public_url,
    )


@pytest.fixture
def bot(answerer, tmp_path):
    return Bot(answerer, tmp_path / "questions.sqlite", wecom=random_settings())


@pytest.fixture
def wecom(bot):
    with serving(bot.app) as url:
        yield WeComSender(f"{url}/wecom", bot.settings.token, bot.settings.aes_key, bot.settings.corp_id)


def test_the_fake_follows_the_published_example():
    encrypted = SPEC_VERIFY["echostr"]
    assert (
        wecom_signature(SPEC_TOKEN, SPEC_VERIFY["timestamp"], SPEC_VERIFY["nonce"], encrypted)
        == SPEC_VERIFY["msg_signature"]
    )
    assert wecom_decrypt(SPEC_AES_KEY, encrypted) == (SPEC_ECHO, SPEC_CORP_ID)
    random = os.urandom(16)
    again = wecom_encrypt(SPEC_AES_KEY, SPEC_ECHO, SPEC_CORP_ID, random)
    assert wecom_decrypt(SPEC_AES_KEY, again) == (SPEC_ECHO, SPEC_CORP_ID)


def test_url_verification_answers_the_published_example_bare(answerer, tmp_path):
    settings = WeComSettings(SPEC_TOKEN, SPEC_AES_KEY, SPEC_CORP_ID)
    bot = Bot(answerer, tmp_path / "q.sqlite", wecom=settings)
    with serving(bot.app) as url:
        response = httpx.get(f"{url}/wecom", params=SPEC_VERIFY, timeout=10)
        assert response.status_code == 200
        assert response.content == SPEC_ECHO.encode()  # no quotes, newline or BOM
        assert response.headers["content-type"].split(";")[0] == "text/plain"
        wrong = dict(SPEC_VERIFY, msg_signature="0" * 40)
        assert httpx.get(f"{url}/wecom", params=wrong, timeout=10).status_code == 401
        assert httpx.get(f"{url}/wecom", timeout=10).status_code == 401


def test_url_verification_with_a_fresh_echostr(wecom):
    echo = str(int.from_bytes(os.urandom(8), "big"))
    response = wecom.verify_url(echo)
    assert response.status_code == 200 and response.text == echo


def test_a_question_gets_a_passive_reply_from_the_corp_to_the_member(bot, wecom, answerer):
    started = time.perf_counter()
    response, reply = wecom.ask("谁负责噪声管理", member="LiSi")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
    task = answerer.answer("谁负责噪声管理").results[0].task
    assert task.label == "第27条"
    assert reply.to == "LiSi" and reply.sender == bot.settings.corp_id and reply.kind == "text"
    assert f"{task.label}  {task.text}" in reply.content
    assert "、".join(task.lead_departments) in reply.content
    assert elapsed < 2.0, f"a reply took {elapsed:.2f} s; WeCom gives up after 5"
    assert bot.logged() == [("wecom", "private", "谁负责噪声管理")]


def test_a_question_outside_the_document_is_refused_honestly(wecom):
    _, reply = wecom.ask("社保卡怎么补办")
    assert "本文件没有涉及" in reply.content and "相近的内容" in reply.content
    assert "第" in reply.content.split("相近的内容")[1]


def test_a_long_answer_is_cut_at_a_task_within_2048_bytes_with_a_link(wecom, answerer):
    question = "生态环境局牵头哪些"
    full = answerer.answer(question)
    _, reply = wecom.ask(question)
    size = len(reply.content.encode("utf-8"))
    assert size <= MAX_TEXT_BYTES
    body, more = reply.content.rsplit("\n\n", 1)
    assert more == "更多: https://bot.example.org/?q=" + "".join(f"%{b:02X}" for b in question.encode())
    shown = [r.task for r in full.results if f"{r.task.label}  {r.task.text}\n  牵头:" in body]
    assert 0 < len(shown) < len(full.results)
    assert body.endswith("牵头:" + "、".join(shown[-1].lead_departments))  # the last task is whole
    assert size + len(full.results[len(shown)].task.text.encode()) > MAX_TEXT_BYTES - len(more.encode())


def test_without_a_public_url_a_long_answer_still_ends_cleanly(answerer, tmp_path):
    bot = Bot(answerer, tmp_path / "q.sqlite", wecom=random_settings(public_url=None))
    with serving(bot.app) as url:
        sender = WeComSender(f"{url}/wecom", bot.settings.token, bot.settings.aes_key, bot.settings.corp_id)
        _, reply = sender.ask("生态环境局牵头哪些")
    assert reply.content.endswith(CUT) and "http" not in reply.content
    assert len(reply.content.encode()) <= MAX_TEXT_BYTES


def test_images_get_a_hint_and_events_an_empty_reply(bot, wecom):
    settings = bot.settings
    image = wecom_encrypt(
        settings.aes_key, other_message(settings.corp_id, "zhangsan", "image"), settings.corp_id
    )
    response, nonce = wecom.post_encrypted(image)
    assert wecom.open_reply(response, nonce).content == TEXT_ONLY
    event = wecom_encrypt(
        settings.aes_key, other_message(settings.corp_id, "zhangsan", "event"), settings.corp_id
    )
    response, _ = wecom.post_encrypted(event)
    assert response.status_code == 200 and response.content == b""
    assert bot.logged() == []


def test_a_flooding_member_is_told_once_then_nothing(answerer, tmp_path):
    bot = Bot(answerer, tmp_path / "q.sqlite", flood_per_minute=1, wecom=random_settings())
    with serving(bot.app) as url:
        sender = WeComSender(f"{url}/wecom", bot.settings.token, bot.settings.aes_key, bot.settings.corp_id)
        assert "第27条" in sender.ask("谁负责噪声管理")[1].content
        assert sender.ask("噪声")[1].content == LIMITED
        response, reply = sender.ask("噪声")
        assert response.status_code == 200 and reply is None
        assert "第" in sender.ask("噪声", member="wangwu")[1].content  # another member is not held back
    assert len(bot.logged()) == 2


def _refusals(settings: WeComSettings) -> list[tuple[str, bytes, str]]:
    """(name, body, the value the msg_signature is computed over) for messages that are not WeCom's."""
    key, corp = settings.aes_key, settings.corp_id
    good = wecom_encrypt(key, text_message(corp, "zhangsan", "谁负责噪声管理"), corp)
    raw = bytearray(base64.b64decode(good))
    raw[40] ^= 0x01  # one flipped bit in the ciphertext
    flipped = base64.b64encode(bytes(raw)).decode()
    short = base64.b64encode(os.urandom(20)).decode()  # not a whole number of AES blocks
    noise = base64.b64encode(os.urandom(64)).decode()  # random blocks: bad padding and length
    other_corp = wecom_encrypt(key, text_message(corp, "zhangsan", "谁负责噪声管理"), "wwsomeoneelse")
    wrong_key = wecom_encrypt(base64.b64encode(os.urandom(32)).decode().rstrip("="), "x", corp)
    not_utf8 = wecom_encrypt(key, b"\xff\xfe<xml/>", corp)
    not_xml = wecom_encrypt(key, "no xml here", corp)
    no_sender = wecom_encrypt(key, f"<xml><ToUserName>{corp}</ToUserName><MsgType>text</MsgType></xml>", corp)
    inner_corp = wecom_encrypt(key, text_message("wwanother", "zhangsan", "噪声"), corp)

    def envelope(value: str) -> bytes:
        return f"<xml><ToUserName>{corp}</ToUserName><Encrypt><![CDATA[{value}]]></Encrypt></xml>".encode()

    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<xml><Encrypt>&b;</Encrypt></xml>"
    )
    return [
        ("tampered ciphertext", envelope(flipped), flipped),
        ("ciphertext not in AES blocks", envelope(short), short),
        ("random ciphertext", envelope(noise), noise),
        ("not base64", envelope("%%%not base64%%%"), "%%%not base64%%%"),
        ("encrypted for another corp", envelope(other_corp), other_corp),
        ("encrypted with another key", envelope(wrong_key), wrong_key),
        ("not UTF-8 inside", envelope(not_utf8), not_utf8),
        ("not XML inside", envelope(not_xml), not_xml),
        ("no sender inside", envelope(no_sender), no_sender),
        ("addressed to another corp inside", envelope(inner_corp), inner_corp),
        ("empty body", b"", ""),
        ("not XML", b"hello", ""),
        ("no Encrypt", b"<xml><ToUserName>x</ToUserName></xml>", ""),
        ("empty xml", b"<xml/>", ""),
        ("markup in Encrypt", b"<xml><Encrypt><a>1</a></Encrypt></xml>", ""),
        ("entity expansion", bomb.encode(), ""),
        ("deep nesting", b"<xml>" + b"<a>" * 20000 + b"</xml>", ""),
        ("not UTF-8", b"<xml><Encrypt>\xff\xfe</Encrypt></xml>", ""),
    ]


def test_messages_that_are_not_from_wecom_are_refused_without_an_answer(bot, wecom):
    for name, body, signed in _refusals(bot.settings):
        response = wecom.post_body(body, signed)
        assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/json"), name
        assert "Encrypt" not in response.text, name
    assert bot.logged() == []


def test_a_wrong_signature_is_refused(bot, wecom):
    good = wecom_encrypt(
        bot.settings.aes_key, text_message(bot.settings.corp_id, "zs", "噪声"), bot.settings.corp_id
    )
    response, _ = wecom.post_encrypted(good, signature="f" * 40)
    assert response.status_code == 401
    stranger = WeComSender(wecom.url, "another-token", bot.settings.aes_key, bot.settings.corp_id)
    assert stranger.ask("谁负责噪声管理")[0].status_code == 401
    assert stranger.verify_url("123").status_code == 401
    assert bot.logged() == []


def test_an_oversized_body_is_refused(bot, wecom):
    assert wecom.post_body(b"<xml>" + b"a" * 70_000 + b"</xml>").status_code == 413


def test_secrets_never_reach_the_log(bot, wecom, caplog):
    caplog.set_level(logging.DEBUG)
    wecom.ask("谁负责噪声管理")
    wecom.verify_url("42")
    for _, body, signed in _refusals(bot.settings)[:6]:
        wecom.post_body(body, signed)
    text = caplog.text + repr(bot.settings)
    assert bot.settings.token not in text and bot.settings.aes_key not in text


def test_settings_come_from_the_environment():
    assert WeComSettings.from_env({}) is None
    env = {"WECOM_TOKEN": "t0k3n", "WECOM_AES_KEY": SPEC_AES_KEY, "WECOM_CORP_ID": SPEC_CORP_ID}
    settings = WeComSettings.from_env({**env, "BOT_PUBLIC_URL": "https://bot.example.org/"})
    assert settings == WeComSettings("t0k3n", SPEC_AES_KEY, SPEC_CORP_ID, "https://bot.example.org")
    assert "t0k3n" not in repr(settings) and SPEC_AES_KEY not in repr(settings)
    with pytest.raises(ConfigError, match="WECOM_CORP_ID"):
        WeComSettings.from_env({k: v for k, v in env.items() if k != "WECOM_CORP_ID"})
    with pytest.raises(ConfigError, match="43-character"):
        WeComSettings.from_env({**env, "WECOM_AES_KEY": "tooshort"})
    with pytest.raises(ConfigError, match="BOT_PUBLIC_URL"):
        WeComSettings.from_env({**env, "BOT_PUBLIC_URL": "bot.example.org"})


def test_echostrs_that_do_not_decrypt_for_this_corp_are_refused(bot, wecom):
    crypto_failures = {
        "ciphertext not in AES blocks",
        "random ciphertext",
        "not base64",
        "encrypted for another corp",
        "encrypted with another key",
        "not UTF-8 inside",
    }
    for name, _, signed in _refusals(bot.settings):
        if name not in crypto_failures:
            continue
        timestamp, nonce = str(int(time.time())), "263014780"
        params = {
            "msg_signature": wecom_signature(bot.settings.token, timestamp, nonce, signed),
            "timestamp": timestamp,
            "nonce": nonce,
            "echostr": signed,
        }
        assert httpx.get(wecom.url, params=params, timeout=10).status_code == 400, name


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ciphertext=st.binary(max_size=160), envelope=st.text(max_size=200))
def test_no_signed_ciphertext_or_body_makes_a_server_error(bot, wecom, ciphertext, envelope):
    encrypted = base64.b64encode(ciphertext).decode()
    timestamp, nonce = "1409659813", "1372623149"
    params = {
        "msg_signature": wecom_signature(bot.settings.token, timestamp, nonce, encrypted),
        "timestamp": timestamp,
        "nonce": nonce,
    }
    body = f"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>".encode()
    with httpx.Client(timeout=10) as client:
        assert client.post(wecom.url, params=params, content=body).status_code == 400
        assert client.get(wecom.url, params={**params, "echostr": encrypted}).status_code == 400
        assert client.post(wecom.url, params=params, content=envelope.encode()).status_code in (400, 401)
    assert bot.logged() == []
