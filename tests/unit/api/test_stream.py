"""The change stream: sitrep_api.changes called directly on a real Redis, then GET /v1/stream over HTTP."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest
import redis
import redis.asyncio as aioredis
from sitrep_api import changes
from sitrep_api.query import IncidentFilter, InvalidQuery
from sitrep_common import redis_keys as k
from sitrep_common.models import Incident

from tests.unit.api import sse

T = TypeVar("T")


def announce(r: redis.Redis, kind: str, inc: Incident, maxlen: int | None = None) -> str:
    """As dedupe's _announce: one entry per change."""
    entry = r.xadd(k.CHANGES, {"kind": kind, "incident_id": inc.incident_id, "version": inc.version,
                               "merged_into": inc.merged_into or ""}, maxlen=maxlen, approximate=False)
    return entry.decode() if isinstance(entry, bytes) else str(entry)


def run(api_redis_url: str, body: Callable[[aioredis.Redis], Awaitable[T]]) -> T:
    async def main() -> T:
        client = aioredis.Redis.from_url(api_redis_url)
        try:
            return await body(client)
        finally:
            await client.aclose()
    return asyncio.run(main())


async def take(stream: AsyncGenerator[str, None], n: int, timeout_s: float = 5.0) -> list[str]:
    return [await asyncio.wait_for(anext(stream), timeout_s) for _ in range(n)]


def test_read_changes_carries_each_incidents_current_json(r: redis.Redis, api_redis_url: str,
                                                          world: list[Incident]) -> None:
    first = announce(r, "created", world[0])
    announce(r, "updated", world[2])
    r.xadd(k.CHANGES, {"kind": "created", "incident_id": "gone", "version": 1, "merged_into": ""})

    got = run(api_redis_url, lambda c: changes.read_changes(c, "0-0", block_ms=None))
    assert [(c.kind, c.incident_id) for c in got] == [("created", "ng-1"), ("updated", "eg-1"), ("created", "gone")]
    assert got[0].entry_id == first
    assert got[1].incident == world[2]
    assert got[2].incident is None
    after_first = run(api_redis_url, lambda c: changes.read_changes(c, first, block_ms=None))
    assert [c.incident_id for c in after_first] == ["eg-1", "gone"]


def test_sse_text_of_one_change(world: list[Incident]) -> None:
    change = changes.Change("5-1", "merged", "ng-2", 2, "ng-1", world[1])
    [message] = sse.parse(change.sse())
    assert (message.id, message.event) == ("5-1", "merged")
    body = message.json()
    assert {k: body[k] for k in ("kind", "incident_id", "version", "merged_into")} == {
        "kind": "merged", "incident_id": "ng-2", "version": 2, "merged_into": "ng-1"}
    assert Incident.model_validate(body["incident"]) == world[1]


def test_without_an_id_it_starts_at_the_end_follows_and_pings(r: redis.Redis, api_redis_url: str,
                                                              world: list[Incident]) -> None:
    announce(r, "created", world[0])  # before the client came: not sent

    async def body(client: aioredis.Redis) -> list[str]:
        stream = await changes.open_stream(client, None, heartbeat_s=0.2)
        head = await take(stream, 1)
        entry = announce(r, "created", world[2])
        out = head + await take(stream, 2)
        await stream.aclose()  # what cancellation on disconnect does: ends it without an error
        return [*out, entry]

    retry, message, ping, entry = run(api_redis_url, body)
    assert retry == f"retry: {changes.RETRY_MS}\n\n"
    [parsed] = sse.parse(message)
    assert (parsed.id, parsed.event, parsed.json()["incident_id"]) == (entry, "created", "eg-1")
    assert ping == changes.PING


def test_last_event_id_resumes_strictly_after_it(r: redis.Redis, api_redis_url: str,
                                                 world: list[Incident]) -> None:
    ids = [announce(r, "created", inc) for inc in world[:4]]

    async def body(client: aioredis.Redis) -> list[str]:
        stream = await changes.open_stream(client, ids[1], heartbeat_s=5)
        out = await take(stream, 3)
        await stream.aclose()
        return out

    _, *sent = run(api_redis_url, body)
    assert [m.id for text in sent for m in sse.parse(text)] == ids[2:]


def test_filters_apply_to_the_current_incident(r: redis.Redis, api_redis_url: str, world: list[Incident]) -> None:
    ids = {inc.incident_id: announce(r, "created", inc) for inc in world}

    async def body(client: aioredis.Redis) -> list[str]:
        stream = await changes.open_stream(client, "0-0", heartbeat_s=5,
                                           flt=IncidentFilter(country="eg", event_type="protests"))
        out = await take(stream, 2)
        await stream.aclose()
        return out

    _, sent = run(api_redis_url, body)
    assert [m.id for m in sse.parse(sent)] == [ids["eg-2"]]


@pytest.mark.parametrize("text", ["abc", "1-2-3", "-1", "12-", "", "9" * 21])
def test_a_malformed_id_is_rejected(text: str) -> None:
    with pytest.raises(InvalidQuery):
        changes.parse_entry_id(text)


def test_an_id_without_sequence_means_sequence_zero() -> None:
    assert changes.parse_entry_id(" 1712000000000 ") == "1712000000000-0"


def test_reset_when_entries_after_the_id_were_trimmed(r: redis.Redis, api_redis_url: str,
                                                      world: list[Incident]) -> None:
    ids = [announce(r, "updated", inc, maxlen=3) for inc in world[:6]]  # keeps the last three
    assert run(api_redis_url, lambda c: changes.resume_from(c, ids[0])) == (ids[0], True)
    assert run(api_redis_url, lambda c: changes.resume_from(c, ids[3])) == (ids[3], False)

    async def body(client: aioredis.Redis) -> list[str]:
        stream = await changes.open_stream(client, ids[0], heartbeat_s=5)
        out = await take(stream, 3)
        await stream.aclose()
        return out

    _, reset, following = run(api_redis_url, body)
    assert [m.event for m in sse.parse(reset)] == ["reset"]
    assert [m.id for m in sse.parse(following)] == [ids[3]]  # what is still there follows the reset


def test_reset_when_the_id_is_ahead_of_this_stream(r: redis.Redis, api_redis_url: str,
                                                   world: list[Incident]) -> None:
    last = announce(r, "created", world[0])
    assert run(api_redis_url, lambda c: changes.resume_from(c, "99999999999999-0")) == (last, True)
    r.delete(k.CHANGES)
    assert run(api_redis_url, lambda c: changes.resume_from(c, last)) == ("0-0", True)


# ---- over HTTP ---------------------------------------------------------------------------------

def blocked_stream_readers(r: redis.Redis) -> int:
    clients: list[dict[str, Any]] = r.client_list()
    return sum(1 for c in clients if c.get("cmd") == "xread")


def test_http_stream_resumes_from_the_header_and_frees_redis_on_disconnect(
        r: redis.Redis, live_api: str, world: list[Incident]) -> None:
    ids = [announce(r, "created", inc) for inc in world[:3]]
    got: list[sse.Message] = []
    with httpx.stream("GET", f"{live_api}/v1/stream", headers={"Last-Event-ID": ids[0]}, timeout=10) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"].startswith("text/event-stream")
        assert resp.headers["cache-control"] == "no-cache, no-transform"
        for message in sse.messages(resp.iter_lines()):
            got.append(message)
            if message.comment == "ping":
                break
    assert [(m.id, m.event) for m in got[:2]] == [(ids[1], "created"), (ids[2], "created")]
    assert got[0].json()["incident"]["incident_id"] == world[1].incident_id
    # The client is gone: its generator ends and the blocked XREAD connection is dropped.
    deadline = time.monotonic() + 5
    while blocked_stream_readers(r) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert blocked_stream_readers(r) == 0


def test_http_stream_takes_the_id_as_a_query_parameter(r: redis.Redis, live_api: str,
                                                       world: list[Incident]) -> None:
    ids = [announce(r, "created", inc) for inc in world[:2]]
    with httpx.stream("GET", f"{live_api}/v1/stream", params={"last_event_id": ids[0]}, timeout=10) as resp:
        first = next(m for m in sse.messages(resp.iter_lines()) if m.id)
    assert first.id == ids[1]


def test_http_stream_rejects_a_bad_id(live_api: str) -> None:
    resp = httpx.get(f"{live_api}/v1/stream", headers={"Last-Event-ID": "not-an-id"}, timeout=10)
    assert resp.status_code == 422
    [error] = resp.json()["detail"]
    assert error["loc"] == ["header", "Last-Event-ID"] and "stream entry id" in error["msg"]
