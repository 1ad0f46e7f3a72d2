"""`create_app(settings)`: the FastAPI app with its routers, security headers and error pages; `serve`."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..dingtalk import dingtalk_router
from ..flood import FloodLimit
from ..render import shorten
from ..service import Service, open_service
from ..wecom import wecom_router
from . import api, pages
from .settings import WebSettings

log = logging.getLogger("bot.web")

STATIC = Path(__file__).parent / "static"
# Only this origin, for everything: no inline script or style, no other host, no framing elsewhere.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}
# Answers shown while typing are not logged; they get a limit of their own, a few keystrokes a question.
PREVIEWS_PER_QUESTION = 6


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response the app sends."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_html(request: Request) -> bool:
    """A browser asking for a page gets an HTML error page; the API and other programs get JSON."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    if wants_html(request):
        template = "_message.html" if request.url.path == "/answer" else "message.html"
        return request.app.state.templates.TemplateResponse(
            request, template, {"message": message}, status_code=status, headers=headers
        )
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = error.detail if error.status_code != 404 or error.detail != "Not Found" else "没有这个页面"
        return error_response(request, error.status_code, str(message), error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        return error_response(request, 422, f"请求参数有误({problems})")

    @app.exception_handler(Exception)
    async def bug(request: Request, error: Exception) -> Response:
        log.error("error while answering %s %s", request.method, request.url.path, exc_info=error)
        return JSONResponse(
            {"error": "服务器内部错误,请稍后再试。"}, status_code=500, headers=SECURITY_HEADERS
        )


def templates() -> Jinja2Templates:
    environment = Environment(loader=PackageLoader("bot.web", "templates"), autoescape=True)
    environment.trim_blocks = environment.lstrip_blocks = True
    environment.filters["shorten"] = shorten
    return Jinja2Templates(env=environment)


def create_app(
    settings: WebSettings, service: Service | None = None, routers: Iterable[APIRouter] = ()
) -> FastAPI:
    """The app over `service` (by default the one BOT_DB and BOT_LOG_DB configure). More channels mount
    their routers here or later with `app.include_router`; every route finds the service in app.state."""
    app = FastAPI(
        title="政策问答 Policy bot",
        summary="Answers about the policy documents, quoting their numbered tasks and lead departments.",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads its script from another host; /docs is a page of our own
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = service or open_service(settings.flood_per_minute)
    app.state.previews = FloodLimit(settings.flood_per_minute * PREVIEWS_PER_QUESTION)
    app.state.templates = templates()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    if settings.dingtalk:
        app.include_router(dingtalk_router(app.state.service, settings.dingtalk))
    if settings.wecom:
        app.include_router(wecom_router(app.state.service, settings.wecom))
    for router in routers:
        app.include_router(router)
    install_error_handlers(app)
    return app


def create_app_from_env() -> FastAPI:
    """For uvicorn's workers: each builds its own app from the environment."""
    return create_app(WebSettings.from_env())


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> int:
    """Serve the page and the API until SIGTERM/SIGINT, with `workers` processes sharing index and log."""
    import uvicorn

    settings = WebSettings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Built (or checked) once here, before any worker starts: workers never race to build the index.
    service = open_service(settings.flood_per_minute)
    store = service.answerer.store
    log.info("answering from %s (%d tasks) on http://%s:%d/", store.path, store.task_count, host, port)
    options = {
        "host": host,
        "port": port,
        "proxy_headers": False,  # X-Forwarded-For is read by the app, from BOT_WEB_TRUSTED_PROXIES only
        "server_header": False,
        "access_log": False,  # an access log would keep every question with the asker's address
        "log_level": settings.log_level.lower(),
    }
    if workers > 1:
        uvicorn.run("bot.web:create_app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(settings, service), **options)
    return 0
