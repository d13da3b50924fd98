"""The day of an article's main event, chosen among the days the article names (and its publication day) by a small
learned ranker over what the rules already read: whether the sentence tells the act or what followed it, whether it
belongs to the main incident, how many times the day is told, how far back it lies, and the rules' own pick.

Rules read each sentence well, but the day of the main event is a choice between sentences ("died Friday after a
shooting" against "the shooting happened Thursday"); weighing the evidence for each day, with weights fitted on
labelled corpora (bench/train_dates.py), makes that choice. The artefact is a short JSON of weights."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sitrep_common.dates import Reference

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.event_dates import ACT_WORDS, SEQUEL_WORDS

ARTEFACT = Path(__file__).parent / "data" / "date_ranker.json"
# A day further back than this is another incident's, or the report is not news (an anniversary, a trial).
MAX_BACK_DAYS = 400
_SCENE = re.compile(r"\b(?:happened|occurred|took place|unfolded|broke out|erupted|began)\b", re.I)
_NIGHT = re.compile(r"night|late|overnight|evening", re.I)
_EARLY = re.compile(r"early|morning|dawn", re.I)
_RELATIVE = re.compile(r"yesterday|last night|today|tonight|this (?:morning|afternoon|evening)", re.I)
_BACK_BUCKETS = ((0, 0), (1, 1), (2, 3), (4, 7), (8, 31), (32, MAX_BACK_DAYS))

FEATURES: tuple[str, ...] = (
    "rule", "publication", "publication_minus_1", "implicit_only",
    *(f"back_{lo}_{hi}" for lo, hi in _BACK_BUCKETS), "after_publication",
    "n_at", "n_reported", "in_primary_at", "in_primary", "in_title", "first_unit", "lead",
    "act_at", "act_any", "sequel_only", "scene", "night", "early", "relative", "absolute", "clutter_only",
    "act_clause", "sequel_any", "rule_sequel", "caption", "log_back", "n_units",
)
_CAPTION = re.compile(r"\b(?:photo|caption|image|file|pictured)\b", re.I)


@dataclass
class Candidate:
    day: dt.date
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Told:
    """One expression of a day in the article, as the rules read it (plain values, so that the training script
    can keep them between runs)."""

    day: dt.date
    relation: str
    unit: int  # order among the article's units (the title: -1)
    primary: bool  # in a sentence of the main incident
    strength: int  # the sentence's strongest event trigger
    clutter: bool
    sentence: str
    start: int  # the expression's offsets in the sentence
    end: int


def read_days(infos: Sequence[UnitInfo], primary_units: Sequence[UnitInfo], title: UnitInfo | None,
              ref: Reference) -> list[Told]:
    """Every day the article tells to the day, as an act's day or a statement's, not long before publication."""
    mine = {u.unit.index for u in primary_units}
    out: list[Told] = []
    for u in [*([title] if title is not None else []), *infos]:
        for d in u.dates:
            if d.value is None or d.precision != "day" or d.relation not in ("at", "reported"):
                continue
            if not -1 <= (ref.day - d.value).days <= MAX_BACK_DAYS:
                continue
            out.append(Told(d.value, d.relation, u.unit.index, u.unit.index in mine, u.strength, u.unit.clutter,
                            u.unit.text, d.start - u.unit.start, d.end - u.unit.start))
    return out


def candidates(told: Sequence[Told], ref: Reference, rule_day: dt.date | None) -> list[Candidate]:
    """The days told, the publication day and the day before it, and the rules' pick, each with its features."""
    by_day: dict[dt.date, list[Told]] = {}
    for t in told:
        by_day.setdefault(t.day, []).append(t)
    days = set(by_day) | {ref.day, ref.day - dt.timedelta(days=1)}
    if rule_day is not None and -1 <= (ref.day - rule_day).days <= MAX_BACK_DAYS:
        days.add(rule_day)
    return [Candidate(day, _features(day, by_day.get(day, []), ref, rule_day)) for day in sorted(days)]


def _clause_before(t: Told) -> str:
    # "a.m." and "p.m." end no clause: "The shooting happened at 10 p.m. Thursday".
    clause = re.sub(r"\b([ap])\.m\.", r"\1m", t.sentence[max(0, t.start - 90): t.start], flags=re.I)
    return re.split(r"[.;:!?]|,\s|\b(?:and|but|after|when|where|while)\b", clause)[-1]


def _features(day: dt.date, told: list[Told], ref: Reference, rule_day: dt.date | None) -> dict[str, float]:
    back = (ref.day - day).days
    f: dict[str, float] = {
        "rule": float(day == rule_day), "publication": float(back == 0), "publication_minus_1": float(back == 1),
        "implicit_only": float(not told), "after_publication": float(back < 0), "log_back": math.log1p(max(back, 0)),
    }
    for lo, hi in _BACK_BUCKETS:
        f[f"back_{lo}_{hi}"] = float(lo <= back <= hi)
    if not told:
        return f
    at = [t for t in told if t.relation == "at"]
    first = min(t.unit for t in told)
    act = [bool(ACT_WORDS.search(t.sentence)) or t.strength >= 2 for t in told]
    clauses = [_clause_before(t) for t in told]
    sequel = [bool(SEQUEL_WORDS.search(c)) and not ACT_WORDS.search(c) for c in clauses]
    exprs = [t.sentence[t.start: t.end + 12] for t in told]
    told_at = [t.relation == "at" for t in told]
    f |= {
        "n_at": math.log1p(len(at)), "n_reported": math.log1p(len(told) - len(at)),
        "in_primary_at": float(any(t.primary for t in at)), "in_primary": float(any(t.primary for t in told)),
        "in_title": float(first < 0), "first_unit": 1.0 / (2 + max(first, 0)), "lead": float(first <= 3),
        "act_at": float(any(a and is_at for a, is_at in zip(act, told_at, strict=True))),
        "act_any": float(any(act)), "sequel_only": float(all(sequel)),
        "scene": float(any(_SCENE.search(t.sentence) for t in at)),
        "night": float(any(_NIGHT.search(e) and is_at for e, is_at in zip(exprs, told_at, strict=True))),
        "early": float(any(_EARLY.search(e) and is_at for e, is_at in zip(exprs, told_at, strict=True))),
        "relative": float(any(_RELATIVE.search(e) for e in exprs)),
        "absolute": float(any(re.search(r"\d", e[:12]) for e in exprs)),
        "clutter_only": float(all(t.clutter for t in told)),
        "act_clause": float(any(ACT_WORDS.search(c) for c in clauses)), "sequel_any": float(any(sequel)),
        "rule_sequel": float(day == rule_day and all(sequel)),
        "caption": float(all(_CAPTION.search(t.sentence) for t in told)),
        "n_units": math.log1p(len({t.unit for t in told})),
    }
    return f


@dataclass(frozen=True)
class DateRanker:
    """Linear weights over FEATURES: the day with the highest score is the main event's, if it beats the rules'
    pick by `margin` (the rules read most articles right; the ranker overrides them only when clearly better)."""

    weights: dict[str, float]
    margin: float = 0.0

    @classmethod
    def load(cls, path: Path = ARTEFACT) -> DateRanker | None:
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data.get("margin", 0.0)))

    def score(self, c: Candidate) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in c.features.items())

    def pick(self, cands: Sequence[Candidate]) -> dt.date | None:
        if not cands:
            return None
        # Ties go to the rules' pick, then to the later day.
        best = max(cands, key=lambda c: (self.score(c), c.features.get("rule", 0.0), c.day))
        rule = next((c for c in cands if c.features.get("rule")), None)
        if rule is not None and self.score(best) - self.score(rule) <= self.margin:
            return rule.day
        return best.day
