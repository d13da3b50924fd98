"""Features of a pair of events for the learned match (pairmodel.py): pure functions of the two events.

Each feature is a number that means the same on any news: how far apart the dates are beyond what their
precision allows, how many km apart the places are, whether admin1 and town agree, how compatible the
types, actors and tolls are, how alike the wording is. A field missing on either side gives 0 plus a
`*_known` flag of 0, so the model learns what a missing field is worth instead of a hand-set neutral value.
The sub-features of scoring.features (fuzzy admin1/town names, actor ids, toll ranges) are reused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

from sitrep_common.models import Event

from sitrep_dedupe import scoring
from sitrep_dedupe.textsig import dateline_place

# A gap this many days beyond the dates' precision is as far as the log scale needs to go.
MAX_GAP_DAYS = 60.0
MAX_KM = 2000.0
# km at or below which two point geocodes are "the same area" (a town and its suburb).
NEAR_KM = 25.0


class TextSimilarity(Protocol):
    """Similarity 0..1 of two events' wording (an embedding cosine); None when either has no text."""

    def __call__(self, a: Event, b: Event) -> float | None: ...


# The model's inputs, in a fixed order (the artefact stores its weights by name).
FEATURE_NAMES: tuple[str, ...] = (
    "both_dated", "date_gap", "same_day", "coarse_date", "undated", "hint_fit", "hint_conflict",
    "admin1_same", "admin1_diff", "location", "location_known", "km_log", "km_known", "near", "place_conflict",
    "dateline",
    "type", "same_sub_type", "type_conflict",
    "perpetrator", "perpetrator_known", "target", "target_known",
    "killed", "killed_known", "injured", "injured_known", "casualty_conflict",
    "words", "words_known", "embedding", "embedding_known", "tfidf", "tfidf_known",
    "published_gap", "published_known", "mention",
)


def _log_scaled(value: float, top: float) -> float:
    return math.log1p(min(value, top)) / math.log1p(top)


def _date_part(a: Event, b: Event, hand: Mapping[str, float]) -> dict[str, float]:
    out = {"hint_fit": float(hand.get("date_hint") == 1.0), "hint_conflict": float(hand.get("date_hint") == 0.0)}
    if a.date is None or b.date is None:
        return out | {"undated": 1.0}
    slack = max(scoring.PRECISION_SLACK.get(e.date_precision or "day", 0) for e in (a, b))
    gap = max(0, abs((a.date - b.date).days) - slack)
    return out | {"both_dated": 1.0, "date_gap": _log_scaled(gap, MAX_GAP_DAYS), "same_day": float(gap == 0),
                  "coarse_date": float(slack > 0)}


def _place_part(a: Event, b: Event, hand: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    if "admin1" in hand:
        out["admin1_same" if hand["admin1"] == 1.0 else "admin1_diff"] = 1.0
    if "location" in hand:
        out |= {"location": hand["location"], "location_known": 1.0}
    km = scoring.km_apart(a, b)
    if km is not None:
        out |= {"km_log": _log_scaled(km, MAX_KM), "km_known": 1.0, "near": float(km <= NEAR_KM)}
    out["place_conflict"] = hand.get("place_conflict", 0.0)
    # A place read off a dateline ("CAIRO (AP) -") is where the reporter files from.
    out["dateline"] = float(dateline_place(a) or dateline_place(b))
    return out


def _known(hand: Mapping[str, float], name: str) -> dict[str, float]:
    return {name: hand[name], f"{name}_known": 1.0} if name in hand else {}


def pair_features(a: Event, b: Event, texts: Mapping[str, TextSimilarity] | None = None) -> dict[str, float]:
    """The model's inputs by name (FEATURE_NAMES; an absent field gives 0). Symmetric in a and b.
    `texts`: wording similarities by feature name ("embedding", "tfidf"), each loaded once at start-up."""
    hand = scoring.features(a, b)
    out: dict[str, float] = {}
    out |= _date_part(a, b, hand)
    out |= _place_part(a, b, hand)
    out |= {"type": hand["type"], "same_sub_type": float(
        a.event_type == b.event_type and a.sub_event_type == b.sub_event_type),
        "type_conflict": hand.get("type_conflict", 0.0)}
    for name in ("perpetrator", "target", "killed", "injured"):
        out |= _known(hand, name)
    out["casualty_conflict"] = hand.get("casualty_conflict", 0.0)
    if hand.get("text_known"):
        out |= {"words": hand["text"], "words_known": 1.0}
    for name, similarity in (texts or {}).items():
        value = similarity(a, b)
        if value is not None:
            out |= {name: value, f"{name}_known": 1.0}
    if a.published is not None and b.published is not None:
        gap = abs((a.published - b.published).days)
        out |= {"published_gap": _log_scaled(gap, MAX_GAP_DAYS), "published_known": 1.0}
    out["mention"] = float(not (a.primary and b.primary))
    return {name: round(float(out.get(name, 0.0)), 4) for name in FEATURE_NAMES}


def vector(feats: Mapping[str, float]) -> list[float]:
    return [feats.get(name, 0.0) for name in FEATURE_NAMES]
