"""Dates in news text: absolute and relative expressions, resolved against the publication date, and the
publication date itself when an article comes without one (ingest and extract both read it from here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "week", "month", "year"]
# "at": when something happened; "reported": when it was said; "since"/"after": counted from another event;
# "planned": a day still to come when it was written ("will appear in court on Friday"), never an event's date.
Relation = Literal["at", "since", "after", "reported", "planned"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|" \
       r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_SMALL = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "few": 3, "several": 4, "couple of": 2,
}
_N = r"(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|few|several|couple of|\d{1,2})"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b(?:{_WD},?\s+)?{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b(?:{_WD},?\s+)?{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I)),
    # "6th of October City", "October 6 Bridge": dates in place names are not dates.
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![\d:])(?!(?-i:\s+[A-Z][a-z]))", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}\b(?!,?\s*(?:19|20)\d\d)(?!(?-i:\s+[A-Z][a-z]))", re.I)),
    ("my", re.compile(rf"\b{_MON},?\s+{_YEAR}\b", re.I)),
    ("ago", re.compile(rf"\b{_N}\s+(?P<unit>day|week|month|year)s?"
                       # "a day before police were to deploy" counts from another event, not from the report.
                       r"\s+(?:ago|earlier|before(?=\s*(?:[,.;:)]|$)))", re.I)),
    ("after", re.compile(rf"\b(?:only\s+|just\s+)?{_N}\s+(?P<unit>day|week|month)s?\s+after\b", re.I)),
    # "overnight into Sunday": the night began the day before the day it names.
    ("into", re.compile(rf"\b(?:overnight|late at night|the night)\s+(?:in)?to\s+{_WD}\b", re.I)),
    ("weekday", re.compile(
        rf"\b(?:(?:(?:late|early|overnight)\s+on|on|late|early|overnight|last|since|by)\s+)?{_WD}"
        r"(?:\s+(?:morning|afternoon|evening|night|overnight))?\b", re.I)),
    # "overnight", "last night", "yesterday": the night or the day before the report, unless a day is named.
    ("yesterday", re.compile(r"\b(?:yesterday|last night|overnight|during the night)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this (?:morning|afternoon|evening)|tonight|earlier today)\b", re.I)),
    ("last_week", re.compile(r"\blast week\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier|late[rt]?)\s+this\s+week\b|\bthis week\b", re.I)),
    ("last_month", re.compile(r"\blast month\b", re.I)),
    ("this_month", re.compile(r"\b(?:(?:earlier|late[rt]?)\s+)?this\s+month\b", re.I)),
    ("last_year", re.compile(r"\blast year\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|on|during|until|by|last|early|late|mid-?)\s+{_MON}\b(?!\s+\d)", re.I)),
    # "in 2014", and a year that qualifies a noun: "a 2014 raid", "the 2013 coup".
    ("year", re.compile(rf"\b(?:(?:in|since|during|until|by|of)\s+|(?:a|an|the)\s+(?=\d{{4}}\s+[a-z]))"
                        rf"{_YEAR}\b", re.I)),
]


@dataclass(frozen=True)
class Reference:
    """The date relative expressions count from; `exact` is False when it was guessed from the text."""

    day: date
    exact: bool = True


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: date | None
    precision: Precision | None
    relation: Relation = "at"
    # What the text says of the day when it cannot be resolved (no reference date): "on Friday", "2 September".
    weekday: int | None = None
    month_day: tuple[int, int] | None = None
    month: int | None = None  # a month named without a day ("since July")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_for(month: int, day: int, ref: Reference | None) -> int | None:
    if ref is None:
        return None
    # The most recent such date on or just after the reference (news reports the past).
    y = ref.day.year
    candidate = _safe_date(y, month, day)
    if candidate is not None and candidate > ref.day + timedelta(days=2):
        y -= 1
    return y


def resolve_weekday(weekday: int, ref: Reference) -> date:
    """'on Saturday': the most recent Saturday on or before the reference; if the reference is a guess, the
    nearest Saturday either side (a caption's date can follow the event, or precede the report)."""
    back = (ref.day.weekday() - weekday) % 7
    if not ref.exact and back > 3:
        return ref.day + timedelta(days=7 - back)
    return ref.day - timedelta(days=back)


def _ahead(kind: str, value: date | None, ref: Reference | None) -> date | None:
    """A day still to come, resolved forward: "will appear in court on Friday" is the next Friday."""
    if value is None or ref is None or value >= ref.day:
        return value
    if kind == "weekday":
        return value + timedelta(days=7)
    if kind in ("md", "dm"):
        return _safe_date(value.year + 1, value.month, value.day) or value
    return value


def _first_of_previous_month(d: date) -> date:
    return (d.replace(day=1) - timedelta(days=1)).replace(day=1)


def _resolve(kind: str, m: re.Match[str], ref: Reference | None) -> tuple[date | None, Precision | None]:
    g = m.groupdict()
    if kind == "iso":
        return _safe_date(int(g["year"]), int(g["m"]), int(g["day"])), "day"
    if kind in ("mdy", "dmy"):
        return _safe_date(int(g["year"]), _month(g["mon"]), int(g["day"])), "day"
    if kind in ("md", "dm"):
        month, day = _month(g["mon"]), int(g["day"])
        year = _year_for(month, day, ref)
        return (_safe_date(year, month, day) if year else None), "day"
    if kind == "my":
        return _safe_date(int(g["year"]), _month(g["mon"]), 1), "month"
    if kind == "year":
        return date(int(g["year"]), 1, 1), "year"
    if ref is None:
        return None, None
    r = ref.day
    if kind == "month":
        month = _month(g["mon"])
        year = r.year if month <= r.month else r.year - 1
        return date(year, month, 1), "month"
    if kind in ("ago", "after"):
        n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            return r - timedelta(days=n), "day" if g["n"].lower() not in ("few", "several") else "week"
        if unit == "week":
            return r - timedelta(days=7 * n), "week"
        if unit == "month":
            return _safe_date(r.year - (1 if r.month <= n else 0), (r.month - n - 1) % 12 + 1, 1), "month"
        return date(r.year - n, 1, 1), "year"
    simple: dict[str, tuple[date, Precision]] = {
        "yesterday": (r - timedelta(days=1), "day"),
        "today": (r, "day"),
        "last_week": (r - timedelta(days=7), "week"),
        "this_week": (r - timedelta(days=min(3, r.weekday() + 1)), "week"),
        "last_month": (_first_of_previous_month(r), "month"),
        "this_month": (r.replace(day=1), "month"),
        "last_year": (date(r.year - 1, 1, 1), "year"),
    }
    if kind in simple:
        return simple[kind]
    if kind == "weekday":
        named = resolve_weekday(_WEEKDAYS[g["wd"].lower()], ref)
        if named == r and ref.exact and m.group(0).lower().startswith("last "):
            named -= timedelta(days=7)  # "last Monday" in a Monday paper: a week ago
        return named, "day"
    if kind == "into":
        return resolve_weekday(_WEEKDAYS[g["wd"].lower()], ref) - timedelta(days=1), "day"
    return None, None


def _partial(kind: str, m: re.Match[str]) -> tuple[int | None, tuple[int, int] | None, int | None]:
    """The weekday, (month, day) and month an expression names, whatever the reference date."""
    g = m.groupdict()
    weekday = _WEEKDAYS[g["wd"].lower()] if g.get("wd") else None
    month_day = (_month(g["mon"]), int(g["day"])) if kind in ("md", "dm") else None
    month = _month(g["mon"]) if kind == "month" else None
    return weekday, month_day, month


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTHS[key[:3]]


# Every rule above needs one of these: a digit, a month, or a word ending in day/night/week/month/year...
_DATEISH = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|night|week|month|year|morning|"
                      r"afternoon|evening", re.I)


_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# What each rule's text must contain ("0": a digit); checked by substring before the rule's regex runs.
_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": ("0",), "mdy": _MONTH_STEMS, "dmy": _MONTH_STEMS, "md": _MONTH_STEMS, "dm": _MONTH_STEMS,
    "my": _MONTH_STEMS, "month": _MONTH_STEMS, "year": ("0",), "ago": ("ago", "earlier", "before"),
    "after": ("after",), "into": ("to",), "weekday": ("day",), "yesterday": ("yesterday", "night"),
    "today": ("today", "this ", "tonight"), "last_week": ("week",), "this_week": ("week",),
    "last_month": ("month",), "this_month": ("month",), "last_year": ("year",),
}


def find_dates(text: str, ref: Reference | None) -> list[DateMention]:
    """Date expressions of a text in order; overlapping, less specific matches are dropped."""
    found: list[DateMention] = []
    if not _DATEISH.search(text):
        return found  # most sentences name no date: one scan instead of one per rule
    low = text.lower()
    has_digit = any(c.isdigit() for c in text)
    for kind, pattern in _RULES:
        needs = _NEEDS.get(kind)
        if needs is not None and not any((has_digit if w == "0" else w in low) for w in needs):
            continue  # the rule cannot match without one of these: skip its scan
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if kind == "dm" and not re.search(r"\d", m.group(0)):
                continue
            # "may 10 people ..." is a modal verb far more often than a date without a year.
            if kind in ("md", "dm") and m.group(0).startswith("may"):
                continue
            value, precision = _resolve(kind, m, ref)
            lead = text[max(0, m.start() - 6): m.start() + 6].lower()
            relation: Relation = "at"
            before = _clause_before(text, m.start())
            if _REPORTING.search(text[max(0, m.start() - 25): m.start()]) or _REPORTING_VENUE.search(before) or (
                    _STAMP_LABEL.search(text[max(0, m.start() - 30): m.start()])) or (
                    _is_dateline(text, m.start(), m.end(), precision == "day")):
                relation = "reported"
            elif _PLANNED.search(before) or _PLANNED_AFTER.match(text, m.end()):
                relation = "planned"
                value = _ahead(kind, value, ref)
            elif ("since" in lead or m.group(0).lower().startswith("since")) and not _SINCE_WHEN.match(text, m.end()):
                relation = "since"  # but "since July, when militants attacked ...": that is when it happened
            elif kind == "after":
                relation = "after"
            found.append(DateMention(m.start(), m.end(), value, precision, relation, *_partial(kind, m)))
    return sorted(found, key=lambda d: d.start)


_SINCE_WHEN = re.compile(r",?\s*when\b", re.I)
# "will appear in court on Friday", "is scheduled for Tuesday", "next Monday": the future of the report.
_PLANNED = re.compile(r"\b(?:will|would|shall|scheduled|slated|due\s+(?!to\b)|set\s+(?:for|to)|expected\s+to|"
                      r"plans?\s+to|planned|planning|next|upcoming|later\s+this)\b|'ll\b", re.I)
_PLANNED_AFTER = re.compile(r"\s+(?:next|to\s+come)\b", re.I)
# "said in a statement on Sunday", "at a news conference Monday": when it was told.
_REPORTING_VENUE = re.compile(r"\b(?:statement|release|conference|briefing|interview|tweet(?:ed)?|post(?:ed)?)\s+"
                              r"(?:\w+\s+)?(?:on\s+)?$", re.I)
_CLAUSE_BREAK = re.compile(r"[.;:!?,()\"“”]|\s(?:and|but|after|before|when|while|as|where|who|which|that)\s", re.I)


def _clause_before(text: str, start: int, reach: int = 60) -> str:
    """The words before a date, back to the start of its clause (a comma, a conjunction, a relative pronoun)."""
    left = text[max(0, start - reach): start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    return left[breaks[-1].end():] if breaks else left
# A page's stamp inside a line: "Senior Correspondent Published : 2 July 2016, 04:06 AM Updated : ...".
_STAMP_LABEL = re.compile(r"\b(?:published|posted|updated|last updated|first published)(?:\s+on)?\s*[:|–—-]\s*$",
                          re.I)
# "the ministry said on Saturday": when it was said, which dates the event only if nothing else does.
_REPORTING = re.compile(r"\b(?:said|says|reported|announced|stated|added|told \w+|confirmed|published|updated)\s+"
                        r"(?:\w+\s+)?$", re.I)
# A dateline: "CAIRO – 28 October 2017:", "Cairo, Oct. 27 (Reuters) -", "Sat, 28 Oct 2017 - 04:05 GMT". It dates the
# report, not the event.
# "TOWN, State (February 22, 2016) –": a dateline in brackets after the place and its state.
_DATELINE_BEFORE = re.compile(r"^\s*(?:[A-Z][\w.'’ -]{1,30}?(?:,\s*[A-Z][\w.]{1,15})?\s*(?:,|[-–—:]|\()\s*)?$")
_DATELINE_AFTER = re.compile(r"^\s*(?:[-–—:|]|\(\w+|\d\d?:\d\d|\)\s*[-–—:])")


# A page's date stamp ahead of the text: "date 2020-01-13 Gunmen ...", "Published: 3 March 2021 | 10:54".
_STAMP_BEFORE = re.compile(r"^\W*(?:(?:date[d]?|published|posted|updated|last updated|first published)\b(?:\s+on)?"
                           r"\s*[:\-–—|]?\s*)?$", re.I)
_STAMP_AFTER = re.compile(r"^[ \t]*(?:$|\n|[|•·]|\d\d?[:.]\d\d|(?-i:[A-Z]))")


def _is_dateline(text: str, start: int, end: int, full: bool = False) -> bool:
    if start < 40 and bool(_DATELINE_BEFORE.match(text[:start])) and bool(_DATELINE_AFTER.match(text[end:])):
        return True
    # A full date with its year standing alone at the head, not a sentence's subject ("March 30, 2019, marked ...").
    return full and start < 40 and re.search(r"\b(?:19|20)\d\d\b", text[start:end]) is not None and bool(
        _STAMP_BEFORE.match(text[:start])) and bool(_STAMP_AFTER.match(text[end:]))


PublicationBasis = Literal["label", "dateline", "mentioned"]


@dataclass(frozen=True)
class Publication:
    """A publication date read from the text, and what it rests on: a "Published ..." label, a dateline (a line
    of the head that is little more than a date), or the latest date a photo caption in the lead gives, which
    the report follows (a lower bound)."""

    day: date
    basis: PublicationBasis


HEAD_LINES = 12  # a dateline sits under the headline, within the first few non-empty lines
LEAD_CHARS = 1500  # captions and the first paragraphs; a date deeper in is background more often than not
DATELINE_CHARS = 60  # "Ahram Online, Wednesday 25 Dec 2013": little besides the date
_LABEL = re.compile(r"\b(?:published|posted|first published|publication date)\b[^\n]{0,20}$", re.I)
# Dates of the page's rendering or last edit, not of the article: "Last Update", "Today's Paper | May 21, 2024".
_NOT_PUBLICATION = re.compile(r"\bupdated?\b|today'?s paper|\bprinted\b|\baccessed\b", re.I)


# A photo caption ("A picture taken on October 21, 2017 shows ...", "(AP Photo/...)"): the report follows its
# date closely. Other dates in the lead are as often the background's ("since August 14, 2013").
_CAPTION = re.compile(r"\b(?:photo|picture|image|file)\b|\bphotograph", re.I)


_ON_DAY = re.compile(r"\bon\s+$", re.I)


def infer_publication(text: str, not_after: date | None = None) -> Publication | None:
    """The publication date of an article sent without one. Dates after `not_after` (when it was received)
    are never its publication date."""
    head_end = _offset_after_lines(text, HEAD_LINES)
    lead_end = _first_paragraph_end(text)
    labelled: list[date] = []
    datelines: list[date] = []
    mentioned: list[date] = []
    for d in find_dates(text, None):
        if d.value is None or d.precision != "day" or (not_after is not None and d.value > not_after):
            continue
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.start) if "\n" in text[d.start:] else len(text)
        before = text[line_start:d.start]
        prev_line = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1:line_start]
        if _LABEL.search(before):
            labelled.append(d.value)
        elif _NOT_PUBLICATION.search(before) or _NOT_PUBLICATION.search(prev_line):
            continue
        elif d.start < head_end and (line_end - line_start <= DATELINE_CHARS or _is_dateline(
                text[line_start:line_end], d.start - line_start, d.end - line_start)):
            datelines.append(d.value)
        elif d.start < LEAD_CHARS and _CAPTION.search(text[line_start:line_end]):
            mentioned.append(d.value)  # a photo caption's date: the report was written on or after it
        elif d.start < min(LEAD_CHARS, lead_end) and d.relation in ("at", "reported") and _ON_DAY.search(
                text[max(0, d.start - 8):d.start]):
            # A day the lead tells an act "on": the report was written on or after it. A date that names a past
            # event ("since the July 3, 2013 coup") says nothing of when the report was written.
            mentioned.append(d.value)
    if labelled:
        return Publication(labelled[0], "label")
    if datelines:
        return Publication(datelines[0], "dateline")
    return Publication(max(mentioned), "mentioned") if mentioned else None


def _first_paragraph_end(text: str) -> int:
    """The end of the first paragraph of prose (a line of 20+ words): later paragraphs tell background."""
    for m in re.finditer(r"[^\n]*\S[^\n]*", text):
        if len(m.group().split()) >= 20:
            return m.end()
    return len(text)


def _offset_after_lines(text: str, n: int) -> int:
    for seen, m in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text), 1):
        if seen >= n:
            return m.end()
    return len(text)
