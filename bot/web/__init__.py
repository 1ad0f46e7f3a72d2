"""The web adapter: a page that works in any phone browser (JavaScript optional) and a JSON API.

`create_app(settings)` builds the FastAPI app over `bot.service`; `serve` runs it with uvicorn.
One module per concern: `settings`, `views` (answers as page models), `api`, `pages`, `app`.
"""

from .app import create_app, create_app_from_env, serve
from .settings import WebSettings

__all__ = ["WebSettings", "create_app", "create_app_from_env", "serve"]
