"""Finding known phrases (aliases, synonyms, question words) in a question, without regex alternations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    phrase: str


def _word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class PhraseMatcher:
    """Leftmost, then longest, non-overlapping matches; an ASCII phrase only matches whole words.

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

    def finditer(self, text: str) -> Iterator[Match]:
        position, size = 0, len(text)
        while position < size:
            for length in self._lengths.get(text[position], ()):
                end = position + length
                phrase = text[position:end]
                if (
                    end <= size
                    and phrase in self._phrases
                    and (not phrase.isascii() or self._whole_word(text, position, end))
                ):
                    yield Match(position, end, phrase)
                    position = end
                    break
            else:
                position += 1

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
