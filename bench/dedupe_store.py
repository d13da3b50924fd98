"""Benchmark: cost of one match-or-create in Redis with 10k, 100k and 1M incidents stored.

    python bench/dedupe_store.py CORPUS_DIR [--sizes 10000,100000,1000000] [--probes 1000]

Starts its own redis-server (AOF everysec, as in production), fills it through the real RedisStore
code path (handle_event), then times `probes` further events at the end of the history. Prints a
table and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import redis
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.redis_store import RedisStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import load_places, load_templates, synthetic_events


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
    now = datetime.now(UTC)
    rows = []
    loaded = 0
    try:
        for size in sizes:
            started, before = time.perf_counter(), loaded
            for event in synthetic_events(templates, places, size - loaded, start_index=loaded):
                handle_event(event, store, now)
            loaded = size
            fill_s = time.perf_counter() - started
            incidents = client.zcard("sitrep:incidents:by_date")
            costs = []
            for event in synthetic_events(templates, places, args.probes, seed=99, start_index=loaded):
                t0 = time.perf_counter()
                handle_event(event, store, now)
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
