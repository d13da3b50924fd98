"""API-only response models. Incident, Article and Event come from sitrep_common.models."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field
from sitrep_common.models import Article, Event, Incident

from sitrep_api.query import BBox, IncidentFilter, Sort

Text = Field(default=None, min_length=1, max_length=200)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _iso_only(value: object) -> object:
    """Pydantic would read "0.5" as a Unix time; the schema says ISO 8601, so numbers are refused."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value.strip())):
        raise ValueError("expected ISO 8601 (2024-03-01 or 2024-03-01T12:00:00Z), not a number")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_only)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]


class IncidentFilterParams(BaseModel):
    """Filters and sort order shared by GET /v1/incidents and its exports. Filters combine with AND."""

    date_from: IsoDate | None = Field(default=None, description="Incident date on or after (YYYY-MM-DD)")
    date_to: IsoDate | None = Field(default=None, description="Incident date on or before (YYYY-MM-DD)")
    updated_since: IsoDateTime | None = Field(default=None,
                                           description="Changed at or after (ISO 8601, UTC if naive)")
    country: str | None = Field(default=None, min_length=1, max_length=200, description="Name or ISO2 code")
    admin1: str | None = Text
    event_type: str | None = Text
    sub_event_type: str | None = Text
    actor: str | None = Field(default=None, min_length=1, max_length=200,
                              description="Substring of perpetrator, target or perpetrator_id")
    min_killed: int | None = Field(default=None, ge=0, description="killed.best at least")
    bbox: str | None = Field(default=None, max_length=200, description="minlon,minlat,maxlon,maxlat",
                             examples=["32.0,29.0,35.0,31.5"])
    q: str | None = Field(default=None, min_length=1, max_length=500,
                          description="Words that must all appear in place, actors or quotes")
    sort: Sort = Sort.date_desc

    def to_filter(self) -> IncidentFilter:
        return IncidentFilter(
            date_from=self.date_from, date_to=self.date_to, updated_since=self.updated_since,
            country=self.country, admin1=self.admin1, event_type=self.event_type,
            sub_event_type=self.sub_event_type, actor=self.actor, min_killed=self.min_killed,
            bbox=BBox.parse(self.bbox) if self.bbox is not None else None, q=self.q,
        )


class IncidentListParams(IncidentFilterParams):
    """Query parameters of GET /v1/incidents: the filters, then paging and field selection."""

    limit: int = Field(default=50, ge=1, le=500)
    cursor: str | None = Field(default=None, max_length=2000, description="next_cursor of the previous page")
    fields: str | None = Field(default=None, max_length=2000, description="Comma list of fields to return")


class IncidentPage(BaseModel):
    """One page of incidents. With `fields=`, each item holds only the fields asked for (and incident_id)."""

    items: list[Incident]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")
    count: int = Field(description="Items in this page")


class IncidentHistory(BaseModel):
    incident_id: str
    items: list[dict[str, Any]] = Field(description="Change summaries, oldest first, as dedupe recorded them")


class ArticleWithEvents(BaseModel):
    article: Article
    events: list[Event] = Field(description="The article's events, each with its current incident_id")


class IncidentTotals(BaseModel):
    live: int = Field(description="Incidents that were not merged into another")
    created: int = Field(description="Incidents ever created, merged ones included")


class PipelineCounters(BaseModel):
    articles_ingested: int
    events_extracted: int
    dead_letters: int
    articles_skipped_language: int = Field(default=0, description="Articles extract skipped: no pipeline for "
                                           "their language (English only)")
    articles_stored: int = Field(description="Articles on record in Redis")
    events_linked: int = Field(description="Events dedupe has linked to an incident")
    consumer_lag: dict[str, int] = Field(default_factory=dict, description="Service -> messages behind")
    dead_letters_by_service: dict[str, int] = Field(default_factory=dict)


class Stats(BaseModel):
    generated_at: datetime
    incidents: IncidentTotals
    by_event_type: dict[str, int]
    by_country: dict[str, int]
    by_date: dict[str, int] = Field(description="ISO date (or 'unknown') -> live incidents")
    pipeline: PipelineCounters


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str = Field(description="ready or unavailable")
    redis: bool
    kafka: bool | None = Field(default=None, description="Broker reachable; null when no broker is configured")
    dedupe_lag: int | None = Field(default=None, description="events.v1 messages dedupe has not committed yet")
    reasons: list[str] = Field(default_factory=list, description="Why not ready")
