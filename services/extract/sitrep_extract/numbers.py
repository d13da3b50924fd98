"""Counts as news writes them: digits, number words, vague quantities, ranges and hedges."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000}  # "two dozen" = 24
# Vague quantities: no best figure, but a floor (and a ceiling where the word implies one).
VAGUE: dict[str, tuple[int, int | None]] = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "several": (3, 9), "a few": (2, 5), "a dozen": (12, 12), "a couple": (2, 2), "some": (2, None),
    "tens": (20, None), "many": (5, None), "numerous": (5, None), "a number": (2, None), "a handful": (2, 6),
}
_HEDGE_MIN = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than")
_HEDGE_MAX = ("up to", "as many as", "nearly", "almost", "fewer than", "less than", "at most")
_HEDGE_ABOUT = ("about", "around", "some", "roughly", "approximately", "an estimated", "close to")

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_NUM_ATOM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})(?:[\s-]+(?:and\s+)?(?:{_WORD}))*))"
_HEDGE = "|".join(sorted(_HEDGE_MIN + _HEDGE_MAX + _HEDGE_ABOUT, key=len, reverse=True))
_VAGUE = "|".join(sorted(VAGUE, key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?<![\w-])(?<!\d:)(?:(?P<hedge>{_HEDGE})\s+)?(?:(?P<vague>{_VAGUE})(?:\s+of)?|(?P<a>{_NUM_ATOM})"
    rf"(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM_ATOM}))?)"
    # "a 3-year-old", "17 year-old": an age, not a count.
    # "0:52" (a clip's length), "9:45 p.m.": a time, not a count.
    r"(?![\w]|-(?:years?|months?|weeks?|days?)\b|[\s-]+years?[\s-]+old|:\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Count:
    """A stated count: `best` is the figure itself (None when vague); min/max bound it."""

    best: int | None
    min: int | None
    max: int | None


def words_to_int(text: str) -> int | None:
    """'twenty-one' -> 21, '1,200' -> 1200, 'a hundred' -> 100; None if it is not a number."""
    t = text.strip().lower().replace(",", "")
    if t.isdigit():
        return int(t)
    total, current, seen = 0, 0, False
    for part in re.split(r"[\s-]+", t):
        if part == "and" or not part:
            continue
        if part in _UNITS:
            current += _UNITS[part]
        elif part in _TENS:
            current += _TENS[part]
        elif part in _SCALES:
            current = max(current, 1) * _SCALES[part]
            if _SCALES[part] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """Parse one count expression ('at least 11', '12 to 13', 'dozens', 'over 70')."""
    m = NUMBER_RE.fullmatch(text.strip())
    return count_from_match(m) if m else None


def count_from_match(m: re.Match[str]) -> Count | None:
    hedge = (m.group("hedge") or "").lower()
    if m.group("vague"):
        lo, hi = VAGUE[m.group("vague").lower()]
        return Count(None, lo, hi)
    a = words_to_int(m.group("a"))
    if a is None:
        return None
    b = words_to_int(m.group("b")) if m.group("b") else None
    if b is not None and b > a:
        # A range: the first stated figure is the best guess, the range bounds it.
        return Count(a, a, b)
    if hedge in _HEDGE_MIN:
        # "over 70" / "more than 70" is at least 71; "at least 11" is 11.
        return Count(a, a + 1 if hedge in ("more than", "over", "upwards of") else a, None)
    if hedge in _HEDGE_MAX:
        return Count(a, None, a)
    return Count(a, a, a)


def add_counts(counts: list[Count]) -> Count:
    """Sum of parts ('two police officers and three conscripts' = 5)."""
    best = sum(c.best for c in counts if c.best is not None) if all(c.best is not None for c in counts) else None
    lo = sum(c.min or 0 for c in counts)
    hi = sum(c.max for c in counts if c.max is not None) if all(c.max is not None for c in counts) else None
    return Count(best, lo, hi)
