"""The incident store interface, and the in-memory store that `sitrep batch` and the tests use."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Protocol

from sitrep_common.models import Event, Incident, MatchInfo

from sitrep_dedupe.clustering import Plan, StoreView, index_entries

Decide = Callable[[StoreView], Plan]


class IncidentStore(Protocol):
    """Where incidents live. `apply` hands its decision a StoreView; the store itself need not be one."""

    def processed(self, event_id: str) -> Incident | None:
        """The current incident of an event already applied, else None (redelivery is a no-op)."""
        ...

    def apply(self, event: Event, decide: Decide) -> Plan | None:
        """Run `decide` on a consistent view and write its plan atomically; None if already applied."""
        ...

    def incident(self, incident_id: str) -> Incident | None: ...

    def all_incidents(self) -> list[Incident]: ...


class MemoryStore:
    """Single-process store with the same semantics as RedisStore."""

    def __init__(self) -> None:
        self._events: dict[str, Event] = {}
        self._event_incident: dict[str, str] = {}
        self._match_info: dict[str, MatchInfo] = {}
        self._incidents: dict[str, Incident] = {}
        # (country, tier) -> sorted list of (date ordinal, event id)
        self._index: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)

    def candidates(self, country_code: str, tier: str, lo: int, hi: int) -> list[Event]:
        rows = self._index.get((country_code, tier), [])
        start = bisect.bisect_left(rows, (lo, ""))
        end = bisect.bisect_right(rows, (hi, "\uffff"))
        return [self._events[eid] for _, eid in rows[start:end]]

    def incident_of(self, event_ids: Sequence[str]) -> dict[str, str]:
        return {e: self._event_incident[e] for e in event_ids if e in self._event_incident}

    def incidents(self, incident_ids: Sequence[str]) -> dict[str, Incident]:
        return {i: self._incidents[i] for i in incident_ids if i in self._incidents}

    def events(self, event_ids: Sequence[str]) -> list[Event]:
        return [self._events[e].model_copy(update={"incident_id": self._event_incident[e]}) for e in event_ids]

    def match_infos(self, event_ids: Sequence[str]) -> dict[str, MatchInfo]:
        return {e: self._match_info[e] for e in event_ids if e in self._match_info}

    def processed(self, event_id: str) -> Incident | None:
        inc = self._event_incident.get(event_id)
        return self._incidents[inc] if inc else None

    def apply(self, event: Event, decide: Decide) -> Plan | None:
        if event.event_id in self._event_incident:
            return None
        plan = decide(self)
        ev = plan.event
        self._events[ev.event_id] = ev
        self._event_incident[ev.event_id] = plan.incident.incident_id
        if plan.match_info:
            self._match_info[ev.event_id] = plan.match_info
        self._event_incident.update(plan.moved_events)
        self._match_info.update(plan.relinked)
        for inc in [plan.incident, *plan.absorbed, *plan.updated]:
            self._incidents[inc.incident_id] = inc
        for tier, score in index_entries(ev):
            bisect.insort(self._index[(ev.country_code or "", tier)], (score, ev.event_id))
        return plan

    def incident(self, incident_id: str) -> Incident | None:
        return self._incidents.get(incident_id)

    def all_incidents(self) -> list[Incident]:
        return list(self._incidents.values())

    def event_incident(self, event_id: str) -> str | None:
        return self._event_incident.get(event_id)
