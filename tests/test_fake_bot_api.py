"""Tests of the fake Bot API server itself: it must refuse what Telegram refuses, long-poll like Telegram,
inject faults on demand, and serve a real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import html
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fake_bot_api
import httpx
import pytest
from fake_bot_api import (
    BUTTON_DATA_INVALID,
    CHAT_NOT_FOUND,
    EDIT_NOT_FOUND,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    REPLY_NOT_FOUND,
    TEXT_EMPTY,
    TOO_LONG,
    FakeBotAPI,
    check_type,
    parse_html,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

USER_ID = FakeBotAPI.make_user()["id"]  # the default sender of injected updates; its private chat has its id


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as server:
        yield server
        assert server.internal_errors == []


@pytest.fixture
def client(api: FakeBotAPI) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{api.base_url}{api.token}/", timeout=10) as http:
        yield http


def post(client: httpx.Client, method: str, **params: Any) -> dict[str, Any]:
    """A form-encoded call as PTB makes it: strings as they are, everything else JSON-encoded."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return client.post(method, data=data).json()


def refused(client: httpx.Client, method: str, **params: Any) -> str:
    """The description of a 400 refusal."""
    answer = post(client, method, **params)
    assert answer["ok"] is False and answer["error_code"] == 400, answer
    return answer["description"]


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def bot_message(client: httpx.Client, api: FakeBotAPI, text: str = "hello", **params: Any) -> dict[str, Any]:
    """A message the bot sent in the default user's private chat (made known by a user message first)."""
    if not api.messages(USER_ID):
        api.inject_message("hi")
    answer = post(client, "sendMessage", chat_id=USER_ID, text=text, **params)
    assert answer["ok"], answer
    return answer["result"]


# --- routing, tokens and logging ---


def test_get_me_describes_the_bot(api: FakeBotAPI, client: httpx.Client) -> None:
    me = post(client, "getMe")["result"]
    check_type(me, "User")
    assert me["is_bot"] is True
    assert me["username"] == "dingzhou_policy_bot"
    assert me["id"] == int(api.token.split(":")[0])
    assert me["can_read_all_group_messages"] is False
    assert me["supports_inline_queries"] is True


def test_unknown_method_is_404_and_method_names_ignore_case(client: httpx.Client) -> None:
    answer = client.post("sendMesage")
    assert answer.status_code == 404
    assert answer.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
    assert client.post("getme").json()["ok"] is True


def test_wrong_token_is_401(api: FakeBotAPI) -> None:
    answer = httpx.post(f"{api.base_url}123456:wrong/getMe")
    assert answer.status_code == 401
    assert answer.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert httpx.post(f"http://127.0.0.1:{api.port}/nowhere").status_code == 404


def test_nothing_is_logged(api: FakeBotAPI, client: httpx.Client, capfd: pytest.CaptureFixture[str]) -> None:
    post(client, "getMe")
    post(client, "nope")
    httpx.post(f"{api.base_url}{api.token}x/getMe")
    with pytest.raises(httpx.ReadTimeout):  # the client hangs up on a long poll...
        httpx.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "5"}, timeout=0.2)
    api.inject_message("hi")  # ...which is then answered into a closed socket
    time.sleep(0.1)
    api.outage(5, reset=True)
    with pytest.raises(httpx.HTTPError):
        httpx.post(f"{api.base_url}{api.token}/getMe")
    out, err = capfd.readouterr()
    assert out == err == ""


def test_the_spec_path_can_be_overridden(tmp_path: Path) -> None:
    spec = json.loads(fake_bot_api.SPEC_PATH.read_text(encoding="utf-8"))
    (tmp_path / "api.json").write_text(json.dumps({**spec, "version": "Bot API 99.0"}), encoding="utf-8")
    code = "import fake_bot_api; print(fake_bot_api.SPEC_VERSION)"
    env = {
        **os.environ,
        "FAKE_BOT_API_SPEC": str(tmp_path / "api.json"),
        "PYTHONPATH": str(Path(__file__).parent),
    }
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "Bot API 99.0"
    env["FAKE_BOT_API_SPEC"] = str(tmp_path / "missing.json")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert run.returncode != 0 and "missing.json" in run.stderr


def test_repr_hides_the_token(api: FakeBotAPI) -> None:
    assert api.token not in repr(api)
    assert api.token.split(":")[1] not in repr(api.calls)


# --- parameter validation ---


@pytest.mark.parametrize(
    ("method", "params", "description"),
    [
        ("sendMessage", {"text": "hi"}, "Bad Request: chat_id is empty"),
        ("sendMessage", {"chat_id": USER_ID}, TEXT_EMPTY),
        ("sendMessage", {"chat_id": USER_ID, "text": ""}, TEXT_EMPTY),
        ("answerCallbackQuery", {}, 'Bad Request: parameter "callback_query_id" is required'),
        ("deleteMessage", {"chat_id": USER_ID}, "Bad Request: message identifier is not specified"),
        ("setMyCommands", {}, 'Bad Request: parameter "commands" is required'),
    ],
)
def test_missing_required_parameters_are_refused(
    api: FakeBotAPI, client: httpx.Client, method: str, params: dict[str, Any], description: str
) -> None:
    api.inject_message("hi")
    assert refused(client, method, **params) == description


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"message_thread_id": "seven"}, "Bad Request: invalid message_thread_id specified"),
        ({"disable_notification": "yes"}, "Bad Request: invalid disable_notification specified"),
        (
            {"reply_markup": "{inline_keyboard: []}"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
        (
            {"reply_parameters": "[1]"},
            "Bad Request: can't parse reply parameters: ReplyParameters must be an Object",
        ),
        (
            {"reply_parameters": {}},
            "Bad Request: can't parse reply parameters: Can't find field \"message_id\"",
        ),
        (
            {"reply_parameters": {"message_id": "1"}},
            'Bad Request: can\'t parse reply parameters: Field "message_id" must be of type Number',
        ),
        (
            {"reply_markup": {"inline_keyboard": [{"text": "a", "callback_data": "b"}]}},
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays',
        ),
        (
            {"reply_markup": keyboard({"callback_data": "b"})},
            "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
        ),
        (
            {"reply_markup": keyboard({"text": "a"})},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        ),
        (
            {"reply_markup": keyboard({"text": "a", "callback_data": "b", "url": "https://example.org"})},
            "Bad Request: can't parse inline keyboard button: exactly one action field must be used, "
            "got url, callback_data",
        ),
        (
            {"reply_markup": keyboard({"text": "a", "web_app": "https://example.org"})},
            'Bad Request: can\'t parse inline keyboard button: Field "web_app" must be of type Object',
        ),
        (
            {"entities": [{"type": "bold", "offset": 0}]},
            "Bad Request: can't parse entities: Can't find field \"length\"",
        ),
        ({"parse_mode": "XML"}, "Bad Request: unsupported parse_mode"),
    ],
)
def test_badly_typed_parameters_are_refused(
    api: FakeBotAPI, client: httpx.Client, params: dict[str, Any], description: str
) -> None:
    api.inject_message("hi")
    assert refused(client, "sendMessage", chat_id=USER_ID, text="hello", **params) == description


def test_well_typed_parameters_are_decoded_and_unknown_ones_recorded(
    api: FakeBotAPI, client: httpx.Client
) -> None:
    api.inject_message("hi")
    markup = keyboard(
        {"text": "更多", "callback_data": "more:1"}, {"text": "文件", "url": "https://example.org"}
    )
    answer = post(
        client, "sendMessage", chat_id=str(USER_ID), text="hello", disable_notification=True,
        reply_markup=markup, reply_keyboard="ignored", foo="bar",
    )  # fmt: skip
    assert answer["ok"], answer
    assert answer["result"]["reply_markup"] == markup
    call = api.wait_for("sendMessage")
    assert call.params["chat_id"] == USER_ID
    assert call.params["disable_notification"] is True
    assert call.params["reply_markup"] == markup
    assert call.unknown_params == ("foo", "reply_keyboard")


def test_json_multipart_and_query_string_bodies_are_understood(api: FakeBotAPI, client: httpx.Client) -> None:
    api.inject_message("hi")
    as_json = client.post(
        "sendMessage",
        json={
            "chat_id": USER_ID,
            "text": "<b>1</b>",
            "parse_mode": "HTML",
            "reply_markup": keyboard({"text": "a", "callback_data": "b"}),
        },
    )
    assert as_json.json()["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 1}]
    photo = b"\x89PNG\r\n\x1a\n\x00\xff"
    multipart = client.post(
        "sendPhoto",
        data={"chat_id": str(USER_ID), "caption": "图\r\n"},
        files={"photo": ("a.png", photo, "image/png")},
    )
    assert multipart.json()["result"]["caption"] == "图"
    upload = api.wait_for("sendPhoto").params["photo"]
    assert (upload.filename, upload.content_type, upload.data) == ("a.png", "image/png", photo)
    assert (
        client.get("sendChatAction", params={"chat_id": USER_ID, "action": "typing"}).json()["result"] is True
    )
    assert client.post("getMe", content=b"{", headers={"Content-Type": "application/json"}).status_code == 400
    bad_utf8 = client.post(
        "getMe", content=b"x=%FF", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert bad_utf8.json()["description"] == "Bad Request: strings must be encoded in UTF-8"


# --- Telegram's refusals of content ---


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("</b>", "Unexpected end tag at byte offset 0"),
        ("噪声 < 60 dB", 'Unsupported start tag "" at byte offset 7'),
        ("<br/>line", 'Unsupported start tag "br/" at byte offset 0'),
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("AT&T", 'Unescaped "&" at byte offset 2'),
        ("&nbsp;", 'Unescaped "&" at byte offset 0'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        (
            "<a href>x</a>",
            'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0',
        ),
        ("<a href=>x</a>", "Expected quote at byte offset 8"),
        ('<a href="x>x</a>', "Unclosed start tag at byte offset 0"),
        ("<tg-emoji>x</tg-emoji>", 'Tag "tg-emoji" must have attribute "emoji-id" at byte offset 0'),
    ],
)
def test_bad_html_is_refused(api: FakeBotAPI, client: httpx.Client, text: str, detail: str) -> None:
    api.inject_message("hi")
    description = refused(client, "sendMessage", chat_id=USER_ID, text=text, parse_mode="HTML")
    assert description == "Bad Request: can't parse entities: " + detail


def test_good_html_becomes_text_and_entities() -> None:
    text, entities = parse_html(
        "<b>粗</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>"
        '<span class="tg-spoiler">p</span><tg-spoiler>q</tg-spoiler><a href="https://x.org/?a=1&amp;b=2">链接</a>'
        '<code>c</code><pre><code class="language-python">x = 1</code></pre><blockquote expandable>引</blockquote>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> &lt;&gt;&amp;&quot;&#20013;&#x1F600;<a>no link</a>'
    )
    assert text == '粗sieunskdpq链接cx = 1引👍 <>&"中😀no link'
    kinds = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert kinds == [
        ("bold", 0, 1), ("bold", 1, 1), ("italic", 2, 1), ("italic", 3, 1), ("underline", 4, 1),
        ("underline", 5, 1), ("strikethrough", 6, 1), ("strikethrough", 7, 1), ("strikethrough", 8, 1),
        ("spoiler", 9, 1), ("spoiler", 10, 1), ("text_link", 11, 2), ("code", 13, 1), ("pre", 14, 5),
        ("expandable_blockquote", 19, 1), ("custom_emoji", 20, 2),
    ]  # fmt: skip
    assert entities[11]["url"] == "https://x.org/?a=1&b=2"
    assert entities[13]["language"] == "python"
    assert entities[15]["custom_emoji_id"] == "5368324170671202286"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    visible, entities = parse_html(html.escape(text, quote=False))
    assert (visible, entities) == (text, [])


def test_text_length_is_counted_in_utf16_after_parsing(api: FakeBotAPI, client: httpx.Client) -> None:
    api.inject_message("hi")

    def send(text: str, **extra: Any) -> dict[str, Any]:
        return post(client, "sendMessage", chat_id=USER_ID, text=text, **extra)

    assert send("字" * 4096)["ok"]
    assert send("字" * 4097)["description"] == TOO_LONG
    assert send("😀" * 2048)["ok"]  # 2 UTF-16 code units each
    assert send("😀" * 2049)["description"] == TOO_LONG
    assert send("<b>" + "x" * 4096 + "</b>", parse_mode="HTML")["ok"]  # tags do not count
    assert send("&amp;" * 4096, parse_mode="HTML")["ok"]  # nor does escaping
    assert send("&amp;" * 4097, parse_mode="HTML")["description"] == TOO_LONG
    assert send("  \n x" + " " * 5000)["result"]["text"] == "x"  # outer whitespace is stripped
    assert send(" \n ")["description"] == TEXT_EMPTY
    assert send("<b></b>", parse_mode="HTML")["description"] == TEXT_EMPTY
    stripped = send(" <b> 粗 </b>", parse_mode="HTML")["result"]
    assert (stripped["text"], stripped["entities"]) == ("粗", [{"type": "bold", "offset": 0, "length": 1}])


def test_callback_data_is_limited_to_64_bytes(api: FakeBotAPI, client: httpx.Client) -> None:
    api.inject_message("hi")

    def send(data: str) -> dict[str, Any]:
        markup = keyboard({"text": "a", "callback_data": data})
        return post(client, "sendMessage", chat_id=USER_ID, text="hello", reply_markup=markup)

    assert send("x" * 64)["ok"]
    assert send("x" * 65)["description"] == BUTTON_DATA_INVALID
    assert send("噪" * 22)["description"] == BUTTON_DATA_INVALID  # 66 bytes in UTF-8
    assert send("")["description"] == BUTTON_DATA_INVALID


def test_sending_needs_a_known_chat_and_replies_a_known_message(
    api: FakeBotAPI, client: httpx.Client
) -> None:
    assert refused(client, "sendMessage", chat_id=USER_ID, text="hi") == CHAT_NOT_FOUND
    assert refused(client, "sendMessage", chat_id="li_lei", text="hi") == CHAT_NOT_FOUND
    api.inject_message("hi")
    assert post(client, "sendMessage", chat_id="@li_lei", text="by username")["ok"]
    assert refused(client, "sendMessage", chat_id=USER_ID, text="x", reply_parameters={"message_id": 99}) == (
        REPLY_NOT_FOUND
    )
    assert (
        refused(client, "sendMessage", chat_id=USER_ID, text="x", reply_to_message_id=99) == REPLY_NOT_FOUND
    )
    lenient = {"message_id": 99, "allow_sending_without_reply": True}
    assert (
        "reply_to_message"
        not in post(client, "sendMessage", chat_id=USER_ID, text="x", reply_parameters=lenient)["result"]
    )
    reply = post(client, "sendMessage", chat_id=USER_ID, text="x", reply_parameters={"message_id": 1})[
        "result"
    ]
    assert reply["reply_to_message"]["text"] == "hi"
    assert reply["message_id"] == 4  # ids count per chat, user messages included


def test_editing_follows_telegram_rules(api: FakeBotAPI, client: httpx.Client) -> None:
    markup = keyboard({"text": "a", "callback_data": "b"})
    sent = bot_message(client, api, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)
    where = {"chat_id": USER_ID, "message_id": sent["message_id"]}
    same = {"text": "<b>v1</b>", "parse_mode": "HTML", "reply_markup": markup}
    assert refused(client, "editMessageText", **where, **same) == NOT_MODIFIED
    assert refused(client, "editMessageText", chat_id=USER_ID, message_id=999, text="x") == EDIT_NOT_FOUND
    assert refused(client, "editMessageText", chat_id=USER_ID, message_id=1, text="x") == (
        "Bad Request: message can't be edited"  # message 1 is the user's
    )
    unbold = post(client, "editMessageText", **where, text="v1", reply_markup=markup)["result"]
    assert (unbold["text"], "entities" in unbold, "edit_date" in unbold) == ("v1", False, True)
    bare = post(client, "editMessageText", **where, text="v1")["result"]  # no markup: keyboard removed
    assert "reply_markup" not in bare
    assert api.message(USER_ID, sent["message_id"]) == bare
    assert refused(client, "editMessageReplyMarkup", **where) == NOT_MODIFIED
    assert (
        post(client, "editMessageReplyMarkup", **where, reply_markup=markup)["result"]["reply_markup"]
        == markup
    )
    assert post(client, "editMessageText", inline_message_id="AAA", text="x")["result"] is True
    assert refused(client, "deleteMessage", chat_id=USER_ID, message_id=999) == (
        "Bad Request: message to delete not found"
    )
    assert post(client, "deleteMessage", **where)["result"] is True
    assert api.message(USER_ID, sent["message_id"]) is None


def test_inline_queries_are_answered_once_within_limits(api: FakeBotAPI, client: httpx.Client) -> None:
    query_id = api.update(api.inject_inline_query("噪声"))["inline_query"]["id"]

    def article(result_id: str, text: str = "答") -> dict[str, Any]:
        content = {"message_text": text, "parse_mode": "HTML"}
        return {"type": "article", "id": result_id, "title": "t", "input_message_content": content}

    def answer(results: list[dict[str, Any]], inline_query_id: str = query_id) -> dict[str, Any]:
        return post(client, "answerInlineQuery", inline_query_id=inline_query_id, results=results)

    assert answer([article(str(i)) for i in range(51)])["description"] == "Bad Request: RESULTS_TOO_MUCH"
    assert answer([article("1"), article("1")])["description"] == "Bad Request: RESULT_ID_DUPLICATE"
    assert answer([article("x" * 65)])["description"] == "Bad Request: RESULT_ID_INVALID"
    assert answer([article("1", "<b>x")])["description"].startswith("Bad Request: can't parse entities")
    assert answer([{"type": "article", "id": "1", "title": "t"}])["description"] == (
        "Bad Request: can't parse results: Can't find field \"input_message_content\""
    )
    assert answer([{"type": "nonsense", "id": "1"}])["description"] == (
        "Bad Request: can't parse results: unsupported InlineQueryResult"
    )
    assert answer([article(str(i)) for i in range(50)])["result"] is True
    assert answer([article("1")])["description"] == QUERY_TOO_OLD  # already answered
    assert answer([article("1")], "12345")["description"] == QUERY_TOO_OLD


def test_queries_expire() -> None:
    with FakeBotAPI(query_ttl=0.05) as api, httpx.Client(base_url=f"{api.base_url}{api.token}/") as http:
        update = api.update(api.inject_inline_query("x"))
        time.sleep(0.1)
        assert refused(
            http, "answerInlineQuery", inline_query_id=update["inline_query"]["id"], results=[]
        ) == (QUERY_TOO_OLD)


def test_callback_queries_carry_the_bot_message(api: FakeBotAPI, client: httpx.Client) -> None:
    sent = bot_message(client, api, reply_markup=keyboard({"text": "a", "callback_data": "page:2"}))
    update = api.update(api.inject_callback_query("page:2", chat_id=USER_ID, message_id=sent["message_id"]))
    callback = update["callback_query"]
    assert callback["message"] == sent and callback["data"] == "page:2"
    assert refused(client, "answerCallbackQuery", callback_query_id="nope") == QUERY_TOO_OLD
    assert post(client, "answerCallbackQuery", callback_query_id=callback["id"], text="ok")["result"] is True
    assert refused(client, "answerCallbackQuery", callback_query_id=callback["id"]) == QUERY_TOO_OLD
    with pytest.raises(ValueError, match="no message 999"):
        api.inject_callback_query("x", chat_id=USER_ID, message_id=999)


@pytest.mark.parametrize(
    ("commands", "description"),
    [
        ([{"command": "Ask", "description": "问"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "/ask", "description": "问"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "a" * 33, "description": "问"}], "Bad Request: BOT_COMMAND_INVALID"),
        ([{"command": "ask", "description": ""}], "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
        ([{"command": "ask", "description": "问" * 257}], "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
        (
            [{"command": f"c{i}", "description": "d"} for i in range(101)],
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        ),
        ([{"command": "ask"}], "Bad Request: can't parse commands: Can't find field \"description\""),
    ],
)
def test_bad_commands_are_refused(
    client: httpx.Client, commands: list[dict[str, str]], description: str
) -> None:
    assert refused(client, "setMyCommands", commands=commands) == description


def test_commands_are_kept_per_scope_and_language(api: FakeBotAPI, client: httpx.Client) -> None:
    commands = [{"command": f"c{i}", "description": "说明" * 128} for i in range(100)]
    assert post(client, "setMyCommands", commands=commands)["result"] is True
    group = {"type": "all_group_chats"}
    assert (
        post(client, "setMyCommands", commands=commands[:1], scope=group, language_code="zh")["result"]
        is True
    )
    assert post(client, "getMyCommands")["result"] == commands == api.my_commands()
    assert api.my_commands(group, "zh") == commands[:1] and api.my_commands(group) == []
    assert refused(client, "setMyCommands", commands=[], scope={"type": "chat"}) == (
        "Bad Request: can't parse scope: Can't find field \"chat_id\""
    )
    assert post(client, "deleteMyCommands")["result"] is True
    assert post(client, "getMyCommands")["result"] == []


def test_chat_methods(api: FakeBotAPI, client: httpx.Client) -> None:
    api.inject_group_message("hi", chat_id=-100777, title="噪声群")
    chat = post(client, "getChat", chat_id=-100777)["result"]
    check_type(chat, "ChatFullInfo")
    assert (chat["type"], chat["title"]) == ("supergroup", "噪声群")
    assert refused(client, "sendChatAction", chat_id=-100777, action="dancing") == (
        "Bad Request: wrong parameter action in request"
    )
    assert post(client, "sendChatAction", chat_id=-100777, action="typing")["result"] is True
    assert post(client, "leaveChat", chat_id=-100777)["result"] is True
    gone = post(client, "sendMessage", chat_id=-100777, text="x")
    assert (gone["error_code"], gone["description"]) == (
        403,
        "Forbidden: bot is not a member of the supergroup chat",
    )
    assert refused(client, "getChat", chat_id=-1) == CHAT_NOT_FOUND
    api.add_chat(FakeBotAPI.group_chat(-100777, "噪声群"))  # the bot is added back
    assert post(client, "sendMessage", chat_id=-100777, text="回来了")["ok"]


def test_other_methods_get_plausible_results(api: FakeBotAPI, client: httpx.Client) -> None:
    api.inject_message("hi")
    assert post(client, "pinChatMessage", chat_id=USER_ID, message_id=1)["result"] is True
    check_type(post(client, "getChatMember", chat_id=USER_ID, user_id=USER_ID)["result"], "ChatMember")
    assert post(client, "getChatMemberCount", chat_id=USER_ID)["result"] == 0
    sent = post(
        client, "sendDocument", chat_id=USER_ID, document="file-id", caption="<i>说明</i>", parse_mode="HTML"
    )
    check_type(sent["result"], "Message")
    assert sent["result"]["caption_entities"] == [{"type": "italic", "offset": 0, "length": 2}]
    assert refused(client, "sendDocument", chat_id=USER_ID, document="f", caption="x" * 1025) == (
        "Bad Request: message caption is too long"
    )
    edited = post(
        client, "editMessageCaption", chat_id=USER_ID, message_id=sent["result"]["message_id"], caption="新"
    )
    assert edited["result"]["caption"] == "新"


# --- updates and long polling ---


def test_update_helpers_build_realistic_updates(api: FakeBotAPI, client: httpx.Client) -> None:
    command = api.update(
        api.inject_group_message("/ask@dingzhou_policy_bot 噪声", chat_type="group", chat_id=-42)
    )
    message = command["message"]
    assert (message["chat"]["type"], message["chat"]["title"]) == ("group", "Test group")
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 24}]
    mention = api.update(api.inject_message("😀 @dingzhou_policy_bot 噪声?"))["message"]
    # The emoji and the space before the mention are 3 UTF-16 code units.
    assert mention["entities"] == [{"type": "mention", "offset": 3, "length": 20}]
    assert mention["chat"] == {"id": USER_ID, "type": "private", "first_name": "Li", "username": "li_lei"}
    sent = post(client, "sendMessage", chat_id=-42, text="答")["result"]
    reply = api.update(
        api.inject_group_message("追问", chat_id=-42, chat_type="group", reply_to_message_id=2)
    )
    assert reply["message"]["reply_to_message"] == sent
    inline = api.update(api.inject_inline_query("噪", offset="10", chat_type="sender"))["inline_query"]
    assert (inline["query"], inline["offset"], inline["chat_type"]) == ("噪", "10", "sender")
    other = FakeBotAPI.make_user(99, "Wang", username=None)
    assert api.update(api.inject_message("hi", user=other))["message"]["from"] == {
        "id": 99, "is_bot": False, "first_name": "Wang", "language_code": "zh-hans",
    }  # fmt: skip
    for update_id in range(1, 6):
        Update.de_json(api.update(update_id), None)
    with pytest.raises(ValueError, match="not a valid Update"):
        api.inject_update({"message": {"text": "no ids"}})
    with pytest.raises(ValueError, match="no message 77"):
        api.inject_message("x", reply_to_message_id=77)


def test_long_polling_waits_for_an_injected_update(api: FakeBotAPI, client: httpx.Client) -> None:
    threading.Timer(0.3, api.inject_message, ["late"]).start()
    started = time.monotonic()
    updates = post(client, "getUpdates", timeout=5)["result"]
    assert 0.25 < time.monotonic() - started < 2
    assert [u["message"]["text"] for u in updates] == ["late"]
    started = time.monotonic()
    assert post(client, "getUpdates", timeout=1, offset=updates[-1]["update_id"] + 1)["result"] == []
    assert 0.9 < time.monotonic() - started < 2
    assert api.pending_update_count == 0


def test_offset_limit_and_allowed_updates(api: FakeBotAPI, client: httpx.Client) -> None:
    ids = [api.inject_message(str(i)) for i in range(5)]
    assert [u["update_id"] for u in post(client, "getUpdates", limit=2)["result"]] == ids[:2]
    assert [u["update_id"] for u in post(client, "getUpdates", offset=ids[1])["result"]] == ids[1:]
    assert [u["update_id"] for u in post(client, "getUpdates", offset=-2)["result"]] == ids[3:]
    assert api.pending_update_count == 2
    post(client, "getUpdates", offset=ids[-1] + 1, allowed_updates=["callback_query"])
    api.inject_message("filtered out")
    assert api.pending_update_count == 0
    post(client, "getUpdates", allowed_updates=[])
    api.inject_inline_query("kept")
    assert [u.get("inline_query", {}).get("query") for u in post(client, "getUpdates")["result"]] == ["kept"]


def test_a_second_poller_ends_the_first_and_webhooks_exclude_polling(
    api: FakeBotAPI, client: httpx.Client
) -> None:
    first: list[dict[str, Any]] = []
    poller = threading.Thread(target=lambda: first.append(post(client, "getUpdates", timeout=5)))
    poller.start()
    time.sleep(0.2)
    with httpx.Client(base_url=f"{api.base_url}{api.token}/") as other:
        assert post(other, "getUpdates")["ok"]
    poller.join(2)
    assert (
        first[0]["error_code"] == 409 and "terminated by other getUpdates request" in first[0]["description"]
    )
    assert refused(client, "setWebhook", url="http://example.org/hook").endswith(
        "An HTTPS URL must be provided for webhook"
    )
    assert post(client, "setWebhook", url="https://example.org/hook")["result"] is True
    check_type(info := post(client, "getWebhookInfo")["result"], "WebhookInfo")
    assert info["url"] == "https://example.org/hook"
    assert post(client, "getUpdates")["error_code"] == 409
    assert post(client, "deleteWebhook", drop_pending_updates=True)["result"] is True
    assert post(client, "getUpdates")["result"] == []


def test_wait_for_sees_calls_since_the_last_injection(api: FakeBotAPI, client: httpx.Client) -> None:
    bot_message(client, api, "before")
    api.inject_message("question")
    threading.Timer(0.2, post, [client, "sendMessage"], {"chat_id": USER_ID, "text": "answer"}).start()
    assert api.wait_for("sendMessage", timeout=5).params["text"] == "answer"
    assert api.wait_for("sendMessage", lambda c: c.params["text"] == "before", since=0).ok
    mark = api.mark()
    post(client, "sendMessage", chat_id=USER_ID, text="after the mark")
    assert api.wait_for("sendMessage", since=mark).params["text"] == "after the mark"
    with pytest.raises(TimeoutError, match="no matching getChat"):
        api.wait_for("getChat", timeout=0.1)
    with pytest.raises(ValueError, match="not a Bot API method"):
        api.wait_for("sendMesage")


# --- fault injection ---


def test_fail_next_refuses_a_number_of_calls(api: FakeBotAPI, client: httpx.Client) -> None:
    api.fail_next("getMe", 2, retry_after=7)
    api.fail_next("getMe", status=502)
    for _ in range(2):
        answer = client.post("getMe")
        assert answer.status_code == 429
        assert answer.json() == {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
                                 "parameters": {"retry_after": 7}}  # fmt: skip
    bad_gateway = client.post("getMe")
    assert (bad_gateway.status_code, bad_gateway.json()["description"]) == (502, "Bad Gateway")
    assert client.post("getMe").json()["ok"]
    assert api.fault_count("getMe") == api.fault_count() == 3
    assert [c.injected for c in api.calls] == [True, True, True, False]


def test_outage_and_delay(api: FakeBotAPI, client: httpx.Client) -> None:
    api.outage(0.3, status=503)
    assert client.post("getMe").status_code == 503
    time.sleep(0.35)
    assert client.post("getMe").json()["ok"]
    api.outage(0.3, reset=True)
    with pytest.raises(httpx.TransportError):
        httpx.post(f"{api.base_url}{api.token}/getMe")
    time.sleep(0.35)
    assert api.fault_count() == 2
    assert [(c.method, c.status, c.injected) for c in api.calls] == [
        ("getMe", 503, True), ("getMe", 200, False), ("getMe", 0, True),
    ]  # fmt: skip
    api.delay("getMe", 0.2)
    started = time.monotonic()
    assert client.post("getMe").json()["ok"]
    assert time.monotonic() - started >= 0.2
    api.delay("getMe", 0)
    started = time.monotonic()
    client.post("getMe")
    assert time.monotonic() - started < 0.15


def test_stop_ends_long_polls_promptly() -> None:
    api = FakeBotAPI().start()
    answers: list[httpx.Response | Exception] = []

    def poll() -> None:
        try:
            answers.append(
                httpx.post(f"{api.base_url}{api.token}/getUpdates", data={"timeout": "30"}, timeout=40)
            )
        except httpx.HTTPError as error:
            answers.append(error)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)
    started = time.monotonic()
    api.stop()
    poller.join(5)
    assert time.monotonic() - started < 2 and answers
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{api.base_url}{api.token}/getMe")


# --- a real python-telegram-bot client ---


@pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")  # PTB's own notice about RetryAfter
def test_a_real_bot_can_use_the_fake(api: FakeBotAPI) -> None:
    query_update = api.inject_inline_query("噪声")
    api.inject_message("/start")

    async def scenario() -> None:
        async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
            me = await bot.get_me()
            assert (me.username, me.is_bot) == ("dingzhou_policy_bot", True)
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多", callback_data="more")]])
            sent = await bot.send_message(
                USER_ID, "<b>噪声</b> &lt;60 dB", parse_mode="HTML", reply_markup=markup
            )
            assert (sent.text, sent.entities[0].type, sent.reply_markup) == ("噪声 <60 dB", "bold", markup)
            edited = await bot.edit_message_text("<i>改</i>", USER_ID, sent.message_id, parse_mode="HTML")
            assert (edited.text, edited.reply_markup, edited.edit_date is not None) == ("改", None, True)
            with pytest.raises(BadRequest, match="Message is not modified"):
                await bot.edit_message_text("<i>改</i>", USER_ID, sent.message_id, parse_mode="HTML")
            with pytest.raises(BadRequest, match="Can't parse entities"):
                await bot.send_message(USER_ID, "<b>open", parse_mode="HTML")
            with pytest.raises(BadRequest, match="Message is too long"):
                await bot.send_message(USER_ID, "长" * 4097)
            result = InlineQueryResultArticle(
                "1", "标题", InputTextMessageContent("<b>答</b>", parse_mode="HTML")
            )
            assert await bot.answer_inline_query(api.update(query_update)["inline_query"]["id"], [result])
            commands = [BotCommand("ask", "提问"), BotCommand("help", "帮助")]
            assert await bot.set_my_commands(commands)
            assert await bot.get_my_commands() == tuple(commands)
            member = await bot.get_chat_member(USER_ID, USER_ID)
            assert member.status == "creator"
            api.fail_next("sendMessage", retry_after=3)
            with pytest.raises(RetryAfter):
                await bot.send_message(USER_ID, "x")
            api.fail_next("sendMessage", status=502)
            with pytest.raises(NetworkError, match="Bad Gateway"):
                await bot.send_message(USER_ID, "x")
        with pytest.raises(InvalidToken):
            async with Bot(f"{api.token}0", base_url=api.base_url) as wrong:
                await wrong.get_me()

    asyncio.run(scenario())


def test_a_polling_application_answers_an_injected_command(api: FakeBotAPI) -> None:
    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_html(f"<b>问：</b>{html.escape(' '.join(context.args or []))}")

    async def scenario() -> str:
        app = (
            ApplicationBuilder()
            .token(api.token)
            .base_url(api.base_url)
            .base_file_url(api.base_file_url)
            .build()
        )
        app.add_handler(CommandHandler("ask", ask))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            api.inject_group_message("/ask@dingzhou_policy_bot 噪声 <夜间>")
            call = await asyncio.to_thread(api.wait_for, "sendMessage", timeout=5)
            await app.updater.stop()
            await app.stop()
        assert call.ok
        return str(call.result["text"])

    assert asyncio.run(scenario()) == "问：噪声 <夜间>"
    assert api.pending_update_count == 0  # the application confirmed the update when it stopped


def test_a_full_api_description_is_reduced_to_the_facts_the_fake_checks() -> None:
    import bot_api_schema

    full = {
        "version": "Bot API 1.0",
        "release_date": "today",
        "changelog": "https://example.invalid",
        "methods": {
            "sendMessage": {
                "name": "sendMessage",
                "href": "https://example.invalid#sendmessage",
                "description": ["Use this method to send text messages."],
                "returns": ["Message"],
                "fields": [{"name": "text", "types": ["String"], "required": True, "description": "Text"}],
            }
        },
        "types": {
            "InlineQueryResult": {"name": "InlineQueryResult", "subtypes": ["InlineQueryResultArticle"]},
            "InlineQueryResultArticle": {
                "name": "InlineQueryResultArticle",
                "subtype_of": ["InlineQueryResult"],
                "description": ["A link to an article."],
                "fields": [
                    {
                        "name": "type",
                        "types": ["String"],
                        "required": True,
                        "description": 'Type, must be "article"',
                    }
                ],
            },
        },
    }
    schema = bot_api_schema.compact(full)
    assert schema["methods"] == {
        "sendMessage": {"returns": ["Message"], "fields": [["text", ["String"], True]]}
    }
    assert schema["types"]["InlineQueryResultArticle"]["discriminator"] == ["type", "article"]
    assert bot_api_schema.compact(schema) == schema  # a compact schema is already compact
    assert json.loads(bot_api_schema.dumps(schema)) == schema
    assert "Use this method" not in json.dumps(schema) and "href" not in json.dumps(schema)


def test_the_kept_schema_is_facts_only() -> None:
    import bot_api_schema

    kept = bot_api_schema.SCHEMA_PATH.read_text(encoding="utf-8")
    schema = json.loads(kept)
    assert schema["format"] == bot_api_schema.FORMAT and schema["version"].startswith("Bot API ")
    assert {"sendMessage", "getUpdates", "answerInlineQuery"} <= set(schema["methods"])
    entries = [*schema["methods"].values(), *schema["types"].values()]
    assert all(len(field) == 3 for entry in entries for field in entry["fields"])  # name, types, required
    assert "https://" not in kept
    assert bot_api_schema.dumps(schema) == kept  # regenerated by the script, not edited by hand
