"""API-only response models. Incident, Article and Event come from sitrep_common.models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sitrep_common.models import Article, Event, Incident


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
    events: list[Event] = Field(description="Events extracted from the article, each with its current incident")


class IncidentTotals(BaseModel):
    live: int = Field(description="Incidents that were not merged into another")
    created: int = Field(description="Incidents ever created, merged ones included")


class PipelineCounters(BaseModel):
    articles_ingested: int
    events_extracted: int
    dead_letters: int
    articles_stored: int = Field(description="Articles on record in Redis")
    events_linked: int = Field(description="Events dedupe has linked to an incident")


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
    status: str
    redis: bool
