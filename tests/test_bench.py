"""The benchmark runs end to end in a tiny version, so it never rots. Timing floors stay out of tests."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO_DIR, run_env


def test_quick_benchmark_prints_every_figure_with_its_ratio(tmp_path):
    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "bench", "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        env=run_env(),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = output.read_text(encoding="utf-8")
    assert report.strip() == done.stdout.strip()
    for needle in (
        "machine:",
        "| this bot |",
        "| jieba + rank-bm25 |",
        "| rapidfuzz partial_ratio |",
        "| SQLite FTS5 trigram |",
        "p50 / bot",
        "batch of",
        "peak RSS of the 200-question batch",
        "distinct questions, wall s",
        "cold `python -m bot ask`",
        "questions answered per second",
        "peak RSS of the serving process",
        "| 300 |",
    ):
        assert needle in report, needle
    assert report.count("| True | True |") == 2
