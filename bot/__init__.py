"""Answers questions about policy documents by quoting their numbered tasks and lead departments."""

from __future__ import annotations

import logging
from pathlib import Path

from .answer import Answer, Answerer, Result
from .corpus import CorpusError
from .index import IndexUnavailable, corpus_dir_from_env, db_path_from_env, ensure_index, stored_hash
from .store import Store, Task

log = logging.getLogger("bot")

__all__ = [
    "Answer",
    "Answerer",
    "CorpusError",
    "IndexUnavailable",
    "Result",
    "Store",
    "Task",
    "open_answerer",
]


def open_answerer(corpus_dir: Path | None = None, db_path: Path | None = None) -> Answerer:
    """An Answerer over the corpus (BOT_CORPUS_DIR) and its index (BOT_DB), building the index if stale.

    A corpus that no longer parses leaves the last good index answering, with a warning naming the
    file and line; with no index at all the CorpusError is raised.
    """
    corpus_dir = corpus_dir or corpus_dir_from_env()
    db_path = db_path or db_path_from_env(corpus_dir)
    try:
        ensure_index(corpus_dir, db_path)
    except CorpusError as error:
        if stored_hash(db_path) is None:
            raise
        log.warning("%s; answering from the last good index (%s)", error, db_path)
    return Answerer(Store(db_path))
