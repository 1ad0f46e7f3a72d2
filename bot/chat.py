"""What the chat-app robots (DingTalk, WeCom) share: replies cut at a task to the platform's limit with a
link to the web page for the rest, a bounded request body, the one-line replies and the public URL setting."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request

from .service import ConfigError

MAX_BODY = 64 * 1024  # both platforms post a few kilobytes at most
MAX_LINK = 600  # a longer "更多" link would crowd out the answer it completes

LIMITED = "提问太频繁了,请一分钟后再问。"
TEXT_ONLY = "请用文字提问,例如:谁负责噪声管理"
FAILED = "抱歉,出错了,请稍后再问。"
CUT = "(内容较多,只显示了前一部分;把问题问得具体些可以看到其余的。)"


def public_url_from_env(env: Mapping[str, str] = os.environ) -> str | None:
    """BOT_PUBLIC_URL: the web page's public base URL, for the "更多" links; None when unset."""
    url = env.get("BOT_PUBLIC_URL", "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"BOT_PUBLIC_URL must be an http(s) URL such as https://bot.example.org, got {url!r}"
        )
    return url.rstrip("/")


def page_link(public_url: str | None, question: str) -> str | None:
    """The web page that shows the whole answer to `question`; None without a public URL or when too long."""
    if not public_url:
        return None
    link = f"{public_url}/?q={quote(question, safe='')}"
    return link if len(link) <= MAX_LINK else None


def fit(
    blocks: list[str], limit: int, more: str, size: Callable[[str], int] = len, separator: str = "\n\n"
) -> str:
    """The blocks joined; when that is over `limit` (as `size` counts), as many whole blocks as fit and then
    `more`, the way to the rest. A first block longer than a whole message is cut inside."""
    whole = separator.join(blocks)
    if size(whole) <= limit:
        return whole
    kept: list[str] = []
    for block in blocks:
        if size(separator.join([*kept, block, more])) > limit:
            break
        kept.append(block)
    if not kept:
        room = limit - size(separator + more + "…")
        head = blocks[0]
        while head and size(head) > room:
            head = head[: min(len(head) - 1, len(head) * room // size(head))]
        kept = [head + "…"]
    return separator.join([*kept, more])


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The request body, refused with 413 beyond `limit` bytes before it is all read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, "message too large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, "message too large")
    return bytes(body)
