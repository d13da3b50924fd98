"""Incident changes as Server-Sent Events, read from the Redis Stream redis_keys.CHANGES.

Dedupe XADDs one entry (kind, incident_id, version, merged_into) in the same transaction as every
incident change, so the stream is the commit order and its entry ids are the SSE event ids:
a client that reconnects with `Last-Event-ID` continues strictly after the last entry it saw and
misses nothing, unless the capped stream (redis_keys.CHANGES_MAXLEN) trimmed entries after that id
(or Redis was replaced); then a `reset` event tells it to reload through /v1/incidents and follow on.
Without an id, the stream starts at its current end: only changes from now on.

Each message carries the incident as it is *now* (redis_keys.incident), which may already be at a
later version than the entry's `version`; clients keep the higher version.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from pydantic import ValidationError
from redis.exceptions import RedisError, ResponseError
from sitrep_common import redis_keys as k
from sitrep_common.models import Incident

from sitrep_api.query import IncidentFilter, InvalidQuery

log = logging.getLogger(__name__)

BATCH = 100
RETRY_MS = 2000  # how long an EventSource waits before reconnecting, sent once per connection
PING = ": ping\n\n"
_ENTRY_ID = re.compile(r"^(\d{1,20})(?:-(\d{1,20}))?$")


def parse_entry_id(text: str) -> str:
    """A client's Last-Event-ID as a full stream id ("123" -> "123-0"); anything else is InvalidQuery."""
    found = _ENTRY_ID.match(text.strip())
    if found is None:
        raise InvalidQuery("Last-Event-ID must be a stream entry id as sent in `id:` (e.g. 1712000000000-0)",
                           loc=("header", "Last-Event-ID"))
    return f"{int(found[1])}-{int(found[2] or 0)}"


def _id_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


def _text(raw: object) -> str:
    return raw.decode() if isinstance(raw, bytes) else str(raw)


@dataclass(frozen=True)
class Change:
    entry_id: str
    kind: str
    incident_id: str
    version: int
    merged_into: str | None
    incident: Incident | None  # None when the incident record is missing or unreadable

    def payload(self) -> dict[str, Any]:
        return {"kind": self.kind, "incident_id": self.incident_id, "version": self.version,
                "merged_into": self.merged_into,
                "incident": self.incident.model_dump(mode="json") if self.incident else None}

    def sse(self) -> str:
        # json.dumps never emits a raw newline, so the data fits on one `data:` line.
        return f"id: {self.entry_id}\nevent: {self.kind}\ndata: {json.dumps(self.payload())}\n\n"


async def stream_end(r: aioredis.Redis) -> str:
    """The id of the newest entry ("0-0" for an empty or absent stream): "$" resolved once, so that
    the reads after it continue from a fixed position and lose nothing between two XREADs."""
    rows = await r.xrevrange(k.CHANGES, count=1)
    return _text(rows[0][0]) if rows else "0-0"


async def resume_from(r: aioredis.Redis, entry_id: str) -> tuple[str, bool]:
    """Where to continue for a client that last saw `entry_id`, and whether it must reload (reset).

    Reset when changes after its id may be gone: the cap trimmed entries (Redis only records that
    some were, so an id just before the oldest kept entry is reset too: a reload is always safe) or
    XDEL deleted some; or when its id is ahead of anything this stream made (Redis was replaced):
    waiting for ids above it would deliver nothing, so it follows from the current end."""
    try:
        info = await r.xinfo_stream(k.CHANGES)
    except ResponseError:  # no such key: the stream it read from no longer exists
        return "0-0", entry_id != "0-0"
    last = _id_key(_text(info.get("last-generated-id") or "0-0"))
    if _id_key(entry_id) > last:
        return f"{last[0]}-{last[1]}", True
    first = info.get("first-entry")
    trimmed = int(info.get("entries-added") or 0) > int(info.get("length") or 0)
    gap = trimmed and first is not None and _id_key(entry_id) < _id_key(_text(first[0]))
    deleted = info.get("max-deleted-entry-id")
    gap = gap or (deleted is not None and _id_key(_text(deleted)) > _id_key(entry_id))
    return entry_id, gap


async def read_changes(r: aioredis.Redis, after: str, block_ms: int | None, count: int = BATCH) -> list[Change]:
    """Entries strictly after `after`, each with its incident's current JSON; waits up to block_ms
    (None = do not block) for the first one."""
    reply: Any = await r.xread({k.CHANGES: after}, count=count, block=block_ms)
    entries: Sequence[tuple[Any, dict[Any, Any]]] = reply[0][1] if reply else []
    if not entries:
        return []
    fields = [{_text(name): _text(value) for name, value in data.items()} for _, data in entries]
    raws = await r.mget([k.incident(f.get("incident_id", "")) for f in fields])
    changes = []
    for (entry_id, _), f, raw in zip(entries, fields, raws, strict=True):
        changes.append(Change(
            entry_id=_text(entry_id), kind=f.get("kind", "updated"), incident_id=f.get("incident_id", ""),
            version=int(f.get("version") or 0), merged_into=f.get("merged_into") or None,
            incident=_incident(raw)))
    return changes


def _incident(raw: bytes | str | None) -> Incident | None:
    if raw is None:
        return None
    try:
        return Incident.model_validate_json(raw)
    except ValidationError:
        return None


def _wanted(change: Change, flt: IncidentFilter | None) -> bool:
    if flt is None:
        return True
    return change.incident is not None and flt.matches(change.incident)


async def sse_messages(r: aioredis.Redis, after: str, *, heartbeat_s: float, flt: IncidentFilter | None = None,
                       reset: bool = False) -> AsyncGenerator[str, None]:
    """SSE text for every change after `after`, forever, with a ": ping" comment whenever nothing was
    sent for heartbeat_s (proxies close idle connections). Cancellation (client gone) ends it at the
    XREAD it is waiting in; redis-py then drops that connection rather than reuse it half-read."""
    yield f"retry: {RETRY_MS}\n\n"  # also puts the first bytes on the wire at once
    if reset:
        yield f"event: reset\ndata: {json.dumps({'reason': 'changes after your Last-Event-ID were trimmed'})}\n\n"
    position, last_sent = after, time.monotonic()
    while True:
        wait_s = max(0.0, heartbeat_s - (time.monotonic() - last_sent))
        try:
            changes = await read_changes(r, position, block_ms=max(1, int(wait_s * 1000)))
        except RedisError as exc:
            # The response has started, so no 503 is possible: end the stream; the client reconnects
            # after `retry` with its Last-Event-ID and loses nothing.
            log.warning("change stream ended: redis unavailable", extra={"after": position, "error": str(exc)})
            return
        for change in changes:
            position = change.entry_id
            if _wanted(change, flt):
                last_sent = time.monotonic()
                yield change.sse()
        if time.monotonic() - last_sent >= heartbeat_s:
            last_sent = time.monotonic()
            yield PING


async def open_stream(r: aioredis.Redis, last_event_id: str | None, *, heartbeat_s: float,
                      flt: IncidentFilter | None = None) -> AsyncGenerator[str, None]:
    """Where to start (after the client's id, else at the current end), then sse_messages.

    Resolved before the response starts, so a bad id is a 422 and Redis being down a 503."""
    if last_event_id is None:
        return sse_messages(r, await stream_end(r), heartbeat_s=heartbeat_s, flt=flt)
    after, reset = await resume_from(r, parse_entry_id(last_event_id))
    return sse_messages(r, after, heartbeat_s=heartbeat_s, flt=flt, reset=reset)
