"""Rate limits on ingest's writes: per client and key, 429 with Retry-After, configurable, off by 0."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sitrep_common.kafka import Publisher
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.rate_limit import RateLimiter
from sitrep_ingest.records import ArticleRecords

KEY = "limit-key"
TEXT = "Gunmen attacked a police post in the northern town on Tuesday, killing three officers, officials said."


@pytest.fixture
def publisher(kafka_bootstrap: str) -> Publisher:
    return Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "limit")


def _app(publisher: Publisher, r: redis.Redis, rate: float, burst: int) -> FastAPI:
    return create_app(IngestSettings(rate_limit_per_s=rate, rate_limit_burst=burst), KEY,
                      lambda: Ingestor(publisher, ArticleRecords(r)))


@pytest.fixture
def clients(publisher: Publisher, redis_client: redis.Redis) -> Iterator[tuple[TestClient, TestClient]]:
    """Two clients (two addresses) of one ingest allowing 2 requests/s with bursts of 3."""
    app = _app(publisher, redis_client, rate=2, burst=3)
    with TestClient(app, client=("10.0.0.1", 1000)) as one, TestClient(app, client=("10.0.0.2", 1000)) as two:
        yield one, two


def _post(client: TestClient, n: int, key: str = KEY) -> int:
    return int(client.post("/v1/articles", json={"text": TEXT, "url": f"https://e.com/limit-{n}-{time.time_ns()}"},
                       headers={"X-API-Key": key}).status_code)


def test_a_client_over_its_burst_gets_429_with_retry_after_and_others_are_not_slowed(
    clients: tuple[TestClient, TestClient]
) -> None:
    one, two = clients
    assert [_post(one, n) for n in range(3)] == [202, 202, 202]
    refused = one.post("/v1/articles", json={"text": TEXT}, headers={"X-API-Key": KEY})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1" and "requests/s" in refused.json()["detail"]
    assert _post(two, 9) == 202, "another client has its own bucket"
    time.sleep(0.6)  # 2 per second: one token back after 0.5 s
    assert _post(one, 10) == 202


def test_wrong_keys_are_limited_too_which_slows_key_guessing(clients: tuple[TestClient, TestClient]) -> None:
    one, _ = clients
    assert [_post(one, n, key=f"guess-{n}") for n in range(4)] == [401, 401, 401, 429]


def test_zero_turns_the_limit_off(publisher: Publisher, redis_client: redis.Redis) -> None:
    with TestClient(_app(publisher, redis_client, rate=0, burst=1)) as c:
        assert {_post(c, n) for n in range(20)} == {202}


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_INGEST_RATE_LIMIT_PER_S", "7.5")
    monkeypatch.setenv("SITREP_INGEST_RATE_LIMIT_BURST", "9")
    s = IngestSettings()
    assert (s.rate_limit_per_s, s.rate_limit_burst) == (7.5, 9)


def test_the_default_never_throttles_the_end_to_end_benchmark_rate() -> None:
    """bench/end_to_end.py posts up to ~25 single-article requests/s from one client: with the default
    settings, 60 s of 40 requests/s on a simulated clock are all allowed; 80 requests/s are not."""
    defaults = IngestSettings()
    now = [0.0]
    for rate, all_allowed in ((40, True), (80, False)):
        limiter = RateLimiter(defaults.rate_limit_per_s, defaults.rate_limit_burst, clock=lambda: now[0])
        refused = 0
        for i in range(60 * rate):
            now[0] = i / rate
            refused += limiter.take("bench@127.0.0.1") > 0
        assert (refused == 0) is all_allowed, (rate, refused)


def test_memory_stays_bounded_whatever_the_number_of_clients() -> None:
    now = [0.0]
    limiter = RateLimiter(10, 5, max_clients=100, clock=lambda: now[0])
    for i in range(10_000):
        now[0] = i * 0.01
        limiter.take(f"client-{i}")
    assert len(limiter._buckets) <= 101
