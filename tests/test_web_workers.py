"""`python -m bot web --workers 2` as deployed: two processes sharing the read-only index and the question log."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import REPO_DIR, run_env
from telegram_harness import free_port

QUESTIONS = ["谁负责噪声管理", "农业局牵头哪几条", "第27条", "社保卡怎么补办", "秸秆焚烧", "乡镇要做什么"]
REQUESTS = 30


@pytest.mark.slow
def test_two_workers_answer_thirty_concurrent_requests(tmp_path, session_db, answerer):
    port = free_port()
    log_db = tmp_path / "questions.sqlite"
    output = tmp_path / "web.log"
    env = run_env(BOT_DB=str(session_db), BOT_LOG_DB=str(log_db), BOT_FLOOD_PER_MINUTE="0", LOG_LEVEL="INFO")
    command = [sys.executable, "-m", "bot", "web", "--workers", "2", "--port", str(port)]
    with output.open("wb") as sink:
        process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, output.read_text()
            assert time.monotonic() < deadline, "the web app did not start:\n" + output.read_text()
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        asked = [QUESTIONS[i % len(QUESTIONS)] for i in range(REQUESTS)]
        with httpx.Client(base_url=base, timeout=30) as client, ThreadPoolExecutor(REQUESTS) as pool:
            started = time.monotonic()
            responses = list(pool.map(lambda q: client.get("/api/ask", params={"q": q}), asked))
            elapsed = time.monotonic() - started
        assert [r.status_code for r in responses] == [200] * REQUESTS
        assert [r.json() for r in responses] == [answerer.answer(q).to_dict() for q in asked]
        assert elapsed < 20
        assert sqlite3.connect(log_db).execute("SELECT count(*) FROM questions").fetchone() == (REQUESTS,)
    finally:
        process.terminate()
        code = process.wait(30)
    log = output.read_text()
    assert len(set(re.findall(r"Started server process \[(\d+)\]", log))) >= 2, log
    assert code == 0 and "Traceback" not in log, log
