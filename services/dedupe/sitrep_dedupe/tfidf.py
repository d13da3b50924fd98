"""Wording similarity of two events: TF-IDF cosine of their texts, with document frequencies fitted on a
background of news (bench/train_match.py writes data/text_idf.json; loaded at start-up, injected).

Tokens as scikit-learn's TfidfVectorizer makes them (lower case, words of 2+ letters or digits, English
stop words out), sublinear term frequency, L2 norm; a word the background never saw gets the largest IDF
(a rare name is the best evidence there is). Vectors are cached by text, so a stored event is read once.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep_common.models import Event

from sitrep_dedupe.embedding import event_text

ARTEFACT = "text_idf.json"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
CACHE_SIZE = 100_000


def tokens(text: str, stop: frozenset[str]) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in stop]


class TfidfText:
    def __init__(self, idf: Mapping[str, float], unseen_idf: float, stop: frozenset[str],
                 cache_size: int = CACHE_SIZE) -> None:
        self._idf = dict(idf)
        self._unseen = unseen_idf
        self._stop = stop
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._size = cache_size

    @classmethod
    def fit(cls, texts: list[str], stop: frozenset[str], min_df: int = 2) -> TfidfText:
        """Smoothed IDF as scikit-learn computes it: ln((1 + n) / (1 + df)) + 1."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(tokens(text, stop)))
        n = len(texts)
        idf = {w: round(math.log((1 + n) / (1 + c)) + 1, 4) for w, c in df.items() if c >= min_df}
        return cls(idf, round(math.log((1 + n) / 2) + 1, 4), stop)

    def to_json(self) -> dict[str, Any]:
        return {"unseen_idf": self._unseen, "stop_words": sorted(self._stop), "idf": dict(sorted(self._idf.items()))}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TfidfText:
        return cls(data["idf"], float(data["unseen_idf"]), frozenset(data["stop_words"]))

    @classmethod
    def load(cls, path: Path | None = None) -> TfidfText:
        text = path.read_text(encoding="utf-8") if path else (
            resources.files("sitrep_dedupe").joinpath("data", ARTEFACT).read_text(encoding="utf-8"))
        return cls.from_json(json.loads(text))

    def vector(self, text: str) -> dict[str, float]:
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        counts = Counter(tokens(text, self._stop))
        vec = {w: (1 + math.log(c)) * self._idf.get(w, self._unseen) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {w: v / norm for w, v in vec.items()}
        self._cache[text] = vec
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return vec

    def __call__(self, a: Event, b: Event) -> float | None:
        va, vb = self.vector(event_text(a)), self.vector(event_text(b))
        if not va or not vb:
            return None
        if len(vb) < len(va):
            va, vb = vb, va
        return min(1.0, sum(v * vb.get(w, 0.0) for w, v in va.items()))
