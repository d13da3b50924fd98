"""Wire copies: the same agency text republished by several outlets, found by shingle containment.

An article is cut into 5-word shingles (within lines), hashed to 32 bits. Two texts are copies of one
wire story when
- much of the shorter one is in the longer (containment |A∩B| / min(|A|, |B|) >= CONTAINMENT): outlets
  cut a long story short, add a headline, a caption or a footer, and edit it lightly, which lowers the
  Jaccard similarity of true copies (to 0.15-0.45 on the dev corpus) but much less their containment;
- and they open with the same story (OPENING): one of the first body lines of each is largely found
  in the other. An outlet reusing its own background paragraphs under a new lead about another
  incident shares as much text as an edited copy does, but not its opening.
Reports of one event by different agencies share a few phrases (containment 0.12 and under on the
dev corpus) and stay independent sources.

Candidates are found with Broder's mod-m sample ("On the resemblance and containment of documents",
1997): the shingles whose hash is 0 mod SAMPLE_MOD are indexed, and an earlier article sharing one of
them is checked exactly against its stored shingle hashes. A copy's `copy_of` names the group's root,
the earliest-indexed copy, so a group is a star around its first article whatever order the others
arrive in.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sitrep_common.models import Article

SHINGLE_WORDS = 5
MAX_SHINGLES = 1000  # the start of a long article is enough: copies keep the start and cut the end
OPENING_LINES = 3  # the lead is among the first three body lines (after a standfirst, a caption)
BODY_LINE_WORDS = 12  # shorter lines are headlines, bylines, datelines and page clutter
OPENING_LINE_SHINGLES = 60  # of a long first line (a caption), its start is enough
SAMPLE_MOD = 8  # a passage of 40 shared shingles shares no sampled one with probability (7/8)^40 = 0.5%
MIN_SHINGLES = 20  # a short text shares its few shingles by chance (boilerplate, a quote)
# Set on the dev corpus (tests/quality/test_dev_wire_copies.py; pairs and figures in
# tests/data/dev_wire_copies.json): copies have containment 0.38-1.0 and openings 0.37-1.0; an outlet
# reusing its background under a new lead about another incident 0.62 and 0.25; other pairs have a
# containment of at most 0.32 (two dispatches of one agency a day apart, opening 0.10) or 0.29 (an
# outlet's own report quoting a wire sentence, opening 0.39).
CONTAINMENT = 0.35
OPENING = 0.3
MAX_CANDIDATES = 50  # checked exactly per article: those sharing the most sampled shingles
# A sampled shingle in this many articles is a stock phrase ("the interior ministry said in"), not a
# story: it is no longer indexed, and not used to find candidates.
MAX_BUCKET = 100

_WORD = re.compile(r"\w+")


def _hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=4).digest(), "little")


def _pack(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def _unpack(data: bytes) -> tuple[int, ...]:
    values = array("I")
    values.frombytes(data)
    return tuple(values)


@dataclass(frozen=True)
class Fingerprint:
    """The shingle hashes of an article's start, and those of each of its first body lines."""

    shingles: frozenset[int]
    opening: tuple[tuple[int, ...], ...]

    def samples(self) -> list[int]:
        """The shingles indexed to find candidates (sorted, so every process picks the same)."""
        return sorted(h for h in self.shingles if h % SAMPLE_MOD == 0)

    def containment(self, other: Fingerprint) -> float:
        """Share of the smaller shingle set found in the other."""
        return len(self.shingles & other.shingles) / min(len(self.shingles), len(other.shingles))

    def _opens_with(self, text: frozenset[int]) -> float:
        """How much of the best-found of this article's first body lines `text` contains."""
        return max((sum(1 for h in line if h in text) / len(line) for line in self.opening if line), default=0.0)

    def opening_share(self, other: Fingerprint) -> float:
        """Whether both open with the same story: each one's lead is largely found in the other."""
        return min(self._opens_with(other.shingles), other._opens_with(self.shingles))

    def is_copy(self, other: Fingerprint) -> bool:
        return self.containment(other) >= CONTAINMENT and self.opening_share(other) >= OPENING

    def to_fields(self) -> dict[str, bytes]:
        return {"sh": _pack(sorted(self.shingles)), **{f"o{i}": _pack(line) for i, line in enumerate(self.opening)}}

    @classmethod
    def from_fields(cls, shingles: bytes, opening: Iterable[bytes]) -> Fingerprint:
        return cls(frozenset(_unpack(shingles)), tuple(_unpack(line) for line in opening))


def _line_shingles(line: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(line)]
    return [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def shingles(text: str) -> set[str]:
    """5-word shingles within each line: a shingle bridging a headline or a caption and the body is
    clutter of one outlet's page."""
    return {s for line in text.split("\n") for s in _line_shingles(line)}


def fingerprint(text: str) -> Fingerprint | None:
    """None for texts too short to tell a copy from a coincidence."""
    ordered: dict[int, None] = {}
    opening: list[tuple[int, ...]] = []
    for line in text.split("\n"):
        hashes = [_hash(s) for s in _line_shingles(line)]
        for h in hashes:
            if len(ordered) < MAX_SHINGLES:
                ordered.setdefault(h)
        if len(opening) < OPENING_LINES and len(hashes) >= BODY_LINE_WORDS - SHINGLE_WORDS + 1:
            opening.append(tuple(hashes[:OPENING_LINE_SHINGLES]))
    if len(ordered) < MIN_SHINGLES:
        return None
    if not opening:  # no long line (a list, a text cut into short lines): its start is its lead
        opening.append(tuple(ordered)[:OPENING_LINE_SHINGLES])
    return Fingerprint(frozenset(ordered), tuple(opening))


class CopyIndex(Protocol):
    """Where fingerprints of accepted articles are kept, to find the copies among later ones."""

    def find(self, fp: Fingerprint) -> str | None:
        """article_id of the root (earliest-indexed article) of the group `fp` is a copy of, if any."""
        ...

    def add(self, article_id: str, fp: Fingerprint, copy_of: str | None) -> None:
        """Index an accepted article; `copy_of` is what find() answered for it."""
        ...


def best_candidates(counts: Counter[str]) -> list[str]:
    """The MAX_CANDIDATES ids sharing the most sampled shingles (ties by id, for determinism)."""
    return [aid for aid, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]


class MemoryCopyIndex:
    """For `sitrep batch` and for the articles of one request that are not yet in Redis."""

    def __init__(self) -> None:
        self._samples: dict[int, list[str]] = {}
        self._entries: dict[str, tuple[int, Fingerprint, str]] = {}  # id -> (order, fingerprint, root)

    def find(self, fp: Fingerprint) -> str | None:
        buckets = [self._samples.get(h, []) for h in fp.samples()]
        counts = Counter(aid for bucket in buckets if len(bucket) < MAX_BUCKET for aid in bucket)
        matches = [self._entries[aid] for aid in best_candidates(counts) if self._entries[aid][1].is_copy(fp)]
        return min(matches, key=lambda m: m[0])[2] if matches else None

    def add(self, article_id: str, fp: Fingerprint, copy_of: str | None) -> None:
        if article_id in self._entries:
            return
        self._entries[article_id] = (len(self._entries), fp, copy_of or article_id)
        for h in fp.samples():
            bucket = self._samples.setdefault(h, [])
            if len(bucket) < MAX_BUCKET:
                bucket.append(article_id)


def link_copy(article: Article, index: CopyIndex) -> Article:
    """Find the article's group and index it at once (for one process that owns its index)."""
    fp = fingerprint(article.text)
    if fp is None:
        return article
    root = index.find(fp)
    index.add(article.article_id, fp, root)
    return article.model_copy(update={"copy_of": root}) if root else article
