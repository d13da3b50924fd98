"""Wording similarity of two events from static word embeddings (wordllama: MIT, weights inside the wheel).

The embedder is loaded once at start-up (`WordLlamaText.load()`) and injected into the matcher; vectors
are cached by text, so a stored event is embedded once, not once per candidate pair.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from typing import Any

import numpy as np
from sitrep_common.models import Event

# Enough text to say which incident it is (title and lead), little enough to stay about one incident.
MAX_CHARS = 2000
CACHE_SIZE = 100_000


def event_text(event: Event) -> str:
    """What the article says of the event: the article's title and opening for its main event (`lead`),
    else the evidence sentences (a background mention: the opening is about another incident)."""
    if event.lead:
        return event.lead[:MAX_CHARS]
    return " ".join(e.text for e in event.evidence)[:MAX_CHARS]


class WordLlamaText:
    """Cosine of the mean word vectors of two events' texts, clipped to 0..1."""

    def __init__(self, model: Any, cache_size: int = CACHE_SIZE) -> None:
        self._model = model
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size

    @classmethod
    def load(cls) -> WordLlamaText:
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        import wordllama  # noqa: PLC0415  (loaded at start-up, never at import of this module)

        # wordllama calls logging.basicConfig(INFO) on import: give the application its logging back.
        root.handlers[:] = handlers
        root.setLevel(level)
        folder = os.path.dirname(wordllama.__file__)
        return cls(wordllama.WordLlama.load(cache_dir=folder, disable_download=True))

    def vector(self, text: str) -> np.ndarray:
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        vec = np.asarray(self._model.embed([text], norm=True)[0], dtype=np.float32)
        self._cache[text] = vec
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return vec

    def warm(self, texts: list[str]) -> None:
        """Embed many texts in one call (training, replays): much faster than one at a time."""
        todo = sorted({t for t in texts if t and t not in self._cache})
        if todo:
            for text, vec in zip(todo, self._model.embed(todo, norm=True), strict=True):
                self._cache[text] = np.asarray(vec, dtype=np.float32)

    def __call__(self, a: Event, b: Event) -> float | None:
        ta, tb = event_text(a), event_text(b)
        if not ta.strip() or not tb.strip():
            return None
        return max(0.0, min(1.0, float(self.vector(ta) @ self.vector(tb))))
