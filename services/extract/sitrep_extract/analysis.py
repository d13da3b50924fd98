"""What one text unit says: triggers, dates, places, figures, actors, and whether it is background."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from sitrep_common.dates import DateMention, Precision, Reference, find_dates
from sitrep_common.taxonomy import BATTLES, EXPLOSIONS, RIOTS, VAC

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.casualties import PAST_ACT_CUE, Figure, find_figures
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
# A definite reference back to an incident already told ("The attack happened in ...", "the arrests were made",
# "killed in the exchange of fire"): the noun names its class, so it joins the latest incident of that class.
# Superlatives and ordinals ("the deadliest attack", "the first attack") compare with other incidents instead.
ANAPHOR_CLASSES: dict[str, str] = {
    "attack": "attack", "assault": "attack", "ambush": "attack", "shooting": "attack", "killing": "attack",
    "massacre": "attack", "assassination": "attack",
    "raid": "raid", "operation": "any", "incident": "any", "crackdown": "raid", "sweep": "raid",
    "blast": "blast", "explosion": "blast", "bombing": "blast", "bomb": "blast", "attacks": "attack",
    "shootout": "fight", "shoot-out": "fight", "firefight": "fight", "gunfight": "fight", "clash": "fight",
    "clashes": "fight", "fighting": "fight", "battle": "fight", "exchange of fire": "fight",
    "exchange of gunfire": "fight", "gun battle": "fight",
    "arrest": "arrest", "arrests": "arrest", "detention": "arrest", "detentions": "arrest",
    "handover": "handover", "extradition": "handover", "transfer": "handover", "delivery": "handover",
}
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?!(?:\w+est|worst|first|second|third|previous|earlier|last|latest|recent|"
    r"other|similar|next)\b)(?:[\w-]+\s+){0,2}?(?P<noun>" + "|".join(
        sorted((re.escape(k) for k in ANAPHOR_CLASSES), key=len, reverse=True)) + r")(?![\w-])", re.I)
# "It happened/took place in ...": the scene of the incident just told.
_IT_SCENE = re.compile(r"^(?:\W*)(?:it|this)\s+(?:happened|took place|occurred)\b", re.I)
_SERIES = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twin|several|multiple|\d+|(?:a|the)\s+"
                     r"(?:series|wave|string|spate) of)\s+(?:[\w-]+\s+){0,2}?(?:bombings|blasts|explosions|attacks)\b",
                     re.I)
_DAY_WORD = re.compile(r"day\b|yesterday|tonight|last night", re.I)
# "the first (attack) by the group outside Sinai since Dec. 24": an earlier incident on that day.
_FIRST_SINCE = re.compile(r"\bthe\s+first\b[^.;:]{0,80}?\bsince\s*$", re.I)
_SCENE_VERB = re.compile(r"\b(?:happened|took place|occurred|was carried out|were carried out|was made|were made)\b",
                         re.I)
# "In a separate incident ...", "In a separate statement, the ministry announced ...": another incident.
_ANOTHER_INCIDENT = re.compile(r"^\W*in\s+(?:another|a\s+separate|an\s+unrelated|a\s+second)\s+(?:incident|attack|"
                               r"development|statement|announcement|case|operation|raid)\b", re.I)
_ORDINAL_ATTACK = re.compile(r"^\s*(?:(?:meanwhile|separately|elsewhere|in another incident),?\s+)?"
                             r"(?:the\s+|a\s+|an\s+)?(?:[\w-]+['’]s\s+)?"
                             r"(?:second|third|fourth|fifth|final|last|latest|other|another|new|separate)\s+(?:\w+\s+)?"
                             r"(?:attack|blast|bomb|explosion|bombing|assault)", re.I)


_VIOLENT_TYPES = {BATTLES, EXPLOSIONS, VAC, RIOTS}
_CLAIM_OR_SAY = re.compile(r"\b(?:claim\w*|said|says|announced)\b", re.I)


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
    anaphor: str | None = None  # class of a definite back-reference ("the attack" -> "attack"), "any" for "it"
    anaphor_noun: str | None = None  # its noun ("attack")
    prior_date: dt.date | None = None  # "the first ... since Dec. 24": the day of an earlier incident
    demonym_countries: list[str] = field(default_factory=list)
    recalled: bool = False  # about a past act someone is charged with or linked to: another incident

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
    recalled = _recalls(text, triggers, off)
    # A past act's toll is that act's own when the sentence is about it, and no toll of the news otherwise.
    figures = [Figure(f.kind, f.count, f.start + off, f.end + off, "" if f.role == "past" else f.role, f.armed)
               for f in find_figures(text) if recalled or f.role != "past"]
    if _SERIES.search(text):
        # "six killed in four bombings": a toll for a series is no attack's own toll.
        figures = [f for f in figures if f.kind != "killed"]
    hits = [ActorHit(a.actor_id, a.name, a.kind, a.start + off, a.end + off, a.country_code, a.branch)
            for a in actors.find(text)]
    places = find_places(unit.span, gazetteer, country_hint)
    # Actor names are not places ("Sinai Province" the group, "Hasm" the movement).
    places = [p for p in places if not any(a.kind == "group" and a.start <= p.start < a.end for a in hits)]
    # "on Monday" dates a single incident even when there is no publication date to resolve it against.
    day_dated = any(d.relation == "at" and (d.precision == "day" or (d.value is None and _DAY_WORD.search(
        text[d.start - off: d.end - off]))) for d in dates)
    anaphor, noun = find_anaphor(text)
    if anaphor and _BACKGROUND.search(text) and not _SCENE_VERB.search(text):
        anaphor = None  # "the bombing bore the hallmarks of a group behind attacks over the past year": commentary
    prior = next((d.value for d in dates if d.relation == "since" and d.precision == "day" and d.value
                  and _FIRST_SINCE.search(text[: d.start - off])), None)
    # "The attack took place west of X, the epicentre of an insurgency": the scene, not a generalisation.
    background = bool(_BACKGROUND.search(text)) and not day_dated and not figures_specific(figures) and not (
        anaphor and _SCENE_VERB.search(text))
    background = background and prior is None  # "since" with a day after "the first" is no generalisation
    if dates and all(d.precision == "year" for d in dates if d.relation == "at") and not day_dated and any(
            d.relation == "at" for d in dates) and not figures_specific(figures):
        # "in 2013, the military overthrew ...": history; but "a 2014 raid in which 22 guards were killed" is an
        # incident of its own, told with its toll.
        background = True
    demonyms = [cc for w in re.findall(r"\b[A-Z][a-z]+\b", text) if (cc := gazetteer.country_of_demonym(w))]
    return UnitInfo(unit, triggers, dates, places, figures, hits, background,
                    bool(_ORDINAL_ATTACK.match(text) or _ANOTHER_INCIDENT.match(text)), anaphor, noun, prior,
                    demonyms, recalled)


def _recalls(text: str, triggers: list[Trigger], off: int) -> bool:
    """True when the sentence tells of a past act someone is charged with or linked to ("Charges included his role
    in an ambush that killed 22 border guards"), with no act of its own before that: another incident."""
    cue = PAST_ACT_CUE.search(text)
    if cue is None:
        return False
    at = cue.start() + off
    if any(t.strength >= 2 and t.start < at for t in triggers):
        return False  # "Police killed three men suspected of ...": the news, and the act they are linked to
    # The act is the cue's object ("accused of an ambush"), not a later clause ("suspected of links to X, has claimed
    # the killing of ...").
    after = [t for t in triggers if t.strength >= 2 and t.start >= at]
    if not after:
        return False
    first = min(after, key=lambda t: t.start)
    between = text[cue.end(): first.start - off]
    return first.event_type in _VIOLENT_TYPES and len(between) <= 60 and not _CLAIM_OR_SAY.search(between)


def find_anaphor(text: str) -> tuple[str | None, str | None]:
    """The class and noun of the incident a sentence refers back to, if it does so definitely and names no new
    one ("a bomb", "an attack" introduce one)."""
    if _IT_SCENE.match(text):
        return "any", None
    m = _ANAPHOR.search(text)
    if m is None:
        return None, None
    if re.search(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:attack|assault|ambush|raid|blast|explosion|bombing|bomb|"
                 r"shootout|clash|firefight|gunfight)", text[: m.start()], re.I):
        return None, None
    noun = m.group("noun").lower()
    return ANAPHOR_CLASSES.get(noun, "any"), noun


def figures_specific(figures: list[Figure]) -> bool:
    return any(f.count.best is not None and f.count.best < 100 for f in figures)


def _shift(d: DateMention, off: int) -> DateMention:
    return replace(d, start=d.start + off, end=d.end + off)
