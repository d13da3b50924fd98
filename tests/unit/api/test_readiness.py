"""/ready with a broker: reachable, dedupe's lag under the limit; cached; 503 with reasons otherwise."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from confluent_kafka import Consumer, Producer, TopicPartition
from fastapi.testclient import TestClient
from sitrep_api.app import create_app
from sitrep_api.readiness import KafkaProbe, ReadinessCheck
from sitrep_cli.devstack.redis_server import free_port
from sitrep_common.settings import ApiSettings, KafkaSettings, RedisSettings, SecuritySettings


def produce(bootstrap: str, topic: str, n: int) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for i in range(n):
        producer.produce(topic, value=str(i).encode(), partition=i % 2)
    assert producer.flush(10) == 0


def commit(bootstrap: str, group: str, topic: str, offsets: dict[int, int]) -> None:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in offsets.items()], asynchronous=False)
    finally:
        consumer.close()


@pytest.fixture
def probe(kafka_bootstrap: str, unique: str) -> Iterator[KafkaProbe]:
    made = KafkaProbe(kafka_bootstrap, group=f"g-{unique}", topic=f"events-{unique}")
    yield made
    made.close()


def test_lag_is_what_the_group_has_not_committed(kafka_bootstrap: str, unique: str, probe: KafkaProbe) -> None:
    assert probe.lag() == 0  # no topic yet: nothing to lag behind
    produce(kafka_bootstrap, f"events-{unique}", 10)
    assert probe.lag() == 10  # nothing committed: everything pending
    commit(kafka_bootstrap, f"g-{unique}", f"events-{unique}", {0: 5, 1: 2})
    assert probe.lag() == 3


def test_lag_over_the_limit_is_not_ready(kafka_bootstrap: str, unique: str, probe: KafkaProbe) -> None:
    produce(kafka_bootstrap, f"events-{unique}", 6)
    status = ReadinessCheck(lambda: True, probe, max_lag=5, ttl_s=0).status()
    assert not status.ready and status.kafka is True and status.dedupe_lag == 6
    assert status.reasons == [f"dedupe lags 6 messages on events-{unique} (more than 5)"]
    assert ReadinessCheck(lambda: True, probe, max_lag=6, ttl_s=0).status().ready


def test_checks_are_cached() -> None:
    calls = []

    def ping() -> bool:
        calls.append(1)
        return True

    check = ReadinessCheck(ping, ttl_s=60)
    for _ in range(5):
        assert check.status().ready
    assert len(calls) == 1


def test_ready_with_a_broker(api_redis_url: str, r: redis.Redis, kafka_bootstrap: str) -> None:
    app = create_app(ApiSettings(), RedisSettings(url=api_redis_url), SecuritySettings(),
                     kafka=KafkaSettings(bootstrap=kafka_bootstrap))
    with TestClient(app) as client:
        resp = client.get("/ready")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["status"] == "ready" and body["redis"] is True and body["kafka"] is True
    assert isinstance(body["dedupe_lag"], int) and body["reasons"] == []


def test_unreachable_broker_is_503_within_seconds(api_redis_url: str, r: redis.Redis) -> None:
    app = create_app(ApiSettings(), RedisSettings(url=api_redis_url), SecuritySettings(),
                     kafka=KafkaSettings(bootstrap=f"127.0.0.1:{free_port()}"))  # nothing listens there
    with TestClient(app) as client:
        started = time.monotonic()
        resp = client.get("/ready")
        took = time.monotonic() - started
    assert resp.status_code == 503
    body = resp.json()
    assert body["kafka"] is False and body["redis"] is True
    assert body["reasons"] and body["reasons"][0].startswith("kafka unreachable")
    assert took < 5
