"""Match-or-create as a pure decision over a read-only view of the store.

Incidents are the connected components of the pairwise match graph: a new event joins the incident of
every stored event it matches, and incidents it links together merge. Pairwise links make the result
independent of arrival order, which is what lets services (any order) agree with `sitrep batch`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Protocol

from sitrep_common.models import ChangeKind, Event, Incident, MatchInfo

from sitrep_dedupe.consensus import build_incident
from sitrep_dedupe.scoring import match, window_days

# Stored events are indexed in two tiers so a query never scans a wide window of precise events.
PRECISE_TIER = "day"
VAGUE_TIER = "vague"
VAGUE_HORIZON_DAYS = 400


def tier_of(event: Event) -> str:
    return PRECISE_TIER if event.date_precision == "day" and event.date else VAGUE_TIER


def index_date(event: Event) -> date | None:
    """The date an event is filed under: its own, else its article's publication date."""
    return event.date or event.published


class StoreView(Protocol):
    def candidates(self, country_code: str, tier: str, lo: int, hi: int) -> list[Event]:
        """Stored events of the country and tier whose index date ordinal is in [lo, hi]."""
        ...

    def incident_of(self, event_ids: Sequence[str]) -> dict[str, str]: ...

    def incidents(self, incident_ids: Sequence[str]) -> dict[str, Incident]: ...

    def events(self, event_ids: Sequence[str]) -> list[Event]: ...

    def match_infos(self, event_ids: Sequence[str]) -> dict[str, MatchInfo]: ...


@dataclass
class Plan:
    """Everything one match-or-create writes; a store applies it in one transaction."""

    event: Event
    incident: Incident
    kind: ChangeKind
    match_info: MatchInfo | None
    absorbed: list[Incident] = field(default_factory=list)
    moved_events: dict[str, str] = field(default_factory=dict)


def incident_id_for(event: Event) -> str:
    return "inc-" + hashlib.sha256(event.event_id.encode()).hexdigest()[:16]


def find_matches(event: Event, view: StoreView) -> list[tuple[Event, MatchInfo]]:
    """Stored events that match `event`, with the score of each link, best first."""
    anchor = index_date(event)
    if anchor is None or not event.country_code:
        return []
    day = anchor.toordinal()
    own = window_days(event)
    found: list[tuple[Event, MatchInfo]] = []
    # A pair can only match within max(window(a), window(b)) days (scoring.window_days): the widest
    # window of a stored event bounds each tier's query, and order independence needs no more.
    for tier, reach in ((PRECISE_TIER, max(own, window_days_for_day())), (VAGUE_TIER, max(own, VAGUE_HORIZON_DAYS))):
        for other in view.candidates(event.country_code, tier, day - reach, day + reach):
            if other.event_id == event.event_id:
                continue
            m = match(event, other)
            if m.is_match:
                found.append((other, MatchInfo(matched_event_id=other.event_id, score=m.score,
                                               features=m.features)))
    found.sort(key=lambda pair: (-pair[1].score, pair[0].event_id))
    return found


@cache
def window_days_for_day() -> int:
    """The widest window of a day-precise stored event (bounds the precise-tier query)."""
    return window_days(Event(event_id="_", article_id="_", primary=True, event_type="_", sub_event_type="_",
                             date=date(2000, 1, 1), date_precision="day"))


def plan_match_or_create(event: Event, view: StoreView, now: datetime) -> Plan:
    matches = find_matches(event, view)
    if not matches:
        new_id = incident_id_for(event)
        incident = build_incident(new_id, [event], {}, version=1, created_at=now, updated_at=now)
        return Plan(event=event.model_copy(update={"incident_id": new_id}), incident=incident,
                    kind=ChangeKind.created, match_info=None)

    owner_of = view.incident_of([other.event_id for other, _ in matches])
    linked = view.incidents(sorted(set(owner_of.values())))
    # The survivor is the largest incident, then the oldest: merges keep the id people already saw.
    survivor = min(linked.values(), key=lambda i: (-len(i.event_ids), i.created_at, i.incident_id))
    absorbed = [i for i in linked.values() if i.incident_id != survivor.incident_id]
    member_ids = sorted({eid for inc in linked.values() for eid in inc.event_ids})
    members = [*view.events(member_ids), event.model_copy(update={"incident_id": survivor.incident_id})]
    infos = view.match_infos(member_ids)
    best = matches[0][1]
    infos[event.event_id] = best
    incident = build_incident(survivor.incident_id, members, infos, version=survivor.version + 1,
                              created_at=survivor.created_at, updated_at=now)
    moved = {eid: survivor.incident_id for inc in absorbed for eid in inc.event_ids}
    gone = [i.model_copy(update={"merged_into": survivor.incident_id, "version": i.version + 1, "updated_at": now})
            for i in absorbed]
    return Plan(event=event.model_copy(update={"incident_id": survivor.incident_id}), incident=incident,
                kind=ChangeKind.merged if absorbed else ChangeKind.updated, match_info=best,
                absorbed=gone, moved_events=moved)
