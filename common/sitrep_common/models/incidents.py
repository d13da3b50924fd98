"""Incidents: one real-world occurrence merged from every report of it, on incidents.v1 and the API."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from sitrep_common.models.events import DatePrecision, Event, Evidence, GeoPrecision


class FigureClaim(BaseModel):
    """One source's number."""

    event_id: str
    article_id: str
    outlet: str | None
    value: int


class Figure(BaseModel):
    """A casualty figure as reported: outlets disagree and the disagreement is data."""

    best: int | None = None
    min: int | None = None
    max: int | None = None
    sources: list[FigureClaim] = Field(default_factory=list)


class MatchInfo(BaseModel):
    """Why a report was linked: the best-matching report already in the incident and the score."""

    matched_event_id: str
    score: float
    features: dict[str, float]


class SourceClaim(BaseModel):
    """What one article says about the incident."""

    event_id: str
    article_id: str
    external_id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    primary: bool
    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    location: str | None = None
    killed: int | None = None
    injured: int | None = None
    perpetrator: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    match: MatchInfo | None = None
    source_key: str | None = Field(
        default=None, description="Independent source: claims sharing it are copies of one (wire) text"
    )


class Incident(BaseModel):
    schema_version: Literal[1] = 1
    incident_id: str
    version: int = Field(ge=1)
    created_at: dt.datetime
    updated_at: dt.datetime
    merged_into: str | None = Field(default=None, description="Set when this incident was found to be another")

    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: GeoPrecision | None = None
    perpetrator: str | None = None
    perpetrator_id: str | None = None
    target: str | None = None

    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)
    article_ids: list[str] = Field(default_factory=list)
    event_ids: list[str] = Field(default_factory=list)
    sources: list[SourceClaim] = Field(default_factory=list)
    independent_sources: int = Field(default=0, description="Distinct outlets; wire copies count once")


class ChangeKind(StrEnum):
    created = "created"
    updated = "updated"
    merged = "merged"


class IncidentChange(BaseModel):
    """The value on incidents.v1 (compacted, keyed by incident_id): the full snapshot after a change."""

    schema_version: Literal[1] = 1
    kind: ChangeKind
    incident: Incident


def event_as_shown(event: Event, owner: str | None, incident: Incident | None) -> Event:
    """`event` with its incident, dated from the incident when the article gave no date (Event.linked_to)."""
    if incident is None:
        return event.linked_to(owner, None, None)
    return event.linked_to(owner, incident.date, incident.date_precision, [s.date for s in incident.sources if s.date])
