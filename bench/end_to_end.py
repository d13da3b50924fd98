"""Benchmark: articles/s through ingest → broker → extract → dedupe → Redis → API, latency, memory, CPU.

    python bench/end_to_end.py CORPUS_DIR [--rate 20] [--seconds 120] [--extract-replicas 1] [--dedupe-replicas 1]

Starts the whole stack on this machine (mock broker with the topics of infra/compose.yml, redis-server,
the services as processes, N extract and M dedupe replicas in their consumer groups), posts articles at
a steady rate for the given time, one POST each, and measures per article the time from its POST to
its first event being linked to an incident in Redis, which is what the API serves (a sample is then
read back through GET /v1/articles/{id} to check). Prints a table and a JSON line. Two rates: `throughput`
is visible articles over the time from the first post to the last one becoming visible (so one latency
below the posting rate even when the stack keeps up); `sustained` is articles becoming visible per second
from 10 s in to the last post, which equals the posting rate while the stack keeps up. Post above 20/s
(e.g. --rate 22) to show that 20/s is sustained.

The corpus is generated from the real articles of CORPUS_DIR (bench/synthetic.py, article_pool):
  * the articles from which extraction gets at least one event, as they are;
  * each of them moved to 3 other countries (of 12 conflict-affected ones): country name, demonym
    and every place of the original country the gazetteer recognises among its entities are replaced
    by the new country's and its large cities/admin1 (each name consistently); a moved article is kept
    only if extraction puts its primary event in the new country. This spreads events.v1 over keys
    (countries) as a real feed would, instead of the dev corpus's two;
  * per POST: a fresh id and URL, and the publication date moved back by a random whole number of
    weeks (1-300), so relative dates ("on Saturday") move with it. Dates written out in the text do not
    move: reports of such an article with the same place share an incident, as several outlets'
    reports of one event would (the JSON gives incidents per article).
The pool is cached in /tmp (keyed by the corpus and this generator's source).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import redis
from sitrep_cli.devstack.redis_server import free_port
from sitrep_cli.devstack.stack import Stack, StackConfig
from sitrep_common import redis_keys as k
from sitrep_extract.extractor import Extractor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import article_pool  # bench/ is not a package

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
STEADY_FROM_S = 10.0


def load_pool(corpus: Path) -> list[dict[str, Any]]:
    source = (corpus / "articles.jsonl").read_bytes() + (Path(__file__).parent / "synthetic.py").read_bytes()
    cache = Path("/tmp") / f"sitrep-bench-pool-{hashlib.sha1(source).hexdigest()[:12]}.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.read_text().splitlines()]
    print("building the article pool (extracting the corpus and its moved variants) …", flush=True)
    pool: list[dict[str, Any]] = article_pool(corpus, Extractor.load())
    cache.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in pool))
    return pool


def make_article(t: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    a = {key: t.get(key) for key in ("outlet", "title", "text")}
    published = date.fromisoformat(t["published"]) if t.get("published") else date(2018, 1, 1)
    a["published"] = (published - timedelta(weeks=rng.randrange(1, 300))).isoformat()  # never in the future
    a["url"] = f"https://bench.example/{n}-{rng.randrange(10**9)}"
    a["id"] = f"bench-{n}"
    return a


def warm_up(stack: Stack, key: str, pool: list[dict[str, Any]], r: redis.Redis, replicas: int) -> None:
    """Articles through the whole pipeline first (each replica's first batch): model loading, group joins
    and first-call allocations are not latency."""
    rng = random.Random(0)
    first = [make_article(pool[i % len(pool)], -1 - i, rng) for i in range(4 * replicas)]
    resp = httpx.post(stack.ingest_url + "/v1/articles", json=first, headers={"X-API-Key": key}, timeout=60)
    ids = [r["article_id"] for r in resp.json()]
    deadline = time.monotonic() + 180
    while not all(r.hexists(k.EVENT_INCIDENT, f"{aid}:0") for aid in ids):
        if time.monotonic() > deadline:
            raise SystemExit("warm-up articles never became visible: is the pipeline running?")
        time.sleep(0.1)


def proc_status(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def processes(stack: Stack) -> dict[str, int]:
    pids = {name: stack.supervisor.pid(name) for name in stack.supervisor.names()}
    if stack.broker_proc is not None:
        pids["broker"] = stack.broker_proc.pid
    if stack.redis.proc is not None:
        pids["redis"] = stack.redis.proc.pid
    return pids


def percentile(values: list[float], p: float) -> float | None:
    return round(values[min(len(values) - 1, int(len(values) * p))], 3) if values else None


def api_check(stack: Stack, ids: list[str], sample: int, rng: random.Random) -> dict[str, int]:
    """Read a sample of the posted articles back through the API: each must show an event with an incident."""
    chosen = rng.sample(ids, k=min(sample, len(ids)))
    missing = 0
    with httpx.Client(timeout=30) as client:
        for external_id in chosen:
            resp = client.get(f"{stack.api_url}/v1/articles/{external_id}")
            events = resp.json().get("events", []) if resp.status_code == 200 else []
            missing += not any(e.get("incident_id") for e in events)
    return {"checked": len(chosen), "missing": missing}


def run(args: argparse.Namespace, pool: list[dict[str, Any]]) -> dict[str, Any]:
    key = secrets.token_hex(8)
    stack = Stack(StackConfig(api_key=key, api_port=free_port(), ingest_port=free_port(),
                              extract_replicas=args.extract_replicas, dedupe_replicas=args.dedupe_replicas))
    stack.start()
    try:
        r = redis.Redis.from_url(stack.redis.url)
        warm_up(stack, key, pool, r, max(args.extract_replicas, args.dedupe_replicas))
        return measure(args, stack, key, pool, r)
    finally:
        stack.stop()


def measure(args: argparse.Namespace, stack: Stack, key: str, pool: list[dict[str, Any]],
            r: redis.Redis) -> dict[str, Any]:
    pids = processes(stack)
    cpu_start = {name: cpu_s(pid) for name, pid in pids.items()}
    own_start = resource.getrusage(resource.RUSAGE_SELF)
    incidents_start = r.zcard(k.INCIDENTS_BY_DATE)
    memory_start = int(r.info("memory")["used_memory"])
    posted: dict[str, float] = {}  # first event id -> post time
    external: list[str] = []
    seen: dict[str, float] = {}  # first event id -> seconds from post to visible
    done = threading.Event()
    deadline = [float("inf")]

    def watch() -> None:
        while not (done.is_set() and (len(seen) >= len(posted) or time.monotonic() > deadline[0])):
            pending = [e for e in list(posted) if e not in seen]
            if pending:
                now = time.monotonic()
                for e, inc in zip(pending, r.hmget(k.EVENT_INCIDENT, pending), strict=True):
                    if inc:
                        seen[e] = now - posted[e]
            time.sleep(0.02)

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
            article = make_article(pool[rng.randrange(len(pool))], n, rng)
            sent = time.monotonic()
            resp = client.post(stack.ingest_url + "/v1/articles", json=article, headers={"X-API-Key": key})
            if resp.status_code == 202:
                posted[f"{resp.json()[0]['article_id']}:0"] = sent
                external.append(article["id"])
            n += 1
            if n % max(1, int(args.rate * 10)) == 0:
                print(f"  {time.monotonic() - start:5.0f} s: posted {n}, visible {len(seen)}", flush=True)
    post_end = time.monotonic()
    deadline[0] = post_end + 120
    done.set()
    watcher.join()
    drained = time.monotonic()
    cpu = {name: round(cpu_s(pid) - cpu_start[name], 1) for name, pid in pids.items()}
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu["bench client"] = round(own.ru_utime + own.ru_stime - own_start.ru_utime - own_start.ru_stime, 1)
    peak = {name: round(proc_status(pid, "VmHWM") / 1024, 1) for name, pid in pids.items()}
    rss = {name: round(proc_status(pid, "VmRSS") / 1024, 1) for name, pid in pids.items()}
    restarts = {name: stack.supervisor.restarts(name) for name in stack.supervisor.names()}
    order = sorted(posted, key=posted.__getitem__)
    lat = sorted(seen.values())
    thirds = [sorted(seen[e] for e in order[i * len(order) // 3:(i + 1) * len(order) // 3] if e in seen)
              for i in range(3)]
    wall = post_end - start
    incidents = r.zcard(k.INCIDENTS_BY_DATE) - incidents_start
    memory_growth = int(r.info("memory")["used_memory"]) - memory_start
    load = os.getloadavg()
    return {
        "benchmark": "end_to_end", "rate_target": args.rate, "seconds": args.seconds,
        "extract_replicas": args.extract_replicas, "dedupe_replicas": args.dedupe_replicas,
        "pool_articles": len(pool), "posted": n, "accepted": len(posted), "visible": len(seen),
        "lost": len(posted) - len(seen),
        "posted_per_s": round(n / wall, 2),
        # Visible articles over the time from the first post to the last article becoming visible.
        "throughput_per_s": round(len(seen) / max(wall, max((posted[e] + s for e, s in seen.items()),
                                                            default=post_end) - start), 2),
        # Sustained rate: articles that became visible per second from 10 s in (warm-up) to the last post, so
        # neither the start nor the drain after posting stops counts: at a rate the stack keeps up with it
        # equals the posting rate; below it, it is what the stack delivers.
        "sustained_per_s": round(sum(1 for e, s in seen.items() if STEADY_FROM_S <= posted[e] + s - start <= wall)
                                 / max(1e-9, wall - STEADY_FROM_S), 2),
        "drain_s": round(drained - post_end, 2),
        "latency_s": {"p50": percentile(lat, 0.50), "p95": percentile(lat, 0.95), "p99": percentile(lat, 0.99),
                      "max": round(lat[-1], 3) if lat else None,
                      "mean": round(statistics.fmean(lat), 3) if lat else None},
        "p95_by_third_s": [percentile(t, 0.95) for t in thirds],
        "incidents_created": incidents, "incidents_per_article": round(incidents / max(1, len(seen)), 3),
        "redis_kb_per_article": round(memory_growth / 1024 / max(1, len(seen)), 1),
        "cpu_s": cpu,
        "cpu_ms_per_article": {name: round(1000 * c / max(1, len(seen)), 1) for name, c in cpu.items()},
        "rss_mb": {name: {"end": rss[name], "peak": peak[name]} for name in pids},
        "restarts": restarts,
        "api_check": api_check(stack, external, 100, rng),
        "loadavg_end": [round(x, 2) for x in load], "cores": os.cpu_count(),
    }


def report(result: dict[str, Any]) -> None:
    lat = result["latency_s"]
    print(f"\n{result['extract_replicas']} extract + {result['dedupe_replicas']} dedupe replicas, "
          f"target {result['rate_target']}/s for {result['seconds']:.0f} s (pool of {result['pool_articles']})")
    print(f"posted {result['posted']} ({result['posted_per_s']}/s), accepted {result['accepted']}, "
          f"visible {result['visible']}, lost {result['lost']}, throughput {result['throughput_per_s']}/s "
          f"(sustained from {STEADY_FROM_S:.0f} s to the last post: {result['sustained_per_s']}/s), "
          f"backlog drained {result['drain_s']} s after the last post")
    print(f"post→visible: p50 {lat['p50']} s  p95 {lat['p95']} s  p99 {lat['p99']} s  max {lat['max']} s; "
          f"p95 by third of the run {result['p95_by_third_s']}")
    print(f"incidents created {result['incidents_created']} ({result['incidents_per_article']} per article); "
          f"Redis memory {result['redis_kb_per_article']} KB per article; "
          f"API read-back {result['api_check']}; load average at end {result['loadavg_end']}")
    print(f"{'process':14} {'CPU s':>7} {'CPU ms/article':>15} {'RSS MB':>8} {'peak RSS MB':>12}")
    for name, c in result["cpu_s"].items():
        mem = result["rss_mb"].get(name, {})
        print(f"{name:14} {c:>7} {result['cpu_ms_per_article'][name]:>15} "
              f"{mem.get('end', ''):>8} {mem.get('peak', ''):>12}")
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder with articles.jsonl (e.g. the shared dev corpus)")
    parser.add_argument("--rate", type=float, default=20.0, help="articles posted per second")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to post")
    parser.add_argument("--extract-replicas", type=int, default=1)
    parser.add_argument("--dedupe-replicas", type=int, default=1)
    args = parser.parse_args()
    pool = load_pool(args.corpus)
    uptime = subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()
    print(f"before the run: {uptime}")
    report(run(args, pool))


if __name__ == "__main__":
    main()
