"""ArticleIn -> canonical Article: HTML to text, clean text, canonical id, metadata inferred when missing."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sitrep_common.dates import infer_publication
from sitrep_common.models import Article, ArticleIn

from sitrep_ingest.html import HtmlWithoutText, article_from_html, looks_like_html
from sitrep_ingest.metadata import detect_language, infer_outlet

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|ref$|cmpid$|ocid$)")
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")


class RejectedArticle(ValueError):
    """The article cannot be used; the message says why (answered as 4xx or parked as dead letter)."""


def canonical_url(url: str) -> str:
    """Same page, same string: lower-case scheme/host, no fragment, no tracking parameters, no trailing /."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k.lower())]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), ""))


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def article_id_for(url: str | None, text: str) -> str:
    """From the canonical URL when there is one, else from the text with case and spacing folded."""
    basis = canonical_url(url) if url else " ".join(text.lower().split())
    return "a-" + hashlib.sha256(basis.encode()).hexdigest()[:20]


def guess_title(text: str) -> str | None:
    """Articles without metadata usually open with their headline on a line of its own."""
    for line in text.split("\n"):
        if line.strip():
            words = line.split()
            return line.strip() if 3 <= len(words) <= 30 and not line.rstrip().endswith(":") else None
    return None


def from_markup(raw: ArticleIn) -> ArticleIn:
    """An article whose `text` is an HTML page (JSON clients posting what they scraped) is read like a
    posted page rather than rejected: the markup is the article, only in another form."""
    if not looks_like_html(raw.text):
        return raw
    try:
        return article_from_html(raw.text, url=raw.url, id=raw.id, outlet=raw.outlet, title=raw.title,
                                 published=raw.published)
    except HtmlWithoutText as exc:
        raise RejectedArticle(f"text is HTML markup and {exc}") from exc


def normalise(raw: ArticleIn, received_at: datetime) -> Article:
    raw = from_markup(raw)
    text = clean_text(raw.text)
    if len(text.split()) < 5:
        raise RejectedArticle("text has fewer than 5 words: not an article")
    if raw.url and not raw.url.lower().startswith(("http://", "https://")):
        raise RejectedArticle("url must be an http(s) URL")
    # A day of slack: an outlet east of UTC publishes on its own date, a day ahead of ours for hours.
    if raw.published and raw.published > received_at.date() + timedelta(days=1):
        raise RejectedArticle(f"published date {raw.published} is in the future")
    inferred = None if raw.published else infer_publication(text, not_after=received_at.date())
    published = raw.published or (inferred.day if inferred else None)
    outlet = raw.outlet or infer_outlet(text, raw.url)
    return Article(
        article_id=article_id_for(raw.url, text),
        external_id=raw.id,
        url=canonical_url(raw.url) if raw.url else None,
        outlet=outlet,
        outlet_inferred=raw.outlet is None and outlet is not None,
        published=published,
        published_inferred=inferred is not None,
        published_basis=inferred.basis if inferred else None,
        title=raw.title or guess_title(text),
        text=text,
        language=detect_language(text),
        received_at=received_at,
    )
