"""Metadata read from the text itself, for articles sent without it: outlet and language.

Kept to what a page's head and foot say about the article (copyright lines, agency tags), not an NLP
pass. The publication date is read by sitrep_common.dates.infer_publication, which extract shares.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitrep_ingest import language

# --- outlet ---------------------------------------------------------------------------------------

_AGENCIES = {"reuters": "Reuters", "ap": "AP", "afp": "AFP", "xinhua": "Xinhua", "dpa": "dpa", "ians": "IANS",
             "pti": "PTI", "upi": "UPI", "anadolu": "Anadolu Agency", "aa": "Anadolu Agency", "efe": "EFE",
             "ani": "ANI", "sputnik": "Sputnik", "tass": "TASS", "mena": "MENA", "wam": "WAM", "apa": "APA"}
# Hosts whose name isn't their domain; others are named by the domain itself (bbc.co.uk -> bbc.co.uk).
_HOSTS = {
    "reuters.com": "Reuters", "apnews.com": "AP", "afp.com": "AFP", "bbc.co.uk": "BBC News", "bbc.com": "BBC News",
    "aljazeera.com": "Al Jazeera", "nytimes.com": "The New York Times", "theguardian.com": "The Guardian",
    "washingtonpost.com": "The Washington Post", "alaraby.co.uk": "The New Arab", "newarab.com": "The New Arab",
    "ahram.org.eg": "Ahram Online", "egypttoday.com": "Egypt Today", "madamasr.com": "Mada Masr",
    "dailynewsegypt.com": "Daily News Egypt", "middleeasteye.net": "Middle East Eye", "gulfnews.com": "Gulf News",
    "thenationalnews.com": "The National", "ibtimes.com": "International Business Times",
    "ibtimes.co.uk": "International Business Times", "longwarjournal.org": "The Long War Journal",
    "jpost.com": "The Jerusalem Post", "dawn.com": "Dawn",
}
_COPYRIGHT = re.compile(
    r"^\s*(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:(?:19|20)\d\d\s*)?(?P<name>[A-Z][\w&.' -]{1,60}?)"
    r"\s*(?:(?:19|20)\d\d)?\s*[.,]?\s*(?:all rights reserved\.?)?\s*$", re.I | re.M)
_AGENCY_DATELINE = re.compile(r"^[A-Z][\w ,.'/-]{0,60}\((?P<tag>[A-Za-z]{2,8})\)\s*[-—–]", re.M)
_TWITTER = re.compile(r"^\s*follow us on twitter:?\s*@(?P<handle>\w{2,30})\s*$", re.I | re.M)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def outlet_from_url(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    parent = ".".join(host.split(".")[-2:])
    return _HOSTS.get(host) or _HOSTS.get(parent) or host


def infer_outlet(text: str, url: str | None = None) -> str | None:
    """Who published the page: its URL's host, a copyright line, a 'Follow us on Twitter' line, and last
    an agency dateline ("CAIRO (Reuters) -"), which names the source of the text, the publisher only
    when nothing else does."""
    if url and (name := outlet_from_url(url)):
        return name
    tail = text[-1500:]
    if m := _COPYRIGHT.search(tail):
        return m.group("name").strip(" .,")
    if m := _TWITTER.search(tail):
        return " ".join(_CAMEL.sub(" ", m.group("handle")).replace("_", " ").split())
    if (m := _AGENCY_DATELINE.search(text[:3000])) and m.group("tag").lower() in _AGENCIES:
        return _AGENCIES[m.group("tag").lower()]
    return None


# --- language -------------------------------------------------------------------------------------

def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language: langdetect's answer (pure Python, profiles shipped in the
    wheel) on the first 5000 characters, computed by sitrep_ingest.language at a third of the cost. langdetect
    samples at random: a fixed seed makes the same text always give the same answer."""
    try:
        code = language.detector().detect(text[:5000], seed=0)
    except language.NoFeatures:
        return None  # no letters to go on (numbers, symbols)
    return code.split("-", maxsplit=1)[0]
