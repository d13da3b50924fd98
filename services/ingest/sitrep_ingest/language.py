"""langdetect's answer, at a fraction of its cost: the same profiles and the same seeded sampling, with the
per-character work done per distinct word.

langdetect (pure Python) normalises every character, slides a 3-character window over the text and keeps
the 1- to 3-grams it has a profile for, then samples them at random (seeded) to update the probability of
each language until one passes CONV_THRESHOLD, 7 times. Its window restarts at every space, so the
n-grams of a text are those of its words one after the other, each word's depending only on the word:
they are computed once per distinct word, by langdetect's own NGram, and cached. The sampling loop draws
the same random numbers and does the same float operations in the same order for each language, five
draws to a pass over the languages instead of one, so the answer and every probability are identical to
langdetect's (tests/unit/ingest/test_language.py compares them), for about a third of the CPU.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import cache
from typing import Any

_LATIN = re.compile("[A-z]")  # what langdetect counts as Latin: 'A' <= ch <= 'z'
_WORD = re.compile("[^ ]+")
_MAX_CACHED_WORDS = 50_000  # about 15 MB at most; emptied when full
UNKNOWN = "unknown"  # langdetect's answer when no language reaches PROB_THRESHOLD


class NoFeatures(ValueError):
    """The text has no character langdetect has a profile for (numbers, symbols)."""


@cache
def _profiles() -> tuple[dict[str, list[float]], list[str]]:
    from langdetect import detector_factory  # noqa: PLC0415 - loads the profiles (about 1 s), on first use

    detector_factory.init_factory()
    factory: Any = detector_factory._factory  # the profiles langdetect.detect() uses
    return factory.word_lang_prob_map, factory.langlist


class LanguageDetector:
    """One per process (see detect()); holds langdetect's profiles and the per-word n-gram cache."""

    def __init__(self) -> None:
        from langdetect.detector import Detector  # noqa: PLC0415
        from langdetect.utils.ngram import NGram  # noqa: PLC0415
        from langdetect.utils.unicode_block import unicode_block  # noqa: PLC0415

        self._probs, self._langs = _profiles()
        self._ngram = NGram
        self._unicode_block = unicode_block
        self._d = Detector
        self._normal: dict[int, str] = {}  # code point -> NGram.normalize(char), for str.translate
        self._words: dict[str, tuple[list[list[float]], list[list[float]]]] = {}

    def detect(self, text: str, seed: int = 0) -> str:
        """langdetect.detect(text) with DetectorFactory.seed = `seed`; NoFeatures where it raises."""
        ngrams = self._ngrams(self._clean(text))
        if not ngrams:
            raise NoFeatures("no features in text")
        prob = self._probabilities(ngrams, seed)
        # Detector._sort_probability: over PROB_THRESHOLD, highest first, ties in profile order.
        best = max(((p, -i) for i, p in enumerate(prob) if p > self._d.PROB_THRESHOLD), default=None)
        return self._langs[-best[1]] if best else UNKNOWN

    def _clean(self, text: str) -> str:
        """Detector.append then Detector.cleaning_text (a run of spaces, which append folds into one,
        gives the n-grams of one space)."""
        text = self._d.URL_RE.sub(" ", text)
        text = self._d.MAIL_RE.sub(" ", text)
        text = self._ngram.normalize_vi(text)[:10000]  # Detector.max_text_length
        chars = Counter(text)
        latin = sum(n for ch, n in chars.items() if "A" <= ch <= "z")
        non_latin = sum(n for ch, n in chars.items()
                        if ch >= "\u0300" and self._unicode_block(ch) != "Latin Extended Additional")
        return _LATIN.sub("", text) if latin * 2 < non_latin else text

    def _ngrams(self, text: str) -> list[list[float]]:
        """The profile (a probability per language) of each n-gram Detector._extract_ngrams gives, in order."""
        normal = self._normal
        for ch in set(text):
            if ord(ch) not in normal:
                normal[ord(ch)] = self._ngram.normalize(ch)
        spaced = text.translate(normal)  # one char for one: the positions are the text's
        if len(self._words) > _MAX_CACHED_WORDS:
            self._words.clear()
        words = self._words
        result: list[list[float]] = []
        end = len(text)
        for m in _WORD.finditer(spaced):
            word = text[m.start():m.end()]
            grams = words.get(word)
            if grams is None:
                grams = words[word] = self._word_ngrams(word)
            result += grams[0]
            if m.end() < end:  # then followed by a space: the n-grams ending with it
                result += grams[1]
        return result

    def _word_ngrams(self, word: str) -> tuple[list[list[float]], list[list[float]]]:
        """Detector._extract_ngrams of the word's characters, then of the space after it, from a fresh
        NGram: after a space langdetect's window is reset to just as fresh."""
        ngram = self._ngram()
        found: tuple[list[list[float]], list[list[float]]] = ([], [])
        for part, chars in ((0, word), (1, " ")):
            for ch in chars:
                ngram.add_char(ch)
                if ngram.capitalword:
                    continue
                for n in (1, 2, 3):
                    if len(ngram.grams) < n:
                        break
                    w = ngram.grams[-n:]
                    if w and w != " " and w in self._probs:
                        found[part].append(self._probs[w])
        return found

    def _probabilities(self, ngrams: list[list[float]], seed: int) -> list[float]:
        """Detector._detect_block's trials (no prior map): the same random draws and, for each language,
        the same float operations in the same order. langdetect multiplies in one n-gram's profile per
        draw and normalises (divides by the sum) after draws 1, 6, 11 ..., stopping at the first of those
        where a language is over CONV_THRESHOLD; here the division and the next 5 draws' products are
        one pass over the languages, and the largest share is max(prob) / sum (division by a positive
        number keeps the order, so it is the largest of the divided values)."""
        d = self._d
        n_langs = len(self._langs)
        langprob = [0.0] * n_langs
        rnd = random.Random()
        rnd.seed(seed)
        choice = rnd.choice
        n_trial = 7
        for _ in range(n_trial):
            alpha = d.ALPHA_DEFAULT + rnd.gauss(0.0, 1.0) * d.ALPHA_WIDTH
            w = alpha / d.BASE_FREQ
            prob = [p * (w + q) for p, q in zip([1.0 / n_langs] * n_langs, choice(ngrams), strict=True)]
            i = 0
            while True:
                total = sum(prob)
                if max(prob) / total > d.CONV_THRESHOLD or i >= d.ITERATION_LIMIT:
                    break
                a, b, c, e, f = choice(ngrams), choice(ngrams), choice(ngrams), choice(ngrams), choice(ngrams)
                prob = [p / total * (w + qa) * (w + qb) * (w + qc) * (w + qe) * (w + qf)
                        for p, qa, qb, qc, qe, qf in zip(prob, a, b, c, e, f, strict=True)]
                i += 5
            for j, p in enumerate(prob):
                langprob[j] += p / total / n_trial
        return langprob


@cache
def detector() -> LanguageDetector:
    return LanguageDetector()
