"""Polling RSS/Atom feeds: conditional GET, new items' pages fetched and ingested through Ingestor.accept.

Order within one poll, so that nothing is lost when Kafka or Redis fail half-way (TransientError):
  1. GET the feed with the stored validators (If-None-Match / If-Modified-Since); 304 -> done;
  2. for each item not yet remembered: fetch its page, read it, Ingestor.accept (published, acked),
     then remember the item;
  3. only then store the new validators. A poll that stopped at 2 left them as they were, so the next
     poll gets the whole feed again (not a 304) and carries on with the items not yet remembered.
An item that can never be ingested (its page and the feed's own text both unusable) is remembered and
counted as an error, so a dead link is not fetched on every poll.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitrep_common.errors import TransientError
from sitrep_common.models import ArticleIn

from sitrep_ingest.feed_store import FeedState, FeedStore
from sitrep_ingest.fetcher import Fetcher, FetchError
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.html import HtmlWithoutText, article_from_html
from sitrep_ingest.normalise import RejectedArticle

log = logging.getLogger(__name__)


@dataclass
class PollReport:
    url: str
    status: str
    accepted: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return len(self.problems)


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_text(entry: Any) -> str:
    """The feed's own text of the item: full content when the feed carries it, else the summary."""
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    return max(values, key=len) if values else str(entry.get("summary") or "")


def item_article(entry: Any, fetcher: Fetcher, feed_title: str | None) -> ArticleIn:
    """The item's article: its page read by trafilatura, or the feed's own text when the page cannot be
    had. Raises ValueError when neither gives an article."""
    link = entry.get("link")
    title = entry.get("title") or None
    published = _entry_date(entry)
    page_problem = "no link"
    if link:
        try:
            page = fetcher.get(link, {"Accept": "text/html,application/xhtml+xml"})
            if page.status != 200:
                raise FetchError(f"HTTP {page.status}")
            raw = article_from_html(page.body, url=page.url, title=title, published=published)
            return raw if raw.outlet else raw.model_copy(update={"outlet": feed_title})
        except (FetchError, HtmlWithoutText) as exc:
            page_problem = str(exc)
    text = _entry_text(entry)
    if not text.strip():
        raise ValueError(f"page unusable ({page_problem}) and the feed has no text for the item")
    log.info("feed item page unusable, using the feed's text", extra={"url": link, "reason": page_problem})
    if "<" in text:
        # Feeds carry HTML (content:encoded, summaries): read as a fragment of a page.
        try:
            return article_from_html(text, url=link, title=title, published=published, outlet=feed_title)
        except HtmlWithoutText:
            pass  # markup without paragraphs trafilatura keeps: the text as it is is better than nothing
    return ArticleIn(url=link, title=title, published=published, outlet=feed_title, text=text)


def poll_feed(state: FeedState, store: FeedStore, fetcher: Fetcher, ingestor: Ingestor) -> PollReport:
    """One poll of one feed. Raises TransientError (Kafka/Redis down): the caller retries later."""
    import feedparser  # noqa: PLC0415 - only the poller needs it

    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        resp = fetcher.get(state.url, headers)
    except FetchError as exc:
        store.polled(state, f"error: {exc}", error=True)
        return PollReport(state.url, f"error: {exc}", problems=[str(exc)])
    if resp.status == 304:
        store.polled(state, "not modified (304)")
        return PollReport(state.url, "not modified (304)")
    if resp.status != 200:
        store.polled(state, f"error: HTTP {resp.status}", error=True)
        return PollReport(state.url, f"error: HTTP {resp.status}", problems=[f"HTTP {resp.status}"])
    # Bytes, never a string: feedparser fetches a string that looks like a URL by itself.
    parsed = feedparser.parse(resp.body, response_headers={"content-location": resp.url})
    if parsed.get("bozo") and not parsed.entries:
        reason = f"not an RSS/Atom feed: {parsed.get('bozo_exception')}"
        store.polled(state, f"error: {reason}", error=True)
        return PollReport(state.url, f"error: {reason}", problems=[reason])
    report = PollReport(state.url, "ok")
    feed_title = parsed.feed.get("title") or None
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link")
        if not key or not store.is_new(state, key):
            continue
        try:
            [result] = ingestor.accept([item_article(entry, fetcher, feed_title)])
        except (ValueError, RejectedArticle) as exc:  # RejectedArticle is a ValueError; named for the reader
            report.problems.append(f"{key}: {exc}")
            log.warning("feed item not ingested", extra={"feed": state.url, "item": key, "reason": str(exc)})
        else:
            if result.status == "accepted":
                report.accepted += 1
            else:
                report.duplicates += 1
        store.remember(state, key)
    report.status = f"200: {report.accepted} new, {report.duplicates} duplicate, {report.errors} unusable"
    store.polled(state, report.status, etag=resp.headers.get("etag"),
                 last_modified=resp.headers.get("last-modified"), error=bool(report.problems))
    return report


def run_poller(store: FeedStore, fetcher: Fetcher, ingestor: Ingestor, stop: threading.Event, *,
               once: bool = False, tick_s: float = 5.0,
               on_report: Callable[[PollReport], None] | None = None) -> None:
    """Polls each feed when it is due (every `every_s`), until `stop` is set; `once`: every feed now,
    then return. A TransientError skips the rest of the round; the feeds stay due and are retried."""
    while not stop.is_set():
        now = time.time()
        try:
            for state in [s for s in store.all() if once or s.due(now)]:
                if stop.is_set():
                    break
                report = poll_feed(state, store, fetcher, ingestor)
                if on_report is not None:
                    on_report(report)
        except TransientError as exc:
            log.warning("pipeline unavailable; due feeds will be polled again", extra={"error": str(exc)})
        if once:
            return
        stop.wait(tick_s)
