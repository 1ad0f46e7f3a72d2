# The Telegram bot in a slim image: dependencies, the corpus and its index baked in at build time.
#   docker build -t policy-bot .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=123:ABC policy-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BOT_CORPUS_DIR=/app/corpus \
    BOT_DB=/app/var/index.sqlite \
    BOT_HEARTBEAT_FILE=/tmp/policy-bot.heartbeat \
    BOT_LOG_DB=/data/questions.sqlite

WORKDIR /app
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin bot

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY corpus ./corpus
# The project's own dependencies are pinned by pyproject.toml's ranges.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir . \
    && python -m bot index \
    && mkdir -p /data \
    && chown -R bot:bot /app/var /data

# The question log (what was asked, 👍/👎) is kept across container restarts; the index is rebuilt at will.
VOLUME ["/data"]

USER 10001:10001

# The bot touches the heartbeat file after every successful poll; a stale file means polling has stopped.
HEALTHCHECK --interval=60s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, time; sys.exit(time.time() - os.path.getmtime(os.environ['BOT_HEARTBEAT_FILE']) > 120)"]

# The token comes from the environment at run time only: docker run -e TELEGRAM_BOT_TOKEN=...
CMD ["python", "-m", "bot", "serve"]
