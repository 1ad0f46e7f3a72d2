"""`python -m bot` as a user runs it: text answers, JSON, and batch mode over stdin."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO_DIR, run_env


def bot(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_DIR,
        env=run_env(**env),
        timeout=120,
    )


def test_ask_prints_task_27_with_its_leads():
    done = bot("ask", "谁负责噪声管理")
    assert done.returncode == 0, done.stderr
    assert "第27条" in done.stdout
    assert "市生态环境局、市自然资源规划局、市科学技术和工业信息化局" in done.stdout
    assert done.stderr == ""


def test_ask_json_prints_one_object():
    done = bot("ask", "--json", "农业局牵头哪几条")
    payload = json.loads(done.stdout)
    assert payload["intent"] == "department" and payload["department"] == "市农业农村局"
    assert [r["task"] for r in payload["results"]] == sorted(r["task"] for r in payload["results"])


def test_first_use_builds_the_index_itself(tmp_path):
    db = tmp_path / "fresh" / "index.sqlite"
    done = bot("ask", "--json", "第27条", BOT_DB=str(db))
    assert done.returncode == 0, done.stderr
    assert db.exists() and json.loads(done.stdout)["results"][0]["task"] == 27


def test_default_index_location_is_the_user_cache(tmp_path):
    env = {k: v for k, v in run_env().items() if k != "BOT_DB"}
    env.update(XDG_CACHE_HOME=str(tmp_path), HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "第2条"], capture_output=True, text=True, cwd=REPO_DIR, env=env
    )
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "policy-bot").glob("index-*.sqlite"))


def test_batch_answers_every_line_in_order_whatever_it_holds():
    hostile = ['"', "NEAR(a b)", "a OR b AND NOT c", "*", "^x", "col:val", "-x", "(((", "]]", "\x00\x01"]
    lines = []
    for i in range(500):
        match i % 5:
            case 0:
                lines.append("")
            case 1:
                lines.append("噪声" * 5_000)
            case 2:
                lines.append(hostile[i % len(hostile)])
            case 3:
                lines.append(f"第{i % 40}条")
            case 4:
                lines.append("谁负责噪声管理")
    done = bot("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert len(out) == 500
    payloads = [json.loads(line) for line in out]
    assert [p["query"] for p in payloads] == lines
    assert all(not p["answered"] for p in payloads[0::5])
    assert all(p["results"][0]["task"] == 27 for p in payloads[4::5])


def test_corpus_error_is_one_line_without_traceback(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.txt").write_text("标题\n1. 没有牵头。\n", encoding="utf-8")
    done = bot("ask", "噪声", BOT_CORPUS_DIR=str(corpus), BOT_DB=str(tmp_path / "i.sqlite"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "bad.txt:2" in done.stderr


def test_index_command_reports_what_it_built(tmp_path):
    done = bot("index", BOT_DB=str(tmp_path / "i.sqlite"))
    assert done.returncode == 0, done.stderr
    assert "35 tasks" in done.stdout


def test_a_broken_corpus_leaves_the_last_good_index_answering(corpus_copy, tmp_path):
    db = tmp_path / "i.sqlite"
    assert bot("ask", "第27条", BOT_CORPUS_DIR=str(corpus_copy), BOT_DB=str(db)).returncode == 0
    (corpus_copy / "broken.txt").write_text("标题\n1. 没有牵头部门。\n", encoding="utf-8")
    done = bot("ask", "谁负责噪声管理", BOT_CORPUS_DIR=str(corpus_copy), BOT_DB=str(db))
    assert done.returncode == 0 and "第27条" in done.stdout
    assert "broken.txt:2" in done.stderr and "last good index" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unwritable_index_location_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    done = bot("ask", "噪声", BOT_DB=str(blocker / "index.sqlite"))
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot write the index at") and "BOT_DB" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_locked_index_is_rebuilt_beside_it_without_waiting_for_the_lock(corpus_copy, tmp_path):
    import sqlite3

    db = tmp_path / "i.sqlite"
    assert bot("ask", "第27条", BOT_CORPUS_DIR=str(corpus_copy), BOT_DB=str(db)).returncode == 0
    (corpus_copy / "synonyms.txt").write_text(
        (corpus_copy / "synonyms.txt").read_text(encoding="utf-8") + "\n吵闹声 => 噪声\n", encoding="utf-8"
    )
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the old index locked
    try:
        done = bot("ask", "吵闹声归哪条", BOT_CORPUS_DIR=str(corpus_copy), BOT_DB=str(db))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 0 and "第27条" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr


def test_output_cut_short_by_a_pipe_ends_quietly_with_the_sigpipe_status():
    # `… | head -1`: the reader closes the pipe after one line; a long batch then writes into it.
    questions = "谁负责噪声管理\n" * 3000
    shell = f"{sys.executable} -m bot ask --json - | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        input=questions,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_DIR,
        env=run_env(),
        timeout=120,
    )
    assert json.loads(done.stdout)["results"][0]["task"] == 27
    assert done.stderr == ""  # no BrokenPipeError traceback
    assert done.returncode == 141  # 128 + SIGPIPE, as `yes | head -1` ends


def test_no_command_prints_the_help():
    done = bot()
    assert done.returncode == 0
    assert "ask" in done.stdout and "serve" in done.stdout and done.stderr == ""


def test_errors_go_to_stderr_with_a_non_zero_exit(tmp_path):
    done = bot("ask", "噪声", BOT_CORPUS_DIR=str(tmp_path / "missing"), BOT_DB=str(tmp_path / "index.sqlite"))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error:") and "BOT_CORPUS_DIR" in done.stderr
    assert "Traceback" not in done.stderr
