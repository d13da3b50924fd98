"""HTML pages -> ArticleIn: main text, title, date, site name and canonical URL, read by trafilatura.

trafilatura works on the markup it is given and never fetches anything itself (fetching is
sitrep_ingest.fetcher's job, with its address checks); it is imported lazily so that the HTTP service
and `sitrep --help` start without loading lxml.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sitrep_common.models import ArticleIn

# Markup, not prose that happens to contain a '<': a doctype, <html>, or several block-level tags.
_DOCTYPE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_BLOCK_TAG = re.compile(r"<(?:p|div|article|body|head|section|span|br|h[1-6]|script|a\s)[\s>/]", re.I)


class HtmlWithoutText(ValueError):
    """The page has no article text trafilatura could find (an index page, a paywall, an empty shell)."""


def looks_like_html(text: str) -> bool:
    """True for a page or a fragment of markup (>= 3 block tags), not for prose quoting one '<b>'."""
    return bool(_DOCTYPE.match(text)) or len(_BLOCK_TAG.findall(text[:200_000])) >= 3


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clip(value: str | None, limit: int) -> str | None:
    return value.strip()[:limit] or None if value else None


def article_from_html(
    html: str | bytes,
    *,
    url: str | None = None,
    id: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: date | None = None,
) -> ArticleIn:
    """The article in `html`; metadata given by the caller wins over what the page says about itself,
    except the URL: the page's <link rel=canonical> names the article better than the address it was
    fetched from (tracking parameters, AMP and mobile variants), so it is preferred when it is http(s).
    """
    import trafilatura  # noqa: PLC0415 - heavy (lxml, htmldate); only pages need it

    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise HtmlWithoutText("no article text found in the HTML page")
    page_url = getattr(doc, "url", None)
    if page_url and not str(page_url).lower().startswith(("http://", "https://")):
        page_url = None
    return ArticleIn(
        id=id,
        url=page_url or url,
        outlet=outlet or _clip(getattr(doc, "sitename", None), 300),
        title=title or _clip(getattr(doc, "title", None), 1000),
        published=published or _iso_date(getattr(doc, "date", None)),
        text=text,
    )
