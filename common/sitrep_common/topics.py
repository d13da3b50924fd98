"""Every topic declared once, with the model of its values. Keys are documented per topic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel

from sitrep_common.models import Article, Event, IncidentChange

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Topic(Generic[M]):
    name: str
    model: type[M]
    key_doc: str

    @property
    def dlq(self) -> str:
        """Dead letters of this topic: DeadLetter JSON, keyed like the original message."""
        return f"{self.name}.dlq"

    def decode(self, raw: bytes) -> M:
        return self.model.model_validate_json(raw)

    @staticmethod
    def encode(value: BaseModel) -> bytes:
        return value.model_dump_json().encode()


ARTICLES: Topic[Article] = Topic("articles.v1", Article, "article_id")
EVENTS: Topic[Event] = Topic("events.v1", Event, "country code: one dedupe consumer owns a country")
INCIDENTS: Topic[IncidentChange] = Topic("incidents.v1", IncidentChange, "incident_id (compacted)")

ALL_TOPICS = (ARTICLES, EVENTS, INCIDENTS)
