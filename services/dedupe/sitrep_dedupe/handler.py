"""handle_event: one event in, the incident changes it causes out. Plain function over a store."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sitrep_common.models import ChangeKind, Event, IncidentChange

from sitrep_dedupe.clustering import Matcher, plan_match_or_create
from sitrep_dedupe.store import IncidentStore

log = logging.getLogger(__name__)


def handle_event(event: Event, store: IncidentStore, now: datetime | None = None,
                 matcher: Matcher | None = None) -> list[IncidentChange]:
    """Match-or-create; a redelivered event changes nothing and re-announces its incident as it stands.
    `matcher` decides each pair (loaded once at start-up; the hand-set scoring.match when None).

    Re-announcing covers a crash between the store write and the produce to incidents.v1.
    """
    at = now or datetime.now(UTC)
    plan = store.apply(event, lambda view: plan_match_or_create(event, view, at, matcher))
    if plan is None:
        current = store.processed(event.event_id)
        return [IncidentChange(kind=ChangeKind.updated, incident=current)] if current else []
    log.info(
        "incident " + plan.kind.value,
        extra={"event_id": event.event_id, "incident_id": plan.incident.incident_id,
               "version": plan.incident.version, "absorbed": [i.incident_id for i in plan.absorbed],
               "score": plan.match_info.score if plan.match_info else None},
    )
    changes = [IncidentChange(kind=plan.kind, incident=plan.incident)]
    changes += [IncidentChange(kind=ChangeKind.merged, incident=gone) for gone in plan.absorbed]
    changes += [IncidentChange(kind=ChangeKind.updated, incident=other) for other in plan.updated]
    return changes
