"""Every Redis read of the API, over the layout in sitrep_common.redis_keys (dedupe and ingest write it).

Listing is a keyset scan: walk the zset of the sort order from the cursor's (score, id), strictly
after it, fetch the JSON of each batch with one MGET and filter in Python. Within one score, Redis
orders members by id (reversed for REV), so (score, id) is a total order and a page boundary never
skips or repeats an item, however many incidents arrive in between. Sorting by casualties has no
index: it reads every live incident in the date window, which is simple and correct, not fast.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import redis
from pydantic import ValidationError
from sitrep_common import redis_keys as k
from sitrep_common.models import Article, Event, Incident, event_as_shown

from sitrep_api.query import Cursor, IncidentQuery
from sitrep_api.schemas import IncidentTotals, PipelineCounters, Stats

log = logging.getLogger(__name__)

BATCH = 200
MAX_MERGE_HOPS = 10
PIPELINE_COUNTERS = ("articles_ingested", "events_extracted", "dead_letters", "articles_skipped_language")

M = TypeVar("M", Incident, Article, Event)
Bound = float | str  # a zset score bound: a number, "-inf"/"+inf" or "(x" (exclusive)


@dataclass(frozen=True)
class Resolved:
    incident: Incident
    requested_id: str

    @property
    def redirected(self) -> bool:
        return self.incident.incident_id != self.requested_id


@dataclass(frozen=True)
class Page:
    items: list[Incident]
    next_cursor: Cursor | None


def _text(raw: object) -> str:
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def _members(rows: Any) -> list[str]:
    """ZRANGE / SMEMBERS replies as ids (redis-py's reply types are wide unions)."""
    return [_text(m) for m in rows]


def _scored(rows: Any) -> list[tuple[str, float]]:
    """ZRANGE ... WITHSCORES replies as (id, score)."""
    return [(_text(m), float(s)) for m, s in rows]


class Repository:
    def __init__(self, client: redis.Redis, probe: redis.Redis | None = None) -> None:
        """`client` reads (retrying connection errors); `probe`, if given, answers ping() fast, no retries."""
        self._r = client
        self._probe = probe or client

    def ping(self) -> bool:
        return bool(self._probe.ping())

    # ---- incidents -------------------------------------------------------------------------

    def incident(self, incident_id: str) -> Resolved | None:
        """The incident, following merged_into (at most MAX_MERGE_HOPS) to the one it became."""
        current = self._load_incident(incident_id)
        if current is None:
            return None
        seen = {current.incident_id}
        for _ in range(MAX_MERGE_HOPS):
            target_id = current.merged_into
            if not target_id or target_id in seen:
                break
            target = self._load_incident(target_id)
            if target is None:
                log.warning("merged_into points to a missing incident",
                            extra={"incident_id": current.incident_id, "merged_into": target_id})
                break
            seen.add(target_id)
            current = target
        return Resolved(current, incident_id)

    def history(self, incident_id: str) -> list[dict[str, Any]] | None:
        """Change summaries of the incident (oldest first); None when the incident is unknown."""
        raws = self._r.lrange(k.incident_history(incident_id), 0, -1)
        if not raws and not self._r.exists(k.incident(incident_id)):
            return None
        items: list[dict[str, Any]] = []
        for raw in raws:
            try:
                items.append(_json_object(raw))
            except ValueError:
                log.warning("unreadable history entry", extra={"incident_id": incident_id})
        return items

    def list_incidents(self, query: IncidentQuery) -> Page:
        wanted = query.limit + 1  # one more tells whether there is a next page
        if query.sort.key == "killed":
            found = self._by_killed(query, wanted)
        else:
            found = []
            for batch in self._scan_zset(query):
                incidents = self._load_many([m for m, _ in batch])
                for member, score in batch:
                    inc = incidents.get(member)
                    if inc is not None and query.filter.matches(inc):
                        found.append((inc, score))
                if len(found) >= wanted:
                    break
        page = found[: query.limit]
        more = len(found) > query.limit
        cursor = Cursor(query.sort, page[-1][1], page[-1][0].incident_id) if more and page else None
        return Page([inc for inc, _ in page], cursor)

    def _scan_zset(self, query: IncidentQuery) -> Iterator[list[tuple[str, float]]]:
        """Batches of (id, score) of live incidents in sort order, strictly after the cursor."""
        flt, desc = query.filter, query.sort.descending
        if query.sort.key == "date":
            key = k.INCIDENTS_BY_DATE
            lo: Bound = flt.date_from.toordinal() if flt.date_from else "-inf"
            hi: Bound = flt.date_to.toordinal() if flt.date_to else "+inf"
        else:
            key = k.INCIDENTS_BY_UPDATED
            lo = _aware(flt.updated_since).timestamp() if flt.updated_since else "-inf"
            hi = "+inf"
        boundary = (query.after.score, query.after.incident_id) if query.after else None
        while True:
            start_lo, start_hi = lo, hi
            if boundary is not None:
                score, last = boundary
                if _within(score, lo, hi):
                    ties = _members(self._r.zrange(key, score, score, byscore=True))
                    after = [m for m in reversed(ties) if m < last] if desc else [m for m in ties if m > last]
                    if after:
                        yield [(m, score) for m in after]
                if desc:
                    start_hi = f"({score!r}" if _below(score, hi) else hi
                else:
                    start_lo = f"({score!r}" if _above(score, lo) else lo
            bounds = (start_hi, start_lo) if desc else (start_lo, start_hi)
            rows = self._r.zrange(key, bounds[0], bounds[1], desc=desc, byscore=True,
                                  offset=0, num=BATCH, withscores=True)
            batch = _scored(rows)
            if batch:
                yield batch
            if len(batch) < BATCH:
                return
            boundary = (batch[-1][1], batch[-1][0])

    def _by_killed(self, query: IncidentQuery, wanted: int) -> list[tuple[Incident, float]]:
        flt = query.filter
        lo: Bound = flt.date_from.toordinal() if flt.date_from else "-inf"
        hi: Bound = flt.date_to.toordinal() if flt.date_to else "+inf"
        ids = _members(self._r.zrange(k.INCIDENTS_BY_DATE, lo, hi, byscore=True))
        rows: list[tuple[Incident, float]] = []
        for start in range(0, len(ids), BATCH):
            for inc in self._load_many(ids[start:start + BATCH]).values():
                if flt.matches(inc):
                    rows.append((inc, float(inc.killed.best if inc.killed.best is not None else -1)))
        desc = query.sort.descending
        rows.sort(key=lambda r: (r[1], r[0].incident_id), reverse=desc)
        if query.after is not None:
            mark = (query.after.score, query.after.incident_id)
            rows = [r for r in rows if _after((r[1], r[0].incident_id), mark, desc)]
        return rows[:wanted]

    def _load_incident(self, incident_id: str) -> Incident | None:
        raw = self._r.get(k.incident(incident_id))
        return _parse(Incident, raw, incident_id) if raw else None

    def _load_many(self, ids: Sequence[str]) -> dict[str, Incident]:
        """Live incidents by id; missing, unreadable or merged ones (a race with dedupe) are left out."""
        if not ids:
            return {}
        out: dict[str, Incident] = {}
        for incident_id, raw in zip(ids, self._r.mget([k.incident(i) for i in ids]), strict=True):
            inc = _parse(Incident, raw, incident_id) if raw else None
            if inc is not None and inc.merged_into is None:
                out[incident_id] = inc
        return out

    # ---- articles --------------------------------------------------------------------------

    def article(self, article_or_external_id: str) -> tuple[Article, list[Event]] | None:
        """The article by canonical or external id, with its events and each event's current incident."""
        raw = self._r.get(k.article(article_or_external_id))
        if raw is None:
            alias = self._r.hget(k.ARTICLE_ALIAS, article_or_external_id)
            raw = self._r.get(k.article(_text(alias))) if alias else None
        article = _parse(Article, raw, article_or_external_id) if raw else None
        if article is None:
            return None
        event_ids = sorted(_members(self._r.smembers(k.article_events(article.article_id))))
        if not event_ids:
            return article, []
        pipe = self._r.pipeline(transaction=False)
        pipe.mget([k.event(e) for e in event_ids])
        pipe.hmget(k.EVENT_INCIDENT, event_ids)
        raws, owners = pipe.execute()
        owner_ids = [_text(o) if o else None for o in owners]
        incidents = self._load_many(sorted({o for o in owner_ids if o}))
        events = []
        for event_id, raw_event, owner in zip(event_ids, raws, owner_ids, strict=True):
            event = _parse(Event, raw_event, event_id) if raw_event else None
            if event is not None:
                events.append(event_as_shown(event, owner, incidents.get(owner) if owner else None))
        events.sort(key=lambda e: (not e.primary, e.event_id))
        return article, events

    # ---- stats -----------------------------------------------------------------------------

    def stats(self) -> Stats:
        ids = _members(self._r.zrange(k.INCIDENTS_BY_DATE, 0, -1))
        by_type: Counter[str] = Counter()
        by_country: Counter[str] = Counter()
        by_date: Counter[str] = Counter()
        live = 0
        for start in range(0, len(ids), BATCH):
            for inc in self._load_many(ids[start:start + BATCH]).values():
                live += 1
                by_type[inc.event_type] += 1
                by_country[inc.country or inc.country_code or "unknown"] += 1
                by_date[inc.date.isoformat() if inc.date else "unknown"] += 1
        pipe = self._r.pipeline(transaction=False)
        pipe.mget([k.counter(n) for n in PIPELINE_COUNTERS])
        pipe.get(k.INCIDENT_COUNT)
        pipe.zcard(k.ARTICLES_BY_RECEIVED)
        pipe.hlen(k.EVENT_INCIDENT)
        pipe.hgetall(k.CONSUMER_LAG)
        pipe.hgetall(k.DEAD_LETTERS_BY_SERVICE)
        counters, created, stored, linked, lag, dead = pipe.execute()
        values = dict(zip(PIPELINE_COUNTERS, (_int(v) for v in counters), strict=True))
        return Stats(
            generated_at=datetime.now(UTC),
            incidents=IncidentTotals(live=live, created=max(_int(created), live)),
            by_event_type=dict(by_type.most_common()),
            by_country=dict(by_country.most_common()),
            by_date=dict(sorted(by_date.items(), reverse=True)),
            pipeline=PipelineCounters(**values, articles_stored=int(stored), events_linked=int(linked),
                                      consumer_lag={_text(s): _int(v) for s, v in lag.items()},
                                      dead_letters_by_service={_text(s): _int(v) for s, v in dead.items()}),
        )


def _parse(model: type[M], raw: bytes | str, ident: str) -> M | None:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        log.warning("unreadable record in redis",
                    extra={"model": model.__name__, "id": ident, "error": str(exc)})
        return None


def _json_object(raw: bytes | str) -> dict[str, Any]:
    value = json.loads(raw)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _int(raw: bytes | str | None) -> int:
    try:
        return int(raw) if raw is not None else 0
    except ValueError:
        return 0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _num(bound: Bound, default: float) -> float:
    return float(bound) if not isinstance(bound, str) else default


def _within(score: float, lo: Bound, hi: Bound) -> bool:
    return _num(lo, float("-inf")) <= score <= _num(hi, float("inf"))


def _above(score: float, lo: Bound) -> bool:
    return score >= _num(lo, float("-inf"))


def _below(score: float, hi: Bound) -> bool:
    return score <= _num(hi, float("inf"))


def _after(key: tuple[float, str], mark: tuple[float, str], desc: bool) -> bool:
    return key < mark if desc else key > mark
