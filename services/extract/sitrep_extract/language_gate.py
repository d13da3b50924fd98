"""Which articles extraction can read: English only, until a pipeline for another language exists.

Ingest records each article's detected language. A text in another language read by the English
pipeline yields confident nonsense (place names taken for people, no triggers), so it is skipped with a
reason instead, counted and logged. Short texts (a headline, a snippet) are too short to detect a language
reliably (langdetect calls "Portugal expels diplomats" Catalan): they are read as English."""

from __future__ import annotations

from sitrep_common.models import Article

READABLE_LANGUAGES = frozenset({"en"})
MIN_WORDS_TO_TRUST_DETECTION = 25


def unreadable_language(article: Article) -> str | None:
    """The reason extraction skips `article`, or None when it reads it."""
    language = article.language
    if language is None or language in READABLE_LANGUAGES or language == "unknown":
        return None
    if len(article.text.split()) < MIN_WORDS_TO_TRUST_DETECTION:
        return None
    return f"language '{language}' has no extraction pipeline (English only)"
