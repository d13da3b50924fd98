"""Kafka adapter of dedupe: events.v1 in, incident snapshots out on incidents.v1."""

from __future__ import annotations

from collections.abc import Sequence

from sitrep_common.kafka import Outcome, Output
from sitrep_common.metrics import INCIDENT_CHANGES
from sitrep_common.models import Event
from sitrep_common.topics import INCIDENTS

from sitrep_dedupe.clustering import Matcher
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.store import IncidentStore


def make_batch_handler(store: IncidentStore, matcher: Matcher | None = None) -> DedupeBatch:
    return DedupeBatch(store, matcher)


class DedupeBatch:
    """Events of a batch are applied in order; a TransientError replays the batch, which is idempotent."""

    def __init__(self, store: IncidentStore, matcher: Matcher | None = None) -> None:
        self._store = store
        self._matcher = matcher

    def __call__(self, events: Sequence[Event]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for event in events:
            changes = handle_event(event, self._store, matcher=self._matcher)
            for change in changes:
                INCIDENT_CHANGES.labels(change.kind.value).inc()
            outcomes.append([Output(INCIDENTS.name, c.incident.incident_id, INCIDENTS.encode(c)) for c in changes])
        return outcomes
