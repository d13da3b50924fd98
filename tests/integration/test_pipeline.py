"""The four services as processes, over the mock broker and a real redis-server, equal `sitrep batch`."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import pytest
from confluent_kafka import Consumer, Producer
from sitrep_cli.batch import read_rows, run_batch
from sitrep_cli.devstack.stack import Stack
from sitrep_common.models import ArticleIn
from sitrep_extract.extractor import Extractor

from tests.integration.conftest import SAMPLES, TEST_ARTICLES
from tests.integration.stack_helpers import api_partition, pipeline_idle, wait_until

pytestmark = pytest.mark.integration


def batch_partition() -> set[frozenset[str]]:
    rows: list[tuple[str, ArticleIn | str]] = [
        (p.stem, ArticleIn(id=p.stem, text=p.read_text(encoding="utf-8"))) for p in sorted(SAMPLES.glob("*.txt"))
    ]
    rows += read_rows(TEST_ARTICLES)
    result = run_batch(rows, Extractor.load())
    return {frozenset(inc["article_ids"]) for inc in result.incidents}


def test_services_give_the_same_incidents_as_batch(ingested: Stack) -> None:
    expected = batch_partition()
    known = frozenset().union(*expected)
    # The session stack is shared: other tests post articles of their own; compare on ours.
    from_services = {ids & known for ids in api_partition(ingested.api_url)} - {frozenset()}
    assert from_services, "no incidents served"
    assert from_services == expected


def test_hasm_shootout_is_one_incident_with_its_facts(ingested: Stack) -> None:
    items = httpx.get(f"{ingested.api_url}/v1/incidents", params={"limit": 500}, timeout=10).json()["items"]
    seed = "000_d0ed58c03cb3e816"
    hasm = [i for i in items if any(s.get("external_id") == seed and s["primary"] for s in i["sources"])]
    assert len(hasm) == 1
    inc = hasm[0]
    assert inc["event_type"] == "Battles"
    assert inc["date"] == "2017-07-08"
    assert inc["country"] == "Egypt"
    assert inc["killed"]["best"] == 2


@pytest.mark.xfail(strict=True, reason="regression of 2026-12-07: a street named after a village ('the Dahshour "
                   "6th October Road') counts only in a subdivision the article names, and this one names Cairo and "
                   "Qalyubia, not Giza; a distance test instead of the subdivision test would place it")
def test_hasm_shootout_is_placed_in_giza(ingested: Stack) -> None:
    items = httpx.get(f"{ingested.api_url}/v1/incidents", params={"limit": 500}, timeout=10).json()["items"]
    seed = "000_d0ed58c03cb3e816"
    hasm = [i for i in items if any(s.get("external_id") == seed and s["primary"] for s in i["sources"])]
    assert len(hasm) == 1 and hasm[0]["admin1"] == "Giza"


def test_article_lookup_by_the_id_the_source_gave(ingested: Stack) -> None:
    resp = httpx.get(f"{ingested.api_url}/v1/articles/t-001", timeout=10)
    assert resp.status_code == 200
    body = resp.json()
    assert body["article"]["outlet"] == "Example Wire" and body["events"]


def test_replaying_every_event_changes_no_incident(ingested: Stack) -> None:
    before = {i["incident_id"]: i["version"] for i in
              httpx.get(f"{ingested.api_url}/v1/incidents", params={"limit": 500}, timeout=10).json()["items"]}
    stamp = datetime.now(UTC).strftime("%H%M%S%f")
    reader = Consumer({"bootstrap.servers": ingested.bootstrap, "group.id": f"replay-{stamp}",
                       "auto.offset.reset": "earliest"})
    reader.subscribe(["events.v1"])
    writer = Producer({"bootstrap.servers": ingested.bootstrap})
    replayed, idle = 0, 0
    deadline = time.monotonic() + 60
    while idle < 10 and time.monotonic() < deadline:
        msg = reader.poll(0.5)
        if msg is None or msg.error():
            idle += 1 if replayed else 0
            continue
        writer.produce("events.v1", key=msg.key(), value=msg.value())
        replayed += 1
    reader.close()
    writer.flush(10)
    assert replayed > 0
    wait_until(lambda: pipeline_idle(ingested.bootstrap), 60, "dedupe to consume the replay")
    after = {i["incident_id"]: i["version"] for i in
             httpx.get(f"{ingested.api_url}/v1/incidents", params={"limit": 500}, timeout=10).json()["items"]}
    assert after == before
