"""Synthetic corpora in the document's own format, for measuring the index at 1k-100k tasks.

Tasks are made by recombining the real document's clauses and lead departments, so their vocabulary,
length and shape match the real thing while their number grows.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from bot.corpus import load_document

CLAUSE = re.compile(r"[^,，;；。]+[,，;；。]?")


def write_corpus(source: Path, data_dir: Path, target: Path, tasks: int, seed: int = 7) -> Path:
    """A corpus directory at `target` with one synthetic document of `tasks` tasks and the real data files."""
    document = load_document(source)
    clauses = [c for t in document.tasks for c in CLAUSE.findall(t.text) if len(c) > 4]
    departments = sorted({d for t in document.tasks for d in t.lead_departments})
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for path in data_dir.iterdir():
        if path.is_file() and path.suffix in (".toml", ".txt") and path != source:
            (target / path.name).write_bytes(path.read_bytes())
    lines = [f"定州市合成测试方案({tasks}条)", "", "发布时间:2025-03-06 00:00:00", ""]
    for number in range(1, tasks + 1):
        text = "".join(rng.sample(clauses, rng.randint(2, 4))).rstrip(",，;；") + "。"
        leads = "、".join(rng.sample(departments, rng.randint(1, 3)))
        lines.append(f"  {number}. {text}({leads}牵头)")
    out = target / f"synthetic-{tasks}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
