"""An installed package is a working bot: the wheel carries the policy and its data files.

Built and installed offline, into a fresh virtual environment, and run from a folder that has nothing
of the checkout in it — as a user who ran `pip install policy-bot` would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_DIR

SOURCES = ("pyproject.toml", "README.md", "bot", "corpus")


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A venv with the wheel built from this checkout; the dependencies come from the running Python."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"  # a copy, so building leaves nothing behind in the checkout
    for name in SOURCES:
        path = REPO_DIR / name
        if path.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite*")
            shutil.copytree(path, source / name, symlinks=True, ignore=ignore)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", root / "dist", source],
        check=True,
        capture_output=True,
    )
    wheel = next((root / "dist").glob("policy_bot-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", root / "venv"], check=True)
    python = root / "venv" / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel],
        check=True,
        capture_output=True,
    )
    return root / "venv"


def installed_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "PYTHON"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return env


def installed(venv: Path, program: str, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """A program of the venv (python, policy-bot), run in `cwd` with the installed environment."""
    return subprocess.run(
        [venv / "bin" / program, *args],
        cwd=cwd,
        env={**installed_env(cwd), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_installed_wheel_answers_from_an_unrelated_folder(venv, tmp_path):
    code = "import bot, bot.index as i; print(bot.__file__); print(i.DEFAULT_CORPUS_DIR)"
    where = installed(venv, "python", "-c", code, cwd=tmp_path).stdout.split()
    assert where and all(Path(line).is_relative_to(venv) for line in where), where  # not the checkout
    run = installed(venv, "policy-bot", "ask", "--json", "谁负责噪声管理", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout)
    assert answer["results"][0]["task"] == 27
    assert "市生态环境局" in answer["results"][0]["leads"]
    assert list((tmp_path / "cache" / "policy-bot").glob("index-*.sqlite"))  # the index lives in the cache
    assert not list(venv.rglob("*.sqlite"))  # never inside the installed package


def test_the_installed_module_reads_its_own_corpus_unless_told_otherwise(venv, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO_DIR / "corpus", corpus)
    policy = corpus / "dingzhou-eco-zoning-division-of-labour.txt"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace("加强声环境管理", "加强声环境和光污染管理"), "utf-8"
    )
    run = installed(venv, "python", "-m", "bot", "ask", "第27条", cwd=tmp_path, BOT_CORPUS_DIR=str(corpus))
    assert run.returncode == 0, run.stderr
    assert "光污染" in run.stdout


def test_the_benchmark_says_it_needs_a_checkout(venv, tmp_path):
    run = installed(venv, "python", "-m", "bot", "bench", "--quick", cwd=tmp_path)
    assert run.returncode == 2
    assert "checkout" in run.stderr and "Traceback" not in run.stderr


def test_the_installed_web_page_has_its_templates_and_static_files(venv, tmp_path):
    code = (
        "from fastapi.testclient import TestClient; from bot.web import WebSettings, create_app\n"
        "client = TestClient(create_app(WebSettings()))\n"
        "page = client.get('/', params={'q': '谁负责噪声管理'})\n"
        "css = client.get('/static/site.css')\n"
        "print(page.status_code, '第27条' in page.text, css.status_code)"
    )
    run = installed(venv, "python", "-c", code, cwd=tmp_path, BOT_LOG_DB=str(tmp_path / "log.sqlite"))
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["200", "True", "200"]
