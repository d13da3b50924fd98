"""Load (soak): articles posted at a steady rate for 5 minutes over loopback to the running stack.

Reports accepted, processed, lost, post→visible latency percentiles and each service's RSS at start and
end; asserts nothing is lost and memory stays within MEMORY_BOUND. `make soak` runs it; for a short
smoke run: SITREP_LOAD_SECONDS=30 pytest -m soak -o addopts="" tests/integration/test_load.py -s

Processed = the article's first event is linked to an incident in Redis, the store the API serves
from; the latency is measured to that moment, and every accepted article is then read back through
GET /v1/articles/{id} to confirm the API serves it with an incident.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sitrep_cli.devstack.stack import Stack
from sitrep_common import redis_keys as k
from sitrep_common.models import ArticleIn
from sitrep_extract.extractor import Extractor
from sitrep_ingest.normalise import normalise

from tests.integration.conftest import running_stack
from tests.integration.synthetic_articles import DATA, PLACES

pytestmark = [pytest.mark.integration, pytest.mark.soak]
KEY = "load-key"
RATE = float(os.environ.get("SITREP_LOAD_RATE", "5"))
SECONDS = float(os.environ.get("SITREP_LOAD_SECONDS", "300"))
DRAIN_S = 180.0
# RSS growth allowed per service from the start of the run (after warm-up) to its end.
MEMORY_BOUND_MB = 64.0
MEMORY_BOUND_RATIO = 0.5


def templates() -> list[dict[str, Any]]:
    """Each test article moved to each place of its country, kept when extraction finds an event in it
    (so every posted article must become visible; one that does not is lost, not 'eventless')."""
    candidates = []
    for line in DATA.read_text().splitlines():
        base = json.loads(line)
        old = next((p for p in PLACES if p in base["text"]), None)
        for new in PLACES.get(old or "", []):
            candidates.append(base | {"text": base["text"].replace(str(old), new),
                                      "title": (base.get("title") or "").replace(str(old), new)})
    now = datetime.now(UTC)
    events = Extractor.load().extract_many([normalise(ArticleIn.model_validate(c), now) for c in candidates])
    return [c for c, evs in zip(candidates, events, strict=True) if evs]


def article(template: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    published = date.fromisoformat(template["published"]) - timedelta(weeks=rng.randrange(0, 300))
    return template | {"id": f"load-{n}", "url": f"https://load.example/{n}", "published": published.isoformat()}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no RSS for pid {pid}")


def percentile(values: list[float], p: float) -> float:
    return round(values[min(len(values) - 1, int(len(values) * p))], 3)


@pytest.fixture
def load_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    yield from running_stack(tmp_path_factory.mktemp("load"), KEY)


def test_steady_load_for_five_minutes_loses_nothing_and_memory_stays_bounded(
    load_stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = templates()
    assert pool, "no test article yields an event"
    r = redis.Redis.from_url(load_stack.redis.url)
    rng = random.Random(7)
    with httpx.Client(timeout=30, headers={"X-API-Key": KEY}) as client:
        # Warm-up: one of each template through the whole pipeline (model loading is not latency).
        warm = client.post(load_stack.ingest_url + "/v1/articles",
                           json=[article(t, -1 - i, rng) for i, t in enumerate(pool)])
        assert warm.status_code == 202, warm.text
        first_events = [f"{res['article_id']}:0" for res in warm.json()]
        deadline = time.monotonic() + 180
        while not all(r.hmget(k.EVENT_INCIDENT, first_events)):
            assert time.monotonic() < deadline, "warm-up articles never became visible"
            time.sleep(0.2)

        services = [s for s in load_stack.supervisor.names() if s != "feeds"]
        pids = {s: load_stack.supervisor.pid(s) for s in services}
        mem_start = {s: rss_mb(pid) for s, pid in pids.items()}
        posted_at: dict[str, float] = {}  # first event id -> post time
        external: dict[str, str] = {}  # first event id -> the id we gave
        seen: dict[str, float] = {}
        refused: dict[int, int] = {}
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                pending = [e for e in list(posted_at) if e not in seen]
                if pending:
                    now = time.monotonic()
                    for e, inc in zip(pending, r.hmget(k.EVENT_INCIDENT, pending), strict=True):
                        if inc:
                            seen[e] = now - posted_at[e]
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        start, n = time.monotonic(), 0
        while time.monotonic() - start < SECONDS:
            due = start + n / RATE
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
            body = article(pool[n % len(pool)], n, rng)
            sent = time.monotonic()
            resp = client.post(load_stack.ingest_url + "/v1/articles", json=body)
            if resp.status_code == 202:
                event_id = f"{resp.json()[0]['article_id']}:0"
                posted_at[event_id] = sent
                external[event_id] = body["id"]
            else:
                refused[resp.status_code] = refused.get(resp.status_code, 0) + 1
            n += 1
        post_end = time.monotonic()
        while len(seen) < len(posted_at) and time.monotonic() - post_end < DRAIN_S:
            time.sleep(0.2)
        stop.set()
        watcher.join(timeout=5)
        mem_end = {s: rss_mb(pid) for s, pid in pids.items()}
        restarts = {s: load_stack.supervisor.restarts(s) for s in services}
        served = sum(1 for e in seen if any(
            ev.get("incident_id") for ev in client.get(f"{load_stack.api_url}/v1/articles/{external[e]}")
            .json().get("events", [])))

    lat = sorted(seen.values())
    result = {
        "rate_per_s": RATE, "seconds": SECONDS, "posted": n, "accepted": len(posted_at), "refused": refused,
        "processed": len(seen), "served_by_api": served, "lost": len(posted_at) - len(seen),
        "latency_s": {"p50": percentile(lat, 0.5), "p95": percentile(lat, 0.95), "p99": percentile(lat, 0.99),
                      "max": round(lat[-1], 3)} if lat else None,
        "rss_mb": {s: {"start": round(mem_start[s], 1), "end": round(mem_end[s], 1)} for s in services},
        "restarts": restarts, "loadavg": [round(x, 2) for x in os.getloadavg()], "cores": os.cpu_count(),
    }
    with capsys.disabled():
        print(f"\nload: {n} posted at {RATE}/s for {SECONDS:.0f} s; accepted {len(posted_at)}, processed "
              f"{len(seen)}, served by the API {served}, lost {result['lost']}, refused {refused}")
        if lat:
            print(f"post→visible latency: p50 {percentile(lat, 0.5)} s, p95 {percentile(lat, 0.95)} s, "
                  f"p99 {percentile(lat, 0.99)} s, max {round(lat[-1], 3)} s")
        for s in services:
            print(f"  {s:8} RSS {mem_start[s]:7.1f} MB -> {mem_end[s]:7.1f} MB")
        print(json.dumps(result))

    assert not refused, "a steady rate below the limits is never refused"
    assert result["lost"] == 0 and served == len(posted_at) == n
    assert not any(restarts.values())
    for s in services:
        allowed = max(MEMORY_BOUND_MB, MEMORY_BOUND_RATIO * mem_start[s])
        assert mem_end[s] - mem_start[s] <= allowed, f"{s} grew {mem_end[s] - mem_start[s]:.0f} MB (> {allowed:.0f})"
