"""Word segmentation with jieba, using a compact dictionary built from the corpus vocabulary.

jieba's full dictionary costs about 0.4 s and 90 MB to load. Its segmentation of a sentence only
ever uses dictionary words that occur inside that sentence, so a dictionary holding just the words
found in the corpus and data files, plus one padding entry that keeps the frequency total unchanged,
segments those texts exactly as the full dictionary would, and loads in milliseconds.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from collections.abc import Iterable
from functools import lru_cache

# jieba imports pkg_resources only to find its own files, at a cost of about 9 MB and 70 ms at start-up;
# without it, jieba opens them by path. Hidden only while jieba is imported, and only if nothing has
# imported pkg_resources already.
if "pkg_resources" in sys.modules:
    import jieba
else:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]

jieba.setLogLevel(logging.WARNING)

# Keeps the compact dictionary's frequency total equal to the full one's (see module docstring).
PADDING_WORD = "\ue000"
MAX_WORD_LENGTH = 16
WORD = re.compile(r"[\w+#&.%-]", re.UNICODE)
SPACE_FREE_RUN = re.compile(r"\S+")
CLAUSE_BREAK = re.compile(r"[,，。;；、:：!！?？()（）“”\"\s]+")


def word_edges(tokens: Iterable[tuple[str, int, int]]) -> set[int]:
    """Where a text is cut into words: every word's start and end, of its (word, start, end) tokens."""
    return {at for _, start, end in tokens for at in (start, end)}


def full_dictionary() -> jieba.Tokenizer:
    """jieba with its full dictionary: only the index build needs it."""
    full = jieba.Tokenizer()
    full.initialize()
    return full


def build_dictionary(full: jieba.Tokenizer, texts: Iterable[str], extra_words: Iterable[str]) -> str:
    """The compact dictionary, in jieba's format, for segmenting `texts` with `extra_words` kept whole."""
    extra = sorted(set(extra_words), key=len)
    for word in extra:
        full.add_word(word)  # jieba works out a frequency that keeps the word whole
    chosen: dict[str, int] = {w: full.FREQ[w] for w in extra}
    freq = full.FREQ
    # jieba never joins characters across punctuation, so distinct clauses are all that need reading.
    clauses = {c for text in texts for c in CLAUSE_BREAK.split(text) if c}
    for text in clauses | set(extra):
        for start in range(len(text)):
            for end in range(start + 1, min(len(text), start + MAX_WORD_LENGTH) + 1):
                if freq.get(text[start:end]):
                    chosen[text[start:end]] = freq[text[start:end]]
    padding = full.total - sum(chosen.values())
    lines = [f"{word} {count}" for word, count in sorted(chosen.items()) if " " not in word]
    if padding > 0:
        lines.append(f"{PADDING_WORD} {padding}")
    return "\n".join(lines) + "\n"


class Segmenter:
    """jieba over a compact dictionary; `words` gives the search-mode words of a normalised text."""

    def __init__(self, dictionary: str):
        self._tokenizer = jieba.Tokenizer()
        freq, total = self._tokenizer.gen_pfdict(io.BytesIO(dictionary.encode("utf-8")))
        self._tokenizer.FREQ, self._tokenizer.total = freq, total
        self._tokenizer.initialized = True

    def words(self, text: str) -> list[str]:
        """Search-mode words, as jieba's cut_for_search gives them."""
        return self.search_words(self.cut(text))

    def search_words(self, cut: list[str]) -> list[str]:
        """The search-mode words of a text from its `cut`: before each word longer than two characters, the
        dictionary's words of two (and, if longer than three, of three) characters inside it, as jieba's
        cut_for_search adds them; one cut serves both."""
        freq = self._tokenizer.FREQ
        found = []
        for word in cut:
            for size in (2, 3):
                if len(word) > size:
                    found += [
                        word[i : i + size]
                        for i in range(len(word) - size + 1)
                        if freq.get(word[i : i + size])
                    ]
            found.append(word)
        return found

    def clause_words(self, text: str) -> list[str]:
        """`words`, clause by clause, remembering clauses already read (documents repeat boilerplate)."""
        return [w for clause in CLAUSE_BREAK.split(text) if clause for w in self._clause_words(clause)]

    @lru_cache(maxsize=200_000)  # noqa: B019 - a Segmenter is built once per index build
    def _clause_words(self, clause: str) -> tuple[str, ...]:
        return tuple(self.words(clause))

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """Words with their start and end offsets in `text`, run by run between spaces: jieba never joins
        across a space, and the runs of one question recur (each way of reading it blanks other words)."""
        return [
            (word, start + run.start(), end + run.start())
            for run in SPACE_FREE_RUN.finditer(text)
            for word, start, end in self._run_tokens(run[0])
        ]

    @lru_cache(maxsize=50_000)  # noqa: B019 - one Segmenter lives as long as its index is open
    def _run_tokens(self, run: str) -> tuple[tuple[str, int, int], ...]:
        return tuple(t for t in self._tokenizer.tokenize(run) if WORD.search(t[0]))

    def cut(self, text: str) -> list[str]:
        return [w for w in self._tokenizer.cut(text) if WORD.search(w)]
