"""The incident store in Redis: match-or-create as one optimistic transaction per event.

WATCH the country's revision counter, read, decide, then MULTI/EXEC the plan together with the
event -> incident record that makes a redelivered event a no-op. Any concurrent write to the same
country bumps the counter, aborts EXEC and the decision is re-made on fresh data. Extract keys
events.v1 by country, so concurrent writers to one country only meet during a consumer rebalance.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Sequence

import redis
from sitrep_common import redis_keys as k
from sitrep_common.errors import TransientError
from sitrep_common.models import Event, Incident, MatchInfo
from sitrep_common.redis_client import connect
from sitrep_common.settings import RedisSettings

from sitrep_dedupe.clustering import Plan, index_entries
from sitrep_dedupe.store import Decide

log = logging.getLogger(__name__)
EVENT_MATCH = f"{k.PREFIX}:event_match"  # hash: event_id -> MatchInfo JSON (why it was linked)
MAX_CONFLICT_RETRIES = 20


def _text(value: object) -> str:
    """Redis replies are bytes here (decode_responses=False)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def _tier_key(country_code: str, tier: str) -> str:
    return k.country_events(country_code) + ("" if tier == "day" else f":{tier}")


class EventCache:
    """Parsed events by id, least recently used dropped first.

    Safe because an event's JSON never changes once written (its incident lives in EVENT_INCIDENT,
    which is always read fresh); it spares re-fetching and re-parsing the same candidates.
    """

    def __init__(self, size: int = 200_000) -> None:
        self._size = size
        self._items: OrderedDict[str, Event] = OrderedDict()

    def get(self, event_id: str) -> Event | None:
        found = self._items.get(event_id)
        if found is not None:
            self._items.move_to_end(event_id)
        return found

    def put(self, event: Event) -> None:
        self._items[event.event_id] = event
        self._items.move_to_end(event.event_id)
        if len(self._items) > self._size:
            self._items.popitem(last=False)


class _View:
    """Reads that execute at once: on the client, or on a pipeline in WATCH mode (seeing the watched state)."""

    def __init__(self, client: redis.Redis | redis.client.Pipeline, cache: EventCache | None = None) -> None:
        self._r = client
        self._cache = cache or EventCache(0)

    def candidates(self, country_code: str, tier: str, lo: int, hi: int) -> list[Event]:
        ids = [_text(i) for i in self._r.zrangebyscore(_tier_key(country_code, tier), lo, hi)]
        return self.events(ids)

    def incident_of(self, event_ids: Sequence[str]) -> dict[str, str]:
        if not event_ids:
            return {}
        values = self._r.hmget(k.EVENT_INCIDENT, list(event_ids))
        return {e: _text(v) for e, v in zip(event_ids, values, strict=True) if v}

    def incidents(self, incident_ids: Sequence[str]) -> dict[str, Incident]:
        if not incident_ids:
            return {}
        raws = self._r.mget([k.incident(i) for i in incident_ids])
        return {i: Incident.model_validate_json(r) for i, r in zip(incident_ids, raws, strict=True) if r}

    def events(self, event_ids: Sequence[str]) -> list[Event]:
        if not event_ids:
            return []
        parsed = {e: hit for e in event_ids if (hit := self._cache.get(e)) is not None}
        missing = [e for e in event_ids if e not in parsed]
        if missing:
            for e, raw in zip(missing, self._r.mget([k.event(e) for e in missing]), strict=True):
                if raw:
                    parsed[e] = Event.model_validate_json(raw)
                    self._cache.put(parsed[e])
        owners = self.incident_of(event_ids)
        return [parsed[e].model_copy(update={"incident_id": owners.get(e)}) for e in event_ids if e in parsed]

    def match_infos(self, event_ids: Sequence[str]) -> dict[str, MatchInfo]:
        if not event_ids:
            return {}
        raws = self._r.hmget(EVENT_MATCH, list(event_ids))
        return {e: MatchInfo.model_validate_json(r) for e, r in zip(event_ids, raws, strict=True) if r}


class RedisStore:
    def __init__(self, client: redis.Redis, cache_size: int = 200_000) -> None:
        self._redis = client
        self._cache = EventCache(cache_size)

    @classmethod
    def connect(cls, settings: RedisSettings) -> RedisStore:
        return cls(connect(settings))

    def processed(self, event_id: str) -> Incident | None:
        try:
            owner = self._redis.hget(k.EVENT_INCIDENT, event_id)
            return self.incident(_text(owner)) if owner else None
        except redis.RedisError as exc:
            raise TransientError(f"redis: {exc}") from exc

    def incident(self, incident_id: str) -> Incident | None:
        try:
            raw = self._redis.get(k.incident(incident_id))
        except redis.RedisError as exc:
            raise TransientError(f"redis: {exc}") from exc
        return Incident.model_validate_json(raw) if raw else None

    def all_incidents(self) -> list[Incident]:
        ids = [_text(i) for i in self._redis.zrange(k.INCIDENTS_BY_DATE, 0, -1)]
        return list(_View(self._redis).incidents(ids).values()) if ids else []

    def apply(self, event: Event, decide: Decide) -> Plan | None:
        country = event.country_code or "XX"
        try:
            for attempt in range(MAX_CONFLICT_RETRIES):
                with self._redis.pipeline() as pipe:
                    try:
                        pipe.watch(k.country_revision(country))  # type: ignore[no-untyped-call]
                        if pipe.hexists(k.EVENT_INCIDENT, event.event_id):
                            return None
                        plan = decide(_View(pipe, self._cache))
                        pipe.multi()
                        self._write(pipe, plan, country)
                        pipe.execute()
                        return plan
                    except redis.WatchError:
                        log.info("match-or-create conflict, retrying",
                                 extra={"event_id": event.event_id, "attempt": attempt})
            raise TransientError(f"gave up after {MAX_CONFLICT_RETRIES} write conflicts on {country}")
        except redis.RedisError as exc:
            raise TransientError(f"redis: {exc}") from exc

    @staticmethod
    def _write(pipe: redis.client.Pipeline, plan: Plan, country: str) -> None:
        ev, inc = plan.event, plan.incident
        pipe.set(k.event(ev.event_id), ev.model_copy(update={"incident_id": None}).model_dump_json())
        pipe.hset(k.EVENT_INCIDENT, ev.event_id, inc.incident_id)
        if plan.match_info:
            pipe.hset(EVENT_MATCH, ev.event_id, plan.match_info.model_dump_json())
        if plan.moved_events:
            pipe.hset(k.EVENT_INCIDENT, mapping=dict(plan.moved_events.items()))
        if plan.relinked:
            pipe.hset(EVENT_MATCH, mapping={e: info.model_dump_json() for e, info in plan.relinked.items()})
        pipe.sadd(k.article_events(ev.article_id), ev.event_id)
        for tier, score in index_entries(ev):
            pipe.zadd(_tier_key(ev.country_code or "", tier), {ev.event_id: score})
        for changed, kind in [(inc, plan.kind.value), *((other, "updated") for other in plan.updated)]:
            pipe.set(k.incident(changed.incident_id), changed.model_dump_json())
            pipe.zadd(k.INCIDENTS_BY_DATE, {changed.incident_id: changed.date.toordinal() if changed.date else 0})
            pipe.zadd(k.INCIDENTS_BY_UPDATED, {changed.incident_id: changed.updated_at.timestamp()})
            pipe.rpush(k.incident_history(changed.incident_id), _history_entry(plan, changed, kind))
            _announce(pipe, kind, changed)
        for gone in plan.absorbed:
            pipe.set(k.incident(gone.incident_id), gone.model_dump_json())
            pipe.zrem(k.INCIDENTS_BY_DATE, gone.incident_id)
            pipe.zrem(k.INCIDENTS_BY_UPDATED, gone.incident_id)
            pipe.rpush(k.incident_history(gone.incident_id), _history_entry(plan, gone, "merged"))
            _announce(pipe, "merged", gone)
        if plan.kind == "created":
            pipe.incr(k.INCIDENT_COUNT)
        pipe.incr(k.country_revision(country))


def _announce(pipe: redis.client.Pipeline, kind: str, inc: Incident) -> None:
    pipe.xadd(k.CHANGES, {"kind": kind, "incident_id": inc.incident_id, "version": inc.version,
                          "merged_into": inc.merged_into or ""}, maxlen=k.CHANGES_MAXLEN, approximate=True)


def _history_entry(plan: Plan, inc: Incident, kind: str) -> str:
    return json.dumps({"kind": kind, "version": inc.version, "updated_at": inc.updated_at.isoformat(),
                  "event_id": plan.event.event_id, "article_id": plan.event.article_id,
                  "merged_into": inc.merged_into})
