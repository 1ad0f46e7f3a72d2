"""DingTalk and WeCom as the bot meets them, on 127.0.0.1: senders that sign, encrypt and deliver the way the
platforms' published documentation says, a sessionWebhook receiver, and a uvicorn runner for the app.

The WeCom crypto here is written from WeCom's 加解密方案说明, not with wechatpy, so the tests check the bot's
use of the library against the spec (and `test_wecom` checks this code against the spec's published example).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import queue
import socket
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree import ElementTree

import httpx
import uvicorn
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.questionlog import QuestionLog
from bot.service import Service
from bot.web import WebSettings, create_app

# --- the app under test ---------------------------------------------------------------------------


class Bot:
    """The web app as `python -m bot web` builds it with one chat app configured (dingtalk= or wecom=
    settings), over a question log of its own."""

    def __init__(self, answerer, log_path, flood_per_minute: int = 20, **channel):
        (self.settings,) = channel.values()
        self.log_path = log_path
        self.service = Service(answerer, QuestionLog(log_path), flood_per_minute=flood_per_minute)
        self.app = create_app(WebSettings(flood_per_minute=flood_per_minute, **channel), self.service)

    def logged(self) -> list[tuple]:
        rows = sqlite3.connect(self.log_path).execute("SELECT channel, chat_type, question FROM questions")
        return rows.fetchall()


@contextmanager
def serving(app, timeout: float = 10.0) -> Iterator[str]:
    """Run an ASGI app with uvicorn on a free loopback port, in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()
        assert not thread.is_alive(), "uvicorn did not stop"


# --- DingTalk -------------------------------------------------------------------------------------

DINGTALK_MARKDOWN_LIMIT = 5000


def dingtalk_sign(timestamp: str, app_secret: str) -> str:
    """sign = Base64(HmacSHA256(key = appSecret, message = timestamp + "\\n" + appSecret))."""
    digest = hmac.new(app_secret.encode("utf-8"), f"{timestamp}\n{app_secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode("ascii")


@dataclass
class Delivery:
    path: str
    content_type: str
    payload: dict
    received_at: float


class SessionWebhook:
    """A loopback stand-in for a sessionWebhook URL: records every reply and refuses what DingTalk refuses."""

    def __init__(self):
        self.deliveries: queue.Queue[Delivery] = queue.Queue()
        self.refused: list[str] = []
        self.status = 200  # what to answer with; a test sets 500 to see a failed delivery handled
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                errcode, errmsg = 0, "ok"
                try:
                    payload = json.loads(body)
                    problem = webhook.check(payload)
                except ValueError:
                    payload, problem = {}, "body is not JSON"
                if problem:
                    webhook.refused.append(problem)
                    errcode, errmsg = 40035, problem
                webhook.deliveries.put(
                    Delivery(self.path, self.headers.get("Content-Type", ""), payload, time.monotonic())
                )
                answer = json.dumps({"errcode": errcode, "errmsg": errmsg}).encode()
                self.send_response(webhook.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.token = base64.b16encode(os.urandom(16)).decode().lower()
        self.url = (
            f"http://127.0.0.1:{self.server.server_address[1]}/robot/sendBySession?session={self.token}"
        )

    @staticmethod
    def check(payload: dict) -> str | None:
        """What DingTalk would refuse in a markdown reply, or None."""
        if payload.get("msgtype") != "markdown":
            return f"msgtype {payload.get('msgtype')!r} is not markdown"
        markdown = payload.get("markdown")
        if not isinstance(markdown, dict) or not markdown.get("title") or not markdown.get("text"):
            return "markdown needs a title and a text"
        if len(markdown["text"]) > DINGTALK_MARKDOWN_LIMIT:
            return f"markdown text of {len(markdown['text'])} characters"
        at = payload.get("at", {})
        if not isinstance(at, dict) or not all(isinstance(u, str) for u in at.get("atUserIds", [])):
            return "at.atUserIds must be a list of user ids"
        return None

    def __enter__(self) -> SessionWebhook:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def next(self, timeout: float = 5.0) -> Delivery:
        return self.deliveries.get(timeout=timeout)

    def nothing(self, within: float = 0.5) -> bool:
        try:
            self.deliveries.get(timeout=within)
        except queue.Empty:
            return True
        return False


class DingTalkSender:
    """DingTalk's side of HTTP mode: a robot message JSON, signed in the headers, POSTed to the bot."""

    def __init__(self, url: str, app_secret: str, webhook: str, robot_name: str = "政策助手"):
        self.url = url
        self.app_secret = app_secret
        self.webhook = webhook
        self.robot_name = robot_name

    def message(
        self,
        text: str,
        *,
        group: bool = False,
        staff_id: str = "manager4220",
        conversation: str = "cidPrivate0001",
        msgtype: str = "text",
    ) -> dict:
        now = int(time.time() * 1000)
        message = {
            "conversationId": conversation,
            "chatbotCorpId": "dingc0ffee",
            "chatbotUserId": "$:LWCP_v1:$robot",
            "msgId": f"msg{now}",
            "senderNick": "张三",
            "isAdmin": False,
            "senderStaffId": staff_id,
            "sessionWebhookExpiredTime": now + 90 * 60 * 1000,
            "createAt": now,
            "senderCorpId": "dingc0ffee",
            "conversationType": "2" if group else "1",
            "senderId": f"$:LWCP_v1:${staff_id}",
            "sessionWebhook": self.webhook,
            "robotCode": "dingrobot",
            "msgtype": msgtype,
        }
        if group:
            message.update(
                conversationTitle="乡镇工作群", isInAtList=True, atUsers=[{"dingtalkId": "$:LWCP_v1:$robot"}]
            )
        if msgtype == "text":
            message["text"] = {"content": f"@{self.robot_name} {text}" if group else text}
        else:
            message["content"] = {"downloadCode": "xyz", "pictureDownloadCode": "xyz"}
        return message

    def post(
        self,
        body: dict | bytes,
        *,
        timestamp_ms: int | None = None,
        sign: str | None = None,
        headers: bool = True,
    ) -> httpx.Response:
        timestamp = str(int(time.time() * 1000) if timestamp_ms is None else timestamp_ms)
        sent = {"Content-Type": "application/json; charset=utf-8"}
        if headers:
            sent.update(
                timestamp=timestamp, sign=dingtalk_sign(timestamp, self.app_secret) if sign is None else sign
            )
        content = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return httpx.post(self.url, content=content, headers=sent, timeout=10)


# --- WeCom ----------------------------------------------------------------------------------------


def wecom_signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    """msg_signature = sha1 of the four strings sorted and joined."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode("utf-8")).hexdigest()


def wecom_key(encoding_aes_key: str) -> bytes:
    """AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes."""
    key = base64.b64decode(encoding_aes_key + "=")
    assert len(key) == 32
    return key


def wecom_encrypt(
    encoding_aes_key: str, msg: str | bytes, receive_id: str, random: bytes | None = None
) -> str:
    """Base64(AES-256-CBC(random(16B) + msg_len(4B, network order) + msg + ReceiveId)), PKCS#7 to 32 bytes,
    IV = the key's first 16 bytes."""
    key = wecom_key(encoding_aes_key)
    body = msg.encode("utf-8") if isinstance(msg, str) else msg
    plain = (random or os.urandom(16)) + struct.pack(">I", len(body)) + body + receive_id.encode("utf-8")
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode("ascii")


def wecom_decrypt(encoding_aes_key: str, encrypted: str) -> tuple[str, str]:
    """The msg and the ReceiveId inside a msg_encrypt, checking the PKCS#7 padding."""
    key = wecom_key(encoding_aes_key)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    plain = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    pad = plain[-1]
    assert 1 <= pad <= 32 and plain[-pad:] == bytes([pad]) * pad, "bad PKCS#7 padding"
    plain = plain[:-pad]
    (length,) = struct.unpack(">I", plain[16:20])
    return plain[20 : 20 + length].decode("utf-8"), plain[20 + length :].decode("utf-8")


def text_message(corp_id: str, member: str, content: str, agent_id: int = 1000002) -> str:
    """A member's text message as WeCom writes it before encryption (接收普通消息 · 文本消息)."""
    return (
        f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName><FromUserName><![CDATA[{member}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{time.time_ns()}</MsgId>"
        f"<AgentID>{agent_id}</AgentID></xml>"
    )


def other_message(corp_id: str, member: str, kind: str, agent_id: int = 1000002) -> str:
    """An image message or an event (enter_agent), the kinds a member sends without text."""
    extra = (
        "<PicUrl><![CDATA[http://127.0.0.1/p.jpg]]></PicUrl><MediaId><![CDATA[m]]></MediaId>"
        if kind == "image"
        else "<Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>"
    )
    return (
        f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName><FromUserName><![CDATA[{member}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{extra}"
        f"<AgentID>{agent_id}</AgentID></xml>"
    )


@dataclass
class PassiveReply:
    to: str
    sender: str
    kind: str
    content: str


class WeComSender:
    """WeCom's side of the callback: the URL check, encrypted messages, and the check of the passive reply."""

    def __init__(self, url: str, token: str, aes_key: str, corp_id: str):
        self.url = url
        self.token = token
        self.aes_key = aes_key
        self.corp_id = corp_id

    def verify_url(self, echo: str) -> httpx.Response:
        encrypted = wecom_encrypt(self.aes_key, echo, self.corp_id)
        timestamp, nonce = str(int(time.time())), str(int.from_bytes(os.urandom(4), "big"))
        params = {
            "msg_signature": wecom_signature(self.token, timestamp, nonce, encrypted),
            "timestamp": timestamp,
            "nonce": nonce,
            "echostr": encrypted,
        }
        return httpx.get(self.url, params=params, timeout=10)

    def envelope(self, encrypted: str, agent_id: int = 1000002) -> bytes:
        """The POST body: ToUserName, AgentID and the Encrypt field."""
        return (
            f"<xml><ToUserName><![CDATA[{self.corp_id}]]></ToUserName><AgentID><![CDATA[{agent_id}]]></AgentID>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        ).encode()

    def post_encrypted(self, encrypted: str, *, signature: str | None = None) -> tuple[httpx.Response, str]:
        """POST an Encrypt value, signed (or with `signature`); returns the response and the nonce used."""
        timestamp, nonce = str(int(time.time())), str(int.from_bytes(os.urandom(4), "big"))
        params = {
            "msg_signature": signature or wecom_signature(self.token, timestamp, nonce, encrypted),
            "timestamp": timestamp,
            "nonce": nonce,
        }
        return httpx.post(self.url, params=params, content=self.envelope(encrypted), timeout=10), nonce

    def post_body(self, body: bytes, signed_value: str = "") -> httpx.Response:
        """POST any body, with a signature over `signed_value` (garbage bodies)."""
        timestamp, nonce = str(int(time.time())), "1372623149"
        params = {
            "msg_signature": wecom_signature(self.token, timestamp, nonce, signed_value),
            "timestamp": timestamp,
            "nonce": nonce,
        }
        return httpx.post(self.url, params=params, content=body, timeout=10)

    def ask(self, content: str, member: str = "zhangsan") -> tuple[httpx.Response, PassiveReply | None]:
        """Send a text message; return the response and the decrypted, checked passive reply (None if empty)."""
        response, nonce = self.post_encrypted(
            wecom_encrypt(self.aes_key, text_message(self.corp_id, member, content), self.corp_id)
        )
        return response, self.open_reply(response, nonce)

    def open_reply(self, response: httpx.Response, nonce: str) -> PassiveReply | None:
        """Check a passive reply as WeCom does: its signature, its ciphertext, the corp id inside it."""
        if response.status_code != 200 or not response.content:
            return None
        outer = ElementTree.fromstring(response.content)
        encrypted = outer.findtext("Encrypt")
        timestamp = outer.findtext("TimeStamp")
        assert outer.findtext("Nonce") == nonce
        assert outer.findtext("MsgSignature") == wecom_signature(self.token, timestamp, nonce, encrypted)
        msg, receive_id = wecom_decrypt(self.aes_key, encrypted)
        assert receive_id == self.corp_id
        inner = ElementTree.fromstring(msg)
        assert inner.findtext("CreateTime").isdigit()
        return PassiveReply(
            inner.findtext("ToUserName"),
            inner.findtext("FromUserName"),
            inner.findtext("MsgType"),
            inner.findtext("Content"),
        )
