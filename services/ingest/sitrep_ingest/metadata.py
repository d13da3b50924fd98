"""Metadata read from the text itself, for articles sent without it: publication date, outlet, language.

Kept to what a page's head and foot say about the article (datelines, copyright lines, agency tags),
not an NLP pass: event dates are extract's business (sitrep_extract.dates, which also finds dates in
text; the two should move into one module in sitrep_common).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Full dates only (day, month and year): a bare "Friday" or "in 2013" says nothing about when a page
# was published.
_FULL_DATES = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I),
]
HEAD_LINES = 12  # a dateline sits under the headline, within the first few non-empty lines


def _to_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"][:3].lower()]
    try:
        return date(int(g["year"]), month, int(g["day"]))
    except ValueError:
        return None


def dates_in(text: str) -> list[tuple[int, date]]:
    """(offset, date) of every full date in the text, in text order."""
    found: dict[int, date] = {}
    for rule in _FULL_DATES:
        for m in rule.finditer(text):
            d = _to_date(m)
            if d is not None and not any(abs(m.start() - k) < 12 for k in found):
                found[m.start()] = d
    return sorted(found.items())


_LABEL = re.compile(r"\b(?:published|posted|first published|publication date)\b[^\n]{0,20}$", re.I)
# Dates of the page's rendering or last edit, not of the article: "Last Update", "Today's Paper | May 21, 2024".
_NOT_PUBLICATION = re.compile(r"\bupdated?\b|today'?s paper|\bprinted\b|\baccessed\b", re.I)
DATELINE_SLACK = 30  # characters besides the date on a dateline ("Ahram Online, Wednesday 25 Dec 2013")


def infer_published(text: str, not_after: date) -> date | None:
    """The publication date a page states: a date labelled "Published ...", else a dateline (a line of the
    head that is little more than a date), else the latest date mentioned, since a report comes after
    what it reports. Dates after `not_after` (when it was received) are never publication dates."""
    head_end = _offset_after_lines(text, HEAD_LINES)
    labelled: list[date] = []
    datelines: list[date] = []
    latest: date | None = None
    for pos, d in dates_in(text):
        if d > not_after:
            continue
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos) if "\n" in text[pos:] else len(text)
        before = text[line_start:pos]
        prev_line = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1:line_start]
        if _LABEL.search(before):
            labelled.append(d)
        elif _NOT_PUBLICATION.search(before) or _NOT_PUBLICATION.search(prev_line):
            continue
        elif pos < head_end and line_end - line_start <= DATELINE_SLACK + 30:
            datelines.append(d)
        latest = d if latest is None or d > latest else latest
    if labelled or datelines:
        return (labelled or datelines)[0]
    return latest


def _offset_after_lines(text: str, n: int) -> int:
    for seen, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), 1):
        if seen >= n:
            return m.end()
    return len(text)


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
    """ISO 639-1 code of the text's language (langdetect: pure Python, profiles shipped in the wheel)."""
    from langdetect import DetectorFactory, LangDetectException, detect  # noqa: PLC0415 - loads profiles

    # langdetect samples at random: a fixed seed makes the same text always give the same answer.
    DetectorFactory.seed = 0
    try:
        code: str = detect(text[:5000])
    except LangDetectException:
        return None  # no letters to go on (numbers, symbols)
    return code.split("-", maxsplit=1)[0]
