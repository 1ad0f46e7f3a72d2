"""The one normaliser: every question and every indexed text goes through `normalize`."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

MAX_QUESTION_CHARS = 500

# Markup and chat noise that carries no meaning for the question.
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
MENTION = re.compile(r"@[A-Za-z0-9_]{3,64}")
COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?\b")
# Zero-width, bidi and other format/control characters (Unicode categories Cf and Cc) are dropped.
INVISIBLE = {"Cf", "Cc", "Co", "Cs", "Cn"}
SPACES = re.compile(r"\s+")
PUNCTUATION = re.compile(r"[\W_]+")


@cache
def _converter(config: str):
    import opencc  # imported lazily: only questions with non-ASCII text need it

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    if text.isascii():
        return text
    simplified = _converter("t2s").convert(text)
    if "著" not in simplified:
        return simplified
    # Taiwan writes the particle 着 as 著 (開著, 挨著), which t2s keeps; its own table reads it by the words
    # around it (著作 stays). Only there: it also reads a lone 么 as 幺.
    taiwan = _converter("tw2s").convert(text)
    if len(taiwan) != len(simplified):
        return simplified
    return "".join(t if s == "著" else s for s, t in zip(simplified, taiwan, strict=True))


def clean(text: str) -> str:
    """Full-width to half-width, invisible characters out, whitespace folded; nothing else changes."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) not in INVISIBLE)
    return SPACES.sub(" ", text).strip()


def normalize(question: str) -> str:
    """What the answer core reads: simplified script, half-width, no markup, mentions or /commands."""
    text = clean(question)
    text = HTML_TAG.sub(" ", text)
    text = COMMAND.sub(" ", text)
    text = MENTION.sub(" ", text)
    text = to_simplified(text).lower()
    return SPACES.sub(" ", text).strip()


def question_key(question: str) -> str:
    """Questions that differ only in script, width, case, spacing or punctuation share this key."""
    return PUNCTUATION.sub("", normalize(question))


def truncate(question: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, bool]:
    """Cut an over-long question down to what a question can be; say whether it was cut."""
    if len(question) <= limit:
        return question, False
    return question[:limit], True
