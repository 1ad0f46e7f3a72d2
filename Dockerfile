# The Telegram bot or the web page, in a slim image: dependencies, the corpus and its index baked in.
#   docker build -t policy-bot .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=123:ABC policy-bot                                   (Telegram)
#   docker run --rm -p 8000:8000 policy-bot python -m bot web --host 0.0.0.0 --workers 2      (web)
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

# The web page and JSON API (`python -m bot web --host 0.0.0.0`) listen here; the Telegram bot needs no port.
EXPOSE 8000

# The bot touches the heartbeat file after every successful poll; a stale file means polling has stopped.
# Without a heartbeat file the container runs the web app, and /healthz on its port must answer.
HEALTHCHECK --interval=60s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, time, urllib.request; f = os.environ['BOT_HEARTBEAT_FILE']; sys.exit(time.time() - os.path.getmtime(f) > 120 if os.path.exists(f) else urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]

# The token comes from the environment at run time only: docker run -e TELEGRAM_BOT_TOKEN=...
CMD ["python", "-m", "bot", "serve"]
