"""WeCom (企业微信) self-built app callback: `GET /wecom` answers WeCom's URL verification, `POST /wecom` answers
a member's text message with a passive encrypted reply in the HTTP response.

WeCom's message crypto — msg_signature = sha1 of the sorted token, timestamp, nonce and ciphertext; AES-256-CBC
with the EncodingAESKey; the corp id inside the plaintext — is wechatpy's `WeChatCrypto`. Anything it or the
XML parser raises on a message that is not WeCom's ends as a 4xx, with nothing answered.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import struct
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.parsers.expat import ExpatError

import xmltodict
from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException, WeChatException

from .answer import Answer
from .chat import CUT, FAILED, LIMITED, TEXT_ONLY, fit, page_link, public_url_from_env, read_body
from .plaintext import text_blocks
from .service import Asker, ConfigError, Service

log = logging.getLogger("bot.wecom")

MAX_TEXT_BYTES = 2048
# What wechatpy and xmltodict raise on input that is not a message from WeCom: signature, corp id, base64,
# cipher length, padding, length field, UTF-8, XML syntax and XML of the wrong shape.
NOT_WECOM = (
    WeChatException,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    struct.error,
    ExpatError,
)
# Characters XML 1.0 cannot carry, even in CDATA.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class WeComSettings:
    """The app's callback Token and EncodingAESKey, the corp id, and the web page's base URL."""

    token: str = field(repr=False)
    aes_key: str = field(repr=False)
    corp_id: str
    public_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> WeComSettings | None:
        """WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID, BOT_PUBLIC_URL; None when WeCom is not set up."""
        names = ("WECOM_TOKEN", "WECOM_AES_KEY", "WECOM_CORP_ID")
        values = [env.get(name, "").strip() for name in names]
        if not any(values):
            return None
        if missing := [name for name, value in zip(names, values, strict=True) if not value]:
            raise ConfigError(f"WeCom needs {', '.join(names)}; {', '.join(missing)} not set")
        token, aes_key, corp_id = values
        try:
            key_ok = len(aes_key) == 43 and len(base64.b64decode(aes_key + "=", validate=True)) == 32
        except binascii.Error:
            key_ok = False
        if not key_ok:
            raise ConfigError("WECOM_AES_KEY must be the app's 43-character EncodingAESKey")
        return cls(token, aes_key, corp_id, public_url_from_env(env))


@dataclass(frozen=True)
class Message:
    """What the adapter needs from a decrypted callback."""

    kind: str  # text | image | voice | event …
    sender: str  # the member's UserID
    corp_id: str
    content: str


def parse_message(xml: str) -> Message:
    """The fields of a decrypted callback; KeyError or TypeError when they are not there."""
    data = xmltodict.parse(xml)["xml"]
    content = data.get("Content") or ""
    fields = (data["MsgType"], data["FromUserName"], data["ToUserName"], content)
    if not all(isinstance(value, str) for value in fields):
        raise TypeError("a callback field holds markup, not text")
    return Message(*fields)


def cdata(text: str) -> str:
    return "<![CDATA[" + NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def reply_xml(member: str, corp_id: str, text: str) -> str:
    """A passive text reply, as WeCom wants it before encryption: from the corp to the member."""
    return (
        f"<xml><ToUserName>{cdata(member)}</ToUserName><FromUserName>{cdata(corp_id)}</FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{cdata(text)}</Content></xml>"
    )


def utf8_size(text: str) -> int:
    return len(text.encode("utf-8"))


def render_reply(answer: Answer, public_url: str | None) -> str:
    """The answer as plain text within WeCom's 2,048 bytes, cut at a task with a "更多: <link>" line."""
    link = page_link(public_url, answer.query)
    return fit(text_blocks(answer), MAX_TEXT_BYTES, f"更多: {link}" if link else CUT, utf8_size)


def reply_text(service: Service, settings: WeComSettings, message: Message) -> str | None:
    """What to say to a message; None to say nothing (an event, or a flooding member already told)."""
    if message.kind == "event":
        return None
    if message.kind != "text" or not message.content.strip():
        return TEXT_ONLY
    reply = service.ask(message.content, Asker("wecom", message.sender, "private"))
    if reply.answer is None:
        return LIMITED if reply.warn else None
    return render_reply(reply.answer, settings.public_url)


def wecom_router(service: Service, settings: WeComSettings) -> APIRouter:
    """`GET` and `POST /wecom`, the API receive URL of a WeCom self-built app."""
    crypto = WeChatCrypto(settings.token, settings.aes_key, settings.corp_id)
    router = APIRouter()

    @router.get("/wecom")
    def verify_url(
        msg_signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = ""
    ) -> Response:
        """WeCom's URL check: the decrypted echostr, bare (no quotes, newline or BOM)."""
        try:
            echo = crypto.check_signature(msg_signature, timestamp, nonce, echostr)
        except InvalidSignatureException:
            raise HTTPException(401, "wrong msg_signature") from None
        except NOT_WECOM:
            raise HTTPException(400, "not an echostr from WeCom") from None
        return PlainTextResponse(echo)

    @router.post("/wecom")
    async def receive(
        request: Request, msg_signature: str = "", timestamp: str = "", nonce: str = ""
    ) -> Response:
        """One member's message, answered in the response with an encrypted text reply."""
        body = await read_body(request)
        try:
            message = parse_message(crypto.decrypt_message(body, msg_signature, timestamp, nonce))
        except InvalidSignatureException:
            raise HTTPException(401, "wrong msg_signature") from None
        except NOT_WECOM:
            raise HTTPException(400, "not a message from WeCom") from None
        if message.corp_id != settings.corp_id:
            raise HTTPException(400, "a message for another corp")
        try:
            text = reply_text(service, settings, message)
        except Exception:  # WeCom retries a failed call: answer something rather than a 500
            log.exception("could not answer a WeCom message")
            text = FAILED
        if text is None:
            return Response(status_code=200)  # an empty reply: WeCom shows nothing and does not retry
        reply = crypto.encrypt_message(reply_xml(message.sender, settings.corp_id, text), nonce)
        return Response(reply, media_type="application/xml")

    return router
