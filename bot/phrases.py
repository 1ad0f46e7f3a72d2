"""Finding known phrases (aliases, synonyms, question words) in a question, without regex alternations."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple


class Match(NamedTuple):
    start: int
    end: int
    phrase: str


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class PhraseMatcher:
    """Non-overlapping matches, longest first; an ASCII phrase only matches whole words.

    A set lookup for each length a phrase can have, at each position: with a few thousand phrases this
    is many times faster than one regular expression with as many alternatives.
    """

    def __init__(self, phrases: Iterable[str]):
        self._phrases = {p for p in phrases if p}
        lengths: dict[str, set[int]] = {}
        for phrase in self._phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        # For each first character, the lengths of the phrases that start with it, longest first.
        self._lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def finditer(self, text: str, keep: Callable[[Match], bool] | None = None) -> Iterator[Match]:
        """Matches in text order. Where two overlap, the longer wins, wherever it starts: in
        "饮用水源保护区" that is 水源保护区, not 饮用水 followed by 保护区. Only matches that keep accepts
        compete: one it drops hides no other."""
        found = []
        phrases, lengths, size = self._phrases, self._lengths, len(text)
        for position, first in enumerate(text):
            for length in lengths.get(first, ()):
                end = position + length
                if (
                    end <= size
                    and (phrase := text[position:end]) in phrases
                    and (not phrase.isascii() or self._whole_word(text, position, end))
                ):
                    found.append(Match(position, end, phrase))
        if keep is not None:
            found = [match for match in found if keep(match)]
        if len(found) < 2:
            yield from found
            return
        taken = [False] * size
        chosen = []
        for match in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if not any(taken[match.start : match.end]):
                taken[match.start : match.end] = [True] * (match.end - match.start)
                chosen.append(match)
        yield from sorted(chosen)

    def search(self, text: str) -> Match | None:
        return next(self.finditer(text), None)

    def blank(self, text: str, matches: Iterable[Match] | None = None) -> str:
        """The text with every match (found now, or given) replaced by as many spaces, so offsets stay."""
        chars = list(text)
        for match in self.finditer(text) if matches is None else matches:
            chars[match.start : match.end] = " " * (match.end - match.start)
        return "".join(chars)

    @staticmethod
    def _whole_word(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        return not (_word_char(before) and _word_char(text[start])) and not (
            _word_char(after) and _word_char(text[end - 1])
        )
