"""Poison on the running pipeline's topics: extract and dedupe park each one in `<topic>.dlq` with the
reason and go on to the next good message of the same partition.

Poison: malformed JSON, a wrong schema_version, a 10 MB message (zstd-compressed on the wire, as a
compressible text gets past a broker's size limit) and invalid UTF-8, each on every partition, so the
good article posted afterwards lands behind poison whichever partition it goes to.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from confluent_kafka import Consumer, Producer
from sitrep_cli.devstack.stack import Stack
from sitrep_common.models import Article, DeadLetter

from tests.integration.conftest import KEY
from tests.integration.stack_helpers import wait_until
from tests.integration.synthetic_articles import variants

pytestmark = pytest.mark.integration
TEN_MB = 10 * 1024 * 1024


def _post(stack: Stack, article: dict[str, Any]) -> str:
    resp = httpx.post(stack.ingest_url + "/v1/articles", json=article, headers={"X-API-Key": KEY}, timeout=30)
    assert resp.status_code == 202, resp.text
    return str(resp.json()[0]["article_id"])


def _events_served(stack: Stack, article_id: str) -> bool:
    resp = httpx.get(f"{stack.api_url}/v1/articles/{article_id}", timeout=10)
    return resp.status_code == 200 and bool(resp.json()["events"])


def _read_all(bootstrap: str, topic: str, idle_s: float = 3.0) -> list[tuple[bytes | None, bytes]]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"peek-{uuid.uuid4().hex[:8]}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    got: list[tuple[bytes | None, bytes]] = []
    last = time.monotonic()
    while time.monotonic() - last < idle_s or not got:
        msg = consumer.poll(0.3)
        if msg is not None and not msg.error():
            got.append((msg.key(), msg.value() or b""))
            last = time.monotonic()
        if time.monotonic() - last > 30:
            break
    consumer.close()
    return got


def _poison(token: str, good: bytes) -> dict[str, bytes]:
    """The four kinds, each marked with `token` near its start (dead letters keep a giant's opening)."""
    doc = json.loads(good)
    id_field = "event_id" if "event_id" in doc else "article_id"

    def marked(kind: str, **changes: Any) -> dict[str, Any]:
        return {"schema_version": doc["schema_version"], id_field: f"{token}-{kind}"} | {
            k: v for k, v in doc.items() if k not in ("schema_version", id_field)} | changes

    return {
        "malformed": f'{{"{id_field}": "{token}-malformed", not json'.encode(),
        "schema": json.dumps(marked("schema", schema_version=99)).encode(),
        "giant": json.dumps(marked("giant", text="word " * (TEN_MB // 5))).encode(),
        "utf8": json.dumps(marked("utf8")).encode().replace(mark := f"{token}-utf8".encode(), mark + b"\xff"),
    }


def _produce_everywhere(bootstrap: str, topic: str, key: bytes | None, poison: dict[str, bytes]) -> int:
    producer = Producer({"bootstrap.servers": bootstrap, "compression.type": "zstd", "message.max.bytes": 12_000_000})
    partitions = len(producer.list_topics(topic, timeout=10).topics[topic].partitions)
    for p in range(partitions):
        for value in poison.values():
            producer.produce(topic, key=key, value=value, partition=p)
    assert producer.flush(30) == 0
    return partitions


def _letters(bootstrap: str, dlq: str, token: str) -> dict[str, list[DeadLetter]]:
    by_kind: dict[str, list[DeadLetter]] = {}
    for _, value in _read_all(bootstrap, dlq):
        letter = DeadLetter.model_validate_json(value)
        payload = base64.b64decode(letter.payload_b64)
        for kind in ("malformed", "schema", "giant", "utf8"):
            if f"{token}-{kind}".encode() in payload:
                by_kind.setdefault(kind, []).append(letter)
    return by_kind


def _check(letters: dict[str, list[DeadLetter]], service: str, partitions: int) -> None:
    assert {k: len(v) for k, v in letters.items()} == dict.fromkeys(("malformed", "schema", "giant", "utf8"),
                                                                    partitions)
    assert all(d.service == service for found in letters.values() for d in found)
    assert all("undecodable" in d.error and "Invalid JSON" in d.error for d in letters["malformed"])
    assert all("schema_version" in d.error for d in letters["schema"])
    assert all("over the" in d.error and d.payload_truncated and d.payload_bytes and d.payload_bytes > TEN_MB
               for d in letters["giant"])
    assert all("unicode" in d.error for d in letters["utf8"])


def test_poison_on_articles_and_events_goes_to_the_dlq_and_the_next_good_article_gets_through(
    stack: Stack
) -> None:
    token = f"poison{uuid.uuid4().hex[:8]}"
    first, second = variants(2, seed=41)
    first_id = _post(stack, first)
    wait_until(lambda: _events_served(stack, first_id), 90, "the first good article's events")
    # A real event of that article, as the template of the events.v1 poison (and its key: a country).
    event_key, event = next((k, v) for k, v in _read_all(stack.bootstrap, "events.v1") if first_id.encode() in v)

    article = Article(article_id="x", text="A bomb killed two people in the market on Monday, police said.",
                      received_at=datetime.now(UTC)).model_dump_json().encode()
    n_articles = _produce_everywhere(stack.bootstrap, "articles.v1", token.encode(), _poison(token, article))
    n_events = _produce_everywhere(stack.bootstrap, "events.v1", event_key, _poison(token, event))

    second_id = _post(stack, second)
    wait_until(lambda: _events_served(stack, second_id), 120, "the good article posted after the poison")
    wait_until(lambda: len(_letters(stack.bootstrap, "events.v1.dlq", token).get("giant", [])) == n_events, 60,
               "dedupe's dead letters")
    _check(_letters(stack.bootstrap, "articles.v1.dlq", token), "extract", n_articles)
    _check(_letters(stack.bootstrap, "events.v1.dlq", token), "dedupe", n_events)
    assert httpx.get(f"{stack.ingest_url}/health", timeout=5).status_code == 200
