"""One Application with every handler wired in one place, and `serve`, which runs it."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from ..service import ConfigError, Service, open_service
from .admin import Admin
from .callbacks import Callbacks
from .chat import Chat
from .commands import COMMANDS, Commands
from .inline import Inline
from .messages import Messages
from .settings import Settings, configure_logging

log = logging.getLogger("bot.telegram")

STARTUP_RETRY_MAX_SECONDS = 60


class HeartbeatBot(ExtBot):
    """Touches the heartbeat file after every successful getUpdates, so a health check sees polling."""

    def __init__(self, *args, heartbeat: Path | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._heartbeat = heartbeat

    async def get_updates(self, *args, **kwargs):
        updates = await super().get_updates(*args, **kwargs)
        if self._heartbeat:
            self._heartbeat.touch()
        return updates


async def error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback; tell the user briefly, never with details."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text("抱歉,处理这条消息时出错了,请稍后再试。")
        except TelegramError:
            log.warning("could not tell the user about the error")


async def post_init(application: Application) -> None:
    """Register the commands in Chinese for private chats and groups."""
    commands = [BotCommand(name, description) for name, description in COMMANDS]
    await application.bot.set_my_commands(commands, scope=BotCommandScopeAllPrivateChats())
    await application.bot.set_my_commands(commands, scope=BotCommandScopeAllGroupChats())
    log.info("serving as @%s", application.bot.username)


def build_application(settings: Settings, service: Service) -> Application:
    """The Application with every handler wired, in one place."""
    chat = Chat(service, settings)
    commands, messages, callbacks = Commands(chat), Messages(chat), Callbacks(chat)
    inline, admin = Inline(chat), Admin(chat)
    bot = HeartbeatBot(
        settings.token,
        base_url=settings.base_url,
        defaults=Defaults(parse_mode=ParseMode.HTML, link_preview_options=None),
        rate_limiter=AIORateLimiter(max_retries=5) if settings.rate_limit else None,
        request=HTTPXRequest(connection_pool_size=16),
        get_updates_request=HTTPXRequest(read_timeout=30),
        heartbeat=settings.heartbeat,
    )
    application = ApplicationBuilder().bot(bot).post_init(post_init).concurrent_updates(8).build()
    if settings.allowed_chats is not None:
        # Group -1 runs first: chats not on the allowlist stop here; without an allowlist, no gate at all.
        application.add_handler(TypeHandler(Update, admin.gate), group=-1)
    for name in ("start", "help", "ask", "task", "dept", "depts", "about", "docs", "overview"):
        application.add_handler(CommandHandler(name, getattr(commands, name)))
    application.add_handler(CommandHandler("stats", admin.stats))
    application.add_handler(CommandHandler("reload", admin.reload))
    application.add_handler(CallbackQueryHandler(callbacks.callback))
    application.add_handler(InlineQueryHandler(inline.inline))
    text = filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, messages.private_text))
    application.add_handler(MessageHandler(text & filters.ChatType.GROUPS, messages.group_text))
    other = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL
    application.add_handler(MessageHandler(other, messages.private_other))
    application.add_error_handler(error)
    application.bot_data["service"] = service
    return application


async def wait_for_bot_api(settings: Settings) -> None:
    """Retry getMe with back-off until the Bot API answers: a bot may start before its network does."""
    delay = 1.0
    while True:
        try:
            async with Bot(settings.token, base_url=settings.base_url) as bot:
                await bot.get_me()
            return
        except InvalidToken as error:
            raise ConfigError(
                "the Bot API refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token"
            ) from error
        except (NetworkError, TimedOut) as error:
            log.warning(
                "cannot reach the Telegram Bot API at %s (%s); retrying in %.0f s",
                settings.base_url,
                error,
                delay,
            )
            await asyncio.sleep(delay)
            delay = min(delay * 2, STARTUP_RETRY_MAX_SECONDS)


def serve(webhook_url: str | None = None, listen: str = "0.0.0.0", port: int = 8080) -> int:
    """Run the bot until SIGTERM/SIGINT: long polling, or a webhook when `webhook_url` is given."""
    settings = Settings.from_env()
    configure_logging(settings)
    service = open_service(settings.flood_per_minute, settings.exempt)
    asyncio.run(wait_for_bot_api(settings))
    application = build_application(settings, service)
    store = service.answerer.store
    log.info("answering from %s (%d tasks)", store.path, store.task_count)
    if webhook_url:
        # Telegram sends the secret back on every webhook call; a fresh one each start is enough.
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET") or secrets.token_urlsafe(32)
        application.run_webhook(
            listen=listen,
            port=port,
            url_path="telegram",
            webhook_url=webhook_url.rstrip("/") + "/telegram",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
    return 0
