"""Kafka adapter of extract: articles.v1 in, events.v1 out, keyed by country (dedupe's blocking key)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sitrep_common.kafka import Outcome, Output
from sitrep_common.metrics import ARTICLES_SKIPPED, EVENTS_EXTRACTED
from sitrep_common.models import Article, Event
from sitrep_common.topics import EVENTS

from sitrep_extract.language_gate import unreadable_language

ExtractMany = Callable[[Sequence[Article]], list[list[Event]]]


class ExtractBatch:
    """One nlp.pipe call per batch; counts what it produced for the pipeline panel."""

    def __init__(self, extract_many: ExtractMany, count: Callable[[int], None] | None = None,
                 count_skipped: Callable[[int], None] | None = None) -> None:
        self._extract_many = extract_many
        self._count = count
        self._count_skipped = count_skipped

    def __call__(self, articles: Sequence[Article]) -> list[Outcome]:
        results = self._extract_many(articles)
        skipped = sum(1 for a in articles if unreadable_language(a))
        if skipped:
            ARTICLES_SKIPPED.labels("language").inc(skipped)
            if self._count_skipped:
                self._count_skipped(skipped)
        produced = sum(len(events) for events in results)
        EVENTS_EXTRACTED.inc(produced)
        if self._count and produced:
            self._count(produced)
        return [[Output(EVENTS.name, e.blocking_key, EVENTS.encode(e)) for e in events] for events in results]
