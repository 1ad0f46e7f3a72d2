"""What a user could script instead of this bot, over the same tasks: the peers the benchmark measures.

Each peer answers a question with its top tasks, as an Answer, so one scorer judges them all. None of
them can tell a department question or a task number from a topic, or refuse: that is the point.
"""

from __future__ import annotations

import re
import sqlite3

from bot.answer import Answer, Result
from bot.store import Task

TOP = 5


class JiebaBM25:
    """jieba (full dictionary) + rank-bm25 over the task texts: the obvious script."""

    name = "jieba + rank-bm25"

    def __init__(self, tasks: list[Task]):
        import jieba
        from rank_bm25 import BM25Okapi

        self._cut = jieba.lcut_for_search
        self._tasks = tasks
        self._bm25 = BM25Okapi([self._cut(t.text) for t in tasks])

    def answer(self, question: str) -> Answer:
        scores = self._bm25.get_scores(self._cut(question))
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[:TOP]
        results = [Result(self._tasks[i], float(scores[i])) for i in order if scores[i] > 0]
        return Answer(question, "topic", bool(results), results)


class FuzzyMatch:
    """rapidfuzz partial_ratio of the question against every task text."""

    name = "rapidfuzz partial_ratio"

    def __init__(self, tasks: list[Task]):
        from rapidfuzz import fuzz, process

        self._extract, self._scorer = process.extract, fuzz.partial_ratio
        self._tasks = tasks
        self._texts = [t.text for t in tasks]

    def answer(self, question: str) -> Answer:
        found = self._extract(question, self._texts, scorer=self._scorer, limit=TOP)
        results = [Result(self._tasks[i], float(score)) for _, score, i in found if score > 0]
        return Answer(question, "topic", bool(results), results)


class Trigram:
    """SQLite FTS5 with the trigram tokenizer, the question's trigrams OR-ed, ranked by bm25."""

    name = "SQLite FTS5 trigram"
    CHARS = re.compile(r"[\w]+")

    def __init__(self, tasks: list[Task]):
        self._tasks = tasks
        self._conn = sqlite3.connect(":memory:")
        self._conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
        self._conn.executemany("INSERT INTO t(rowid, text) VALUES (?, ?)", enumerate(t.text for t in tasks))

    def answer(self, question: str) -> Answer:
        grams = {run[i : i + 3] for run in self.CHARS.findall(question) for i in range(len(run) - 2)}
        if not grams:
            return Answer(question, "topic", False)
        match = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        rows = self._conn.execute(
            "SELECT rowid, -bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, TOP)
        ).fetchall()
        results = [Result(self._tasks[i], score) for i, score in rows]
        return Answer(question, "topic", bool(results), results)


PEERS = (JiebaBM25, FuzzyMatch, Trigram)
