"""Several documents in one corpus: answers are labelled with their document, and the first
document's quality holds with a second one beside it. The second sample lives in tests/, not corpus/."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import QUESTIONS, REPO_DIR, TESTS_DIR, run_env
from test_quality import FLOORS

from bot import Answerer, Store
from bot.evaluate import evaluate, load_questions
from bot.index import build_index

FIRST = "定州市印发《关于加强生态环境分区管控的实施建议》分工落实方案"
SECOND = "定州市秸秆综合利用工作分工方案"


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("two") / "corpus"
    corpus.mkdir()
    for path in (REPO_DIR / "corpus").iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "straw.txt").write_bytes((TESTS_DIR / "data" / "second-document.txt").read_bytes())
    db = corpus.parent / "index.sqlite"
    build_index(corpus, db)
    return corpus, db


@pytest.fixture(scope="module")
def answerer2(two_documents):
    return Answerer(Store(two_documents[1]))


def test_questions_about_the_second_document_are_answered_and_labelled(answerer2):
    answer = answerer2.answer("秸秆还田归谁管")
    assert answer.answered
    top = answer.results[0].task
    assert (top.document, top.number) == (SECOND, 1)
    assert top.lead_departments == ("市农业农村局",)


def test_a_task_number_in_both_documents_shows_each_labelled(answerer2):
    answer = answerer2.answer("第3条")
    assert answer.answered
    assert [(r.task.document, r.task.number) for r in answer.results] == [(FIRST, 3), (SECOND, 3)]


def test_department_questions_span_every_document(answerer2):
    answer = answerer2.answer("财政局牵头哪些")
    assert [(r.task.document, r.task.number) for r in answer.results] == [(FIRST, 36), (SECOND, 4)]
    assert "牵头2条" in answer.note


def test_a_lead_department_missing_from_the_data_file_still_works(answerer2):
    answer = answerer2.answer("各乡镇人民政府牵头哪些")
    assert answer.intent == "department"
    assert [(r.task.document, r.task.number) for r in answer.results] == [(SECOND, 3)]


@pytest.mark.parametrize("metric", FLOORS)
def test_every_quality_floor_of_the_first_document_holds_beside_a_second(answerer2, metric):
    report = evaluate(answerer2.answer, load_questions(QUESTIONS), document=FIRST)
    assert report.rate(metric) >= FLOORS[metric], "\n".join(report.lines())


def test_json_names_the_document_and_the_cli_labels_it(two_documents):
    corpus, db = two_documents
    env = run_env(BOT_CORPUS_DIR=str(corpus), BOT_DB=str(db))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "第3条"],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=env,
    )
    payload = json.loads(done.stdout)
    assert [r["document"] for r in payload["results"]] == [FIRST, SECOND]
    text = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "第3条"], capture_output=True, text=True, cwd=REPO_DIR, env=env
    ).stdout
    assert f"《{FIRST}》" in text and f"《{SECOND}》" in text
