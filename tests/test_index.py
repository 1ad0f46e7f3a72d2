"""The index: what it holds, how it segments, and when it is rebuilt."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import open_answerer
from bot.corpus import CorpusError
from bot.index import build_index, content_hash, ensure_index, stored_hash
from bot.store import Store


def test_index_holds_documents_tasks_departments_and_leads(session_db):
    conn = sqlite3.connect(session_db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM tasks").fetchone() == (35,)
    leads = conn.execute(
        """SELECT d.name FROM task_leads l JOIN departments d ON d.id = l.department_id
           JOIN tasks t ON t.id = l.task_id WHERE t.number = 28 ORDER BY l.position"""
    ).fetchall()
    assert ("市自然资源规划局",) in leads and ("市自然资源与规划局",) not in leads
    names = {n for (n,) in conn.execute("SELECT name FROM departments")}
    assert "市自然资源与规划局" not in names
    # The original text is kept for display next to its segmented words.
    text, words = conn.execute("SELECT text, words FROM tasks WHERE number = 27").fetchone()
    assert text.startswith("加强声环境管理")
    assert "噪声" in words.split()


@pytest.mark.parametrize(
    "word", ["生态环境分区管控", "生态保护红线", "准入清单", "排污许可", "生态环境局", "住建局"]
)
def test_domain_words_and_department_names_segment_whole(session_db, word):
    assert word in Store(session_db).segmenter.cut(f"关于{word}的问题")


def test_a_bureau_is_also_named_by_its_line_of_work(session_db):
    """Staff say 卫生健康部门 or 卫健口 for 卫生健康局; not where two bureaus' lines read alike, nor of a
    branch."""
    from bot.index import _department_rows
    from bot.lexicon import Department, Lexicon

    lexicon = Lexicon(
        departments=[
            Department("市卫生健康局", "卫健局", ("卫生健康局",)),
            Department("市生态环境局", "生态环境局", ("生态环境分局",)),
            Department("市交通局", "交通局"),
            Department("市交通运输委员会", "交通委"),
        ]
    )
    aliases = {row["name"]: set(row["lines"]) for row in _department_rows([], lexicon, "")}
    assert {"卫生健康部门", "卫健部门", "卫健口", "卫生健康条线"} <= aliases["市卫生健康局"]
    assert "生态环境部门" in aliases["市生态环境局"] and "生态环境分部门" not in aliases["市生态环境局"]
    assert not aliases["市交通局"] & aliases["市交通运输委员会"]
    assert "交通部门" not in aliases["市交通局"] | aliases["市交通运输委员会"]
    conn = sqlite3.connect(session_db)
    said = dict(
        conn.execute(
            "SELECT a.alias, d.name FROM department_aliases a JOIN departments d ON d.id = a.department_id"
        )
    )
    assert said["卫生健康部门"] == "市卫生健康局"


def test_fts_table_finds_segmented_words(session_db):
    conn = sqlite3.connect(session_db)
    rows = conn.execute("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH '\"噪声\"'").fetchall()
    number = conn.execute("SELECT number FROM tasks WHERE id = ?", rows[0]).fetchone()
    assert len(rows) == 1 and number == (27,)


def test_index_is_built_on_first_use_and_reused_while_current(corpus_copy, tmp_path):
    db = tmp_path / "sub" / "index.sqlite"
    assert ensure_index(corpus_copy, db) is not None
    assert stored_hash(db) == content_hash(corpus_copy)
    assert ensure_index(corpus_copy, db) is None


def test_index_is_rebuilt_when_the_corpus_changes(corpus_copy, tmp_path):
    db = tmp_path / "index.sqlite"
    ensure_index(corpus_copy, db)
    aliases = corpus_copy / "departments.toml"
    aliases.write_text(
        aliases.read_text(encoding="utf-8").replace('"农委",', '"农委", "三农办",'), encoding="utf-8"
    )
    assert ensure_index(corpus_copy, db) is not None
    answer = open_answerer(corpus_copy, db).answer("三农办牵头哪些")
    assert answer.intent == "department" and answer.department == "市农业农村局"


def test_unreadable_index_file_is_rebuilt(corpus_copy, tmp_path):
    db = tmp_path / "index.sqlite"
    db.write_bytes(b"this is not a database" * 100)
    assert ensure_index(corpus_copy, db) is not None
    assert open_answerer(corpus_copy, db).answer("第27条").answered


def test_a_corpus_that_does_not_parse_leaves_the_last_good_index(corpus_copy, tmp_path):
    db = tmp_path / "index.sqlite"
    build_index(corpus_copy, db)
    good = db.read_bytes()
    (corpus_copy / "broken.txt").write_text("标题\n1. 没有牵头部门的任务。\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"broken\.txt:2"):
        ensure_index(corpus_copy, db)
    assert db.read_bytes() == good
    assert not list(tmp_path.glob("*.tmp"))


def test_store_opens_the_index_read_only(session_db):
    store = Store(session_db)
    with pytest.raises(sqlite3.OperationalError):
        store.conn.execute("DELETE FROM tasks")


@given(st.text(alphabet=st.sampled_from("噪声管理生态环境局 \t\u3000a1-.%，。?第条"), max_size=40))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_tokens_read_run_by_run_are_jiebas_own(answerer, text):
    from bot.segment import WORD

    segmenter = answerer.store.segmenter
    whole = [t for t in segmenter._tokenizer.tokenize(text) if WORD.search(t[0])]
    assert segmenter.tokens(text) == whole


@pytest.mark.parametrize("word", ["噪声", "生态", "唐河", "管控", "没有这个词"])
def test_a_words_document_frequency_is_how_many_tasks_have_it(session_db, word):
    conn = sqlite3.connect(session_db)
    (having,) = conn.execute(
        "SELECT count(*) FROM tasks_fts WHERE tasks_fts MATCH ?", (f'"{word}"',)
    ).fetchone()
    assert Store(session_db).document_frequency([word]) == {word: having}


def test_a_run_of_unknown_text_is_looked_up_in_one_query(session_db):
    """Each window of a run could be a slip; whether general text has it as a word is asked once for all
    (and once more only around a window found to sound like a corpus word)."""
    store = Store(session_db)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    store.corrector.corrections("俺们村东头那个臭水沟子")
    assert sum("common_words" in s for s in statements) == 1


def test_a_synonym_written_with_double_equals_is_a_rewrite_of_its_phrase(corpus_copy, tmp_path):
    (corpus_copy / "synonyms.txt").write_text(
        "机井 => 地下水\n搬进园区, 进园 == 退城入园, 园区\n", encoding="utf-8"
    )
    build_index(corpus_copy, tmp_path / "index.sqlite")
    store = Store(tmp_path / "index.sqlite")
    assert store.synonyms["机井"] == ("地下水",) and "机井" not in store.rewrites
    assert store.synonyms["进园"] == ("退城入园", "园区")
    assert store.rewrites["搬进园区"] == frozenset({"退城入园", "园区"})


def test_a_synonym_written_with_less_than_names_a_kind_of_its_targets(corpus_copy, tmp_path):
    (corpus_copy / "synonyms.txt").write_text("盖房, 建房 < 建设用地\n盖房 => 土壤污染\n", encoding="utf-8")
    build_index(corpus_copy, tmp_path / "index.sqlite")
    store = Store(tmp_path / "index.sqlite")
    # A kind finds what it is a kind of, as any synonym does; it says the same as none of it.
    assert store.synonyms["盖房"] == ("建设用地", "土壤污染") and store.synonyms["建房"] == ("建设用地",)
    assert store.kinds["盖房"] == frozenset({"建设用地"}) and "盖房" not in store.rewrites


def test_a_piece_of_a_sentence_the_keyword_idf_holds_is_marked_as_one(session_db):
    store = Store(session_db)
    assert store.general_idf("开个").piece and store.general_idf("装在").piece
    assert not store.general_idf("年假").piece and not store.general_idf("屠宰场").piece
