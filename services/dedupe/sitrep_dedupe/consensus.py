"""Build an incident snapshot from the events linked into it: consensus fields plus every claim.

Deterministic: the result depends only on the set of events (they are sorted by event_id first),
never on arrival order, so replays and redeliveries produce identical snapshots.

Voting rules (documented in MATCHING.md):
- Votes are counted per independent source: wire copies of one AP story vote once (outlets.py).
- Primary events (the article's main incident) decide; background mentions only vote when no
  primary event gives the field.
- Ties: more votes among all events, then a fixed rule per field (earliest date, larger figure,
  alphabetical for names), so the winner never depends on order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple, TypeVar

from sitrep_common.models import Event, Figure, FigureClaim, Incident, MatchInfo, SourceClaim
from sitrep_common.models.events import GeoPrecision

from sitrep_dedupe.outlets import source_key
from sitrep_dedupe.places import fold

T = TypeVar("T", bound=Hashable)
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


Keys = Mapping[str, str]  # event_id -> independent source (see source_keys)


def source_keys(events: Sequence[Event]) -> dict[str, str]:
    """Each event's independent source: a copy of a wire text counts as the original it copies.

    Ingest marks copies with copy_of (the first-seen copy's article id); the outlet string names an
    agency in other cases ("Yahoo News (AP)"). A copy whose original is not in the incident shares a
    key with the other copies of that original.
    """
    own = {e.article_id: source_key(e.outlet, e.article_id) for e in events}
    return {e.event_id: (own.get(e.copy_of) or f"copy:{e.copy_of}") if e.copy_of else own[e.article_id]
            for e in events}


def _votes(events: Sequence[Event], value: Callable[[Event], T | None], keys: Keys) -> dict[T, int]:
    """Distinct sources per non-null value."""
    sources: dict[T, set[str]] = defaultdict(set)
    for e in events:
        v = value(e)
        if v is not None:
            sources[v].add(keys[e.event_id])
    return {v: len(s) for v, s in sources.items()}


def _elect(
    events: Sequence[Event], value: Callable[[Event], T | None], tiebreak: Callable[[T], tuple[object, ...]],
    keys: Keys,
) -> T | None:
    """The value most sources give among primary events (all events if no primary gives one)."""
    primaries = [e for e in events if e.primary]
    votes = _votes(primaries, value, keys) or _votes(events, value, keys)
    if not votes:
        return None
    everyone = _votes(events, value, keys)
    return min(votes, key=lambda v: (-votes[v], -everyone.get(v, 0), *tiebreak(v)))


def _alpha(v: str | tuple[str, str]) -> tuple[object, ...]:
    return (v,)


def _spelling(events: Sequence[Event], key: str, value: Callable[[Event], str | None], keys: Keys) -> str:
    """The most common raw spelling among events whose folded value is `key`."""
    spellings = _elect(events, lambda e: v if (v := value(e)) and fold(v) == key else None, _alpha, keys)
    return spellings or key


def _figure(events: Sequence[Event], field: str, keys: Keys) -> Figure:
    claims = [
        FigureClaim(event_id=e.event_id, article_id=e.article_id, outlet=e.outlet, value=v)
        for e in events
        if (v := getattr(e, field)) is not None
    ]
    if not claims:
        return Figure()
    # Ties go to the larger figure: tolls rise as bodies are found, so the larger is usually the
    # later, better-informed count.
    best = _elect(events, lambda e: getattr(e, field), lambda v: (-v,), keys)
    lows = [c.value for c in claims] + [v for e in events if (v := getattr(e, f"{field}_min")) is not None]
    highs = [c.value for c in claims] + [v for e in events if (v := getattr(e, f"{field}_max")) is not None]
    return Figure(best=best, min=min(lows), max=max(highs), sources=claims)


def _source_claim(e: Event, match: MatchInfo | None, source: str) -> SourceClaim:
    return SourceClaim(
        event_id=e.event_id, article_id=e.article_id, external_id=e.external_id, outlet=e.outlet,
        url=e.url, published=e.published, primary=e.primary, event_type=e.event_type,
        sub_event_type=e.sub_event_type, date=e.date, location=e.location, killed=e.killed,
        injured=e.injured, perpetrator=e.perpetrator, evidence=list(e.evidence), match=match,
        source_key=source,
    )


class _Place(NamedTuple):
    admin1: str | None
    location: str | None
    lat: float | None
    lon: float | None
    geo_precision: GeoPrecision


def _place(events: Sequence[Event], keys: Keys) -> _Place:
    admin1_key = _elect(events, lambda e: fold(e.admin1) if e.admin1 else None, _alpha, keys)
    admin1 = _spelling(events, admin1_key, lambda e: e.admin1, keys) if admin1_key else None
    # Locations inside the chosen admin1 (or of reports that give none); geocoded ones first.
    inside = [e for e in events if admin1_key is None or not e.admin1 or fold(e.admin1) == admin1_key]
    located = [e for e in inside if e.location and e.lat is not None and e.lon is not None]
    pool = located or [e for e in inside if e.location]
    location_key = _elect(pool, lambda e: fold(e.location) if e.location else None, _alpha, keys)
    if location_key:
        chosen = next(e for e in pool if e.location and fold(e.location) == location_key)
        location = _spelling(pool, location_key, lambda e: e.location, keys)
        return _Place(admin1, location, chosen.lat, chosen.lon, chosen.geo_precision or "location")
    return _Place(admin1, None, None, None, "admin1" if admin1 else "country")


def build_incident(
    incident_id: str,
    events: Sequence[Event],
    matches: Mapping[str, MatchInfo],
    version: int,
    created_at: datetime,
    updated_at: datetime,
) -> Incident:
    """The incident snapshot for `events` (order-independent). `matches` maps event_id to why it was
    linked; the event that created the incident has none."""
    if not events:
        raise ValueError(f"incident {incident_id} has no events")
    evs = sorted(events, key=lambda e: e.event_id)
    keys = source_keys(evs)
    label = _elect(evs, lambda e: (e.event_type, e.sub_event_type), _alpha, keys)
    assert label is not None  # every event has a type
    # Date: the most precise precision any primary report reaches, then the date most sources give.
    dated = [e for e in evs if e.date is not None]
    best_rank = min((PRECISION_RANK[e.date_precision or "day"] for e in dated if e.primary), default=None)
    if best_rank is None:
        best_rank = min((PRECISION_RANK[e.date_precision or "day"] for e in dated), default=None)
    precise = [e for e in dated if PRECISION_RANK[e.date_precision or "day"] == best_rank]
    when = _elect(precise, lambda e: e.date, lambda d: (d,), keys)
    perpetrator_id = _elect(evs, lambda e: e.perpetrator_id, _alpha, keys)
    perpetrator = _elect(
        [e for e in evs if perpetrator_id is None or e.perpetrator_id == perpetrator_id],
        lambda e: e.perpetrator, _alpha, keys,
    )
    country_code = _elect(evs, lambda e: e.country_code, _alpha, keys)
    place = _place(evs, keys)
    sources = sorted(evs, key=lambda e: (e.published is None, e.published, e.event_id))
    return Incident(
        incident_id=incident_id, version=version, created_at=created_at, updated_at=updated_at,
        event_type=label[0], sub_event_type=label[1],
        date=when, date_precision=(precise[0].date_precision or "day") if when else None,
        country=_elect([e for e in evs if e.country_code == country_code], lambda e: e.country, _alpha, keys),
        country_code=country_code,
        admin1=place.admin1, location=place.location, lat=place.lat, lon=place.lon,
        geo_precision=place.geo_precision,
        perpetrator=perpetrator, perpetrator_id=perpetrator_id,
        target=_elect(evs, lambda e: e.target, _alpha, keys),
        killed=_figure(evs, "killed", keys), injured=_figure(evs, "injured", keys),
        article_ids=sorted({e.article_id for e in evs}),
        event_ids=[e.event_id for e in evs],
        sources=[_source_claim(e, matches.get(e.event_id), keys[e.event_id]) for e in sources],
        independent_sources=len(set(keys.values())),
    )
