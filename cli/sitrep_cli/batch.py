"""`sitrep batch`: the services' extract and dedupe code in one process, with an in-memory store."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError
from sitrep_common.models import Article, ArticleIn, Event, event_as_shown
from sitrep_dedupe.clustering import Matcher
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.pairmodel import LearnedMatcher
from sitrep_dedupe.store import MemoryStore
from sitrep_extract.language_gate import unreadable_language
from sitrep_ingest.copies import MemoryCopyIndex, link_copy
from sitrep_ingest.normalise import RejectedArticle, normalise

from sitrep_cli.progress import Progress

CHUNK = 32


class Extracts(Protocol):
    """What batch needs of the extractor (Extractor.extract_many), so tests can pass a real one."""

    def extract_many(self, articles: Sequence[Article], batch_size: int = 16) -> list[list[Event]]: ...


@dataclass
class BatchResult:
    articles: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"articles": self.articles, "incidents": self.incidents}


def read_rows(path: Path) -> list[tuple[str, ArticleIn | str]]:
    """(where, article or the reason it is unusable) for each line of a JSONL file."""
    rows: list[tuple[str, ArticleIn | str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            data = json.loads(line)
            rows.append((str(data.get("id") or where), ArticleIn.model_validate(data)))
        except (json.JSONDecodeError, ValidationError, AttributeError) as exc:
            rows.append((where, f"unreadable article: {exc}"))
    return rows


def _linked(event: Event, store: MemoryStore) -> Event:
    owner = store.event_incident(event.event_id)
    incident = store.incident(owner) if owner else None
    return event_as_shown(event, owner, incident)


def run_batch(rows: list[tuple[str, ArticleIn | str]], extractor: Extracts,
              progress: Progress | None = None, matcher: Matcher | None = None) -> BatchResult:
    """`matcher`: the pair match dedupe uses; the learned one the dedupe service loads when None."""
    matcher = matcher or LearnedMatcher.load()
    store = MemoryStore()
    copies = MemoryCopyIndex()  # wire copies, as ingest's Redis index links them (copy_of)
    result = BatchResult()
    now = datetime.now(UTC)
    progress = progress or Progress("batch", total=len(rows))
    by_article: dict[str, list[Event]] = {}
    order: list[tuple[str, Article | None, str | None]] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        ready: list[Article] = []
        for where, row in chunk:
            if isinstance(row, str):
                order.append((where, None, row))
                continue
            try:
                article = link_copy(normalise(row, now), copies)
            except RejectedArticle as exc:
                order.append((where, None, str(exc)))
                continue
            ready.append(article)
            order.append((article.display_id, article, None))
        for article, events in zip(ready, extractor.extract_many(ready), strict=True):
            for event in events:
                handle_event(event, store, now, matcher)
            by_article[article.article_id] = events
        progress.advance(len(chunk), errors=sum(1 for _, row in chunk if isinstance(row, str)))
    display = {a.article_id: a.display_id for _, a, _ in order if a is not None}
    for shown, done, error in order:
        if done is None:
            result.errors += 1
            result.articles.append({"id": shown, "events": [], "error": error})
            continue
        events = [_linked(e, store) for e in by_article[done.article_id]]
        out_row: dict[str, Any] = {"id": shown, "events": [e.model_dump(mode="json") for e in events]}
        skipped = unreadable_language(done)
        if skipped:
            out_row["skipped"] = skipped
        result.articles.append(out_row)
    for inc in sorted(store.all_incidents(), key=lambda i: i.incident_id):
        if inc.merged_into is None:
            out = inc.model_dump(mode="json")
            out["article_ids"] = sorted({display.get(a, a) for a in inc.article_ids})
            result.incidents.append(out)
    progress.finish()
    return result
