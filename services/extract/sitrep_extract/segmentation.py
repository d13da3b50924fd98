"""Splits a parsed article into text units (sentences, lines, time-shifted clauses) and flags page clutter."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitrep_extract.places import doc_text

# Captions, credits, share buttons, reading-time badges, tag lists: page furniture, not reporting.
_CLUTTER = re.compile(
    r"\[[^\]]{1,60}\]\s*$|image credit|photo(?:graph)?\s*(?::|credit|by)|file photo|\(photo|©|copyright|"
    r"all rights reserved|follow us|^tags\b|\bmin read\b|read more|share (?:this|on)|sign up|subscribe|click here|"
    r"advertisement|getty images|reuters/|afp photo|ap photo|/ap\b|\bpic\.twitter|^\s*(?:source|caption)s?:",
    re.I,
)
# "..., only a day after ...", "... comes a week after ...": the clause after is another incident.
_TIME_SHIFT = re.compile(
    r"(?:,\s*|\s)(?:(?:only|just|barely)\s+)?(?:(?:a|one|two|three|four|five|six|few|several|couple of)\s+"
    r"(?:days?|weeks?|months?|hours?)|shortly|days|weeks|months|hours)\s+after\b|"
    # Headlines drop the article: "... kills 14 after deadly Sinai attack".
    r"\s(?:after|following)\s+(?:(?:a|an|last\s+\w+['’]s)\s+|(?!(?:the|this|that|its|their)\b))(?:[\w-]+\s+){0,2}?"
    r"(?:attack|ambush|bombing|assault|blast|explosion|raid|clash(?:es)?|shootout)s?\b",
    re.I,
)


# "... the deadliest since July, when militants attacked an outpost in Rafah": the clause from "since" on is an
# earlier incident, dated by the "since".
_SINCE_WHEN = re.compile(r"\bsince\s+(?:[\w.]+\s+){0,2}?[\w.]+,\s*when\b", re.I)


@dataclass(frozen=True)
class Unit:
    """A piece of the article that reports at most one incident, with offsets into the article text."""

    index: int
    start: int
    end: int
    text: str
    span: Span
    clutter: bool
    shifted: bool  # the clause after "a week after": its date counts back from the sentence before


def is_clutter(text: str) -> bool:
    words = text.split()
    if len(words) < 5 or _CLUTTER.search(text):
        return True
    # Menu items and headings: short lines without a sentence end.
    return len(words) < 8 and not re.search(r"[.!?\"”’]\s*$", text)


def _pieces(doc: Doc) -> list[tuple[int, int]]:
    """Sentence spans cut at line breaks: pages put captions and headings on their own lines."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for m in re.finditer(r"\n+", sent.text):
            out.append((start, sent.start_char + m.start()))
            start = sent.start_char + m.end()
        out.append((start, sent.end_char))
    return out


def segment(doc: Doc) -> list[Unit]:
    text = doc_text(doc)
    units: list[Unit] = []
    for piece_start, piece_end in _pieces(doc):
        # Trim whitespace so that offsets point at the words themselves.
        raw = text[piece_start:piece_end]
        a = piece_start + (len(raw) - len(raw.lstrip()))
        b = piece_start + len(raw.rstrip())
        if b <= a:
            continue
        shifts = [m.start() for m in _TIME_SHIFT.finditer(text[a:b])]
        shifts += [m.start() for m in _SINCE_WHEN.finditer(text[a:b])]
        cuts = [a] + [a + at for at in sorted(set(shifts)) if at > 10] + [b]
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line = text[line_start: line_end if line_end >= 0 else len(text)]
        clutter = is_clutter(text[a:b]) or bool(_CLUTTER.search(line))
        for i, (cut, e) in enumerate(itertools.pairwise(cuts)):
            s = cut + (len(text[cut:e]) - len(text[cut:e].lstrip(", ")))
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None or e <= s:
                continue
            units.append(Unit(len(units), s, e, text[s:e], span, clutter, shifted=i > 0))
    return units
