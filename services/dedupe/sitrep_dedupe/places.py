"""Place comparison: admin1 names, free-text locations and coordinates, each scored 0..1.

Outlets spell places differently (Fayoum / Faiyum, Qaliubya / Qalyubia) and describe them
differently ("farm hideout, New Valley province" / "New Valley governorate"), so names are folded
to ASCII, stripped of generic words and compared fuzzily rather than for equality.
"""

from __future__ import annotations

import math
import re
import unicodedata

from rapidfuzz import fuzz

# Words that say what kind of place it is, not which one.
_GENERIC = re.compile(
    r"\b(governorate|province|state|region|district|city|town|village|area|suburb|outskirts|"
    r"of|the|al|el|near|outside|in|on|at|to|from|between|and|about|km|road|desert|western|eastern|"
    r"northern|southern|central|downtown)\b"
)
_VOWELS = re.compile(r"[aeiouy]")
EARTH_RADIUS_KM = 6371.0
# Spelling variants that agree this much (rapidfuzz ratio, 0..100) are the same name.
SAME_NAME_RATIO = 85.0
# Distance at which the coordinate score halves: points a few km apart are usually one city's
# geocode versus a suburb's; 25 km apart is another town.
HALF_SCORE_KM = 10.0


def fold(text: str) -> str:
    """Lowercase ASCII with generic place words and punctuation removed."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9 ]", " ", ascii_text.lower())
    return " ".join(_GENERIC.sub(" ", words).split())


def _skeleton(name: str) -> str:
    # Transliterations of Arabic names differ mostly in vowels: Fayoum/Faiyum -> fym.
    squeezed = re.sub(r"(.)\1+", r"\1", _VOWELS.sub("", name.replace(" ", "")))
    return squeezed.replace("q", "k")


def same_name(a: str, b: str) -> bool:
    """True when two place names are spelling variants of one name."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb or fuzz.ratio(fa, fb) >= SAME_NAME_RATIO:
        return True
    sa, sb = _skeleton(fa), _skeleton(fb)
    return len(sa) >= 3 and sa == sb


def admin1_score(a: str | None, b: str | None) -> float | None:
    """1 same admin1, 0 different, None when either is unknown."""
    if not a or not b:
        return None
    return 1.0 if same_name(a, b) else 0.0


def location_score(a: str | None, b: str | None) -> float | None:
    """Fuzzy overlap of two location descriptions, None when either is unknown."""
    if not a or not b:
        return None
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return None
    # token_set_ratio: "Maadi" vs "Maadi, Cairo suburb" is a full match, as it should be.
    return fuzz.token_set_ratio(fa, fb) / 100.0


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_score(km: float) -> float:
    """1 at 0 km, 0.5 at HALF_SCORE_KM, towards 0 beyond."""
    return 1.0 / (1.0 + km / HALF_SCORE_KM)
