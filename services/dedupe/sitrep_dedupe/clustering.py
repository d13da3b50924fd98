"""Match-or-create as a pure decision over a read-only view of the store.

Incidents are the connected components of the pairwise match graph: a new event joins the incident of
every stored event it matches, and incidents it links together merge. Pairwise links make the result
independent of arrival order, which is what lets services (any order) agree with `sitrep batch`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Protocol

from sitrep_common.models import ChangeKind, Event, Incident, MatchInfo

from sitrep_dedupe.consensus import build_incident
from sitrep_dedupe.scoring import MAX_DAY_GAP, Match, match, window_days

# Decides whether two events are one incident: a pure, symmetric function of the pair (the learned
# pairmodel.LearnedMatcher in the services and `sitrep batch`; scoring.match, hand-set, by default).
Matcher = Callable[[Event, Event], Match]

# Stored events are indexed in tiers, so that no query scans a wide window of precise events:
PRECISE_TIER = "day"  # day-precise date: score = date ordinal
VAGUE_TIER = "vague"  # week/month/year precision, or only a publication date: score = date ordinal
RECEIVED_ALL = "recv"  # every event with an arrival time: score = received epoch seconds
RECEIVED_UNDATED = "recv-undated"  # events with no date at all: score = received epoch seconds
VAGUE_HORIZON_DAYS = 400
# Reports of one incident arrive within days of each other: the only clue left for undated ones.
RECEIVED_WINDOW_S = 7 * 86400
# The widest date veto a matcher may declare (its `max_day_gap` attribute; scoring.MAX_DAY_GAP without
# one): day-precise dates further apart, beyond their precision's slack, are never compared. Bounded so
# that the precise-tier query stays a few days of one country.
BLOCKING_DAY_GAP = 7


def blocking_gap(matcher: Matcher | None) -> int:
    """The date gap the store queries must cover for `matcher`: its own veto gap, never wider than
    BLOCKING_DAY_GAP (a learned match that weighs a few days' disagreement declares it)."""
    declared = getattr(matcher, "max_day_gap", MAX_DAY_GAP)
    return min(BLOCKING_DAY_GAP, max(MAX_DAY_GAP, int(declared)))


def tier_of(event: Event) -> str:
    return PRECISE_TIER if event.date_precision == "day" and event.date else VAGUE_TIER


def index_date(event: Event) -> date | None:
    """The date an event is filed under: its own, else its article's publication date."""
    return event.date or event.published


def index_entries(event: Event) -> list[tuple[str, int]]:
    """(tier, score) under which a store files `event`; both stores call this so they agree."""
    if not event.country_code:
        return []
    entries: list[tuple[str, int]] = []
    filed = index_date(event)
    if filed is not None:
        entries.append((tier_of(event), filed.toordinal()))
    if event.received_at is not None:
        arrived = int(event.received_at.timestamp())
        entries.append((RECEIVED_ALL, arrived))
        if filed is None:
            entries.append((RECEIVED_UNDATED, arrived))
    return entries


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
    # Incidents that lost an satellite (undated report or mention) to a better-matching one, rebuilt without it.
    updated: list[Incident] = field(default_factory=list)
    # New links of the satellites that moved (see plan_match_or_create).
    relinked: dict[str, MatchInfo] = field(default_factory=dict)


def incident_id_for(event: Event) -> str:
    return "inc-" + hashlib.sha256(event.event_id.encode()).hexdigest()[:16]


def find_matches(event: Event, view: StoreView,
                 matcher: Matcher | None = None) -> list[tuple[Event, MatchInfo, bool]]:
    """Stored events that match `event`, with the link (score, features) and whether it is strong enough to
    tie two dated main reports (Match.anchors), best first."""
    decide = matcher or match
    if not event.country_code:
        return []
    anchor = index_date(event)
    queries: list[tuple[str, int, int]] = []
    if anchor is not None:
        day = anchor.toordinal()
        gap = blocking_gap(matcher)
        own, widest = window_days(event, gap), window_days_for_day(gap)
        # A pair can only match within max(window(a), window(b)) days (scoring.window_days): the widest
        # window of a stored event bounds each tier's query, and order independence needs no more.
        queries += [(PRECISE_TIER, day - max(own, widest), day + max(own, widest)),
                    (VAGUE_TIER, day - max(own, VAGUE_HORIZON_DAYS), day + max(own, VAGUE_HORIZON_DAYS))]
    if event.received_at is not None:
        # Undated reports meet every report that arrived around the same time, and vice versa.
        arrived = int(event.received_at.timestamp())
        tier = RECEIVED_ALL if anchor is None else RECEIVED_UNDATED
        queries.append((tier, arrived - RECEIVED_WINDOW_S, arrived + RECEIVED_WINDOW_S))
    found: dict[str, tuple[Event, MatchInfo, bool]] = {}
    for tier, lo, hi in queries:
        for other in view.candidates(event.country_code, tier, lo, hi):
            if other.event_id == event.event_id or other.event_id in found:
                continue
            m = decide(event, other)
            if m.is_match:
                found[other.event_id] = (other, MatchInfo(matched_event_id=other.event_id, score=m.score,
                                                          features=m.features), m.anchors)
    return sorted(found.values(), key=lambda hit: (-hit[1].score, hit[0].event_id))


@cache
def window_days_for_day(gap: int = MAX_DAY_GAP) -> int:
    """The widest window of a day-precise stored event (bounds the precise-tier query)."""
    return window_days(Event(event_id="_", article_id="_", primary=True, event_type="_", sub_event_type="_",
                             date=date(2000, 1, 1), date_precision="day"), gap)


def is_satellite(event: Event) -> bool:
    """A report that joins one incident and never links two (see plan_match_or_create): an undated one, or a
    background mention ("a week after 16 policemen were killed"), which fits every incident of its kind."""
    return event.date is None or not event.primary


def _better(a: MatchInfo, b: MatchInfo | None) -> bool:
    """Total order on links: higher score, then the smaller event id (ties must not depend on order)."""
    return b is None or (a.score, b.matched_event_id) > (b.score, a.matched_event_id)


def plan_match_or_create(event: Event, view: StoreView, now: datetime, matcher: Matcher | None = None) -> Plan:
    """Dated main reports form incidents as connected components of their pairwise matches. A satellite (an
    undated report: "on Friday", or no day at all; or a background mention) fits every incident of its kind,
    weekday and place, so it must not bridge two: it belongs to the incident of its single best-matching
    dated main report, and moves when a better one arrives. Both rules are functions of the set of events,
    so arrival order does not change the result. Satellites are not linked to one another: with nothing
    precise on either side, nothing keeps a chain of them from tying look-alikes together."""
    matches = find_matches(event, view, matcher)
    if is_satellite(event):
        anchors = [(other, info) for other, info, _ in matches if not is_satellite(other)]
        best: tuple[Event, MatchInfo] | None = None
        for pair in anchors:
            if best is None or _better(pair[1], best[1]):
                best = pair
        return _join(event, [best] if best else [], [], view, now)
    anchors = [(other, info) for other, info, strong in matches if strong and not is_satellite(other)]
    satellites = [(other, info) for other, info, _ in matches if is_satellite(other)]
    current = view.match_infos([other.event_id for other, _ in satellites])
    captured = [(other, info) for other, info in satellites
                if _better(_reverse(event, info), current.get(other.event_id))]
    return _join(event, anchors, captured, view, now)


def _reverse(event: Event, info: MatchInfo) -> MatchInfo:
    """The link `event` -> other as the other event records it."""
    return MatchInfo(matched_event_id=event.event_id, score=info.score, features=info.features)


def _join(event: Event, links: list[tuple[Event, MatchInfo]], captured: list[tuple[Event, MatchInfo]],
          view: StoreView, now: datetime) -> Plan:
    """`event` joins (and merges) the incidents of `links`, and takes the satellites of `captured`
    from wherever they are; incidents left empty are absorbed, the others rebuilt without them."""
    if not links and not captured:
        new_id = incident_id_for(event)
        incident = build_incident(new_id, [event], {}, version=1, created_at=now, updated_at=now)
        return Plan(event=event.model_copy(update={"incident_id": new_id}), incident=incident,
                    kind=ChangeKind.created, match_info=None)
    owner_of = view.incident_of([other.event_id for other, _ in [*links, *captured]])
    taken = {other.event_id for other, _ in captured}
    losing = view.incidents(sorted({owner_of[e] for e in taken}))
    merged_ids = {owner_of[other.event_id] for other, _ in links}
    # An incident that would be left empty is merged, not emptied (it keeps resolving to its events).
    merged_ids |= {i for i, inc in losing.items() if set(inc.event_ids) <= taken}
    linked = view.incidents(sorted(merged_ids))
    if linked:
        # The survivor is the largest incident, then the oldest: merges keep the id people already saw.
        survivor = min(linked.values(), key=lambda i: (-len(i.event_ids), i.created_at, i.incident_id))
        survivor_id, created_at, version = survivor.incident_id, survivor.created_at, survivor.version + 1
    else:
        survivor_id, created_at, version = incident_id_for(event), now, 1
    absorbed = [i for i in linked.values() if i.incident_id != survivor_id]
    member_ids = sorted({eid for inc in linked.values() for eid in inc.event_ids} | taken)
    members = [*view.events(member_ids), event.model_copy(update={"incident_id": survivor_id})]
    infos = view.match_infos(member_ids)
    relinked = {other.event_id: _reverse(event, info) for other, info in captured}
    infos |= relinked
    best = min((info for _, info in links or captured), key=lambda i: (-i.score, i.matched_event_id))
    infos[event.event_id] = best
    incident = build_incident(survivor_id, members, infos, version=version, created_at=created_at, updated_at=now)
    moved = {eid: survivor_id for inc in absorbed for eid in inc.event_ids} | {e: survivor_id for e in taken}
    gone = [i.model_copy(update={"merged_into": survivor_id, "version": i.version + 1, "updated_at": now})
            for i in absorbed]
    updated = []
    for inc in losing.values():
        if inc.incident_id in merged_ids:
            continue
        rest = [e for e in inc.event_ids if e not in taken]
        updated.append(build_incident(inc.incident_id, view.events(rest), view.match_infos(rest),
                                      version=inc.version + 1, created_at=inc.created_at, updated_at=now))
    kind = ChangeKind.created if not linked else ChangeKind.merged if absorbed else ChangeKind.updated
    return Plan(event=event.model_copy(update={"incident_id": survivor_id}), incident=incident, kind=kind,
                match_info=best, absorbed=gone, moved_events=moved, updated=updated, relinked=relinked)
