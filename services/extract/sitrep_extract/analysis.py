"""What one text unit says: triggers, dates, places, figures, actors, and whether it is background."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.casualties import Figure, find_figures
from sitrep_extract.dates import DateMention, Precision, Reference, find_dates
from sitrep_extract.event_types import Trigger, find_triggers
from sitrep_extract.gazetteer import Gazetteer
from sitrep_extract.places import PlaceHit, find_places
from sitrep_extract.segmentation import Unit

# Generalisations over many incidents, history and commentary: context, not an incident report.
_BACKGROUND = re.compile(
    r"\b(?:since|over the (?:past|last)|in recent (?:months|years|weeks)|series of|wave of|spate of|insurgency|"
    r"hundreds of|scores of|thousands of|analysts?|experts?|has been (?:facing|fighting|battling)|"
    r"have been (?:facing|fighting|battling)|is believed|are believed|is accused|are accused|accuses?|"
    r"most attacks|many suspect|all of the)\b",
    re.I,
)
_ORDINAL_ATTACK = re.compile(r"^\s*(?:the\s+)?(?:[\w-]+['’]s\s+)?"
                             r"(?:second|third|fourth|fifth|final|last|latest|other|another)\s+(?:\w+\s+)?"
                             r"(?:attack|blast|bomb|explosion|bombing|assault)", re.I)


@dataclass
class UnitInfo:
    unit: Unit
    triggers: list[Trigger]
    dates: list[DateMention]
    places: list[PlaceHit]
    figures: list[Figure]
    actors: list[ActorHit]
    background: bool
    new_incident: bool  # "The second attack ...": a new incident by wording
    demonym_countries: list[str] = field(default_factory=list)

    @property
    def date(self) -> tuple[dt.date, Precision] | None:
        """The event date, else the date it was reported (it happened on or before)."""
        return self.event_date or self.reported_date

    @property
    def reported_date(self) -> tuple[dt.date, Precision] | None:
        reported = [(d.value, d.precision) for d in self.dates if d.relation == "reported" and d.value and d.precision]
        return min(reported) if reported else None

    @property
    def event_date(self) -> tuple[dt.date, Precision] | None:
        """A date that dates the event itself, not its announcement. With several ("a funeral on Sunday for
        soldiers killed on Saturday"), the one written closest to an event word."""
        dated = [d for d in self.dates if d.relation == "at" and d.value is not None and d.precision is not None]
        if not dated:
            return None
        if len(dated) > 1:
            # A precise day names the reported incident; a month or a year is mostly background.
            rank = {"day": 0, "week": 1, "month": 2, "year": 3}
            triggers = self.triggers or []
            dated.sort(key=lambda d: (rank[d.precision or "year"], min(
                (max(t.start - d.end, d.start - t.end, 0) for t in triggers), default=0)))
        best = dated[0]
        return (best.value, best.precision) if best.value and best.precision else None

    @property
    def strength(self) -> int:
        return max((t.strength for t in self.triggers), default=0)


def analyse(unit: Unit, ref: Reference | None, gazetteer: Gazetteer, actors: ActorIndex,
            country_hint: str | None) -> UnitInfo:
    text = unit.text
    off = unit.start
    dates = [_shift(d, off) for d in find_dates(text, ref)]
    triggers = [Trigger(t.event_type, t.sub_event_type, t.strength, t.start + off, t.end + off)
                for t in find_triggers(text)]
    figures = [Figure(f.kind, f.count, f.start + off, f.end + off) for f in find_figures(text)]
    hits = [ActorHit(a.actor_id, a.name, a.kind, a.start + off, a.end + off, a.country_code, a.branch)
            for a in actors.find(text)]
    places = find_places(unit.span, gazetteer, country_hint)
    # Actor names are not places ("Sinai Province" the group, "Hasm" the movement).
    places = [p for p in places if not any(a.kind == "group" and a.start <= p.start < a.end for a in hits)]
    day_dated = any(d.precision == "day" and d.relation == "at" for d in dates)
    background = bool(_BACKGROUND.search(text)) and not day_dated and not figures_specific(figures)
    if dates and all(d.precision == "year" for d in dates if d.relation == "at") and not day_dated and any(
            d.relation == "at" for d in dates):
        background = True
    demonyms = [cc for w in re.findall(r"\b[A-Z][a-z]+\b", text) if (cc := gazetteer.country_of_demonym(w))]
    return UnitInfo(unit, triggers, dates, places, figures, hits, background,
                    bool(_ORDINAL_ATTACK.match(text)), demonyms)


def figures_specific(figures: list[Figure]) -> bool:
    return any(f.count.best is not None and f.count.best < 100 for f in figures)


def _shift(d: DateMention, off: int) -> DateMention:
    return DateMention(d.start + off, d.end + off, d.value, d.precision, d.relation)
