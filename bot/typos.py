"""Pinyin-input slips: a window of the question that sounds like (or nearly spells) a corpus word.

Staff type with pinyin input methods, so the usual slip is a homophone (早声 for 噪声, 地下睡 for
地下水) or a look-alike (准人 for 准入). Pinyin readings are computed once, at index time, with
pypinyin; answering only looks them up, so pypinyin stays out of the answering process.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Container, Iterable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

CJK_FIRST, CJK_LAST = 0x4E00, 0x9FFF
MIN_WORD, MAX_WORD = 2, 6
# The characters typed right before and after letters, as many as a word can have.
CJK_BEFORE = re.compile(rf"[\u4e00-\u9fff]{{0,{MAX_WORD}}}$")
CJK_AFTER = re.compile(rf"[\u4e00-\u9fff]{{0,{MAX_WORD}}}")
MAX_READING_COMBINATIONS = 64
LOOK_ALIKE_MIN = 3  # a look-alike slip in fewer characters is too often a word of its own
COMMON_READINGS = 2  # of a character's readings, those a slip in two characters may follow
MAX_SYLLABLE = 6  # "zhuang"
MAX_SPELLING_TRIES = 256  # ways of cutting letters into syllables tried ("aiaiai" cuts many ways)
# jieba's frequency from which a word counts as everyday language (about 45,000 words of 2-6 characters).
COMMON_WORD_FREQUENCY = 50


def fuzzy(syllable: str) -> str:
    """The syllable as a pinyin typist may confuse it: zh/z, ch/c, sh/s, -ng/-n and l/n sound alike."""
    for retroflex in ("zh", "ch", "sh"):
        if syllable.startswith(retroflex):
            syllable = syllable[0] + syllable[2:]
            break
    if syllable.endswith("ng") and len(syllable) > 2:
        syllable = syllable[:-1]
    if syllable.startswith("l"):
        syllable = "n" + syllable[1:]
    return syllable


def char_rows(function_chars: Container[str] = ()) -> Iterator[dict]:
    """Every CJK character with its toneless, fuzzy readings, the commonest first: each reading some word
    reads it in (都 is du in 首都 and dou; 事 is never zi, 它 never yi), for slips follow any reading a typist
    knows; none for a particle (着, 了), which a typist types as meant: "结合着用" holds no slip for 作用."""
    from pypinyin import Style, pinyin

    in_words = word_readings()
    for code in range(CJK_FIRST, CJK_LAST + 1):
        char = chr(code)
        readings = [] if char in function_chars else pinyin(char, style=Style.NORMAL, heteronym=True)[0]
        if known := in_words.get(char):
            readings = readings[:1] + [r for r in readings[1:] if r in known]
        yield {"char": char, "readings": " ".join(dict.fromkeys(fuzzy(r) for r in readings))}


def word_readings() -> dict[str, set[str]]:
    """Each character's toneless readings in the words of pypinyin's phrase dictionary."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.phrases_dict import phrases_dict

    # A few thousand readings with tones, each made toneless once.
    toneless = {r: to_normal(r) for r in {r[0] for readings in phrases_dict.values() for r in readings}}
    found: dict[str, set[str]] = {}
    for word, readings in phrases_dict.items():
        for char, reading in zip(word, readings, strict=False):
            found.setdefault(char, set()).add(toneless[reading[0]])
    return found


def common_word_rows(frequencies: dict[str, int]) -> Iterator[dict]:
    """Everyday words from jieba's dictionary, which must not be "corrected" into corpus words."""
    for word, count in frequencies.items():
        if count >= COMMON_WORD_FREQUENCY and MIN_WORD <= len(word) <= MAX_WORD:
            yield {"word": word}


def word_rows(words: Iterable[str]) -> Iterator[dict]:
    """Each corpus word with its toneless, fuzzy pinyin as read in context ("生态" -> "sen tai")."""
    from pypinyin import lazy_pinyin

    for word in sorted(set(words)):
        if MIN_WORD <= len(word) <= MAX_WORD and all(CJK_FIRST <= ord(c) <= CJK_LAST for c in word):
            yield {"word": word, "pinyin": " ".join(fuzzy(p) for p in lazy_pinyin(word))}


class Corrector:
    """Finds corpus words that a question's unknown windows were probably meant to be."""

    def __init__(
        self,
        words_by_pinyin: dict[str, tuple[str, ...]],
        readings: Callable[[str], dict[str, tuple[str, ...]]],
        common: Callable[[Iterable[str]], set[str]],
    ):
        self._words_by_pinyin = words_by_pinyin
        self._readings = readings
        self._common = common  # the words general text has, of those given
        self._vocabulary = {w for words in words_by_pinyin.values() for w in words}
        # The syllables corpus words are read in: pinyin typed as letters is cut into these.
        self._syllables = {s for reading in words_by_pinyin for s in reading.split()}
        # A look-alike keeps its first character (准人清单 for 准入清单): only words that start with it compete.
        self._by_start: dict[tuple[int, str], list[str]] = {}
        for word in sorted(self._vocabulary):
            self._by_start.setdefault((len(word), word[0]), []).append(word)

    def corrections(
        self, run: str, allowed: Callable[[int, int], bool] = lambda start, end: True
    ) -> list[tuple[int, str, str]]:
        """(offset, slip, corpus word) for windows of a run of CJK text that are not corpus words.

        `allowed(start, end)` says whether a window may be read as one word: the caller keeps windows
        on word boundaries, so "市的" in "石家庄市的方案" is never taken for 湿地.
        """
        if len(run) < MIN_WORD:
            return []
        readings: dict[str, tuple[str, ...]] | None = None  # looked up only once a window qualifies
        found: list[tuple[int, str, str]] = []
        covered = [False] * len(run)
        windows = [
            (start, start + length)
            for length in range(min(MAX_WORD, len(run)), MIN_WORD - 1, -1)
            for start in range(len(run) - length + 1)
            if allowed(start, start + length)
        ]
        # A real word (废弃, 机器) is not a slip for a corpus word that sounds like it.
        common = self._common({run[start:end] for start, end in windows} - self._vocabulary)
        for start, end in windows:
            window = run[start:end]
            if any(covered[start:end]) or window in self._vocabulary or window in common:
                continue
            readings = readings or self._readings(run)
            target = self._homophone(window, readings) or self._look_alike(window, readings)
            # Nor is part of one (鸡场 in 养鸡场, though the question was cut 小养/鸡场).
            if target and not self._common(self._wider(run, start, end) - self._vocabulary):
                found.append((start, window, target))
                covered[start:end] = [True] * (end - start)
        return found

    def spelled(self, letters: str) -> str | None:
        """The corpus word that letters typed as pinyin, without picking characters, spell ("zaosheng":
        噪声, "jingjinji": 京津冀): two syllables or more, the fewest that read as a word."""
        for syllables in self._cuts(letters):
            if len(syllables) >= MIN_WORD and (words := self._words_by_pinyin.get(" ".join(syllables))):
                return words[0]
        return None

    def spelled_among(self, text: str, start: int, end: int) -> tuple[int, int, str] | None:
        """The corpus word that the letters text[start:end] spell together with the characters typed
        around them ("地xia水": 地下水, "一张tu": 一张图), as (its start, its end, the word): the characters
        stay as typed, the longest such word wins."""
        left = len(CJK_BEFORE.search(text, 0, start)[0])
        right = len(CJK_AFTER.match(text, end)[0])
        if not left and not right:
            return None
        readings = self._readings(text[start - left : start] + text[end : end + right])
        best: tuple[int, int, str] | None = None
        for syllables in self._cuts(text[start:end]):
            for a, b in itertools.product(range(left, -1, -1), range(right, -1, -1)):
                chars = text[start - a : start], text[end : end + b]
                size = a + len(syllables) + b
                if not (a or b) or size > MAX_WORD or (best and size <= len(best[2])):
                    continue
                options = [readings.get(ch, ()) for ch in chars[0]] + [(s,) for s in syllables]
                options += [readings.get(ch, ()) for ch in chars[1]]
                words = self._read_as(options)
                if word := next((w for w in words if w.startswith(chars[0]) and w.endswith(chars[1])), None):
                    best = (start - a, end + b, word)
        return best

    def _cuts(self, letters: str) -> list[list[str]]:
        """The ways letters cut into syllables corpus words are read in, fewest syllables first."""
        if len(letters) > MAX_WORD * MAX_SYLLABLE:
            return []  # longer than any corpus word can be spelled
        cuts: list[list[str]] = []
        tries = MAX_SPELLING_TRIES

        def cut(rest: str, syllables: list[str]) -> None:
            nonlocal tries
            tries -= 1
            if tries < 0 or len(cuts) >= MAX_READING_COMBINATIONS or (rest and len(syllables) == MAX_WORD):
                return
            if not rest:
                cuts.append(syllables)
                return
            for length in range(min(MAX_SYLLABLE, len(rest)), 0, -1):
                if (syllable := fuzzy(rest[:length])) in self._syllables:
                    cut(rest[length:], [*syllables, syllable])

        cut(letters, [])
        return sorted(cuts, key=len)

    @staticmethod
    def _wider(run: str, start: int, end: int) -> set[str]:
        """The window with a character more on either side, up to the longest word."""
        return {
            run[a:b]
            for a, b in ((start - 1, end), (start, end + 1))
            if a >= 0 and b <= len(run) and b - a <= MAX_WORD
        }

    def _homophone(self, window: str, readings: dict[str, tuple[str, ...]]) -> str | None:
        # Two characters say little: each in its common readings only (它脏 is no slip for 一张, though 它
        # is read yi in old texts).
        common = COMMON_READINGS if len(window) == MIN_WORD else None
        options = [readings.get(ch, ())[:common] for ch in window]
        if not all(options):
            return None
        return next((word for word in self._read_as(options) if word != window), None)

    def _read_as(self, options: list[tuple[str, ...]]) -> Iterator[str]:
        """The corpus words read in some combination of the syllables each character may be read in."""
        for combination in itertools.islice(itertools.product(*options), MAX_READING_COMBINATIONS):
            yield from self._words_by_pinyin.get(" ".join(combination), ())

    def _look_alike(self, window: str, readings: dict[str, tuple[str, ...]]) -> str | None:
        """One character off in a word of three or more (准人清单 for 准入清单, 声坏境 for 声环境), where the
        two characters start with the same pinyin letter, as a slip picked from the input method's candidates
        does."""
        if len(window) < LOOK_ALIKE_MIN:
            return None
        match = process.extractOne(
            window,
            self._by_start.get((len(window), window[0]), ()),
            scorer=Levenshtein.distance,
            score_cutoff=1,
        )
        if not match:
            return None
        word = match[0]
        at, wrong, right = next(
            (i, a, b) for i, (a, b) in enumerate(zip(window, word, strict=True)) if a != b
        )
        # An everyday word with a character of its own at either end is no slip: 随便搞 is not 随便改.
        rest = window[:-1] if at == len(window) - 1 else window[1:] if at == 0 else ""
        if rest and self._common([rest]):
            return None
        initials = {r[0] for r in readings.get(wrong, ())}
        return word if initials & {r[0] for r in self._readings(right).get(right, ())} else None
