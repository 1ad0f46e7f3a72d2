"""The batch script a user would write with jieba and rank-bm25: one question per stdin line, one JSON
line out. The benchmark times it against `python -m bot ask --json -` on the same questions."""

import json
import re
import sys
from pathlib import Path

import jieba
from rank_bm25 import BM25Okapi

TASK = re.compile(r"^\s*(\d+)\.\s*(.+)$")


def main() -> None:
    texts, numbers = [], []
    for path in sorted(Path(sys.argv[1]).glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := TASK.match(line):
                numbers.append(int(match[1]))
                texts.append(match[2])
    bm25 = BM25Okapi([jieba.lcut_for_search(t) for t in texts])
    for line in sys.stdin:
        question = line.rstrip("\n")
        scores = bm25.get_scores(jieba.lcut_for_search(question))
        best = max(range(len(scores)), key=scores.__getitem__)
        hit = scores[best] > 0
        print(json.dumps({"query": question, "task": numbers[best] if hit else None}, ensure_ascii=False))


if __name__ == "__main__":
    main()
