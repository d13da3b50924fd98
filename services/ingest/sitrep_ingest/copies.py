"""Wire copies: the same agency text republished by several outlets, found by MinHash with LSH bands.

An article's body is cut into 5-word shingles; its MinHash signature (NUM_PERM minima of random linear
hashes) estimates the Jaccard similarity of two shingle sets as the share of equal minima. LSH splits
the signature into BANDS bands of ROWS minima: two articles sharing any whole band are candidates
(likely from a Jaccard of about (1/BANDS)^(1/ROWS) = 0.35 up: 98% at 0.5), and a candidate is a copy when its
estimated Jaccard is at least THRESHOLD. A copy's `copy_of` names the group's root, the earliest-indexed
copy, so a group is a star around its first article whatever order the others arrive in.
"""

from __future__ import annotations

import hashlib
import random
import re
from array import array
from dataclasses import dataclass
from typing import Protocol

from sitrep_common.models import Article

SHINGLE_WORDS = 5
NUM_PERM = 256
BANDS = 64
ROWS = NUM_PERM // BANDS
# Tuned on the dev corpus (78 articles): verbatim wire copies with each outlet's clutter score 0.55-0.70;
# copies the republisher edited 0.41-0.45; an outlet reusing its own background paragraphs in a report of
# another incident 0.38; reports of one incident in other words 0.25 and under. 0.5 links only the copies
# that are verbatim, with two standard errors of the 256-minima estimate (0.03) to spare.
THRESHOLD = 0.5
MIN_SHINGLES = 20  # a short text shares its few shingles by chance (boilerplate, a quote)

_PRIME = (1 << 61) - 1
# Fixed seed: signatures stored in Redis by one process are compared with those of another.
_RNG = random.Random(20170709)
_PERMS = [(_RNG.randrange(1, _PRIME), _RNG.randrange(0, _PRIME)) for _ in range(NUM_PERM)]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    minima: tuple[int, ...]

    def bands(self) -> list[str]:
        """One bucket name per band: the band's number and a digest of its minima."""
        out = []
        for b in range(BANDS):
            part = array("Q", self.minima[b * ROWS:(b + 1) * ROWS]).tobytes()
            out.append(f"{b}:{hashlib.blake2b(part, digest_size=8).hexdigest()}")
        return out

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity of the two shingle sets."""
        return sum(1 for x, y in zip(self.minima, other.minima, strict=True) if x == y) / NUM_PERM

    def to_bytes(self) -> bytes:
        return array("Q", self.minima).tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        values = array("Q")
        values.frombytes(data)
        return cls(tuple(values))


def shingles(text: str) -> set[bytes]:
    """5-word shingles within each line: a shingle bridging a headline or a caption and the body is
    clutter of one outlet's page, and would lower the similarity of true copies."""
    out: set[bytes] = set()
    for line in text.split("\n"):
        words = [w.lower() for w in _WORD.findall(line)]
        out.update(" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1))
    return out


def signature(text: str) -> Signature | None:
    """None for texts too short to tell a copy from a coincidence."""
    hashes = [int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little") for s in shingles(text)]
    if len(hashes) < MIN_SHINGLES:
        return None
    return Signature(tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _PERMS))


class CopyIndex(Protocol):
    """Where signatures of accepted articles are kept, to find the copies among later ones."""

    def find(self, sig: Signature) -> str | None:
        """article_id of the root (earliest-indexed article) of the group `sig` is a copy of, if any."""
        ...

    def add(self, article_id: str, sig: Signature, copy_of: str | None) -> None:
        """Index an accepted article; `copy_of` is what find() answered for it."""
        ...


class MemoryCopyIndex:
    """For `sitrep batch` and for the articles of one request that are not yet in Redis."""

    def __init__(self) -> None:
        self._buckets: dict[str, list[str]] = {}
        self._entries: dict[str, tuple[int, Signature, str]] = {}  # id -> (order, sig, root)

    def find(self, sig: Signature) -> str | None:
        candidates = {aid for band in sig.bands() for aid in self._buckets.get(band, ())}
        matches = [self._entries[aid] for aid in candidates if self._entries[aid][1].similarity(sig) >= THRESHOLD]
        return min(matches)[2] if matches else None

    def add(self, article_id: str, sig: Signature, copy_of: str | None) -> None:
        if article_id in self._entries:
            return
        self._entries[article_id] = (len(self._entries), sig, copy_of or article_id)
        for band in sig.bands():
            self._buckets.setdefault(band, []).append(article_id)


def link_copy(article: Article, index: CopyIndex) -> Article:
    """Find the article's group and index it at once (for one process that owns its index)."""
    sig = signature(article.text)
    if sig is None:
        return article
    root = index.find(sig)
    index.add(article.article_id, sig, root)
    return article.model_copy(update={"copy_of": root}) if root else article
