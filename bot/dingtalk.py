"""DingTalk (钉钉) enterprise robot in HTTP mode: `POST /dingtalk` takes a signed robot message and answers it,
after the 200, with a markdown message POSTed to the message's `sessionWebhook`.

DingTalk signs every call with the headers `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(key = app secret,
message = timestamp + "\\n" + app secret)); a wrong sign or a timestamp more than an hour away is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, BackgroundTasks, HTTPException, Request

from .answer import NOT_COVERED, Answer
from .chat import CUT, FAILED, LIMITED, TEXT_ONLY, fit, page_link, public_url_from_env, read_body
from .plaintext import ROLE_MARKS
from .service import Asker, Service, listed

log = logging.getLogger("bot.dingtalk")

MAX_MARKDOWN = 5000
MAX_CLOCK_SKEW_MS = 3_600_000
SEND_TIMEOUT = 5.0
TITLE_CHARS = 20
NOT_ALLOWED = "这个机器人只在指定的群和会话里回答问题。"
TIMESTAMP = re.compile(r"[0-9]{1,16}")
# DingTalk leaves the robot's @name (and any other @s) at the start of a group message.
LEADING_MENTIONS = re.compile(r"^\s*(?:@\S+(?:\s+|$))+")
# Characters DingTalk's markdown would read as markup, as their full-width look-alikes.
MARKUP = str.maketrans(
    {"*": "＊", "_": "＿", "#": "＃", "[": "［", "]": "］", "`": "｀", "<": "＜", ">": "＞"}
)


@dataclass(frozen=True)
class DingTalkSettings:
    """The robot's app secret, the conversations it answers in (all when empty), the web page's base URL."""

    app_secret: str = field(repr=False)
    allowed_conversations: frozenset[str] = frozenset()
    public_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> DingTalkSettings | None:
        """DINGTALK_APP_SECRET, DINGTALK_ALLOWED_CONVERSATIONS, BOT_PUBLIC_URL; None when DingTalk is not set up."""
        secret = env.get("DINGTALK_APP_SECRET", "").strip()
        if not secret:
            return None
        allowed = frozenset(listed(env.get("DINGTALK_ALLOWED_CONVERSATIONS")))
        return cls(secret, allowed, public_url_from_env(env))


@dataclass(frozen=True)
class Message:
    """What the adapter needs from a robot message."""

    text: str | None  # None: not a text message (a picture, a file …)
    sender: str
    group: bool
    conversation: str
    webhook: str = field(repr=False)  # the URL itself is the credential for replying


def signature(timestamp: str, app_secret: str) -> str:
    message = f"{timestamp}\n{app_secret}".encode()
    return base64.b64encode(hmac.new(app_secret.encode(), message, hashlib.sha256).digest()).decode()


def verified(timestamp: str | None, sign: str | None, app_secret: str, now_ms: float) -> bool:
    """Whether DingTalk signed this call, within an hour of now."""
    if not timestamp or not sign or not TIMESTAMP.fullmatch(timestamp):
        return False
    if abs(now_ms - int(timestamp)) > MAX_CLOCK_SKEW_MS:
        return False
    return hmac.compare_digest(sign.encode(), signature(timestamp, app_secret).encode())


def parse_message(body: bytes) -> Message:
    """The robot message in a callback body; ValueError when it is not one."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    webhook = data.get("sessionWebhook")
    target = urlsplit(webhook) if isinstance(webhook, str) else None
    if target is None or target.scheme not in ("http", "https") or not target.hostname:
        raise ValueError("no sessionWebhook to answer on")
    sender = data.get("senderStaffId") or data.get("senderId")
    conversation = data.get("conversationId")
    kind = str(data.get("conversationType"))
    if not isinstance(sender, str) or not isinstance(conversation, str) or kind not in ("1", "2"):
        raise ValueError("no sender, conversation or conversation type")
    text = None
    if data.get("msgtype") == "text":
        content = data.get("text")
        if not isinstance(content, dict) or not isinstance(content.get("content"), str):
            raise ValueError("a text message without text.content")
        text = LEADING_MENTIONS.sub("", content["content"]).strip()
    return Message(text, sender, kind == "2", conversation, webhook)


def plain(text: str) -> str:
    return text.translate(MARKUP)


def markdown_blocks(answer: Answer) -> list[str]:
    """The answer in DingTalk's markdown subset: notes, 《document》 headings, **第N条** with its leads, a list."""
    blocks: list[str] = []
    if answer.full_note:
        blocks.append(plain(answer.full_note))
    document = None
    for result in answer.results:
        task = result.task
        if task.document != document:
            document = task.document
            blocks.append(f"#### 《{plain(document)}》")
        lines = [f"**{task.label}**{ROLE_MARKS.get(result.role or '', '')} {plain(task.text)}"]
        lines += [
            f"{name}:**{plain(value)}**" if name == "牵头" else f"{name}:{plain(value)}"
            for name, value in task.details
        ]
        blocks.append("\n\n".join(lines))
    if answer.suggestions:
        nearest = [f"- {r.task.label} {plain(r.task.text[:40])}…" for r in answer.suggestions]
        blocks.append("\n".join(["相近的内容:", "", *nearest]))
    return blocks or [NOT_COVERED]


def render_markdown(answer: Answer, public_url: str | None, limit: int = MAX_MARKDOWN) -> str:
    """The answer within `limit` characters, cut at a task with a "更多" link to the web page."""
    link = page_link(public_url, answer.query)
    return fit(markdown_blocks(answer), limit, f"[更多]({link})" if link else CUT)


def reply_message(text: str, title: str, message: Message) -> dict:
    """The sessionWebhook payload; in a group it @s the asker, by id in `at` and as "@id" in the text."""
    if not message.group:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": f"@{message.sender}\n\n{text}"},
        "at": {"atUserIds": [message.sender], "isAtAll": False},
    }


def reply_text(service: Service, settings: DingTalkSettings, message: Message) -> str | None:
    """What to say to a message, within DingTalk's limit; None to stay silent."""
    if settings.allowed_conversations and message.conversation not in settings.allowed_conversations:
        log.info("refused conversation %s: not in DINGTALK_ALLOWED_CONVERSATIONS", message.conversation)
        return NOT_ALLOWED
    if not message.text:
        return TEXT_ONLY
    reply = service.ask(
        message.text, Asker("dingtalk", message.sender, "group" if message.group else "private")
    )
    if reply.answer is None:
        return LIMITED if reply.warn else None
    mention = len(f"@{message.sender}\n\n") if message.group else 0
    return render_markdown(reply.answer, settings.public_url, MAX_MARKDOWN - mention)


async def respond(service: Service, settings: DingTalkSettings, message: Message) -> None:
    """Answer one message on its sessionWebhook; failures are logged, never raised (the 200 is already sent)."""
    try:
        text = reply_text(service, settings, message)
    except Exception:
        log.exception("could not answer a DingTalk message")
        text = FAILED
    if text is None:
        return
    title = plain(message.text or "")[:TITLE_CHARS] or "政策问答"
    try:
        async with httpx.AsyncClient(timeout=SEND_TIMEOUT) as client:
            response = await client.post(message.webhook, json=reply_message(text, title, message))
        result = response.json() if response.status_code == 200 else {}
    except (httpx.HTTPError, ValueError) as error:  # the error's text holds the URL: name its kind only
        log.warning("could not deliver an answer to DingTalk: %s", type(error).__name__)
        return
    if not isinstance(result, dict) or result.get("errcode") != 0:
        errcode = result.get("errcode") if isinstance(result, dict) else None
        log.warning("DingTalk refused an answer: HTTP %s, errcode %s", response.status_code, errcode)


def dingtalk_router(service: Service, settings: DingTalkSettings) -> APIRouter:
    """`POST /dingtalk`, the message receiving URL of a DingTalk robot in HTTP mode."""
    router = APIRouter()
    # httpx logs every request URL at INFO, and a sessionWebhook URL is a credential.
    logging.getLogger("httpx").setLevel(logging.WARNING)

    @router.post("/dingtalk")
    async def receive(request: Request, background: BackgroundTasks) -> dict:
        """One robot message: verified, acknowledged at once, answered on its sessionWebhook."""
        headers = request.headers
        if not verified(
            headers.get("timestamp"), headers.get("sign"), settings.app_secret, time.time() * 1000
        ):
            raise HTTPException(401, "wrong or missing sign, or a timestamp more than an hour away")
        try:
            message = parse_message(await read_body(request))
        except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python parses
            raise HTTPException(400, "not a DingTalk robot message") from None
        background.add_task(respond, service, settings, message)
        return {}

    return router
