"""An invented article through the real extractor: the extraction tests' one way to get its main event."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sitrep_common.models import Article, Event
from sitrep_extract.extractor import Extractor


def main_event(extractor: Extractor, text: str, *, published: date | None, title: str | None = None,
               url: str | None = None, outlet: str | None = "Example", received_at: datetime | None = None) -> Event:
    """The primary event of an article made of `text` (relative dates resolve against `published`)."""
    article = Article(article_id="t1", external_id="ext", url=url, outlet=outlet, published=published, title=title,
                      text=text, received_at=received_at or datetime.now(UTC))
    return next(e for e in extractor.extract(article) if e.primary)
