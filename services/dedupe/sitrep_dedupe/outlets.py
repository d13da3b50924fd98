"""Which original source an outlet's text comes from, so wire copies count as one source.

Outlet strings name the copy and, in parentheses, where the text came from: "National Post (AP)",
"Yahoo News (AP)", "IslamWeb (Al Jazeera text)", "Arabs Today (AP via Arab News)". The rule:

1. a known news agency named in the parentheses (first one wins) -> that agency;
2. "(reprinted on X)" / "(reprinted by X)" -> the outlet before the parentheses is the original;
3. an acronym of the outlet's own name ("Tahrir Institute for Middle East Policy (TIMEP)") -> the outlet;
4. any other parenthesised name -> that name ("AllAfrica (Aswat Masriya)" -> Aswat Masriya);
5. no parentheses -> the outlet itself; no outlet -> the article is its own source.

Names are compared folded (lowercase, no punctuation, no leading "the").
"""

from __future__ import annotations

import re
import unicodedata

# Agency aliases as they appear in outlet strings -> one canonical key.
AGENCIES: dict[str, str] = {
    "ap": "ap",
    "associated press": "ap",
    "reuters": "reuters",
    "afp": "afp",
    "agence france presse": "afp",
    "xinhua": "xinhua",
    "sputnik": "sputnik",
    "mena": "mena",
    "middle east news agency": "mena",
    "ansa": "ansa",
    "dpa": "dpa",
    "efe": "efe",
    "anadolu": "anadolu",
    "upi": "upi",
    "bloomberg": "bloomberg",
    "tass": "tass",
    "kyodo": "kyodo",
    "yonhap": "yonhap",
    "pti": "pti",
    "ians": "ians",
    "bernama": "bernama",
}
_PAREN = re.compile(r"\(([^)]*)\)")
# Words that say how the text was copied, not who wrote it.
_COPY_WORDS = re.compile(r"\b(text|copy|wire|report|sourced|story|via .*|reprint(ed)?( on| by)? .*)$")


def fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9 ]", " ", ascii_name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _agency(text: str) -> str | None:
    folded = f" {fold(text)} "
    hits = [(folded.find(f" {alias} "), key) for alias, key in AGENCIES.items() if f" {alias} " in folded]
    return min(hits)[1] if hits else None


def _is_acronym_of(short: str, name: str) -> bool:
    # "Tahrir Institute for Middle East Policy (TIMEP)": the parentheses abbreviate the outlet.
    initials = "".join(w[0] for w in fold(name).split() if w)
    letters = iter(initials)
    return len(short) >= 2 and " " not in short and short[0] == initials[:1] and all(c in letters for c in short)


def source_key(outlet: str | None, article_id: str) -> str:
    """The original source of an article's text: equal keys are copies of one source."""
    if not outlet or not outlet.strip():
        return f"article:{article_id}"
    inner = _PAREN.findall(outlet)
    outer = _PAREN.sub(" ", outlet)
    for text in inner:
        agency = _agency(text)
        if agency:
            return agency
    for text in inner:
        folded = fold(text)
        if folded.startswith("reprint") or _is_acronym_of(folded, outer):
            break
        original = fold(_COPY_WORDS.sub("", folded))
        if original:
            return _agency(original) or original
    name = fold(outer)
    return AGENCIES.get(name, name) or f"article:{article_id}"
