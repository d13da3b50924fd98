"""What an event's own text says: a bag of salient words, and whether its place is really in the text.

Both are pure functions of the event's evidence (and keywords), cached on the evidence strings so
that a stored event is tokenised once, not once per candidate pair (match() must stay cheap).
No corpus statistics: the store sees one event at a time, so "salient" means "not in a fixed list
of general English and general news-reporting words".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sitrep_common.models import Event

from sitrep_dedupe.places import fold

# General English function words plus words every conflict report uses ("security forces said
# on Friday that militants were killed"): they say nothing about WHICH incident it is.
_STOPWORD_TEXT = """
a about above after again against all also am an and any are around as at be because been before
being below between both but by can could did do does during each early few for from further had
has have having he her here hers him his how however i if in into is it its itself just last late
later least less many may me more most much must my near new no nor not now of off on once one only
or other our out over own per said same say says she should since so some such than that the their
them then there these they this those through to too two three four five six seven eight nine ten
under until up upon very via was we were what when where which while who whom whose why will with
within without would year years yet you your monday tuesday wednesday thursday friday saturday
sunday today yesterday week month day days night morning evening january february march april may
june july august september october november december killed kill killing wounded injured dead
death deaths people person attack attacks attacked security force forces police policeman
policemen officer officers official officials source sources statement ministry interior army
military soldier soldiers militant militants group groups country government told report reported
reports reuters afp ap news agency according added spokesman local state told update video photo
image click share read more also told including least several number
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_WORD = re.compile(r"[a-z][a-z'\-]+")
MIN_WORD = 3
# A dateline opens a wire story with where the reporter files from, not where it happened:
# "CAIRO (Reuters) -", "CAIRO —", "Cairo – 28 October 2017:". Up to four words, then an agency in
# parentheses and/or a dash or colon.
_DATELINE = re.compile(
    r"^\s*[A-Za-z][A-Za-z.' ]{0,40}?\s*(?:\([^)]{1,40}\))?(?:\s*[—–:]|\s+-{1,2})\s*"
    r"(?:\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*:)?"
)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _stem(word: str) -> str:
    # Plurals only: "bombings"/"bombing", "militants"/"militant"; anything smarter needs a model.
    word = word.strip("'-")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=50_000)
def _signature(texts: tuple[str, ...], keywords: tuple[str, ...]) -> frozenset[str]:
    words = {_stem(w) for text in texts for w in _WORD.findall(_ascii(text))}
    words |= {_stem(k) for k in (_ascii(k).strip() for k in keywords) if k}
    return frozenset(w for w in words if len(w) >= MIN_WORD and w not in _STOPWORDS)


def signature(event: Event) -> frozenset[str]:
    """Salient words of the event's evidence sentences and keywords (plural-folded, ASCII)."""
    return _signature(tuple(e.text for e in event.evidence), tuple(event.keywords))


def _split_dateline(text: str) -> tuple[str, str]:
    """(dateline, rest) of one evidence text; the dateline is "" when there is none."""
    head = _DATELINE.match(text)
    # Only a dateline if what precedes the dash is short (a place, maybe an agency): a headline
    # "Egypt police say 13 killed - report" is not one.
    if head and len(head.group(0).split()) <= 6 and head.group(0).strip()[:1].isupper():
        return text[:head.end()], text[head.end():]
    return "", text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", _ascii(text))


def _names(name: str, words: list[str]) -> bool:
    tokens = fold(name).split()
    # Every word of the name starts a word of the text ("north sinai" in "northern sinai").
    return bool(tokens) and all(any(w.startswith(t) for w in words) for t in tokens)


@lru_cache(maxsize=50_000)
def _dateline_only(names: tuple[str, ...], texts: tuple[str, ...]) -> bool:
    parts = [_split_dateline(t) for t in texts]
    heads = [w for head, _ in parts for w in _words(head)]
    body = [w for _, rest in parts for w in _words(rest)]
    return any(_names(n, heads) for n in names) and not any(_names(n, body) for n in names)


def dateline_place(event: Event) -> bool:
    """True when the event's place is named in its evidence only as a dateline ("CAIRO (AP) -").

    A dateline says where the reporter files from, not where it happened: extraction that takes
    the place from it gets a capital for incidents anywhere in the country. Such a place is no
    evidence against another report's place. False when the place appears in the text proper, or
    not at all (evidence is a few sentences: absence proves nothing).
    """
    names = tuple(n for n in (event.admin1, event.location) if n)
    return bool(names) and _dateline_only(names, tuple(e.text for e in event.evidence))
