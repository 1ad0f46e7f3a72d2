"""Command line: `python -m bot ask "谁负责噪声管理"`, `python -m bot index`, `python -m bot web`."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys

from .corpus import CorpusError
from .index import IndexUnavailable
from .plaintext import render_text


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
    from .telegram import ConfigError, serve

    try:
        return serve(webhook_url=args.webhook_url, listen=args.listen, port=args.port)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _web(args: argparse.Namespace) -> int:
    from .service import ConfigError

    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        from .web import serve

        return serve(host=args.host, port=args.port, workers=args.workers)
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
    log = QuestionLog(path)
    rows = log.report(since=args.since, limit=args.limit)
    if args.json:
        for row in rows:
            print(json.dumps(row.__dict__, ensure_ascii=False))
        return 0
    if not rows:
        print("no unanswered or down-voted questions" + (f" since {args.since}" if args.since else ""))
        return 0
    channels = ", ".join(f"{channel} {n}" for channel, n in log.channels(args.since))
    print(f"questions by channel: {channels}")
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
        asked_on = ", ".join(f"{channel} {n}×" for channel, n in row.channels.items())
        print(f"       {'; '.join(verdicts)}; asked on {asked_on}; last asked {row.last_asked}")
        print(f"       the bot read it as {row.intent} and showed: {shown}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    web = commands.add_parser("web", help="serve the web page and the JSON API (see README)")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    web.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    web.add_argument("--workers", type=int, default=1, help="processes sharing the index and question log")
    web.set_defaults(run=_web)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit, where it could not be caught
        return code
    except BrokenPipeError:
        # `python -m bot ask … | head -1`: the reader has all it wants; end quietly, as `yes | head` does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except (CorpusError, IndexUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if logging.getLevelName(os.environ.get("LOG_LEVEL", "").upper()) == logging.DEBUG:
            raise
        print(f"error: {type(exc).__name__}: {exc} (LOG_LEVEL=DEBUG shows the traceback)", file=sys.stderr)
        return 1
