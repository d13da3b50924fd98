"""`sitrep` command line. Each subcommand builds what it needs at start-up and calls plain functions."""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

DEFAULT_SAMPLES = Path("samples/articles")


class _Stop(Exception):
    """Raised in the main thread by SIGHUP, SIGINT or SIGTERM: whatever `sitrep up` is doing, it stops."""


def _stop_on_signals() -> None:
    def _raise(signum: int, _frame: object) -> None:
        # Once: a second signal while stopping must not cut the orderly stop short.
        for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        raise _Stop(signal.Signals(signum).name)

    for sig in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _raise)


def cmd_up(args: argparse.Namespace) -> int:
    from sitrep_cli.devstack.stack import PortInUse, Stack, StackConfig
    from sitrep_cli.ingest_files import ingest_path

    # The supervisor's messages (a service that exits, with its last log lines) go to the terminal.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    key = os.environ.get("SITREP_API_KEY") or secrets.token_urlsafe(24)
    generated = "SITREP_API_KEY" not in os.environ
    stack = Stack(StackConfig(api_key=key, api_port=args.port, ingest_port=args.ingest_port,
                              extract_replicas=args.extract_replicas, dedupe_replicas=args.dedupe_replicas))
    print("starting: mock Kafka broker, redis-server, ingest, extract, dedupe, api …", file=sys.stderr)
    # A closed terminal (HUP), Ctrl-C (INT) and kill (TERM) all stop the stack in order; a kill -9 of this
    # process leaves the children to the kernel (parent_death: each gets SIGTERM).
    _stop_on_signals()
    try:
        stack.start()
        print(f"logs in {stack.supervisor.log_dir}; for other sitrep commands (feeds, dlq) in another shell:\n"
              f"  export SITREP_KAFKA_BOOTSTRAP={stack.bootstrap} SITREP_REDIS_URL={stack.redis.url}",
              file=sys.stderr)
        if args.path:
            accepted, errors = ingest_path(Path(args.path), stack.ingest_url, key)
            print(f"ingested {accepted} article(s) from {args.path} ({errors} errors)", file=sys.stderr)
        print(f"\nSitrep is up.\n  dashboard: {stack.api_url}/\n  incidents: {stack.api_url}/v1/incidents\n"
              f"  ingest:    POST {stack.ingest_url}/v1/articles  (header X-API-Key: {key})"
              + ("  [generated: set SITREP_API_KEY to choose]" if generated else "")
              + "\nCtrl-C stops everything.", file=sys.stderr, flush=True)
        threading.Event().wait()
    except PortInUse as exc:
        print(f"sitrep up: {exc}", file=sys.stderr)
        return 1
    except _Stop as stop:
        print(f"{stop}: stopping …", file=sys.stderr)
    finally:
        stack.stop()
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from sitrep_cli.ingest_files import ingest_path

    key = args.api_key or os.environ.get("SITREP_API_KEY")
    if not key:
        print("an API key is needed: --api-key or SITREP_API_KEY (`make up` prints it)", file=sys.stderr)
        return 2
    _, errors = ingest_path(Path(args.path), args.url.rstrip("/"), key)
    return 1 if errors else 0


def cmd_batch(args: argparse.Namespace) -> int:
    from sitrep_extract.extractor import Extractor

    from sitrep_cli.batch import read_rows, run_batch

    rows = read_rows(Path(args.input))
    print(f"batch: {len(rows)} articles from {args.input}; loading the NLP model …", file=sys.stderr)
    result = run_batch(rows, Extractor.load())
    Path(args.output).write_text(json.dumps(result.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"batch: wrote {len(result.articles)} articles, {len(result.incidents)} incidents to {args.output}"
          f" ({result.errors} unusable articles)", file=sys.stderr)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from sitrep_common.models import ArticleIn
    from sitrep_extract.extractor import Extractor
    from sitrep_ingest.normalise import normalise

    from sitrep_cli.batch import read_rows

    path = Path(args.file)
    if path.suffix.lower() == ".txt":
        rows: list[tuple[str, ArticleIn | str]] = [(path.stem, ArticleIn(id=path.stem, text=path.read_text()))]
    else:
        rows = read_rows(path)
    extractor = Extractor.load()
    now = datetime.now(UTC)
    for where, row in rows:
        if isinstance(row, str):
            print(f"{where}: {row}", file=sys.stderr)
            continue
        for event in extractor.extract(normalise(row, now)):
            print(event.model_dump_json())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from sitrep_common.models import Event
    from sitrep_dedupe.evaluation import evaluate_clusters
    from sitrep_extract.evaluation import evaluate
    from sitrep_extract.extractor import Extractor

    from sitrep_cli.batch import read_rows, run_batch

    corpus = Path(args.corpus)
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    incidents_path = corpus / "incidents.jsonl"
    gold_incidents = ([json.loads(line) for line in incidents_path.read_text().splitlines() if line.strip()]
                      if incidents_path.exists() else [])
    result = run_batch(read_rows(corpus / "articles.jsonl"), Extractor.load())
    events = {a["id"]: a["events"] for a in result.articles}
    fields = evaluate(rows, {aid: [Event.model_validate(e) for e in evs] for aid, evs in events.items()})
    clusters = evaluate_clusters(rows, gold_incidents, events)
    if args.errors:
        print("field errors (primary event vs gold):")
        for err in fields.errors:
            print(f"  {err.article_id:16} {err.field:15} predicted={err.predicted!s:40} gold={err.gold}")
        print("gold incidents split:", json.dumps(clusters.split, indent=1))
        print("predicted incidents mixing gold ones:", json.dumps(clusters.mixed, indent=1))
    summary = {"extraction": {"articles": fields.articles, "no_event": fields.no_event, **fields.accuracy},
               "dedupe": clusters.model_dump(exclude={"split", "mixed"})}
    print(json.dumps(summary, indent=1))
    if args.output:
        Path(args.output).write_text(json.dumps(result.to_json(), ensure_ascii=False), encoding="utf-8")
    return 0


def cmd_dlq(args: argparse.Namespace) -> int:
    from sitrep_cli.dlq import list_letters, replay

    bootstrap = args.bootstrap or os.environ.get("SITREP_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    topic = args.topic if args.topic.endswith(".dlq") else args.topic + ".dlq"
    return list_letters(bootstrap, topic) if args.action == "list" else replay(bootstrap, topic)


def cmd_feeds(args: argparse.Namespace) -> int:
    # `feeds` has subcommands of its own, parsed by sitrep_cli.feeds, imported only when it runs.
    from sitrep_cli.feeds import build_parser as feeds_parser

    if not args.feeds_args or args.feeds_args[0] == "help":
        feeds_parser().print_help()
        return 0
    inner = feeds_parser().parse_args(args.feeds_args)
    return int(inner.func(inner))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitrep", description="Turn news articles into incident data.")
    sub = parser.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="run the whole stack on this machine and ingest sample articles")
    up.add_argument("path", nargs="?", default=str(DEFAULT_SAMPLES), help="articles to ingest (file or folder)")
    up.add_argument("--port", type=int, default=8000, help="API and dashboard port")
    up.add_argument("--ingest-port", type=int, default=8001)
    up.add_argument("--extract-replicas", type=int, default=1, choices=range(1, 7), metavar="N",
                    help="extract processes in one consumer group on articles.v1 (6 partitions)")
    up.add_argument("--dedupe-replicas", type=int, default=1, choices=range(1, 7), metavar="M",
                    help="dedupe processes in one consumer group on events.v1 (6 partitions, keyed by country)")
    up.set_defaults(func=cmd_up)

    ing = sub.add_parser("ingest", help="post articles from a file or folder (.txt .json .jsonl) to ingest")
    ing.add_argument("path")
    ing.add_argument("--url", default="http://127.0.0.1:8001", help="ingest service URL")
    ing.add_argument("--api-key", default=None, help="defaults to $SITREP_API_KEY")
    ing.set_defaults(func=cmd_ingest)

    bat = sub.add_parser("batch", help="extract and dedupe a JSONL corpus in one process")
    bat.add_argument("input", help="JSONL: one article a line (id, url, outlet, published, title, text)")
    bat.add_argument("--output", "-o", required=True)
    bat.set_defaults(func=cmd_batch)

    ext = sub.add_parser("extract", help="print the events of each article as JSON lines")
    ext.add_argument("file", help=".jsonl of articles or a .txt article")
    ext.set_defaults(func=cmd_extract)

    ev = sub.add_parser("eval", help="batch a labelled corpus and print accuracy per field and dedupe scores")
    ev.add_argument("corpus", help="folder with articles.jsonl (gold fields) and incidents.jsonl")
    ev.add_argument("--errors", action="store_true", help="list every error, to study them")
    ev.add_argument("--output", "-o", default=None, help="also write the batch output here")
    ev.set_defaults(func=cmd_eval)

    dlq = sub.add_parser("dlq", help="list dead letters, or replay them onto their topic after a fix")
    dlq.add_argument("action", choices=["list", "replay"])
    dlq.add_argument("topic", help="a topic (articles.v1) or its dead-letter topic (articles.v1.dlq)")
    dlq.add_argument("--bootstrap", default=None, help="defaults to $SITREP_KAFKA_BOOTSTRAP")
    dlq.set_defaults(func=cmd_dlq)

    fd = sub.add_parser("feeds", help="RSS/Atom feeds: add URL [--every S] | list | remove URL | poll [--once]")
    fd.add_argument("feeds_args", nargs=argparse.REMAINDER, help="see `sitrep feeds help`")
    fd.set_defaults(func=cmd_feeds)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
