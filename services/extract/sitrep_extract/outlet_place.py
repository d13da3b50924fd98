"""Where an outlet is at home, read from its address: news sites are often named after their city or state
("dallasnews.com", "nbcphiladelphia.com", "boston.cbslocal.com") and file local stories under section paths
("/news/local/michigan/detroit/"). Weak evidence: it breaks ties between same-named towns ("Richmond") and says
which country an article is in when the text names none; what the text says always counts more."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitrep_extract.gazetteer import Gazetteer, Place

# Shorter names are too often part of an unrelated word ("erie" in "seriesnews"); see Gazetteer.compact_names.
_MIN_NAME = 5
# Section paths only: the last path segment is the story's own slug, whose words the text already has.
_MAX_SEGMENT_WORDS = 3
_GENERIC_LABELS = {"www", "m", "mobile", "amp", "news", "articles", "legacy", "edition", "local"}


def _part_of_word(places: list[Place]) -> list[Place]:
    """Names a host may start or end with: countries, large cities and US states ("arkansasonline"); another
    country's subdivision is more often a word of something else ("federalnewsradio", "dailysabah")."""
    return [p for p in places if p.kind != "admin1" or p.country_code == "US"]


def _pick(places: list[Place]) -> Place:
    # "washington": the city (a newspaper's home) over the state; otherwise the country, then the subdivision.
    return max(places, key=lambda p: ({"city": 2, "country": 1}.get(p.kind, 0), p.population))


def outlet_places(url: str | None, gazetteer: Gazetteer) -> list[Place]:
    """Places an article's address names in its host ("fresnobee.com") or section path ("/georgia/decatur/")."""
    if not url:
        return []
    try:
        parts = urlsplit(url if "//" in url else f"//{url}")
    except ValueError:
        return []
    index = gazetteer.compact_names()
    found: list[Place] = []
    labels = (parts.hostname or "").split(".")[:-1]  # the top-level domain is no place
    for label in labels:
        word = re.sub(r"[^a-z]", "", label.lower())
        if not word or label.lower() in _GENERIC_LABELS:
            continue
        # The longest name the label starts or ends with: "nbcnewyork", "miamiherald".
        for n in range(len(word), _MIN_NAME - 1, -1):
            hit = index.get(word) if n == len(word) else (
                _part_of_word(index.get(word[:n], [])) or _part_of_word(index.get(word[-n:], [])))
            if hit:
                found.append(_pick(hit))
                break
    segments = [s for s in parts.path.split("/") if s][:-1]
    for segment in segments[:4]:
        words = re.split(r"[-_.]+", segment.lower())
        if len(words) > _MAX_SEGMENT_WORDS or not all(w.isalpha() for w in words):
            continue
        whole = index.get("".join(words))
        if whole:
            found.append(_pick(whole))
            continue
        # Runs of words: "houston-texas" names Houston and Texas; but "new-england" is no England.
        for n in range(len(words) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                hit = _part_of_word(index.get("".join(words[i: i + n]), []))
                if hit:
                    found.append(_pick(hit))
    return list(dict.fromkeys(found))
