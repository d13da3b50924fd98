"""Benchmark: articles/s through ingest → broker → extract → dedupe → Redis, latency and memory.

    python bench/end_to_end.py CORPUS_DIR [--rate 10] [--seconds 120] [--extract-replicas 1] [--dedupe-replicas 1]

Starts the whole stack on this machine (mock broker, redis-server, services as processes), posts
articles at a steady rate for the given time and measures, per article, the time from its POST to
its first event being linked to an incident in Redis (the store the API serves from). Articles are
the corpus's, made distinct by new URLs and publication dates shifted back by whole weeks; only templates
that yield at least one event are used, so every posted article becomes visible. Prints a table and
a JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import statistics
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import redis
from sitrep_cli.devstack.redis_server import free_port
from sitrep_cli.devstack.stack import Stack, StackConfig
from sitrep_common import redis_keys as k
from sitrep_common.models import ArticleIn
from sitrep_extract.extractor import Extractor
from sitrep_ingest.normalise import normalise


def templates(corpus: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    extractor = Extractor.load()
    now = datetime.now(UTC)
    arts = [normalise(ArticleIn.model_validate(r), now) for r in rows]
    return [r for r, evs in zip(rows, extractor.extract_many(arts), strict=True) if evs]


def make_article(t: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    a = {key: t.get(key) for key in ("outlet", "title", "text")}
    published = date.fromisoformat(t["published"]) if t.get("published") else date(2018, 1, 1)
    a["published"] = (published - timedelta(weeks=rng.randrange(1, 300))).isoformat()  # never in the future
    a["url"] = f"https://bench.example/{n}-{rng.randrange(10**9)}"
    a["id"] = f"bench-{n}"
    return a


def warm_up(stack: Stack, key: str, template: dict[str, Any], r: redis.Redis) -> None:
    """One article through the whole pipeline first: model loading and group joins are not latency."""
    article = make_article(template, -1, random.Random(0))
    aid = normalise(ArticleIn.model_validate(article), datetime.now(UTC)).article_id
    httpx.post(stack.ingest_url + "/v1/articles", json=article, headers={"X-API-Key": key}, timeout=30)
    deadline = time.monotonic() + 120
    while not r.hexists(k.EVENT_INCIDENT, f"{aid}:0"):
        if time.monotonic() > deadline:
            raise SystemExit("warm-up article never became visible: is the pipeline running?")
        time.sleep(0.1)


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--rate", type=float, default=10.0, help="articles posted per second")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--extract-replicas", type=int, default=1)
    parser.add_argument("--dedupe-replicas", type=int, default=1)
    args = parser.parse_args()
    pool = templates(args.corpus)
    key = secrets.token_hex(8)
    stack = Stack(StackConfig(api_key=key, api_port=free_port(), ingest_port=free_port(),
                              extract_replicas=args.extract_replicas, dedupe_replicas=args.dedupe_replicas))
    stack.start()
    r = redis.Redis.from_url(stack.redis.url)
    warm_up(stack, key, pool[0], r)
    names = stack.supervisor.names()
    pids = {name: stack.supervisor.pid(name) for name in names}
    mem_start = {name: rss_kb(pid) for name, pid in pids.items()}
    posted: dict[str, float] = {}  # first event id -> post time
    seen: dict[str, float] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set() or len(seen) < len(posted):
            pending = [e for e in list(posted) if e not in seen]
            if pending:
                now = time.monotonic()
                for e, inc in zip(pending, r.hmget(k.EVENT_INCIDENT, pending), strict=True):
                    if inc:
                        seen[e] = now - posted[e]
            if done.is_set() and time.monotonic() > deadline:
                return
            time.sleep(0.02)

    deadline = float("inf")
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    rng = random.Random(5)
    start = time.monotonic()
    n = 0
    with httpx.Client(timeout=30) as client:
        while time.monotonic() - start < args.seconds:
            due = start + n / args.rate
            if time.monotonic() < due:
                time.sleep(due - time.monotonic())
            article = make_article(pool[n % len(pool)], n, rng)
            aid = normalise(ArticleIn.model_validate(article), datetime.now(UTC)).article_id
            sent = time.monotonic()
            resp = client.post(stack.ingest_url + "/v1/articles", json=article, headers={"X-API-Key": key})
            if resp.status_code == 202:
                posted[f"{aid}:0"] = sent
            n += 1
            if n % max(1, int(args.rate * 10)) == 0:
                print(f"  posted {n}, visible {len(seen)}", flush=True)
    post_end = time.monotonic()
    deadline = post_end + 120
    done.set()
    watcher.join()
    end = max(post_end, start + max(seen.values(), default=0))
    mem_end = {name: rss_kb(pid) for name, pid in pids.items()}
    peak = {name: rss_kb(pid, "VmHWM") for name, pid in pids.items()}
    stack.stop()
    lat = sorted(seen.values())

    def pct(p: float) -> float:
        return round(lat[min(len(lat) - 1, int(len(lat) * p))], 3) if lat else float("nan")

    result = {
        "benchmark": "end_to_end", "rate_target": args.rate, "seconds": args.seconds,
        "extract_replicas": args.extract_replicas, "dedupe_replicas": args.dedupe_replicas,
        "posted": n, "accepted": len(posted), "visible": len(seen), "lost": len(posted) - len(seen),
        "throughput_per_s": round(len(seen) / (end - start), 2),
        "latency_s": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
                      "mean": round(statistics.fmean(lat), 3) if lat else None},
        "rss_mb": {name: {"start": round(mem_start[name] / 1024, 1), "end": round(mem_end[name] / 1024, 1),
                          "peak": round(peak[name] / 1024, 1)} for name in names},
    }
    print(f"posted {n} at {args.rate}/s for {args.seconds:.0f}s: accepted {len(posted)}, visible {len(seen)}, "
          f"lost {result['lost']}, throughput {result['throughput_per_s']}/s")
    print(f"latency post→visible: p50 {pct(0.5)} s, p95 {pct(0.95)} s, p99 {pct(0.99)} s")
    for name, m in result["rss_mb"].items():
        print(f"  {name:10} RSS start {m['start']:7.1f} MB  end {m['end']:7.1f} MB  peak {m['peak']:7.1f} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
