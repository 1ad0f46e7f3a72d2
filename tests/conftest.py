"""Shared fixtures: an index built once per session into a temporary directory, never the user's cache."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent
CORPUS_DIR = REPO_DIR / "corpus"
QUESTIONS = TESTS_DIR / "data" / "questions.tsv"
POLICY = CORPUS_DIR / "dingzhou-eco-zoning-division-of-labour.txt"

# The fake Bot API server and other test helpers are imported as plain modules.
sys.path.insert(0, str(TESTS_DIR))


@pytest.fixture(scope="session")
def session_db(tmp_path_factory) -> Path:
    from bot.index import build_index

    path = tmp_path_factory.mktemp("index") / "index.sqlite"
    build_index(CORPUS_DIR, path)
    return path


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, session_db):
    """Every test (and every CLI it runs) reads the shared test index and the project's corpus."""
    monkeypatch.setenv("BOT_DB", str(session_db))
    monkeypatch.setenv("BOT_CORPUS_DIR", str(CORPUS_DIR))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)


@pytest.fixture(scope="session")
def answerer(session_db):
    from bot import Answerer, Store

    return Answerer(Store(session_db))


@pytest.fixture(scope="session")
def unlisted(tmp_path_factory):
    """The corpus with out_of_scope.txt emptied: what the answerer refuses without the curated list."""
    from bot import Answerer, Store
    from bot.index import build_index

    corpus = tmp_path_factory.mktemp("unlisted") / "corpus"
    shutil.copytree(CORPUS_DIR, corpus)
    (corpus / "out_of_scope.txt").write_text("", encoding="utf-8")
    build_index(corpus, corpus.parent / "index.sqlite")
    return Answerer(Store(corpus.parent / "index.sqlite"))


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the corpus directory, for tests that edit it."""
    target = tmp_path / "corpus"
    target.mkdir()
    for path in CORPUS_DIR.iterdir():
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())
    return target


def run_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(extra)
    return env
