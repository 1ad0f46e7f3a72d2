"""The SQLite search index: built with sqlite-utils from the corpus directory, rebuilt when it changes.

One file holds the documents, their tasks, departments and lead links, an FTS5 table over the
jieba-segmented task text, the data files' vocabulary and the compact jieba dictionary. The index is
derived data: it is rebuilt whenever the corpus or the code that builds it changes (content hash),
into a temporary file that replaces the old one only once it is complete.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import CorpusError, Document, load_document
from .lexicon import DATA_FILES, OVERVIEW_FILE, Lexicon, load_lexicon
from .readers import READERS
from .structure import due_date
from .text import normalize, to_simplified

SCHEMA_VERSION = "15"
PACKAGE_DIR = Path(__file__).resolve().parent
# A link to the checkout's corpus/ that a wheel turns into a copy: installed, the bot still has its documents.
DEFAULT_CORPUS_DIR = PACKAGE_DIR / "default_corpus"
# Changing any of these changes what an index holds, so it is part of the content hash.
BUILD_SOURCES = (
    "corpus.py",
    "structure.py",
    "readers/__init__.py",
    "readers/plain.py",
    "readers/word.py",
    "readers/pdf.py",
    "readers/web.py",
    "index.py",
    "lexicon.py",
    "segment.py",
    "text.py",
    "typos.py",
)


log = logging.getLogger(__name__)
# What ends a bureau's name, after its line of work: 卫生健康局, 发展和改革委员会, 卫健委.
BUREAU_SUFFIX = re.compile(r"(?:局|委员会|委)$")
# What is left of a name that is no line of work: a branch (生态环境分局), a body of the Party (共青团市委,
# 市委政法委), the city's own name (市政府).
BRANCH = re.compile(r"^市|[市分]$|委")
# How staff name a bureau by its line of work: 卫生健康部门, 水利那边, 公安这边, 农业口, 环保条线.
LINE_OF_WORK_WAYS = ("部门", "那边", "这边", "口", "条线")
# A phrase of Chinese characters only, which the segmenter can take as one word.
CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
# Parts of speech that name topics: nouns, verbal and adjectival nouns, abbreviations (jieba's tags). Verbs,
# adverbs, pronouns, place and person names (定州, 村里) say what happened or where, not what about.
TOPICAL_TAGS = frozenset(["n", "nz", "nt", "nl", "ng", "vn", "an", "j"])
TOPICAL_MIN_LENGTH, TOPICAL_MAX_LENGTH = 2, 8
# Numbers, and numbers with their measure (几月份), as jieba tags them; those that ask how many start so.
AMOUNT_TAGS = frozenset(["m", "mq"])
AMOUNT_ASKING = ("几", "多少")
# Nouns, measures and numbers (the first letter of jieba's tag): what an amount is counted in.
COUNTED_TAGS = frozenset("nqm")
# The measure words typed between a verb and its object (修条路, 建个厂, 打口井), and what comes before them.
MEASURE_WORDS = "个条座所家口片块台辆间栋处批套"
BEFORE_MEASURE_WORDS = ("", "一", "几", "了")
# Verbs proper; a verbal noun (vn: 管理, 监测) names a thing.
VERB_TAGS = frozenset(["v", "vd", "vg", "vi", "vq"])
# The first letters of the tags of characters that end a piece of a sentence: verbs, measures, prepositions,
# particles, conjunctions.
PIECE_TAGS = frozenset("vqpuc")


class IndexUnavailable(RuntimeError):
    """The index cannot be written or read; the message says where and what to do."""


def corpus_dir_from_env() -> Path:
    return Path(os.environ.get("BOT_CORPUS_DIR") or DEFAULT_CORPUS_DIR).expanduser()


def db_path_from_env(corpus_dir: Path) -> Path:
    """BOT_DB, or a file in the user's cache directory named after the corpus directory."""
    if os.environ.get("BOT_DB"):
        return Path(os.environ["BOT_DB"]).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-bot"
    tag = hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:12]
    return cache / f"index-{tag}.sqlite"


def document_paths(corpus_dir: Path) -> list[Path]:
    """Every policy document: the corpus directory's files in a readable format, other than the data files."""
    if not corpus_dir.is_dir():
        raise CorpusError(corpus_dir, None, "corpus directory not found (set BOT_CORPUS_DIR)")
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file()
        and p.suffix.lower() in READERS
        and p.name not in DATA_FILES
        and not p.name.startswith((".", "~$"))
    )


def load_documents(paths: list[Path]) -> tuple[list[Document], list[CorpusError]]:
    """Every document that parses; a file with no readable text at all (a scanned PDF) is skipped with a
    warning so that it does not hold up the others. A plan with a defect at some line stops the build."""
    documents, skipped = [], []
    for path in paths:
        try:
            documents.append(load_document(path))
        except CorpusError as error:
            if not error.unreadable:
                raise
            log.warning("skipped %s", error)
            skipped.append(error)
    return documents, skipped


def content_hash(corpus_dir: Path) -> str:
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for source in BUILD_SOURCES:
        path = PACKAGE_DIR / source
        if path.exists():
            digest.update(path.read_bytes())
    for path in sorted(corpus_dir.iterdir()) if corpus_dir.is_dir() else ():
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildReport:
    path: Path
    documents: int
    tasks: int
    departments: int
    rebuilt: bool
    skipped: tuple[CorpusError, ...] = ()


def canonical(lexicon: Lexicon, unit: str) -> str:
    """A unit's name in the index: its data-file name, or else as written in simplified script."""
    return lexicon.canonical_department(to_simplified(unit))


def _department_rows(documents: list[Document], lexicon: Lexicon, every_task: str) -> list[dict]:
    """Departments from the data file, then any lead department the data file does not know yet; each also
    by the way staff name a bureau's line of work (卫生健康局: 卫生健康部门, 水利局: 水利口), where that names no
    other and no task says it (`every_task`: their text, as questions are read). Such a name (its "lines")
    counts only where the question has it as words of its own: 统计口 is no name in 统计口径."""
    rows = {
        d.name: {"name": d.name, "short": d.short, "aliases": d.aliases, "lines": ()}
        for d in lexicon.departments
    }
    for document in documents:
        for task in document.tasks:
            for unit in (*task.lead_departments, *task.partner_departments):
                name = canonical(lexicon, unit)
                rows.setdefault(
                    name, {"name": name, "short": name.removeprefix("市"), "aliases": (), "lines": ()}
                )
    spellings = {
        name: [normalize(a) for a in (row["name"], row["short"], *row["aliases"])]
        for name, row in rows.items()
    }
    spelled = {a for said in spellings.values() for a in said}
    by_line_of_work: dict[str, set[str]] = {}
    for name, said in spellings.items():
        for spelling in said:
            line = BUREAU_SUFFIX.sub("", spelling)
            if line != spelling and len(line) > 1 and not BRANCH.search(line):
                for alias in (line + way for way in LINE_OF_WORK_WAYS):
                    if alias not in spelled and alias not in every_task:
                        by_line_of_work.setdefault(alias, set()).add(name)
    for alias, (name, *others) in by_line_of_work.items():
        if not others:
            rows[name]["lines"] = (*rows[name]["lines"], alias)
    return [{"id": i, **row} for i, row in enumerate(rows.values(), start=1)]


def _theme_rows(documents: list[Document], lexicon: Lexicon, corpus_dir: Path) -> list[dict]:
    """The overview's themes, checked against the documents they describe."""
    rows = []
    for doc_id, document in enumerate(documents, start=1):
        numbers = set(document.tasks_by_number)
        for position, (name, tasks) in enumerate(lexicon.overviews.get(document.title, [])):
            unknown = sorted(set(tasks) - numbers)
            if unknown:
                raise CorpusError(
                    corpus_dir / OVERVIEW_FILE,
                    None,
                    f"theme {name!r} names tasks {unknown} that {document.title} does not have",
                )
            rows.append(
                {"document_id": doc_id, "position": position, "name": name, "tasks": json.dumps(tasks)}
            )
    return rows


def counted_forms(phrase: str, tags: dict[str, str]) -> Iterator[str]:
    """A verb and its object as typed with a measure word between them: 修路 as 修条路, 修一条路; 打井 as 打口井.
    Only for a one-character verb and a noun, as jieba's dictionary tags them."""
    if 2 <= len(phrase) <= 3 and tags.get(phrase[0], "")[:1] == "v" and tags.get(phrase[1:], "")[:1] == "n":
        for before in BEFORE_MEASURE_WORDS:
            for measure in MEASURE_WORDS:
                yield phrase[0] + before + measure + phrase[1:]


def jieba_tags() -> dict[str, str]:
    """Each word of jieba's dictionary with its part of speech (n, v, m, q, uj…)."""
    import jieba

    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        return {parts[0]: parts[2] for parts in map(str.split, lines) if len(parts) == 3}


def topical_word_rows(tags: dict[str, str]) -> Iterator[tuple[str, float, bool, bool, bool]]:
    """Each everyday word with its idf in general text (jieba's keyword idf), whether its part of speech
    names things (养猪场, 罚款) rather than actions or places (直接, 那个, 村里), and whether it is a verb
    (达到, 申请: what is done, not what a detail is asked of).

    The answerer weighs the words of a question that no task contains by this, to see what a task leaves
    unanswered: 罚款 (7.9), 热线 (8.2), 油烟 (10.6) name topics, 政策 (4.5), 企业 (4.2) hardly.
    """
    import jieba

    with open(Path(jieba.__file__).parent / "analyse" / "idf.txt", encoding="utf-8") as lines:
        for line in lines:
            word, idf = line.split()
            if TOPICAL_MIN_LENGTH <= len(word) <= TOPICAL_MAX_LENGTH:
                tag = tags.get(word, "n")
                yield word, round(float(idf), 2), tag in TOPICAL_TAGS, tag in VERB_TAGS, is_piece(word, tags)


def is_piece(word: str, tags: dict[str, str]) -> bool:
    """Whether the keyword idf has the word and the dictionary does not, as two characters that end on a verb,
    a measure, a preposition or a particle (开个, 装在, 养着): a piece of a sentence, not a name a note
    should quote (年假, 养狗 are names)."""
    return word not in tags and len(word) == TOPICAL_MIN_LENGTH and tags.get(word[-1], "")[:1] in PIECE_TAGS


def amount_words(tags: dict[str, str]) -> set[str]:
    """The words jieba's dictionary tags as numbers that ask how many (几份, 几台, 多少): an amount asked in
    the measure they count (not 几乎, 几何, which it tags otherwise)."""
    return {w for w, tag in tags.items() if tag in AMOUNT_TAGS and w.startswith(AMOUNT_ASKING)}


def measure_chars(tags: dict[str, str]) -> set[str]:
    """The characters jieba's dictionary has as words that can be counted or count (人, 份, 年, 水), not
    those that join a sentence (由, 在, 是): what 多少 and 几个 ask an amount of."""
    return {w for w, tag in tags.items() if len(w) == 1 and tag[0] in COUNTED_TAGS}


def function_chars(tags: dict[str, str]) -> set[str]:
    """The characters jieba's dictionary tags as particles (着, 了, 的), not 地 (uv), which is a noun too:
    they say how a sentence goes, not what it is about."""
    return {w for w, tag in tags.items() if len(w) == 1 and tag[0] == "u" and tag != "uv"}


def place_name_rows() -> Iterator[tuple[str]]:
    """The place names of general text (jieba's tag ns: 石家庄, 上海市), so a question about another city's
    plan is told this document does not cover it."""
    import jieba

    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if (
                len(parts) == 3
                and parts[2] == "ns"
                and TOPICAL_MIN_LENGTH <= len(parts[0]) <= TOPICAL_MAX_LENGTH
            ):
                yield (parts[0],)


def task_words(text: str, segmenter, concepts: list[str]) -> list[str]:
    """A task's index words: jieba's search-mode words, plus every lexicon phrase found in the text.

    Synonym targets and domain words are matched as phrases, so a concept is found in a task however
    jieba happened to segment the sentence around it.
    """
    words = segmenter.clause_words(text)
    seen = set(words)
    for phrase in concepts:
        if phrase not in seen and phrase in text:
            words.extend([phrase] * text.count(phrase))
    return words


def build_index(corpus_dir: Path, db_path: Path) -> BuildReport:
    """Parse every document and data file, then write a complete index to `db_path` atomically."""
    import sqlite_utils  # build-time only: keeps it out of the answering process's start-up

    from .segment import Segmenter, build_dictionary, full_dictionary
    from .typos import char_rows, common_word_rows, word_rows

    paths = document_paths(corpus_dir)
    if not paths:
        raise CorpusError(
            corpus_dir, None, "no policy documents (.txt .md .docx .pdf .html) in the corpus directory"
        )
    documents, skipped = load_documents(paths)
    if not documents:
        raise CorpusError(corpus_dir, None, "no readable policy document: " + "; ".join(map(str, skipped)))
    lexicon = load_lexicon(corpus_dir)
    task_texts = [normalize(t.text) for d in documents for t in d.tasks]
    every_task = "\n".join(task_texts)  # one search per phrase; no phrase holds a line break
    departments = _department_rows(documents, lexicon, every_task)
    department_id = {row["name"]: row["id"] for row in departments}

    extra_words = {
        *lexicon.domain_words,
        # A topic no document covers is read whole: 扬尘 is neither 扬/尘 nor a slip for 烟尘.
        *(p for topic in lexicon.out_of_scope for p in topic if CJK_WORD.fullmatch(p)),
        *lexicon.synonyms,
        *(t for targets in lexicon.synonyms.values() for t in targets),
        *(normalize(a) for row in departments for a in (row["name"], row["short"], *row["aliases"])),
    }
    extra_words = {w for w in extra_words if len(w) > 1 and " " not in w}
    concepts = sorted(extra_words, key=len, reverse=True)
    question_words = {w for w in lexicon.question_words if len(w) > 1 and " " not in w}
    full = full_dictionary()
    common_words = dict(full.FREQ)  # before the corpus words are added to it
    dictionary = build_dictionary(full, task_texts, extra_words | question_words)
    segmenter = Segmenter(dictionary)

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=db_path.parent)
    except OSError as error:
        raise IndexUnavailable(
            f"cannot write the index at {db_path} ({error.strerror}): set BOT_DB to a writable file"
        ) from error
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        db["meta"].insert_all(
            [
                {"key": "content_hash", "value": content_hash(corpus_dir)},
                {"key": "schema_version", "value": SCHEMA_VERSION},
                {"key": "corpus_dir", "value": str(corpus_dir.resolve())},
                {"key": "dictionary", "value": dictionary},
            ],
            pk="key",
        )
        db["documents"].insert_all(
            (
                {
                    "id": i,
                    "title": d.title,
                    "published": d.published,
                    "path": Path(d.path).name,
                    "township_note": d.township_note,
                    "township_task": d.township_task,
                    "issuer": d.issuer,
                    "doc_number": d.doc_number,
                }
                for i, d in enumerate(documents, start=1)
            ),
            pk="id",
        )
        db["departments"].insert_all(
            ({"id": r["id"], "name": r["name"], "short": r["short"]} for r in departments), pk="id"
        )
        db["department_aliases"].insert_all(
            (
                {"alias": alias, "department_id": r["id"], "line": alias in r["lines"]}
                for r in departments
                for alias in dict.fromkeys(
                    normalize(a) for a in (r["name"], r["short"], *r["aliases"], *r["lines"])
                )
            ),
            pk="alias",
            replace=True,
            foreign_keys=[("department_id", "departments")],
        )
        task_rows, lead_rows, partner_rows = [], [], []
        for doc_id, document in enumerate(documents, start=1):
            for task in document.tasks:
                task_id = len(task_rows) + 1
                task_rows.append(
                    {
                        "id": task_id,
                        "document_id": doc_id,
                        "number": task.number,
                        "text": task.text,
                        "source": task.source,
                        "note": task.note,
                        "label": task.label,
                        "section": json.dumps(task.section, ensure_ascii=False),
                        "deadline": task.deadline,
                        "due": due_date(task.deadline),
                        "words": " ".join(task_words(normalize(task.text), segmenter, concepts)),
                    }
                )
                leads = dict.fromkeys(canonical(lexicon, lead) for lead in task.lead_departments)
                lead_rows.extend(
                    {
                        "task_id": task_id,
                        "department_id": department_id[name],
                        "position": pos,
                        "lead_count": len(leads),
                    }
                    for pos, name in enumerate(leads)
                )
                partners = dict.fromkeys(canonical(lexicon, p) for p in task.partner_departments)
                partner_rows.extend(
                    {"task_id": task_id, "department_id": department_id[name], "position": pos}
                    for pos, name in enumerate(p for p in partners if p not in leads)
                )
        db["tasks"].insert_all(task_rows, pk="id", foreign_keys=[("document_id", "documents")])
        db["tasks"].create_index(["document_id", "label"], unique=True)
        db["tasks"].create_index(["due"])
        db["tasks"].create_index(["number"])
        db["task_leads"].insert_all(
            lead_rows,
            pk=("task_id", "department_id"),
            foreign_keys=[("task_id", "tasks"), ("department_id", "departments")],
        )
        db["task_leads"].create_index(["department_id", "task_id"])
        db["task_leads"].create_index(["department_id", "lead_count", "task_id"])
        db["task_partners"].create(
            {"task_id": int, "department_id": int, "position": int},
            pk=("task_id", "department_id"),
            foreign_keys=[("task_id", "tasks"), ("department_id", "departments")],
        )
        db["task_partners"].insert_all(partner_rows)
        db["task_partners"].create_index(["department_id", "task_id"])
        db["tasks"].enable_fts(["words"], tokenize="unicode61", create_triggers=False)
        # How many tasks have each word, as a table of its own: asked for each question, and fts5vocab
        # works it out by reading the index every time.
        db.execute("CREATE VIRTUAL TABLE temp.tasks_fts_vocab USING fts5vocab(main, tasks_fts, 'row')")
        db.execute("CREATE TABLE word_documents (word TEXT PRIMARY KEY, documents INTEGER) WITHOUT ROWID")
        db.execute("INSERT INTO word_documents SELECT term, doc FROM temp.tasks_fts_vocab")
        db.execute("DROP TABLE temp.tasks_fts_vocab")
        db["synonyms"].create({"phrase": str, "targets": str, "rewrites": str, "kinds": str}, pk="phrase")
        tags = jieba_tags()
        synonym_rows = [
            {
                "phrase": p,
                "targets": "\t".join(t),
                "rewrites": "\t".join(lexicon.rewrites.get(p, ())),
                "kinds": "\t".join(lexicon.kinds.get(p, ())),
            }
            for p, t in lexicon.synonyms.items()
        ]
        db["synonyms"].insert_all(synonym_rows)
        db["synonyms"].insert_all(  # a form the data file has a line of its own for keeps that line
            ({**row, "phrase": said} for row in synonym_rows for said in counted_forms(row["phrase"], tags)),
            ignore=True,
        )
        db["themes"].create(
            {"document_id": int, "position": int, "name": str, "tasks": str}, pk=("document_id", "position")
        )
        db["themes"].insert_all(_theme_rows(documents, lexicon, corpus_dir))
        db["question_words"].create({"word": str}, pk="word")
        db["question_words"].insert_all(({"word": w} for w in lexicon.question_words), ignore=True)
        db["out_of_scope"].create({"phrase": str}, pk="phrase")
        # A topic listed as not covered stops being so once a document covers it (a new plan dropped in),
        # in any of the ways it is said (追责 once a plan says 问责).
        db["out_of_scope"].insert_all(
            (
                {"phrase": p}
                for topic in lexicon.out_of_scope
                if not any(normalize(p) in every_task for p in topic)
                for p in topic
            ),
            ignore=True,
        )
        db["detail_asks"].create({"phrase": str}, pk="phrase")
        db["detail_asks"].insert_all(({"phrase": p} for p in lexicon.detail_asks), ignore=True)
        db.execute(
            "CREATE TABLE topical_words"
            " (word TEXT PRIMARY KEY, idf REAL, noun INTEGER, act INTEGER, piece INTEGER) WITHOUT ROWID"
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO topical_words VALUES (?, ?, ?, ?, ?)", topical_word_rows(tags)
        )
        db.execute("CREATE TABLE place_names (word TEXT PRIMARY KEY) WITHOUT ROWID")
        db.conn.executemany("INSERT OR IGNORE INTO place_names VALUES (?)", place_name_rows())
        # A slip is read as a word the documents say that is a word: one general text or the data files know,
        # or one of three characters or more. jieba also guesses two-character words where it knows none
        # (时要 in "编制时要最大限度"), and "出了事要找" holds no slip for them.
        index_words = {
            word
            for (word,) in db.execute("SELECT word FROM word_documents")
            if len(word) > 2 or common_words.get(word)
        }
        db["word_pinyin"].insert_all(word_rows(index_words | extra_words), pk="word")
        db["word_pinyin"].create_index(["pinyin"])
        db["char_pinyin"].insert_all(char_rows(function_chars(tags)), pk="char")
        db.execute("CREATE TABLE amount_words (word TEXT PRIMARY KEY) WITHOUT ROWID")
        db.conn.executemany("INSERT INTO amount_words VALUES (?)", ((w,) for w in sorted(amount_words(tags))))
        db.execute("CREATE TABLE measure_chars (char TEXT PRIMARY KEY) WITHOUT ROWID")
        db.conn.executemany(
            "INSERT INTO measure_chars VALUES (?)", ((c,) for c in sorted(measure_chars(tags)))
        )
        db["common_words"].create({"word": str}, pk="word", not_null={"word"})
        db["common_words"].insert_all(common_word_rows(common_words), batch_size=5000)
        db.conn.commit()
        db.conn.execute("PRAGMA journal_mode=DELETE")
        db.close()
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildReport(
        db_path, len(documents), len(task_rows), len(departments), rebuilt=True, skipped=tuple(skipped)
    )


def stored_hash(db_path: Path) -> str | None:
    """The content hash an existing index was built from, or None if it is missing or unreadable."""
    if not db_path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'content_hash'").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        return None


def ensure_index(corpus_dir: Path, db_path: Path) -> BuildReport | None:
    """Build the index if it is missing, unreadable or older than the corpus; None if it was current."""
    if stored_hash(db_path) == content_hash(corpus_dir):
        return None
    return build_index(corpus_dir, db_path)
