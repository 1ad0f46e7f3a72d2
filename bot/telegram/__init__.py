"""The Telegram adapter: python-telegram-bot handlers over `bot.service`, rendered by `bot.render`.

Private chats: any text is a question. Groups: /ask, an @mention of the bot, or a reply to the bot;
everything else is left alone (this works with privacy mode on). Inline mode answers `@bot 噪声` in
any chat. Configuration comes from the environment only; see `Settings.from_env`.

One module per concern: `chat` (what every handler shares), `commands`, `messages`, `callbacks`,
`inline`, `admin`, and `app`, which wires them into one Application.
"""

from ..service import ConfigError
from .app import build_application, serve
from .settings import Settings

__all__ = ["ConfigError", "Settings", "build_application", "serve"]
