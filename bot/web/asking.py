"""What every web route does with a question: check it, name its asker, and ask the service."""

from __future__ import annotations

from fastapi import HTTPException, Request

from ..service import Asker, Reply, Service
from ..text import MAX_QUESTION_CHARS


def service(request: Request) -> Service:
    return request.app.state.service


def client_address(request: Request) -> str:
    """The peer's address; behind a trusted proxy, the nearest untrusted address in X-Forwarded-For."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if peer not in trusted:
        return peer
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    return next((a for a in reversed(forwarded) if a not in trusted), forwarded[0] if forwarded else peer)


def asker(request: Request, kind: str) -> Asker:
    """The web asker: one person per client address; `kind` is "page" or "api"."""
    return Asker("web", client_address(request), kind)


def checked(question: str | None) -> str:
    """The question, or a 4xx naming what is wrong with it."""
    if question is None or not question.strip():
        raise HTTPException(400, "请提供问题,例如 ?q=谁负责噪声管理")
    if len(question) > MAX_QUESTION_CHARS:
        raise HTTPException(422, f"问题太长了(最多{MAX_QUESTION_CHARS}个字),请只问一件事。")
    return question


def too_many(request: Request) -> HTTPException:
    limit = service(request).flood.per_minute
    message = f"您提问太频繁了(每分钟最多{limit}个问题),请稍后再试。"
    return HTTPException(429, message, headers={"Retry-After": "60"})


def ask(request: Request, question: str | None, kind: str) -> Reply:
    """Answer and log a question from this client, or a polite 429 over the flood limit."""
    reply = service(request).ask(checked(question), asker(request, kind))
    if reply.limited:
        raise too_many(request)
    return reply
