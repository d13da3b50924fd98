"""Benchmark: cost of one match-or-create in Redis with 10k, 100k and 1M incidents stored.

    python bench/dedupe_store.py CORPUS_DIR [--sizes 10000,100000,1000000] [--probes 1000]

Starts its own redis-server (AOF everysec, as in production) and fills it with synthetic events at a
fixed daily rate (bench/synthetic.py), each written as its own incident through the store's own write
path, pipelined (matching a million events one by one would take hours and is not what is measured).
Then it times `probes` further events through the real match-or-create (handle_event), dated at the
end of the history, where a live system's new reports land. Prints a table and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import redis
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_common.models import ChangeKind, Event
from sitrep_dedupe.clustering import Plan, incident_id_for
from sitrep_dedupe.consensus import build_incident
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.pairmodel import LearnedMatcher
from sitrep_dedupe.redis_store import RedisStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import load_places, load_templates, synthetic_events


def bulk_fill(client: redis.Redis, events: Iterator[Event], now: datetime, chunk: int = 2000) -> None:
    pipe = client.pipeline(transaction=False)
    for n, event in enumerate(events, 1):
        incident_id = incident_id_for(event)
        plan = Plan(event=event.model_copy(update={"incident_id": incident_id}),
                    incident=build_incident(incident_id, [event], {}, version=1, created_at=now, updated_at=now),
                    kind=ChangeKind.created, match_info=None)
        RedisStore._write(pipe, plan, event.country_code or "XX")
        if n % chunk == 0:
            pipe.execute()
            if n % (chunk * 50) == 0:
                print(f"  filled {n}", flush=True)
    pipe.execute()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=1000)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    templates, places = load_templates(args.corpus), load_places()
    server = RedisServer().start()
    client = redis.Redis.from_url(server.url)
    store = RedisStore(client)
    matcher = LearnedMatcher.load()  # the pair match the dedupe service loads at start-up
    now = datetime.now(UTC)
    rows = []
    loaded = 0
    try:
        for size in sizes:
            started, before = time.perf_counter(), loaded
            bulk_fill(client, synthetic_events(templates, places, size - loaded, start_index=loaded), now)
            loaded = size
            fill_s = time.perf_counter() - started
            incidents = client.zcard("sitrep:incidents:by_date")
            costs = []
            for event in synthetic_events(templates, places, args.probes, seed=99, start_index=loaded):
                t0 = time.perf_counter()
                handle_event(event, store, now, matcher)
                costs.append((time.perf_counter() - t0) * 1000)
            loaded += args.probes
            costs.sort()
            row = {"events_stored": size, "incidents": incidents, "probes": len(costs),
                   "median_ms": round(statistics.median(costs), 3),
                   "p99_ms": round(costs[int(len(costs) * 0.99) - 1], 3),
                   "fill_events_per_s": round((size - before) / fill_s, 1) if fill_s else None,
                   "redis_used_mb": round(int(client.info("memory")["used_memory"]) / 2**20, 1)}
            rows.append(row)
            print(f"{size:>9} events | {incidents:>9} incidents | median {row['median_ms']:7.3f} ms | "
                  f"p99 {row['p99_ms']:7.3f} ms | redis {row['redis_used_mb']} MB | filled in {fill_s:.0f}s",
                  flush=True)
    finally:
        server.stop()
    ratio = rows[-1]["median_ms"] / rows[0]["median_ms"]
    print(json.dumps({"benchmark": "dedupe_match_or_create", "rows": rows,
                      "median_ratio_largest_vs_smallest": round(ratio, 2)}))


if __name__ == "__main__":
    main()
