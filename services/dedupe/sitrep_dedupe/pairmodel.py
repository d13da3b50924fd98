"""The learned pair match: logistic regression over pairfeatures, with the plainly general vetoes kept.

Weights are fitted by bench/train_match.py on labelled corpora and committed as JSON
(data/pair_model.json, with the data and command that made it); `PairModel.load()` reads them at
start-up and the matcher is injected (dedupe worker main, `sitrep batch`), never loaded at import.
`LearnedMatcher(a, b)` is a pure, symmetric function of the two events, as clustering requires.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep_common.models import Event

from sitrep_dedupe import scoring
from sitrep_dedupe.clustering import BLOCKING_DAY_GAP
from sitrep_dedupe.pairfeatures import FEATURE_NAMES, TextSimilarity, pair_features
from sitrep_dedupe.scoring import Match
from sitrep_dedupe.textsig import dateline_place

ARTEFACT = "pair_model.json"
# Two point geocodes this far apart are two towns, whatever the wording says ("a bombing in X" and
# "a bombing in Y" the same day read alike).
FAR_KM = 500.0


@dataclass(frozen=True)
class PairModel:
    """Standardised logistic regression: p = sigmoid(intercept + sum(coef * (x - mean) / scale))."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    # A satellite (undated report, background mention) joins its best match at or above `threshold`; two
    # dated main reports are tied (merging their incidents) only at or above `link_threshold`.
    threshold: float
    link_threshold: float
    about: dict[str, Any] = field(default_factory=dict)
    # Day-precise dates further apart than this (plus precision slack) are vetoed; nearer, the model weighs
    # the gap (date_gap). At most clustering.BLOCKING_DAY_GAP, or the store would never offer such pairs.
    max_day_gap: int = scoring.MAX_DAY_GAP

    def __post_init__(self) -> None:
        if not (len(self.names) == len(self.mean) == len(self.scale) == len(self.coef)):
            raise ValueError("pair model: names, mean, scale and coef differ in length")
        if not 0 <= self.max_day_gap <= BLOCKING_DAY_GAP:
            raise ValueError(f"pair model: max_day_gap {self.max_day_gap} outside 0..{BLOCKING_DAY_GAP}")
        unknown = set(self.names) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"pair model uses features this code does not compute: {sorted(unknown)}")

    def probability(self, feats: Mapping[str, float]) -> float:
        z = self.intercept + sum(c * (feats.get(n, 0.0) - m) / s
                                 for n, m, s, c in zip(self.names, self.mean, self.scale, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"names": list(self.names), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold,
                "link_threshold": self.link_threshold, "max_day_gap": self.max_day_gap, "about": self.about}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairModel:
        return cls(names=tuple(data["names"]), mean=tuple(data["mean"]), scale=tuple(data["scale"]),
                   coef=tuple(data["coef"]), intercept=float(data["intercept"]),
                   threshold=float(data["threshold"]), link_threshold=float(data["link_threshold"]),
                   about=dict(data.get("about", {})), max_day_gap=int(data.get("max_day_gap", scoring.MAX_DAY_GAP)))

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        text = path.read_text(encoding="utf-8") if path else (
            resources.files("sitrep_dedupe").joinpath("data", ARTEFACT).read_text(encoding="utf-8"))
        return cls.from_json(json.loads(text))


def veto(a: Event, b: Event, max_day_gap: int = scoring.MAX_DAY_GAP) -> str | None:
    """Why two events can never be one incident, whatever the model says: scoring.gate (one article,
    two countries, day-precise dates more than `max_day_gap` days apart, two background mentions) or two
    towns far apart."""
    reason = scoring.gate(a, b, max_day_gap)
    if reason is not None:
        return reason
    km = scoring.km_apart(a, b)
    if km is not None and km > FAR_KM and not (dateline_place(a) or dateline_place(b)):
        return "far"
    return None


def ties(p: float, feats: Mapping[str, float], model: PairModel) -> bool:
    """Whether a match is strong enough to tie two dated main reports (which merges their incidents):
    p >= link_threshold and the places do not contradict each other (scoring's place_conflict: other
    admin1, other town, no point geocodes within 25 km, neither place read off a dateline). One wrong tie
    merges two whole incidents; a report kept apart by a wrong admin1 can still join as a satellite."""
    return p >= model.link_threshold and not feats.get("place_conflict")


@dataclass
class LearnedMatcher:
    """Two main reports: match = no veto and model probability >= its threshold (>= link_threshold to tie two
    dated reports). The features and the probability stay on the link (MatchInfo.features, .score), so a
    merge can be explained. Pairs with a background mention: the hand-set scoring.match."""

    model: PairModel
    texts: dict[str, TextSimilarity] = field(default_factory=dict)

    @classmethod
    def load(cls) -> LearnedMatcher:
        """The committed model with the wording similarities it was trained with (start-up only)."""
        from sitrep_dedupe.embedding import WordLlamaText  # noqa: PLC0415  (wordllama loads its weights)
        from sitrep_dedupe.tfidf import TfidfText  # noqa: PLC0415

        model = PairModel.load()
        texts: dict[str, TextSimilarity] = {}
        if "embedding" in model.names:
            texts["embedding"] = WordLlamaText.load()
        if "tfidf" in model.names:
            texts["tfidf"] = TfidfText.load()
        return cls(model, texts)

    @property
    def max_day_gap(self) -> int:
        """The date veto's gap, which the store's blocking must cover (clustering.blocking_gap)."""
        return self.model.max_day_gap

    def __call__(self, a: Event, b: Event) -> Match:
        if not (a.primary and b.primary):
            # A background mention is one sentence ("a week after 16 policemen were killed"): the labelled
            # corpora give too few such pairs to learn from, and the hand-set rules (fitted on them) link
            # more of them; it joins only its best match (clustering.is_satellite), so it bridges nothing.
            return scoring.match(a, b)
        reason = veto(a, b, self.model.max_day_gap)
        if reason is not None:
            return Match(score=0.0, features={f"gate_{reason}": 1.0}, is_match=False)
        feats = pair_features(a, b, self.texts)
        p = round(self.model.probability(feats), 4)
        return Match(score=p, features={k: v for k, v in feats.items() if v}, is_match=p >= self.model.threshold,
                     links=ties(p, feats, self.model))
