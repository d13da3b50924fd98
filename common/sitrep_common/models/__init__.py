"""Pydantic models of every message and API response. Re-exported here so callers import one place."""

from sitrep_common.models.articles import Article, ArticleIn, IngestResult
from sitrep_common.models.dead_letter import DeadLetter
from sitrep_common.models.events import DateHint, Event, Evidence
from sitrep_common.models.incidents import (
    ChangeKind,
    Figure,
    FigureClaim,
    Incident,
    IncidentChange,
    MatchInfo,
    SourceClaim,
    event_as_shown,
)

__all__ = [
    "Article",
    "ArticleIn",
    "ChangeKind",
    "DateHint",
    "DeadLetter",
    "Event",
    "Evidence",
    "Figure",
    "FigureClaim",
    "Incident",
    "IncidentChange",
    "IngestResult",
    "MatchInfo",
    "SourceClaim",
    "event_as_shown",
]
