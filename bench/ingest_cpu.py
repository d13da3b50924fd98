"""Benchmark: CPU milliseconds the ingest service spends per article, one article per POST.

    python bench/ingest_cpu.py [CORPUS_DIR] [--articles N] [--warm-up N] [--mode both|http|direct]
                               [--pool FILE.jsonl]

Starts its own redis-server (AOF everysec, as `sitrep up` does) and the mock Kafka broker (with the
topics of infra/compose.yml), then feeds ingest N articles, one per request, back to back:
  * http: the real service (`python -m sitrep_ingest.main`, uvicorn, its logs to a file) in its own
    process; the articles are POSTed as JSON by this process, one per request, and the figure is that
    process's user + system CPU (/proc/PID/stat) over the N articles: FastAPI, pydantic, normalise,
    the Redis and Kafka clients, logging, librdkafka's threads, all of it, as bench/end_to_end.py counts it;
  * direct: an Ingestor built as sitrep_ingest.main builds it, called in this process with one
    ArticleIn per accept(); the figure is time.process_time() over the N calls (librdkafka's threads
    included; the ArticleIn are built before the clock starts; log lines written to a file as the service
    writes them): the handler's own cost without HTTP.
Each mode starts from an empty Redis and first posts `--warm-up` articles that are not counted
(imports, connections, langdetect's profiles, first-call allocations). The CPU of redis-server over
the same articles is shown too: work moved into Redis (Lua) is not free on a 2-core machine. With
--repeat R each mode runs R times (interleaved) and the summary gives the median and the least figure:
other processes on the machine inflate CPU time (shared caches, hyper-threads).

Articles: those of bench/end_to_end.py's cached pool for CORPUS_DIR when it is in /tmp (or --pool),
else CORPUS_DIR/articles.jsonl as they are; each post picks one at random (seeded) and gives it a
fresh id and URL and an earlier publication date, as end_to_end.py does, so no post is a repeat, but
the same text comes back as wire copies do (the copy index is exercised as in the end-to-end run).
Prints a table and a JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import redis
from sitrep_cli.devstack import broker
from sitrep_cli.devstack.redis_server import RedisServer, free_port

REPO = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
FIELDS = ("id", "url", "outlet", "published", "title", "text")  # those of ArticleIn


def load_articles(corpus: Path, pool: Path | None) -> tuple[list[dict[str, Any]], str]:
    if pool is None:  # end_to_end.py's cache: keyed by the corpus and the generator's source
        source = (corpus / "articles.jsonl").read_bytes() + (REPO / "bench" / "synthetic.py").read_bytes()
        cached = Path("/tmp") / f"sitrep-bench-pool-{hashlib.sha1(source).hexdigest()[:12]}.jsonl"
        pool = cached if cached.exists() else corpus / "articles.jsonl"
    rows = [json.loads(line) for line in pool.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows, str(pool)


def make_article(t: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    a = {key: t.get(key) for key in FIELDS}
    published = date.fromisoformat(t["published"]) if t.get("published") else date(2018, 1, 1)
    a["published"] = (published - timedelta(weeks=rng.randrange(1, 300))).isoformat()
    a["url"] = f"https://bench.example/{n}-{rng.randrange(10**9)}"
    a["id"] = f"bench-{n}"
    return a


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def run_http(articles: list[dict[str, Any]], warm_up: int, env: dict[str, str], work: Path,
             redis_pid: int) -> dict[str, Any]:
    key = secrets.token_hex(8)
    port = free_port()
    env = {**os.environ, **env, "SITREP_API_KEY": key, "SITREP_INGEST_PORT": str(port),
           "SITREP_INGEST_RATE_LIMIT_PER_S": "0"}  # back-to-back posts from one client
    with (work / "ingest.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "sitrep_ingest.main"], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"ingest did not start; see {work / 'ingest.log'}")
            time.sleep(0.1)
        statuses: dict[str, int] = {}
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as client:
            def post(a: dict[str, Any]) -> None:
                resp = client.post("/v1/articles", json=a)
                status = resp.json()[0]["status"] if resp.status_code == 202 else str(resp.status_code)
                statuses[status] = statuses.get(status, 0) + 1

            for a in articles[:warm_up]:
                post(a)
            statuses.clear()
            start, redis_start, wall = cpu_s(proc.pid), cpu_s(redis_pid), time.perf_counter()
            for a in articles[warm_up:]:
                post(a)
            cpu, redis_cpu, wall = cpu_s(proc.pid) - start, cpu_s(redis_pid) - redis_start, time.perf_counter() - wall
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return _figures("http", len(articles) - warm_up, cpu, redis_cpu, wall, statuses)


def run_direct(articles: list[dict[str, Any]], warm_up: int, redis_url: str, bootstrap: str,
               redis_pid: int, work: Path) -> dict[str, Any]:
    from sitrep_common import logs  # noqa: PLC0415 - the http mode runs without them here
    from sitrep_common.kafka import Publisher  # noqa: PLC0415
    from sitrep_common.models import ArticleIn  # noqa: PLC0415
    from sitrep_common.redis_client import connect  # noqa: PLC0415
    from sitrep_common.settings import IngestSettings, KafkaSettings, RedisSettings  # noqa: PLC0415
    from sitrep_ingest.copy_store import RedisCopyIndex  # noqa: PLC0415
    from sitrep_ingest.handlers import Ingestor  # noqa: PLC0415
    from sitrep_ingest.records import ArticleRecords  # noqa: PLC0415

    logs.configure("ingest")  # the service's JSON log lines, to a file
    log_file = (work / "direct.log").open("w")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(log_file)
    settings = IngestSettings()
    client = connect(RedisSettings(url=redis_url))
    publisher = Publisher.connect(KafkaSettings(bootstrap=bootstrap, flush_timeout_s=settings.produce_timeout_s),
                                  "sitrep-ingest-bench")
    ingestor = Ingestor(publisher, ArticleRecords(client), RedisCopyIndex(client, settings.copy_window_days),
                        busy_timeout_s=settings.produce_timeout_s)
    raws = [ArticleIn.model_validate(a) for a in articles]
    for raw in raws[:warm_up]:
        ingestor.accept([raw])
    statuses: dict[str, int] = {}
    start, redis_start, wall = time.process_time(), cpu_s(redis_pid), time.perf_counter()
    for raw in raws[warm_up:]:
        [result] = ingestor.accept([raw])
        statuses[result.status] = statuses.get(result.status, 0) + 1
    cpu, redis_cpu, wall = time.process_time() - start, cpu_s(redis_pid) - redis_start, time.perf_counter() - wall
    client.close()
    log_file.close()
    return _figures("direct", len(raws) - warm_up, cpu, redis_cpu, wall, statuses)


def _figures(mode: str, n: int, cpu: float, redis_cpu: float, wall: float, statuses: dict[str, int]) -> dict[str, Any]:
    return {"mode": mode, "articles": n, "statuses": statuses,
            "ingest_cpu_s": round(cpu, 2), "ingest_cpu_ms_per_article": round(1000 * cpu / n, 2),
            "redis_cpu_ms_per_article": round(1000 * redis_cpu / n, 2),
            "wall_ms_per_article": round(1000 * wall / n, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, nargs="?", default=REPO.parent / "shared" / "corpus" / "dev",
                        help="folder with articles.jsonl (default ../shared/corpus/dev)")
    parser.add_argument("--pool", type=Path, help="a JSON-lines file of articles to use instead")
    parser.add_argument("--articles", type=int, default=1000, help="articles measured per mode")
    parser.add_argument("--warm-up", type=int, default=50, help="articles posted first, not measured")
    parser.add_argument("--mode", choices=("both", "http", "direct"), default="both")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each mode (interleaved); the summary gives the median and the least")
    args = parser.parse_args()
    pool, source = load_articles(args.corpus, args.pool)
    rng = random.Random(5)
    articles = [make_article(pool[rng.randrange(len(pool))], n, rng) for n in range(args.warm_up + args.articles)]
    work = Path(tempfile.mkdtemp(prefix="sitrep-ingest-bench-"))
    server = RedisServer(data_dir=work / "redis")
    (work / "redis").mkdir()
    server.start()
    broker_proc, bootstrap = broker.start()
    results = []
    try:
        assert server.proc is not None
        client = redis.Redis.from_url(server.url)
        env = {"SITREP_REDIS_URL": server.url, "SITREP_KAFKA_BOOTSTRAP": bootstrap}
        modes = ("http", "direct") if args.mode == "both" else (args.mode,)
        for mode in [m for _ in range(args.repeat) for m in modes]:
            client.flushall()
            if mode == "http":
                results.append(run_http(articles, args.warm_up, env, work, server.proc.pid))
            else:
                results.append(run_direct(articles, args.warm_up, server.url, bootstrap, server.proc.pid, work))
        client.close()
    finally:
        server.stop()
        broker_proc.terminate()
        broker_proc.wait(timeout=10)
    print(f"\n{args.articles} articles per mode after {args.warm_up} not counted, from {source} "
          f"({len(pool)} texts); {os.cpu_count()} cores")
    print(f"{'mode':8} {'ingest CPU s':>13} {'ingest CPU ms/article':>22} {'redis CPU ms/article':>21} "
          f"{'wall ms/article':>16}  statuses")
    for r in results:
        print(f"{r['mode']:8} {r['ingest_cpu_s']:>13} {r['ingest_cpu_ms_per_article']:>22} "
              f"{r['redis_cpu_ms_per_article']:>21} {r['wall_ms_per_article']:>16}  {r['statuses']}")
    summary = {}
    for mode in dict.fromkeys(r["mode"] for r in results):
        figures = sorted(r["ingest_cpu_ms_per_article"] for r in results if r["mode"] == mode)
        summary[mode] = {"median": statistics.median(figures), "least": figures[0]}
        if len(figures) > 1:
            print(f"{mode}: ingest CPU ms/article median {summary[mode]['median']}, least {figures[0]} "
                  f"({len(figures)} runs)")
    print(json.dumps({"benchmark": "ingest_cpu", "source": source, "warm_up": args.warm_up,
                      "ingest_cpu_ms_per_article": summary, "results": results}))


if __name__ == "__main__":
    main()
