"""When the main incident happened, when the sentences grouped into it give no day of their own (or only the day
it was announced): a day another sentence of the article tells the act on, else the publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sitrep_common.dates import DateMention, Precision, Reference

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.event_types import act_kind

# Words that tell a violent act or its scene. A sentence with one dates the act ("was shot Tuesday night"); one
# without dates what followed (an arrest, a hearing, a funeral, a statement).
ACT_WORDS = re.compile(
    r"\b(?:shot|shoot\w*|gunned|gunshots?|gunfire|gunman|gunmen|opened fire|fired|killed|killing|slain|murder\w*|"
    r"stabb\w*|wounded|injured|attack\w*|bomb\w*|blasts?|explo\w*|clash\w*|raid\w*|ambush\w*|massacre\w*|"
    r"abduct\w*|kidnap\w*|stormed|seized|captured|struck|happened|occurred|took place|erupted|broke out|"
    r"protest\w*|march\w*|riot\w*|standoff|siege|fighting|battle)\b", re.I)
# What follows an act: the arrest, the hearing, the hospital, the statement. A day told with one of these dates the
# sequel, and the act came earlier ("was arrested Wednesday", "was in court Tuesday", "went to the hospital Sunday").
SEQUEL_WORDS = re.compile(
    r"\b(?:arrested|arrest|charged|arraigned|indicted|booked|court|hearing|hospital|discharged|released|identified|"
    r"died|funeral|vigil|news conference|press conference|interview\w*|investigat\w+|searched|surrendered|"
    r"questioned|detained|custody)\b", re.I)
WINDOW_DAYS = 7  # a report tells this week's news: an earlier day in another sentence is another incident


def _candidates(info: UnitInfo, ref: Reference, latest: dt.date) -> list[DateMention]:
    return [d for d in info.dates if d.relation == "at" and d.precision == "day" and d.value is not None
            and 0 <= (ref.day - d.value).days <= WINDOW_DAYS and d.value <= latest]


def _kind(info: UnitInfo) -> str | None:
    return act_kind(info.triggers, 2)


def _tells_act(info: UnitInfo, kind: str | None) -> bool:
    """Whether a sentence tells an act of the incident's kind (not an arrest for a shooting, nor the reverse)."""
    own = _kind(info)
    if own is not None:
        return kind is None or own == kind
    return kind in (None, "violent") and bool(info.figures or info.triggers or ACT_WORDS.search(info.unit.text))


def fallback_day(own: list[UnitInfo], spare: list[UnitInfo], ref: Reference | None,
                 announced: dt.date | None, kind: str | None) -> tuple[dt.date, Precision] | None:
    """A day for the main incident from the article's other sentences: the first that tells an act of its kind,
    within the week before publication and not after the day it was announced (`announced`, when the incident is
    dated by its announcement); for an undated incident, else the first that names a place or a figure."""
    if ref is None:
        return None
    latest = min(ref.day, announced) if announced else ref.day
    units = sorted({u.unit.index: u for u in [*own, *spare] if not u.unit.shifted}.values(),
                   key=lambda u: u.unit.index)
    # An announced incident takes only a day of its own kind; an undated one, any act's, then any sentence's with a
    # place or a figure (its kind, read from the few sentences it has, is the less sure).
    tiers: list[Callable[[UnitInfo], bool]] = [lambda u: _tells_act(u, kind)] if announced else [
        lambda u: _tells_act(u, None), lambda u: bool(u.places or u.figures)]
    for tier in tiers:
        for u in units:
            found = _candidates(u, ref, latest)
            if found and found[0].value is not None and tier(u):
                return found[0].value, "day"
    return None


def dated_by_sequel(units: list[UnitInfo], day: dt.date) -> bool:
    """Whether the day an incident is dated by is told of what followed the act (an arrest, a hearing, a stay in
    hospital) rather than of the act: the clause before it names the sequel and no act."""
    for u in units:
        for d in u.dates:
            if d.relation != "at" or d.value != day:
                continue
            before = u.unit.text[max(0, d.start - u.unit.start - 80): d.start - u.unit.start]
            before = re.split(r"[.;:!?]|,\s|\b(?:and|but|after|when|where|while)\b", before)[-1]
            return bool(SEQUEL_WORDS.search(before)) and not ACT_WORDS.search(before)
    return False
