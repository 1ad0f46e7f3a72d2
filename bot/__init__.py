"""Answers questions about policy documents by quoting their numbered tasks and lead departments."""

from __future__ import annotations

from pathlib import Path

from .answer import Answer, Answerer, Result
from .corpus import CorpusError
from .index import corpus_dir_from_env, db_path_from_env, ensure_index
from .store import Store, Task

__all__ = ["Answer", "Answerer", "CorpusError", "Result", "Store", "Task", "open_answerer"]


def open_answerer(corpus_dir: Path | None = None, db_path: Path | None = None) -> Answerer:
    """An Answerer over the corpus (BOT_CORPUS_DIR) and its index (BOT_DB), building the index if stale."""
    corpus_dir = corpus_dir or corpus_dir_from_env()
    db_path = db_path or db_path_from_env(corpus_dir)
    ensure_index(corpus_dir, db_path)
    return Answerer(Store(db_path))
