"""Command line: `python -m bot ask "谁负责噪声管理"`, `python -m bot index`."""

from __future__ import annotations

import argparse
import json
import sys

from .answer import Answer
from .corpus import CorpusError
from .index import IndexUnavailable
from .store import Task

ROLE_MARKS = {"lead": "(牵头)", "partner": "(配合)"}


def task_lines(task: Task, role: str | None = None) -> list[str]:
    """One task: its label and text, then its section, lead and partner units and deadline where it has them."""
    lines = [f"{task.label}{ROLE_MARKS.get(role or '', '')}  {task.text}"]
    if task.section:
        lines.append(f"  部分:{' › '.join(task.section)}")
    lines.append(f"  牵头:{'、'.join(task.lead_departments)}")
    if task.partner_departments:
        lines.append(f"  配合:{'、'.join(task.partner_departments)}")
    if task.deadline:
        lines.append(f"  时限:{task.deadline}")
    return lines


def render_text(answer: Answer) -> str:
    """The answer as plain text for a terminal."""
    lines: list[str] = []
    for slip, right in answer.corrections:
        lines.append(f"(按「{right}」理解「{slip}」)")
    if answer.full_note:
        lines.append(answer.full_note)
    document = None
    for result in answer.results:
        task = result.task
        if task.document != document:  # every answer names the document it quotes
            document = task.document
            lines.append("")
            lines.append(f"《{document}》")
        lines.append("")
        lines.extend(task_lines(task, result.role))
    if answer.suggestions:
        lines.append("")
        lines.append("相近的内容:")
        for result in answer.suggestions:
            lines.append(f"  {result.task.label}  {result.task.text[:40]}…")
    return "\n".join(lines).strip()


def _ask(args: argparse.Namespace) -> int:
    from . import open_answerer

    answerer = open_answerer()
    if args.question == ["-"]:
        for line in sys.stdin:
            question = line.rstrip("\r\n")
            try:
                payload = answerer.answer(question).to_dict()
            except Exception as exc:  # one bad line never stops the rest of the batch
                payload = {
                    "query": question,
                    "intent": "none",
                    "answered": False,
                    "department": None,
                    "results": [],
                    "note": f"error: {type(exc).__name__}",
                }
            print(json.dumps(payload, ensure_ascii=False), flush=False)
        sys.stdout.flush()
        return 0
    question = " ".join(args.question)
    answer = answerer.answer(question)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(render_text(answer))
    return 0


def _index(args: argparse.Namespace) -> int:
    from .index import build_index, corpus_dir_from_env, db_path_from_env

    corpus_dir = corpus_dir_from_env()
    report = build_index(corpus_dir, db_path_from_env(corpus_dir))
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(
        f"indexed {report.tasks} tasks from {report.documents} document(s), "
        f"{report.departments} departments -> {report.path}"
    )
    return 0


def _inspect(args: argparse.Namespace) -> int:
    """What the parser made of each document; exit status 1 if any cannot be read."""
    from pathlib import Path

    from .index import corpus_dir_from_env
    from .inspection import inspect_document, render_report
    from .lexicon import load_lexicon

    lexicon = load_lexicon(corpus_dir_from_env())
    reports = [inspect_document(Path(name), lexicon) for name in args.files]
    for report in reports:
        print(json.dumps(report, ensure_ascii=False) if args.json else render_report(report) + "\n")
    return 1 if any(r["error"] for r in reports) else 0


def _serve(args: argparse.Namespace) -> int:
    from .telegram_app import ConfigError, serve

    try:
        return serve(webhook_url=args.webhook_url, listen=args.listen, port=args.port)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    checkout = Path(__file__).resolve().parent.parent
    if not (checkout / "bench" / "run.py").exists():
        print(
            "error: the benchmark runs from a checkout of the repository (bench/ is not installed)",
            file=sys.stderr,
        )
        return 2
    sys.path.insert(0, str(checkout))
    from bench.run import main as bench_main

    return bench_main(quick=args.quick, output=args.output)


def _report(args: argparse.Namespace) -> int:
    from .questionlog import QuestionLog, log_path_from_env

    path = log_path_from_env()
    if not path.exists():
        print(f"no questions logged yet ({path}; set BOT_LOG_DB to read another log)")
        return 0
    rows = QuestionLog(path).report(since=args.since, limit=args.limit)
    if args.json:
        for row in rows:
            print(json.dumps(row.__dict__, ensure_ascii=False))
        return 0
    if not rows:
        print("no unanswered or down-voted questions" + (f" since {args.since}" if args.since else ""))
        return 0
    print(f"{len(rows)} question(s) the bot did not answer or was voted down on, most frequent first:")
    for row in rows:
        verdicts = []
        if row.unanswered:
            verdicts.append(f"unanswered {row.unanswered}×")
        if row.down_votes:
            verdicts.append(f"👎 {row.down_votes}")
        if row.up_votes:
            verdicts.append(f"👍 {row.up_votes}")
        shown = ", ".join(s.rsplit("#", 1)[1].join(("第", "条")) for s in row.shown) or "nothing"
        print(f"\n{row.times:>4}×  {row.question}")
        print(f"       {'; '.join(verdicts)}; last asked {row.last_asked}")
        print(f"       the bot read it as {row.intent} and showed: {shown}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer a question (or '-' for one question per line on stdin)")
    ask.add_argument("question", nargs="+", help="the question; '-' reads questions from stdin, one per line")
    ask.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    ask.set_defaults(run=_ask)
    index = commands.add_parser("index", help="(re)build the search index from the corpus directory")
    index.set_defaults(run=_index)
    inspect = commands.add_parser(
        "inspect",
        help="show what the parser makes of documents (.txt .md .docx .pdf .html) before adding them",
    )
    inspect.add_argument("files", nargs="+", help="the documents to check")
    inspect.add_argument("--json", action="store_true", help="one JSON object per document")
    inspect.set_defaults(run=_inspect)
    serve = commands.add_parser("serve", help="run the Telegram bot (long polling, or a webhook)")
    serve.add_argument(
        "--webhook-url", help="public HTTPS base URL; Telegram then posts updates to URL/telegram"
    )
    serve.add_argument("--listen", default="0.0.0.0", help="webhook mode: address to listen on")
    serve.add_argument("--port", type=int, default=8080, help="webhook mode: port to listen on")
    serve.set_defaults(run=_serve)
    report = commands.add_parser(
        "report", help="the unanswered and down-voted questions in the question log (BOT_LOG_DB)"
    )
    report.add_argument("--since", help="only questions asked on or after this date (YYYY-MM-DD)")
    report.add_argument("--limit", type=int, default=100, help="at most this many questions (default 100)")
    report.add_argument("--json", action="store_true", help="one JSON object per line")
    report.set_defaults(run=_report)
    bench = commands.add_parser("bench", help="measure speed, size and quality against the peers (bench/)")
    bench.add_argument("--quick", action="store_true", help="a tiny run, to check the benchmark works")
    bench.add_argument("--output", help="where to write the report (default: bench/RESULTS.md)")
    bench.set_defaults(run=_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CorpusError, IndexUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
