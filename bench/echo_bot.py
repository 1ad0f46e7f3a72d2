"""An echo bot on the same python-telegram-bot set-up as the real one: the transport's own limit."""

import os

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, MessageHandler, filters
from telegram.request import HTTPXRequest


async def echo(update: Update, context) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


def main() -> None:
    builder = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .request(HTTPXRequest(connection_pool_size=16))
        .get_updates_request(HTTPXRequest(read_timeout=30))
        .concurrent_updates(8)
    )
    if os.environ.get("BOT_RATE_LIMIT", "on") != "off":  # the same switch as the real bot's
        builder = builder.rate_limiter(AIORateLimiter(max_retries=5))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
