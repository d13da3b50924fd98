"""`sitrep feeds add|list|remove|poll`: RSS/Atom feeds kept in Redis, polled into the ingest pipeline.

Settings come from the environment like the services': SITREP_REDIS_URL, SITREP_KAFKA_BOOTSTRAP and
SITREP_FEEDS_* (sitrep_common.settings.FeedSettings).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import UTC, datetime

from sitrep_common.errors import TransientError
from sitrep_common.kafka import Publisher
from sitrep_common.redis_client import connect
from sitrep_common.settings import FeedSettings, IngestSettings, KafkaSettings, RedisSettings
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.feed_store import FeedStore
from sitrep_ingest.feeds import PollReport, run_poller
from sitrep_ingest.fetcher import Fetcher, FetchError, FetchRefused, checked_target
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

from sitrep_cli.progress import Progress


def _store() -> FeedStore:
    return FeedStore(connect(RedisSettings()))


def cmd_add(args: argparse.Namespace) -> int:
    settings = FeedSettings()
    try:
        # Early word on a URL the poller would refuse; a name that does not resolve yet is still added.
        checked_target(args.url, settings.allow_private_fetch)
    except FetchRefused as exc:
        print(f"not added: {exc}", file=sys.stderr)
        return 2
    except FetchError as exc:
        print(f"warning: {exc}; added anyway, polls will say whether it resolves", file=sys.stderr)
    state = _store().add(args.url, args.every or settings.default_every_s)
    print(f"added {state.url} (every {state.every_s} s)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    states = _store().all()
    if not states:
        print("no feeds; add one with `sitrep feeds add URL`")
    for s in states:
        polled = datetime.fromtimestamp(s.last_poll, UTC).isoformat(timespec="seconds") if s.last_poll else "never"
        print(f"{s.url}\n  every {s.every_s} s, last poll {polled}: {s.last_status or '-'}; "
              f"{s.items_seen} items seen, {s.errors} errors")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    if _store().remove(args.url):
        print(f"removed {args.url}")
        return 0
    print(f"no such feed: {args.url}", file=sys.stderr)
    return 1


def cmd_poll(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    client = connect(RedisSettings())
    ingest = IngestSettings()
    ingestor = Ingestor(Publisher.connect(KafkaSettings(), "sitrep-feeds"), ArticleRecords(client),
                        RedisCopyIndex(client, ingest.copy_window_days))
    store = FeedStore(client)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    progress = Progress("feeds (articles accepted)")
    failed = 0

    def on_report(report: PollReport) -> None:
        nonlocal failed
        failed += report.status.startswith("error")
        print(f"  {report.url}: {report.status}", file=sys.stderr)
        for problem in report.problems[:5]:
            print(f"    {problem}", file=sys.stderr)
        progress.advance(report.accepted, errors=report.errors)

    try:
        run_poller(store, Fetcher(FeedSettings()), ingestor, stop, once=args.once, tick_s=args.tick,
                   on_report=on_report)
    except TransientError as exc:
        print(f"pipeline unavailable: {exc}", file=sys.stderr)
        return 1
    progress.finish()
    return 1 if args.once and failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitrep feeds", description="RSS/Atom feeds polled into the pipeline")
    fsub = parser.add_subparsers(dest="feeds_command", required=True)
    add = fsub.add_parser("add", help="add a feed (or change its interval)")
    add.add_argument("url")
    add.add_argument("--every", type=int, default=None, help="poll interval in seconds (default 900)")
    add.set_defaults(func=cmd_add)
    ls = fsub.add_parser("list", help="feeds and what the last poll found")
    ls.set_defaults(func=cmd_list)
    rm = fsub.add_parser("remove", help="stop polling a feed and forget its items")
    rm.add_argument("url")
    rm.set_defaults(func=cmd_remove)
    poll = fsub.add_parser("poll", help="poll feeds when due and ingest new items, until stopped")
    poll.add_argument("--once", action="store_true", help="poll every feed once now, then exit")
    poll.add_argument("--tick", type=float, default=5.0, help="seconds between checks for due feeds")
    poll.set_defaults(func=cmd_poll)
    return parser
