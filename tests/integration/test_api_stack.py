"""The read API on the running stack: a new article reaches /v1/stream within 2 s; Last-Event-ID resumes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
from sitrep_cli.devstack.stack import Stack

from tests.integration.conftest import KEY
from tests.unit.api import sse

pytestmark = pytest.mark.integration

LATENCY_LIMIT_S = 2.0


def events(resp: httpx.Response, deadline: float) -> Iterator[tuple[float, sse.Message]]:
    """(arrival time, message) of each event on an open stream, until the deadline (pings let it check)."""
    for message in sse.messages(resp.iter_lines()):
        now = time.monotonic()
        if message.id is not None:
            yield now, message
        if now > deadline:
            return


def breakdown(message: sse.Message, started_wall: float, latency: float) -> str:
    """Where the time went, from the records' own clocks (one machine): pipeline, then API to client."""
    body = message.json()
    changed = datetime.fromisoformat(body["incident"]["updated_at"]).timestamp() - started_wall
    return (f"incident written by dedupe after {changed * 1000:.0f} ms, "
            f"on the client {(latency - changed) * 1000:.0f} ms later")


def test_a_new_article_reaches_the_stream_within_two_seconds(ingested: Stack) -> None:
    url = f"https://example-news.test/iraq/kirkuk-{uuid.uuid4().hex[:12]}"
    article = {"url": url, "outlet": "Example News", "published": "2024-03-12",
               "title": "Car bomb kills seven in Kirkuk",
               "text": "KIRKUK, Iraq - A car bomb exploded near a crowded market in Kirkuk on Tuesday, "
                       "killing seven people and wounding 20 others, police said. No group immediately "
                       "claimed responsibility for the bombing."}
    with httpx.stream("GET", f"{ingested.api_url}/v1/stream", timeout=httpx.Timeout(10, read=30)) as resp:
        assert resp.status_code == 200
        # Headers arrived: the server has fixed its start position, so the change cannot be missed.
        started, started_wall = time.monotonic(), time.time()
        posted = httpx.post(f"{ingested.ingest_url}/v1/articles", json=article, headers={"X-API-Key": KEY},
                            timeout=10)
        assert posted.status_code == 202, posted.text
        arrived = None
        for when, message in events(resp, deadline=started + 30):
            incident = message.json().get("incident") or {}
            if any(src.get("url") == url for src in incident.get("sources", [])):
                arrived, found = when, message
                break
    assert arrived is not None, "no stream message for the new article within 30 s"
    latency = arrived - started
    print(f"\nSSE latency, POST /v1/articles -> incident on /v1/stream: {latency * 1000:.0f} ms "
          f"({found.event} {found.json()['incident_id']}); {breakdown(found, started_wall, latency)}")
    assert latency < LATENCY_LIMIT_S


def test_last_event_id_resumes_strictly_after_it(ingested: Stack) -> None:
    def first_ids(headers: dict[str, str], n: int) -> list[str]:
        with httpx.stream("GET", f"{ingested.api_url}/v1/stream", headers=headers,
                          timeout=httpx.Timeout(10, read=30)) as resp:
            assert resp.status_code == 200
            ids = []
            for _, message in events(resp, deadline=time.monotonic() + 20):
                assert message.id is not None
                ids.append(message.id)
                if len(ids) == n:
                    break
        return ids

    # "0-0" replays from the stream's beginning: the ingested corpus made plenty of changes.
    history = first_ids({"Last-Event-ID": "0-0"}, 4)
    assert len(history) == 4
    resumed = first_ids({"Last-Event-ID": history[0]}, 3)
    assert resumed == history[1:]
    by_param = httpx.Client(timeout=httpx.Timeout(10, read=30))
    with by_param.stream("GET", f"{ingested.api_url}/v1/stream", params={"last_event_id": history[1]}) as resp:
        first = next(m for _, m in events(resp, deadline=time.monotonic() + 20))
    by_param.close()
    assert first.id == history[2]


def test_ready_checks_the_broker_and_dedupe_lag(ingested: Stack) -> None:
    resp = httpx.get(f"{ingested.api_url}/ready", timeout=10)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["redis"] is True and body["kafka"] is True  # SITREP_KAFKA_BOOTSTRAP is set by the stack
    assert body["dedupe_lag"] == 0 and body["reasons"] == []  # the fixture waited for the pipeline to idle
