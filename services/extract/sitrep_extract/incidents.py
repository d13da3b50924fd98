"""Groups analysed units into incident mentions and picks the article's main incident."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sitrep_common.dates import Precision, Reference, find_dates
from sitrep_common.taxonomy import STRATEGIC

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.event_types import Trigger, act_kind

# "the group said it had carried out a shooting on Thursday": its own claim, which may be another act than the one
# the authorities announced.
_CLAIM = re.compile(r"\b(?:said|says|claimed|claims)\s+(?:that\s+)?(?:it|they)\b|\bclaim(?:ed|s|ing)?\s+"
                    r"(?:responsibility|to\s+have)\b", re.I)


@dataclass
class Mention:
    units: list[UnitInfo] = field(default_factory=list)
    date: date | None = None
    precision: Precision | None = None
    reported: bool = False  # the date is when it was announced, not when it happened
    # Implied by "the first ... since <date>": an earlier incident like `like`, which the sentence points back to.
    like: Mention | None = None

    @property
    def first(self) -> UnitInfo:
        return self.units[0]

    def admin1(self) -> str | None:
        strong = [p for u in self.units for p in u.places if p.weight >= 2 and p.place.admin1]
        return strong[0].place.admin1 if strong else None

    @property
    def aside(self) -> bool:
        """Told in a time-shifted clause ("a week after a deadly ambush") or as a past act someone is charged with:
        a reference point, not the news."""
        return self.first.unit.shifted or self.first.recalled

    def classes(self) -> set[str]:
        return {trigger_class(u, t) for u in self.units for t in u.triggers if t.strength >= 2}

    def words(self) -> set[str]:
        """The first letters of its trigger words, to match a later "the <noun>" against."""
        return {u.unit.text[t.start - u.unit.start: t.end - u.unit.start][:5].lower()
                for u in self.units for t in u.triggers}

    def killed(self) -> set[int]:
        return {f.count.best for u in self.units for f in u.figures if f.kind == "killed" and f.count.best}

    def kind(self) -> str | None:
        return act_kind((t for u in self.units for t in u.triggers), 2)


# The class of a trigger word, as a definite back-reference would name it ("the blast" for "a bomb exploded").
_CLASS_OF = [
    (re.compile(r"arrest|detain|detention|captur|apprehend|round|nabbed|custody", re.I), "arrest"),
    (re.compile(r"hand|extradit|deport|repatriat|transfer", re.I), "handover"),
    (re.compile(r"raid|storm", re.I), "raid"),
    (re.compile(r"shoot[\s-]?out|exchang|fight|battle|clash|fire", re.I), "fight"),
    (re.compile(r"bomb|blast|explo|detonat|IED|grenade|mine|shell|mortar|rocket|missile|strike", re.I), "blast"),
]
_VIOLENT_CLASSES = {"attack", "raid", "fight", "blast"}


def trigger_class(info: UnitInfo, t: Trigger) -> str:
    """"blast", "fight", "arrest" ...: what a later "the <noun>" would call the incident this trigger names."""
    word = info.unit.text[t.start - info.unit.start: t.end - info.unit.start]
    return next((c for pattern, c in _CLASS_OF if pattern.search(word)), "attack")


def _anaphor_target(info: UnitInfo, date_of: tuple[date, Precision] | None, mentions: list[Mention]) -> Mention | None:
    """The incident a definite back-reference points to: one of its class (an anaphor to "the raid" can be an
    arrest operation), preferring the news over asides, then the latest told."""
    wanted = info.anaphor
    noun = (info.anaphor_noun or "").lower()
    best: tuple[int, int] | None = None
    target: Mention | None = None
    for i, m in enumerate(mentions):
        if _dates_conflict(date_of, m, info):
            continue
        classes, kind = m.classes(), m.kind()
        if wanted == "arrest":
            ok = "arrest" in classes
        elif wanted == "handover":
            ok = "handover" in classes or kind == "Other"
        elif wanted == "raid":
            ok = kind in ("violent", "Arrests", None)
        elif wanted in _VIOLENT_CLASSES:
            ok = kind in ("violent", None)
        else:
            ok = True
        if not ok:
            continue
        # The very word ("the assassination" for "an assassination") says more than its class.
        score = (3 * (noun[:5] in m.words()) + 2 * (wanted in classes) + (not m.aside), i)
        if best is None or score > best:
            best, target = score, m
    return target


def _same_toll(info: UnitInfo, current: Mention | None, date_of: tuple[date, Precision] | None,
               mentions: list[Mention]) -> Mention | None:
    """A sentence restating the toll of an earlier incident ("... raided a hideout, killing the 14") goes back
    to it when the incident just told gave another toll."""
    # Tolls of one are too common to identify an incident.
    mine = {f.count.best for f in info.figures if f.kind == "killed" and f.count.best and f.count.best > 1}
    if not mine or current is None or mine & current.killed():
        return None
    return next((m for m in mentions if m is not current and mine & m.killed() and not _dates_conflict(date_of, m)),
                None)


def _dates_conflict(a: tuple[date, Precision] | None, m: Mention, info: UnitInfo | None = None) -> bool:
    if a is not None and m.date is None:
        return _partial_conflict(a, m)
    if a is None or m.date is None or m.precision is None:
        return False
    d, p = a
    if m.reported and p == "day" and 0 <= (m.date - d).days <= 7 and info is not None and not _CLAIM.search(
            info.unit.text):
        return False  # dated by its announcement: the act itself came on that day or in the days before
    if p == "day" and m.precision == "day":
        return d != m.date
    if "year" in (p, m.precision):
        return d.year != m.date.year
    if "month" in (p, m.precision):
        return (d.year, d.month) != (m.date.year, m.date.month)
    return abs((d - m.date).days) > 6


def _partial_conflict(a: tuple[date, Precision], m: Mention) -> bool:
    """An undated incident's "on Tuesday" (no reference date to resolve it) rules out a Wednesday, and a month or
    a year."""
    d, p = a
    partial = next((x for u in m.units for x in u.dates
                    if x.value is None and (x.weekday is not None or x.month_day is not None)), None)
    if partial is None:
        return False
    if p != "day":
        # "On Monday" is this week's news; "in September 2013" is another time.
        return partial.weekday is not None
    if partial.weekday is not None and d.weekday() != partial.weekday:
        return True
    return partial.month_day is not None and (d.month, d.day) != partial.month_day


def _conflicts(info: UnitInfo, date_of: tuple[date, Precision] | None, m: Mention) -> bool:
    if _dates_conflict(date_of if info.unit.shifted else info.event_date, m, info):
        return True
    mine = {f.count.best for f in info.figures if f.kind == "killed" and f.count.best}
    theirs = {f.count.best for u in m.units for f in u.figures if f.kind == "killed" and f.count.best}
    if mine and theirs and not mine & theirs and info.event_date is not None and m.date is not None and not m.reported:
        return True  # the same day, another toll: a look-alike incident (an announcement's date says too little)
    strong = [p.place.admin1 for p in info.places if p.weight >= 2 and p.place.admin1]
    here = m.admin1()
    if strong and here and strong[0] != here and info.strength >= 2:
        return True
    kind = _kind_of(info)
    mkind = m.kind()
    return kind is not None and mkind is not None and kind != mkind and date_of is not None and info.strength >= 3


def _kind_of(info: UnitInfo) -> str | None:
    return act_kind(info.triggers, 3)


def _unit_date(info: UnitInfo, current: Mention | None, ref: Reference | None) -> tuple[date, Precision] | None:
    if info.unit.shifted:
        # "a week after X": count back from the incident of the clause before, else from publication.
        base = current.date if current and current.date and current.precision == "day" else (ref.day if ref else None)
        if base is None:
            return info.event_date
        for d in find_dates(info.unit.text, Reference(base)):
            if d.relation == "after" and d.value and d.precision:
                return d.value, d.precision
        # "... after a deadly attack last week": the clause dates its own incident.
        return info.event_date
    return info.date


def group(infos: list[UnitInfo], ref: Reference | None) -> list[Mention]:
    mentions: list[Mention] = []
    current: Mention | None = None
    last_attached = -2
    for k, info in enumerate(infos):
        if info.unit.clutter or info.background:
            continue
        date_of = _unit_date(info, current, ref)
        target: Mention | None = None
        if info.recalled:
            # Another incident, told for what someone is charged with: its own, dated by its own words or not at all.
            target = Mention()
            mentions.append(target)
            _attach(target, info, info.event_date)
            continue  # and the story goes on with the incident it was telling
        if info.anaphor and mentions and not info.new_incident and not info.unit.shifted and (
                info.strength >= 2 or info.figures or info.places):
            # "The toll from the blast rose to 23 on Tuesday": the day of the update, not of the blast.
            updating = any(f.role == "update" for f in info.figures)
            target = _anaphor_target(info, None if updating else date_of, mentions)
            if target is not None:
                _attach(target, info, None if updating else date_of)
                current, last_attached = target, k
                _add_prior(info, target, mentions)
                continue
        if info.strength >= 2 or (info.strength == 1 and info.figures):
            target = None
            if not info.new_incident and not info.unit.shifted:
                target = _same_toll(info, current, date_of, mentions)
            if target is None and current is not None and not info.new_incident and not info.unit.shifted and (
                    not _conflicts(info, date_of, current)):
                target = current
            # A clause told as an aside ("a day after 20 soldiers were killed in Sinai") is its own incident: a date
            # alone does not tie it to another one of the same day.
            if target is None and date_of is not None and not info.new_incident and not info.unit.shifted:
                target = next((m for m in mentions if m.date == date_of[0] and not _conflicts(info, date_of, m)),
                              None)
            if target is None:
                target = Mention()
                mentions.append(target)
                if info.new_incident and date_of is None and current is not None and current.date:
                    # "The second attack ...": one of a series told together, on the same day.
                    date_of = (current.date, current.precision or "day")
            _attach(target, info, date_of)
            current, last_attached = target, k
            _add_prior(info, target, mentions)
        elif (current is not None and last_attached == k - 1 and (info.figures or info.places)
              and not info.new_incident and not _dates_conflict(date_of, current, info)):
            # A follow-up sentence (place details, toll) of the incident just reported.
            _attach(current, info, date_of)
            last_attached = k
    return mentions


def _add_prior(info: UnitInfo, like: Mention, mentions: list[Mention]) -> None:
    """"The attacks, the first by the group outside X since Dec. 24": there was one like them on Dec. 24."""
    if info.prior_date is None or any(m.date == info.prior_date for m in mentions):
        return
    mentions.append(Mention([info], info.prior_date, "day", like=like))


def _attach(m: Mention, info: UnitInfo, date_of: tuple[date, Precision] | None) -> None:
    m.units.append(info)
    if date_of is None:
        return
    reported = not info.unit.shifted and info.event_date is None
    if m.date is None:
        m.date, m.precision, m.reported = date_of[0], date_of[1], reported
    elif m.reported and (not reported or date_of[0] < m.date) and date_of[0] <= m.date:
        # A later sentence dates the event itself, or an earlier announcement bounds it.
        m.date, m.precision, m.reported = date_of[0], date_of[1], reported


def pick_primary(mentions: list[Mention], title: UnitInfo | None, ref: Reference | None) -> int:
    """The main incident: the one the title (or the lead) reports, recent, and told first."""
    if not mentions:
        return -1
    lead = min(u.unit.index for m in mentions for u in m.units)

    def score(i: int) -> float:
        m = mentions[i]
        s = 0.0
        if any(u.unit.index == lead for u in m.units):
            s += 2
        if title is not None:
            s += _title_match(m, title)
        if ref and m.date and (ref.day - m.date).days > 7:
            s -= 3
        if m.date is None:
            s -= 0.5
        if m.like is not None:
            s -= 5  # an earlier incident inferred from "the first ... since": never the news itself
        if m.first.recalled:
            s -= 3  # a past act someone is charged with: the news is what is happening to them now
        s += min(len(m.units), 4) * 0.25
        return s

    return max(range(len(mentions)), key=lambda i: (score(i), -i))


def _title_match(m: Mention, title: UnitInfo) -> float:
    s = 0.0
    tk = _kind_of(title) or ("violent" if title.triggers else None)
    if tk and tk == m.kind():
        s += 1.5
    tkilled = {f.count.best for f in title.figures if f.kind == "killed"}
    mkilled = {f.count.best for u in m.units for f in u.figures if f.kind == "killed"}
    if tkilled & mkilled - {None}:
        s += 2
    tplaces = {p.place.admin1 for p in title.places if p.place.admin1}
    mplaces = {p.place.admin1 for u in m.units for p in u.places if p.place.admin1}
    if tplaces & mplaces:
        s += 1.5
    tact = {a.actor_id for a in title.actors if a.kind == "group"}
    if tact & {a.actor_id for u in m.units for a in u.actors}:
        s += 0.5
    if STRATEGIC in {t.event_type for t in title.triggers} and m.kind() == "violent":
        s -= 0.5
    return s
