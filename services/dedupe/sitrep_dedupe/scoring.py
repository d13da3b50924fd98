"""Pairwise match of two events: hard gates, then a weighted mean of 0..1 features against a threshold.

Incidents are connected components of the match graph, so `match` must be a pure, symmetric function
of the two events (arrival order must not change the result) and strict enough that single-linkage
does not chain look-alikes (same group, same toll, another day or another town) together.
Weights and threshold are constants fitted offline by bench/fit_matching.py; see MATCHING.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import BaseModel
from rapidfuzz import fuzz
from sitrep_common.models import Event

from sitrep_dedupe import places
from sitrep_dedupe.taxonomy import type_compatibility
from sitrep_dedupe.textsig import dateline_place, signature

# --- fitted constants (bench/fit_matching.py on shared/corpus/dev; see MATCHING.md) -----------------
WEIGHTS: Mapping[str, float] = {
    "date": 1.0,
    "place": 1.0,
    "type": 1.0,
    "actor": 3.0,
    "casualties": 2.0,
    "text": 1.0,
}
THRESHOLD = 0.60
# Multiplies the score once per contradiction (see _conflicts). A weighted mean alone cannot keep
# apart two reports that agree on everything but the town; a contradiction must weigh more than
# any amount of agreement elsewhere.
CONFLICT_FACTOR = 0.5
# Two day-precise dates further apart than this are two incidents, whatever else agrees.
MAX_DAY_GAP = 2
# Text similarity (cosine of salient evidence words) at which two reports are anchored without an
# agreeing date or place: an undated, place-less report still shares names and wording.
TEXT_ANCHOR = 0.30
# A background mention ("a week after 16 policemen were killed") is a sentence: its date is coarse and
# its place often missing. It is anchored by a date that fits plus a fact specific to the incident (the
# toll, the group): it can afford that because it joins only its best match and bridges nothing
# (clustering.is_satellite).
MENTION_FACT = 0.9
# A report with no date at all is only tied to another by place AND wording: "same province, same
# kind of attack" is exactly what a look-alike from another day looks like.
UNDATED_TEXT_ANCHOR = 0.40
# ... or by the same town, kind of event and toll, and some shared wording.
UNDATED_SCENE_TEXT = 0.20

# --- fixed modelling choices -------------------------------------------------------------------------
# A feature that cannot be computed (a field missing on either side) is "no evidence": neither for
# nor against. 0.5 pulls the score towards the middle instead of dropping the feature, so that two
# sparse events cannot match on the one field they both have.
NEUTRAL = 0.5
# Days of slack a date of this precision carries (the event may be anywhere in that period). A "week"
# date is "last week" or "a few days ago" resolved to one day: +-4 days covers it without reaching the
# same weekday of the week before or after, where look-alikes are.
PRECISION_SLACK: Mapping[str, int] = {"day": 0, "week": 4, "month": 31, "year": 366}
# Window for events with no date at all: they still need candidates to be compared with.
UNDATED_WINDOW_DAYS = 400
# A coarse date that agrees is no evidence either way: "last week" fits every incident of that week.
COARSE_DATE_FACTOR = NEUTRAL
# date feature of day-precise dates at most one day apart (exp(-1/2) = 0.61).
ANCHOR_DATE = 0.6
# Actor ids that differ: outlets name the same side differently ("police" / "security forces"),
# so a mismatch is mild evidence against, not a veto.
ACTOR_MISMATCH = 0.2
# Different admin1 names are only a contradiction when the locations are not close either: admin1
# is the field extraction gets wrong most often (border towns, "Western Desert", capital vs suburb).
NEAR_KM = 25.0
SAME_LOCATION = 0.8
AREA_PRECISIONS = ("admin1", "country")
# Sub-features that are specific to one incident (present only when both reports give the field).
SPECIFIC_FEATURES = ("location", "distance", "killed", "injured", "perpetrator", "target")
# Casualty figures whose log-ratio reaches ln(8) (e.g. 1 vs 15) count as incompatible.
MAX_LOG_RATIO = math.log(8.0)


class Match(BaseModel):
    """The outcome of comparing two events."""

    score: float
    features: dict[str, float]
    is_match: bool
    # Strong enough to tie two dated main reports together (which merges their incidents, single linkage);
    # a satellite (clustering.is_satellite) only needs is_match. None: the same as is_match.
    links: bool | None = None

    @property
    def anchors(self) -> bool:
        return self.is_match if self.links is None else self.links and self.is_match


def _slack(event: Event) -> int:
    return PRECISION_SLACK.get(event.date_precision or "day", 0)


def window_days(event: Event, max_day_gap: int = MAX_DAY_GAP) -> int:
    """Half-width of the blocking date window of `event` under gate(..., max_day_gap).

    A pair can only match if its dates are at most max(window_days(a), window_days(b)) apart, so a
    store that wants arrival-order independence must also offer a new event to stored events whose
    own window is wider than the new event's (undated and coarse-dated ones).
    """
    if event.date is None:
        return UNDATED_WINDOW_DAYS
    return max_day_gap + _slack(event)


def gate(a: Event, b: Event, max_day_gap: int = MAX_DAY_GAP) -> str | None:
    """Why the pair can never match (a short reason), or None when it may be scored."""
    if a.article_id == b.article_id:
        return "same_article"
    if not a.primary and not b.primary:
        # Two background mentions: each should join the incident of the article it is the main
        # incident of; linked to each other they only bridge look-alikes.
        return "mentions"
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return "country"
    if a.date is not None and b.date is not None:
        gap = abs((a.date - b.date).days)
        if gap > max(max_day_gap + _slack(a), max_day_gap + _slack(b)):
            return "date"
    return None


def _date_feature(a: Event, b: Event) -> float | None:
    if a.date is None or b.date is None:
        return None
    slack = max(_slack(a), _slack(b))
    gap = max(0, abs((a.date - b.date).days) - slack)
    # One day apart is common (time zones, "yesterday" resolved against different publication days).
    value = math.exp(-gap / 2.0)
    return value * COARSE_DATE_FACTOR if slack else value


def _hint_feature(a: Event, b: Event) -> float | None:
    """An undated report's "on Friday" against the other's day-precise date: 1.0 when the day fits,
    0.0 when it cannot be that day; None when there is nothing to compare."""
    for undated, dated in ((a, b), (b, a)):
        if undated.date is None and undated.date_hint is not None and dated.date is not None:
            if dated.date_precision != "day":
                return None
            return 1.0 if undated.date_hint.fits(dated.date) else 0.0
    return None


def _weighted(parts: list[tuple[float | None, float]]) -> float | None:
    known = [(v, w) for v, w in parts if v is not None]
    if not known:
        return None
    return sum(v * w for v, w in known) / sum(w for _, w in known)


def km_apart(a: Event, b: Event) -> float | None:
    """Distance between two point geocodes; None when either is missing or only an area's centroid
    (an admin1 centroid says nothing the admin1 name does not)."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    if a.geo_precision in AREA_PRECISIONS or b.geo_precision in AREA_PRECISIONS:
        return None
    return places.km_between(a.lat, a.lon, b.lat, b.lon)


def _place_feature(a: Event, b: Event, out: dict[str, float]) -> float | None:
    admin1 = places.admin1_score(a.admin1, b.admin1)
    location = places.location_score(a.location, b.location)
    km = km_apart(a, b)
    distance = None if km is None else places.distance_score(km)
    for name, value in (("admin1", admin1), ("location", location), ("distance", distance)):
        if value is not None:
            out[name] = round(value, 4)
    return _weighted([(admin1, 1.0), (location, 1.0), (distance, 1.0)])


def _actor_id_score(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    if a == b:
        return 1.0
    # Spelling variants of one id (hasm / hasam) still count; anything else is a mismatch.
    ratio = fuzz.ratio(a.replace("-", " ").replace("_", " "), b.replace("-", " ").replace("_", " "))
    return ratio / 100.0 if ratio >= places.SAME_NAME_RATIO else ACTOR_MISMATCH


def _target_score(a: Event, b: Event) -> float | None:
    ta, tb = a.target_id or a.target, b.target_id or b.target
    if not ta or not tb:
        return None
    return fuzz.token_set_ratio(ta.lower(), tb.lower()) / 100.0


def _bounds(value: int, bounds: tuple[int | None, int | None]) -> tuple[int, int]:
    low, high = bounds
    return (value if low is None else min(low, value), value if high is None else max(high, value))


def _figure_score(
    value_a: int | None, range_a: tuple[int | None, int | None],
    value_b: int | None, range_b: tuple[int | None, int | None],
) -> float | None:
    if value_a is None or value_b is None:
        return None
    # "at least 23" / "23 to 26": overlapping ranges are full agreement.
    lo_a, hi_a = _bounds(value_a, range_a)
    lo_b, hi_b = _bounds(value_b, range_b)
    if lo_a <= hi_b and lo_b <= hi_a:
        return 1.0
    # Log-ratio with +1 smoothing: 12 vs 13 is close, 16 vs 54 plausible, 2 vs 14 and 0 vs 4 far.
    distance = abs(math.log((value_a + 1) / (value_b + 1)))
    return max(0.0, 1.0 - distance / MAX_LOG_RATIO)


def _casualty_feature(a: Event, b: Event, out: dict[str, float]) -> float | None:
    killed = _figure_score(a.killed, (a.killed_min, a.killed_max), b.killed, (b.killed_min, b.killed_max))
    injured = _figure_score(
        a.injured, (a.injured_min, a.injured_max), b.injured, (b.injured_min, b.injured_max)
    )
    for name, value in (("killed", killed), ("injured", injured)):
        if value is not None:
            out[name] = round(value, 4)
    # Death tolls are reported more consistently than injury counts.
    return _weighted([(killed, 2.0), (injured, 1.0)])


def _text_feature(a: Event, b: Event) -> float | None:
    ka, kb = signature(a), signature(b)
    if not ka or not kb:
        return None
    # Cosine of binary word sets: kinder than Jaccard to a one-sentence mention against a long report.
    return len(ka & kb) / math.sqrt(len(ka) * len(kb))


def _conflicts(a: Event, b: Event, feats: Mapping[str, float]) -> dict[str, float]:
    """Contradictions (1.0 each): facts both reports give and that cannot both be true of one incident."""
    out: dict[str, float] = {}
    km = km_apart(a, b)
    other_admin1 = feats.get("admin1") == 0.0 and feats.get("location", 0.0) < SAME_LOCATION
    # Distance alone is no contradiction: geocoding free text ("south-west of Cairo") misfires.
    # A place read off a dateline ("CAIRO (AP) -") is where the reporter is, so it contradicts nothing.
    from_dateline = dateline_place(a) or dateline_place(b)
    if other_admin1 and (km is None or km > NEAR_KM) and not from_dateline:
        out["place_conflict"] = 1.0
    if feats["type"] == 0.0:
        out["type_conflict"] = 1.0
    if feats.get("date_hint") == 0.0:
        out["date_conflict"] = 1.0
    # Tolls a factor of 8 or more apart (1 vs 15, 0 vs 7) are two incidents more often than two
    # counts of one: outlets disagree (16 vs 54) but rarely by that much.
    if ("killed" in feats or "injured" in feats) and feats["casualties"] == 0.0:
        out["casualty_conflict"] = 1.0
    return out


def features(a: Event, b: Event) -> dict[str, float]:
    """All features of the pair, each 0..1. The six in WEIGHTS are always present (NEUTRAL when
    unknown); sub-features (admin1, location, distance, killed, injured, perpetrator, target) only
    when both events carry the fields."""
    out: dict[str, float] = {}
    perpetrator = _actor_id_score(a.perpetrator_id, b.perpetrator_id)
    target = _target_score(a, b)
    for name, value in (("perpetrator", perpetrator), ("target", target)):
        if value is not None:
            out[name] = round(value, 4)
    hint = _hint_feature(a, b)
    composite = {
        "date": _date_feature(a, b) if hint is None else hint,
        "place": _place_feature(a, b, out),
        "type": type_compatibility((a.event_type, a.sub_event_type), (b.event_type, b.sub_event_type)),
        "actor": _weighted([(perpetrator, 2.0), (target, 1.0)]),
        "casualties": _casualty_feature(a, b, out),
        "text": _text_feature(a, b),
    }
    if composite["text"] is not None:
        out["text_known"] = 1.0
    if hint is not None:
        out["date_hint"] = hint
    if not (a.primary and b.primary):
        out["mention"] = 1.0
    if (a.date is None or b.date is None) and hint != 1.0:
        # A weekday that fits a dated report's day anchors the pair as a date would; one that
        # does not is a contradiction (see _conflicts).
        out["undated"] = 1.0
    for name, value in composite.items():
        out[name] = round(NEUTRAL if value is None else value, 4)
    out.update(_conflicts(a, b, out))
    return out


def combine(
    feats: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS, conflict_factor: float = CONFLICT_FACTOR
) -> float:
    """Weighted mean of the weighted features, times CONFLICT_FACTOR per contradiction."""
    total = sum(weights.values())
    mean = sum(w * feats[name] for name, w in weights.items()) / total if total else 0.0
    if not has_enough_evidence(feats):
        return 0.0
    return mean * conflict_factor ** conflict_count(feats)


def has_enough_evidence(feats: Mapping[str, float]) -> bool:
    """True when the reports are anchored in time or place AND share a specific fact.

    Anchor: day-precise dates at most a day apart, or the same admin1, or the same location.
    Without one (a week-precise date and no place) "same group, same toll" is exactly what a
    look-alike from another day or town looks like.
    Specific fact: something beyond date, admin1 and type. Two sparse reports (a background
    mention: "a bombing in Giza on Friday") agree on those with every other incident of that day
    and place; letting them match would chain look-alikes together through them.
    """
    same_place = feats.get("admin1") == 1.0 or feats.get("location", 0.0) >= SAME_LOCATION
    worded_alike = feats.get("text_known", 0.0) > 0 and feats["text"] >= UNDATED_TEXT_ANCHOR
    if feats.get("undated"):
        # Or the same town, the same kind of event and the same toll, in words that overlap.
        same_scene = (feats.get("location", 0.0) >= SAME_LOCATION and feats["type"] == 1.0
                      and feats.get("killed", 0.0) == 1.0 and feats.get("text_known", 0.0) > 0
                      and feats["text"] >= UNDATED_SCENE_TEXT)
        return same_place and (worded_alike or same_scene)
    if feats.get("mention") and feats["date"] >= COARSE_DATE_FACTOR and (
            feats.get("killed", 0.0) >= MENTION_FACT or feats.get("perpetrator", 0.0) >= MENTION_FACT):
        return True
    specific = any(name in feats for name in SPECIFIC_FEATURES) or feats.get("text_known", 0.0) > 0
    if feats.get("date_hint") == 1.0:
        # A weekday that fits is one chance in seven, not a date: it needs the place or the wording too.
        return specific and (same_place or (feats.get("text_known", 0.0) > 0 and feats["text"] >= TEXT_ANCHOR))
    anchored = (
        feats["date"] >= ANCHOR_DATE
        or feats.get("admin1") == 1.0
        or feats.get("location", 0.0) >= SAME_LOCATION
        or (feats.get("text_known", 0.0) > 0 and feats["text"] >= TEXT_ANCHOR)
    )
    return anchored and specific


CONFLICTS = ("place_conflict", "type_conflict", "casualty_conflict", "date_conflict")


def conflict_count(feats: Mapping[str, float]) -> int:
    return sum(1 for name in CONFLICTS if feats.get(name))


def match(a: Event, b: Event) -> Match:
    """Compare two events. Symmetric: match(a, b) == match(b, a)."""
    reason = gate(a, b)
    feats = features(a, b)
    if reason is not None:
        return Match(score=0.0, features={**feats, f"gate_{reason}": 1.0}, is_match=False)
    if not has_enough_evidence(feats):
        feats["gate_evidence"] = 1.0
    score = round(combine(feats), 4)
    return Match(score=score, features=feats, is_match=score >= THRESHOLD)
