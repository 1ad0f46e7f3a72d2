"""Read-only access to a built index: the answering side never writes to it."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .segment import Segmenter
from .typos import Corrector


@dataclass(frozen=True)
class Task:
    """A task as the answer shows it: where it comes from, its words, who leads it and who helps."""

    id: int
    document: str
    number: int  # as written; numbering may restart in each section
    text: str
    lead_departments: tuple[str, ...]
    words: tuple[str, ...] = field(repr=False)
    label: str = ""  # how the document names the task, as answers show it: "第12条", "(二)3"
    section: tuple[str, ...] = ()  # its headings, outermost first
    partner_departments: tuple[str, ...] = ()
    deadline: str | None = None  # as written

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"第{self.number}条")

    @property
    def details(self) -> list[tuple[str, str]]:
        """What every surface shows under the task's text, in this order: (name, value), empty ones left out."""
        details = [
            ("部分", " › ".join(self.section)),
            ("牵头", "、".join(self.lead_departments)),
            ("配合", "、".join(self.partner_departments)),
            ("时限", self.deadline or ""),
        ]
        return [(name, value) for name, value in details if value]

    @cached_property
    def counts(self) -> dict[str, int]:
        """How often each index word occurs in the task, for ranking."""
        counts: dict[str, int] = {}
        for word in self.words:
            counts[word] = counts.get(word, 0) + 1
        return counts


class GeneralWord(NamedTuple):
    """What general text says of a word: its idf, whether it names things, whether it is a verb, and whether
    it is only a piece of a sentence the keyword idf happens to hold (开个, 装在)."""

    idf: float
    noun: bool
    act: bool
    piece: bool = False

    @classmethod
    def of_row(cls, idf: float, noun: int, act: int, piece: int) -> GeneralWord:
        return cls(idf, bool(noun), bool(act), bool(piece))


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    published: str | None
    township_note: str | None
    township_task: int | None


TASK_CACHE = 20_000
# How many looked-up words (and characters) each lookup keeps (see `Store._looked_up`).
LOOKED_UP_CACHE = 100_000
# How many matching tasks a search may rank (see `Store.candidates`).
CANDIDATE_BUDGET = 1_500
# Up to this many tasks, every task is a candidate (see `Store.candidates`).
SMALL_CORPUS = 100
# Enough to map the whole index of one plan (about 10 MB, mostly general-text words) and of many more.
MAPPED_BYTES = 256 * 1024 * 1024


class Store:
    """The index, opened read-only; small tables are held in memory, tasks are read on demand."""

    def __init__(self, db_path: Path):
        self.path = db_path
        self.conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, check_same_thread=False)
        self.conn.execute("PRAGMA query_only = ON")
        # Pages are read from the mapped file, not copied by a read call each: a question's first look-ups
        # of general-text words (about a fifth of its time) cost a few per cent less.
        self.conn.execute(f"PRAGMA mmap_size = {MAPPED_BYTES}")
        meta = dict(self.conn.execute("SELECT key, value FROM meta"))
        self.content_hash = meta["content_hash"]
        self.segmenter = Segmenter(meta["dictionary"])
        self.documents = [
            DocumentInfo(*row)
            for row in self.conn.execute(
                "SELECT id, title, published, township_note, township_task FROM documents ORDER BY id"
            )
        ]
        self.departments: dict[int, str] = dict(self.conn.execute("SELECT id, name FROM departments"))
        # Departments that lead a task, by their short names: the municipality's others lead none here.
        self.short_names: dict[int, str] = dict(
            self.conn.execute(
                "SELECT id, short FROM departments WHERE id IN (SELECT department_id FROM task_leads) ORDER BY id"
            )
        )
        self.department_ids = {name: i for i, name in self.departments.items()}
        self.aliases: dict[str, int] = dict(
            self.conn.execute("SELECT alias, department_id FROM department_aliases")
        )
        # Names made from a bureau's line of work (水利口), which count only as words of their own.
        self.line_aliases: frozenset[str] = frozenset(
            alias for (alias,) in self.conn.execute("SELECT alias FROM department_aliases WHERE line")
        )
        rows = self.conn.execute("SELECT phrase, targets, rewrites, kinds FROM synonyms").fetchall()
        self.synonyms: dict[str, tuple[str, ...]] = {
            phrase: tuple(targets.split("\t")) for phrase, targets, _, _ in rows
        }
        # The targets that say the same as the phrase (搬进园区: 退城入园), not what it is about.
        self.rewrites: dict[str, frozenset[str]] = {
            phrase: frozenset(rewrites.split("\t")) for phrase, _, rewrites, _ in rows if rewrites
        }
        # The targets the phrase is a kind of (盖房: 建设用地).
        self.kinds: dict[str, frozenset[str]] = {
            phrase: frozenset(kinds.split("\t")) for phrase, _, _, kinds in rows if kinds
        }
        self.question_words = {w for (w,) in self.conn.execute("SELECT word FROM question_words")}
        self.out_of_scope = [p for (p,) in self.conn.execute("SELECT phrase FROM out_of_scope")]
        self.detail_asks = [p for (p,) in self.conn.execute("SELECT phrase FROM detail_asks")]
        self.amount_words = frozenset(w for (w,) in self.conn.execute("SELECT word FROM amount_words"))
        self._measure_chars = frozenset(c for (c,) in self.conn.execute("SELECT char FROM measure_chars"))
        self.task_count, total_words = self.conn.execute(
            "SELECT count(*), coalesce(sum(length(words) - length(replace(words, ' ', '')) + 1), 0) FROM tasks"
        ).fetchone()
        self.average_length = total_words / max(self.task_count, 1)
        self._task_cache: OrderedDict[int, Task] = OrderedDict()
        self.idf = lru_cache(maxsize=100_000)(self._idf)
        self._readings_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._general_cache: OrderedDict[str, GeneralWord | None] = OrderedDict()
        self._common_cache: OrderedDict[str, bool] = OrderedDict()

    def close(self) -> None:
        self.conn.close()

    # --- tasks -------------------------------------------------------------------------------

    def _tasks(self, where: str, params: tuple = (), limit: int | None = None) -> list[Task]:
        rows = self.conn.execute(
            f"""SELECT t.id, d.title, t.number, t.text, t.words,
                       (SELECT group_concat(department_id, ',') FROM
                           (SELECT department_id FROM task_leads WHERE task_id = t.id ORDER BY position)),
                       (SELECT group_concat(department_id, ',') FROM
                           (SELECT department_id FROM task_partners WHERE task_id = t.id ORDER BY position)),
                       t.label, t.section, t.deadline
                FROM tasks t JOIN documents d ON d.id = t.document_id
                WHERE {where} ORDER BY t.id LIMIT ?""",
            (*params, -1 if limit is None else limit),
        ).fetchall()
        return [
            Task(
                id=row[0],
                document=row[1],
                number=row[2],
                text=row[3],
                lead_departments=tuple(self.departments[int(i)] for i in row[5].split(",")),
                words=tuple(row[4].split()),
                label=row[7],
                section=tuple(json.loads(row[8])),
                partner_departments=tuple(self.departments[int(i)] for i in (row[6] or "").split(",") if i),
                deadline=row[9],
            )
            for row in rows
        ]

    def tasks_by_id(self, ids: list[int]) -> dict[int, Task]:
        """Tasks by id, from a cache of recently used ones (search results repeat a lot)."""
        cache = self._task_cache
        missing = [i for i in ids if i not in cache]
        if missing:
            marks = ",".join("?" * len(missing))
            for task in self._tasks(f"t.id IN ({marks})", tuple(missing)):
                cache[task.id] = task
        found = {i: cache[i] for i in ids if i in cache}
        for i in found:
            cache.move_to_end(i)
        while len(cache) > TASK_CACHE:
            cache.popitem(last=False)
        return found

    def tasks_numbered(self, number: int) -> list[Task]:
        return self._tasks("t.number = ?", (number,))

    def task_labelled(self, document_id: int, label: str) -> Task | None:
        """A document's task by its label ("第27条", "(二)3"), as links and URLs name it."""
        found = self._tasks("t.document_id = ? AND t.label = ?", (document_id, label), limit=1)
        return found[0] if found else None

    def all_tasks(self, limit: int | None = None) -> list[Task]:
        ids = self.task_ids if limit is None else self.task_ids[:limit]
        return (
            list(self.tasks_by_id(ids).values()) if len(ids) <= TASK_CACHE else self._tasks("1", limit=limit)
        )

    @cached_property
    def task_ids(self) -> list[int]:
        """Every task's id, in document order."""
        return [i for ids in self.document_task_ids.values() for i in ids]

    @cached_property
    def document_task_ids(self) -> dict[int, list[int]]:
        """Each document's task ids, in task order (ids follow document and task order)."""
        ids: dict[int, list[int]] = {}
        for task_id, document_id in self.conn.execute("SELECT id, document_id FROM tasks ORDER BY id"):
            ids.setdefault(document_id, []).append(task_id)
        return ids

    def task_numbers(self) -> list[int]:
        return [n for (n,) in self.conn.execute("SELECT DISTINCT number FROM tasks ORDER BY number")]

    def tasks_led_by(
        self, department_ids: list[int], sole: bool = False, limit: int | None = None
    ) -> tuple[list[Task], int]:
        """Tasks that every one of the departments leads (and, if `sole`, no other), in document and
        task order, at most `limit` of them; and how many there are in all."""
        ids = list(dict.fromkeys(department_ids))
        # lead_count is the task's number of lead departments: "sole" means it equals the number asked.
        one = "SELECT task_id FROM task_leads WHERE department_id = ?" + (
            " AND lead_count = ?" if sole else ""
        )
        led = " INTERSECT ".join([one] * len(ids))
        params = tuple(p for i in ids for p in ((i, len(ids)) if sole else (i,)))
        total = self.conn.execute(f"SELECT count(*) FROM ({led})", params).fetchone()[0]
        # Task ids follow document and task order, so the first ids are the first tasks.
        first = [
            i
            for (i,) in self.conn.execute(
                f"{led} ORDER BY 1 LIMIT ?", (*params, -1 if limit is None else limit)
            )
        ]
        found = self.tasks_by_id(first)
        return [found[i] for i in first], total

    def tasks_with_partner(self, department_id: int, limit: int | None = None) -> tuple[list[Task], int]:
        """Tasks the department helps with (配合/参与/协助/责任) without leading them, in document order."""
        return self._listed(
            "SELECT task_id FROM task_partners WHERE department_id = ?", (department_id,), limit
        )

    def tasks_involving(self, department_id: int, limit: int | None = None) -> tuple[list[Task], int]:
        """Tasks the department leads or helps with, in document order."""
        return self._listed(
            "SELECT task_id FROM task_leads WHERE department_id = ?"
            " UNION SELECT task_id FROM task_partners WHERE department_id = ?",
            (department_id, department_id),
            limit,
        )

    def tasks_due(self, first: str, last: str, limit: int | None = None) -> tuple[list[Task], int]:
        """Tasks whose deadline falls between two dates (YYYY-MM-DD, both included), earliest first."""
        return self._listed(
            "SELECT id, due FROM tasks WHERE due BETWEEN ? AND ?", (first, last), limit, order="2, 1"
        )

    def tasks_with_deadline(self) -> list[Task]:
        """Every task with a deadline written, in document order."""
        return self._tasks("t.deadline IS NOT NULL")

    def _listed(
        self, ids_sql: str, params: tuple, limit: int | None, order: str = "1"
    ) -> tuple[list[Task], int]:
        """The tasks whose ids `ids_sql` selects (first column), in `order`, at most `limit`; and how many."""
        total = self.conn.execute(f"SELECT count(*) FROM ({ids_sql})", params).fetchone()[0]
        first = [
            row[0]
            for row in self.conn.execute(
                f"SELECT * FROM ({ids_sql}) ORDER BY {order} LIMIT ?",
                (*params, -1 if limit is None else limit),
            )
        ]
        found = self.tasks_by_id(first)
        return [found[i] for i in first], total

    def themes(self, document_id: int) -> list[tuple[str, list[int]]]:
        """A document's themes for the overview; one list of every task if it has none."""
        rows = self.conn.execute(
            "SELECT name, tasks FROM themes WHERE document_id = ? ORDER BY position", (document_id,)
        ).fetchall()
        if rows:
            return [(name, json.loads(tasks)) for name, tasks in rows]
        numbers = [
            n
            for (n,) in self.conn.execute(
                "SELECT number FROM tasks WHERE document_id = ? ORDER BY number", (document_id,)
            )
        ]
        return [("全部任务", numbers)]

    def tasks_of(self, document_ids: list[int], limit: int | None = None) -> list[Task]:
        """The documents' tasks, in document and task order, at most `limit` of them."""
        ids = [i for d in document_ids for i in self.document_task_ids.get(d, [])][:limit]
        found = self.tasks_by_id(ids)
        return [found[i] for i in ids]

    def document_tasks(self, document_id: int, numbers: list[int]) -> list[Task]:
        marks = ",".join("?" * len(numbers))
        return self._tasks(f"t.document_id = ? AND t.number IN ({marks})", (document_id, *numbers))

    def task_counts(self) -> dict[int, int]:
        """Tasks per document id."""
        return {document_id: len(ids) for document_id, ids in self.document_task_ids.items()}

    def lead_counts(self) -> list[tuple[str, int]]:
        """Every department with the number of tasks it leads, most first."""
        return [
            (self.departments[i], n)
            for i, n in self.conn.execute(
                "SELECT department_id, count(*) n FROM task_leads GROUP BY department_id ORDER BY n DESC, department_id"
            )
        ]

    def involved_departments(self) -> set[int]:
        """The departments that lead or help with some task."""
        return {
            i
            for (i,) in self.conn.execute(
                "SELECT department_id FROM task_leads UNION SELECT department_id FROM task_partners"
            )
        }

    # --- search ------------------------------------------------------------------------------

    def candidates(self, words: list[str], limit: int = 200, budget: int = CANDIDATE_BUDGET) -> list[int]:
        """Ids of tasks containing any of the words, best bm25 first. Words are quoted: never FTS syntax.

        In a large corpus a common word matches a large share of it, and ranking every match is slow:
        the rarest words are searched, adding commoner ones only while the matches stay within `budget`.
        When even the rarest word matches more than that, the first matches are taken unranked: the
        answerer ranks candidates itself, and no candidate set is good for a question that vague.
        """
        if self.task_count <= min(limit, SMALL_CORPUS):
            # Ranking every task of a corpus this small costs less than asking FTS5 which have the words;
            # the tasks without any of them score nothing and are dropped by the ranking.
            return self.task_ids
        df = self.document_frequency(words)
        chosen, matches = [], 0
        for word in sorted((w for w in set(words) if df[w]), key=lambda w: (df[w], w)):
            if chosen and matches + df[word] > budget:
                break
            chosen.append(word)
            matches += df[word]
        if not chosen:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in chosen)
        order = "ORDER BY bm25(tasks_fts)" if matches <= budget else ""
        rows = self.conn.execute(
            f"SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ? {order} LIMIT ?", (match, limit)
        )
        return [r[0] for r in rows]

    def _looked_up(
        self, cache: OrderedDict, keys: Iterable[str], query: str, value: Callable[..., Any], default: Any
    ) -> dict[str, Any]:
        """What the index says of each key, in one query for the keys not looked up before: `query` selects
        the key and what `value` is made of, for keys IN ({marks}). The most recently looked up are kept."""
        keys = list(keys)
        if missing := list({k for k in keys if k not in cache}):
            rows = self.conn.execute(query.format(marks=",".join("?" * len(missing))), missing)
            found = {key: value(*rest) for key, *rest in rows}
            for key in missing:
                cache[key] = found.get(key, default)
        known = {k: cache[k] for k in keys}
        while len(cache) > LOOKED_UP_CACHE:
            cache.popitem(last=False)
        return known

    @cached_property
    def _document_frequencies(self) -> dict[str, int]:
        """How many tasks say each word: the documents' own vocabulary, small enough to hold (a few hundred
        words for one plan, tens of thousands for thousands of tasks), and looked up several times a question."""
        return dict(self.conn.execute("SELECT word, documents FROM word_documents"))

    def document_frequency(self, words: Iterable[str]) -> dict[str, int]:
        frequencies = self._document_frequencies
        return {word: frequencies.get(word, 0) for word in words}

    def _idf(self, word: str) -> float:
        """BM25's idf in its always-positive form: common words count little but never negatively."""
        df = self.document_frequency([word])[word]
        return math.log(1 + (self.task_count - df + 0.5) / (df + 0.5))

    def general_idf(self, word: str) -> GeneralWord | None:
        """A word's idf in general text, whether it names things and whether it is a verb (see
        index.topical_word_rows); None for a word general text does not know."""
        cache = self._general_cache
        return cache[word] if word in cache else self.general_idfs([word])[word]

    def general_idfs(self, words: Iterable[str]) -> dict[str, GeneralWord | None]:
        """`general_idf` for many words in one query: a question's unknown stretches ask for dozens."""
        query = "SELECT word, idf, noun, act, piece FROM topical_words WHERE word IN ({marks})"
        return self._looked_up(self._general_cache, words, query, GeneralWord.of_row, None)

    def is_counted(self, word: str) -> bool:
        """Whether an amount can be counted in the word (人, 份, 经费, a document's 管控单元), not a word that
        joins a sentence (由)."""
        if len(word) == 1:
            return word in self._measure_chars
        known = self.general_idf(word)
        return (known is not None and known.noun) or bool(self.document_frequency([word])[word])

    def is_place_name(self, word: str) -> bool:
        """Whether general text knows the word as a place name (石家庄, 上海市)."""
        return self.conn.execute("SELECT 1 FROM place_names WHERE word = ?", (word,)).fetchone() is not None

    # --- typos -------------------------------------------------------------------------------

    @cached_property
    def corrector(self) -> Corrector:
        by_pinyin: dict[str, list[str]] = {}
        for word, pinyin in self.conn.execute("SELECT word, pinyin FROM word_pinyin"):
            by_pinyin.setdefault(pinyin, []).append(word)
        return Corrector({p: tuple(ws) for p, ws in by_pinyin.items()}, self.readings, self.real_words)

    def real_words(self, words: Iterable[str]) -> set[str]:
        """The words general text has, of those given: everyday ones (机器, 废弃), and any its keyword list
        weighs (扬尘, 不给): a typist who meant 补给 would not have typed 不给. Not one it has seen only once,
        the rarest its list weighs: 燥音 is a slip for 噪音 that someone made before."""
        words = set(words)
        known = self.general_idfs(words).items()
        return self.common_words(words) | {w for w, k in known if k and k.idf < self._once_seen_idf}

    @cached_property
    def _once_seen_idf(self) -> float:
        """The idf general text gives a word it has seen only once: the highest it gives."""
        return self.conn.execute("SELECT max(idf) FROM topical_words").fetchone()[0] or float("inf")

    def is_common_word(self, word: str) -> bool:
        return bool(self.common_words([word]))

    def common_words(self, words: Iterable[str]) -> set[str]:
        """The words general text has as words (机器, 废弃), of those given."""
        query = "SELECT word FROM common_words WHERE word IN ({marks})"
        known = self._looked_up(self._common_cache, words, query, lambda: True, False)
        return {word for word, common in known.items() if common}

    def readings(self, text: str) -> dict[str, tuple[str, ...]]:
        """Pinyin readings of the characters in `text` (those the index knows)."""
        query = "SELECT char, readings FROM char_pinyin WHERE char IN ({marks})"
        found = self._looked_up(self._readings_cache, set(text), query, lambda said: tuple(said.split()), ())
        return {ch: found[ch] for ch in text if found[ch]}
