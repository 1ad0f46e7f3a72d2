"""The editable data files in the corpus directory: departments, synonyms, domain and question words."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .asks import ask_line, is_frame
from .corpus import CorpusError
from .text import normalize

DEPARTMENTS_FILE = "departments.toml"
# The municipality's other departments: known by name, so a question about one is not a topic search.
OTHER_DEPARTMENTS_FILE = "other_departments.toml"
SYNONYMS_FILE = "synonyms.txt"
# A synonym names what the phrase is about; a rewrite says the same in the document's words; a kind names
# something the document's words are the general name of (盖房 is a use of 建设用地).
SYNONYM, REWRITE, KIND = "=>", "==", "<"
ARROWS = (REWRITE, SYNONYM, KIND)
DOMAIN_WORDS_FILE = "domain_words.txt"
QUESTION_WORDS_FILE = "question_words.txt"
GLOSSARY_FILE = "glossary.txt"
OUT_OF_SCOPE_FILE = "out_of_scope.txt"
DETAIL_ASKS_FILE = "detail_asks.txt"
OVERVIEW_FILE = "overview.toml"
PHRASE_SEPARATORS = re.compile(r"[,、;]")
DATA_FILES = (
    DEPARTMENTS_FILE,
    OTHER_DEPARTMENTS_FILE,
    SYNONYMS_FILE,
    DOMAIN_WORDS_FILE,
    QUESTION_WORDS_FILE,
    GLOSSARY_FILE,
    OUT_OF_SCOPE_FILE,
    DETAIL_ASKS_FILE,
    OVERVIEW_FILE,
)


@dataclass(frozen=True)
class Department:
    name: str
    short: str
    aliases: tuple[str, ...] = ()


@dataclass
class Lexicon:
    departments: list[Department] = field(default_factory=list)
    # phrase as staff say it -> the document's own words it stands for
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # of those, the words that say the same as the phrase (搬进园区: 退城入园), not what it is about
    rewrites: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # of those, the general words the phrase is a kind of (盖房: 建设用地)
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    domain_words: list[str] = field(default_factory=list)
    question_words: list[str] = field(default_factory=list)
    # Each topic as the ways it is said ("问责", "追责"): a document that says one of them covers it.
    out_of_scope: list[tuple[str, ...]] = field(default_factory=list)
    # asks for a fee, an hour, an address, a procedure: answered only where a task names what is asked about
    detail_asks: list[str] = field(default_factory=list)
    # document title -> its themes, each a name and the task numbers under it
    overviews: dict[str, list[tuple[str, list[int]]]] = field(default_factory=dict)

    def canonical_department(self, name: str) -> str:
        """The canonical name for a department as a document writes it (one department, two spellings)."""
        spelling = normalize(name)
        names = self._canonical_names
        # "市住房和城乡建设局" is the data file's 住房和城乡建设局 with the city's prefix.
        return names.get(spelling) or names.get(spelling.removeprefix("市"), name)

    @cached_property
    def _canonical_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for department in self.departments:
            for spelling in (*department.aliases, department.name):
                names[normalize(spelling)] = department.name
        return names


def _lines(path: Path):
    """Yield (line number, text) for the non-blank, non-comment lines of a data file."""
    if not path.exists():
        return
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield lineno, line


def load_departments(path: Path) -> list[Department]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(path, getattr(exc, "lineno", None), f"not valid TOML: {exc}") from exc
    departments = []
    for i, entry in enumerate(data.get("department", []), start=1):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise CorpusError(path, None, f"department #{i} has no name")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise CorpusError(path, None, f"department {name}: aliases must be a list of strings")
        departments.append(Department(name=name, short=entry.get("short", name), aliases=tuple(aliases)))
    return departments


def _all_departments(corpus_dir: Path) -> list[Department]:
    """The documents' departments, then the municipality's others; one spelling names one department."""
    named = load_departments(corpus_dir / DEPARTMENTS_FILE)
    others = load_departments(corpus_dir / OTHER_DEPARTMENTS_FILE)
    owner = {normalize(s): d.name for d in named for s in (d.name, d.short, *d.aliases)}
    for department in others:
        for spelling in (department.name, department.short, *department.aliases):
            if owner.setdefault(normalize(spelling), department.name) != department.name:
                raise CorpusError(
                    corpus_dir / OTHER_DEPARTMENTS_FILE,
                    None,
                    f"{spelling!r} of {department.name} already names {owner[normalize(spelling)]}",
                )
    return named + others


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in PHRASE_SEPARATORS.split(normalize(text)) if p.strip()]


def load_synonyms(path: Path) -> tuple[dict[str, tuple[str, ...]], ...]:
    """Lines of `phrase, phrase, … => document word, document word, …` (commas or 、 between phrases), with
    `==` where the phrases say the same as the document's words (搬进园区 == 退城入园) rather than name what
    they are about (机井 => 地下水), or `<` where each is a kind of what the document's words name (盖房 <
    建设用地): the synonyms, and of them the rewrites and the kinds."""
    synonyms: dict[str, list[str]] = {}
    rewrites: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    for lineno, line in _lines(path):
        arrow = next((a for a in ARROWS if a in line), SYNONYM)
        left, _, right = line.partition(arrow)
        phrases, targets = _phrases(left), _phrases(right)
        if arrow not in line or not phrases or not targets:
            raise CorpusError(path, lineno, "expected 'colloquial words => document words' (or ==, <)")
        # A rewrite or a kind is a synonym too: the words it finds are its targets either way.
        kept = (synonyms,) if arrow == SYNONYM else (synonyms, rewrites if arrow == REWRITE else kinds)
        for phrase in phrases:
            for merged in kept:
                said = merged.setdefault(phrase, [])
                said.extend(t for t in targets if t not in said)
    return tuple(
        {phrase: tuple(targets) for phrase, targets in m.items()} for m in (synonyms, rewrites, kinds)
    )


def load_words(path: Path) -> list[str]:
    """One word per line (a jieba frequency or tag may follow it)."""
    return [normalize(line.split()[0]) for _, line in _lines(path)]


def load_topics(path: Path) -> list[tuple[str, ...]]:
    """One topic per line, the ways it is said separated by commas (spaces and all)."""
    return [tuple(_phrases(line)) for _, line in _lines(path)]


def load_phrases(path: Path) -> list[str]:
    """One phrase per line, spaces and all."""
    return [normalize(line) for _, line in _lines(path)]


def load_asks(path: Path) -> list[str]:
    """The asks of detail_asks.txt, one per line. A phrase may be listed twice only as one ask where a clause
    ends on it ("准:让不让？") and one where the clause goes on ("让不让…"); two other kinds for one phrase
    would leave one of them unread."""
    lines: list[str] = []
    listed: dict[tuple[str, bool], tuple[str, int]] = {}
    for lineno, raw in _lines(path):
        line = normalize(raw)
        if not is_frame(line):
            phrase, kind, at_end = ask_line(line)
            first = listed.setdefault((phrase, at_end), (kind, lineno))
            if first[0] != kind:
                raise CorpusError(
                    path,
                    lineno,
                    f"「{phrase}」 is already a {first[0]} ask on line {first[1]}: keep one of the two",
                )
        lines.append(line)
    return lines


def load_overviews(path: Path) -> dict[str, list[tuple[str, list[int]]]]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(path, getattr(exc, "lineno", None), f"not valid TOML: {exc}") from exc
    overviews = {}
    for entry in data.get("document", []):
        title = entry.get("title")
        themes = []
        for theme in entry.get("theme", []):
            name, tasks = theme.get("name"), theme.get("tasks")
            if (
                not isinstance(name, str)
                or not isinstance(tasks, list)
                or not all(isinstance(t, int) for t in tasks)
            ):
                raise CorpusError(path, None, f"{title}: every theme needs a name and a list of task numbers")
            themes.append((name, tasks))
        if not isinstance(title, str) or not themes:
            raise CorpusError(
                path, None, "every [[document]] needs a title and at least one [[document.theme]]"
            )
        overviews[title] = themes
    return overviews


def load_lexicon(corpus_dir: Path) -> Lexicon:
    synonyms, rewrites, kinds = load_synonyms(corpus_dir / SYNONYMS_FILE)
    # The English glossary has the same format; it is kept apart so each file stays readable.
    for merged, english in zip(
        (synonyms, rewrites, kinds), load_synonyms(corpus_dir / GLOSSARY_FILE), strict=True
    ):
        for phrase, targets in english.items():
            merged[phrase] = tuple(dict.fromkeys(merged.get(phrase, ()) + targets))
    return Lexicon(
        departments=_all_departments(corpus_dir),
        synonyms=synonyms,
        rewrites=rewrites,
        kinds=kinds,
        domain_words=load_words(corpus_dir / DOMAIN_WORDS_FILE),
        question_words=load_words(corpus_dir / QUESTION_WORDS_FILE),
        out_of_scope=load_topics(corpus_dir / OUT_OF_SCOPE_FILE),
        detail_asks=load_asks(corpus_dir / DETAIL_ASKS_FILE),
        overviews=load_overviews(corpus_dir / OVERVIEW_FILE),
    )
