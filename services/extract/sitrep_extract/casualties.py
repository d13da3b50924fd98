"""Killed and injured figures stated in a sentence ('killed at least 11 people', '16 policemen were killed')."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sitrep_extract.numbers import NUMBER_RE, Count, add_counts, count_from_match

Kind = Literal["killed", "injured"]

_NUM = NUMBER_RE.pattern
_KILL_PASSIVE = r"(?:killed|dead|died|slain|shot dead|martyred|lost their lives|perished|executed)"
_HURT_PASSIVE = r"(?:injured|wounded|hurt)"
_KILL_ACTIVE = r"(?:kill|kills|killed|killing|left|leaving|claimed the lives of)"
_HURT_ACTIVE = r"(?:injure|injures|injured|injuring|wound|wounds|wounded|wounding)"
_AUX = r"(?:(?:were|was|are|is|have been|has been|had been|being|reportedly|also|later|all)\s+)*"
# Between a number and what it counts: a few plain words (adjectives, nationality, unit), no punctuation.
_MODS = r"(?:[A-Za-z'’-]+\s+){0,4}?"
_PERSON = (
    r"(?:people|persons?|civilians?|soldiers?|policem[ae]n|police(?:\s+(?:officers?|men|conscripts?))?|"
    r"officers?|conscripts?|militants?|members?|terrorists?|gunmen|attackers?|assailants?|insurgents?|"
    r"fighters?|jihadists?|extremists?|troops|personnel|guards?|children|women|men|others|suspects?|"
    r"recruits?|worshipp?ers|passengers|pilgrims|students|workers|residents|villagers|protesters|"
    r"elements|individuals|cadres|leaders?|commanders?|bystanders|servicem[ae]n|staff|victims)"
)
_PERSON_RE = re.compile(rf"\b{_PERSON}\b", re.I)
_NOT_COUNTED = re.compile(r"^\s*(?:years?|days?|weeks?|months?|hours?|minutes?|km|kilomet|miles?|percent|%|a\.m|p\.m)",
                          re.I)

_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = []
_FORMS: list[tuple[Kind, str, str]] = [
    ("killed", _KILL_PASSIVE, _KILL_ACTIVE),
    ("injured", _HURT_PASSIVE, _HURT_ACTIVE),
]
for _kind, _passive, _active in _FORMS:
    _PATTERNS.append((_kind, re.compile(rf"(?P<num>{_NUM})\s+{_MODS}{_PERSON}?\s*{_AUX}{_passive}\b", re.I)))
    _PATTERNS.append((_kind, re.compile(rf"\b{_active}\s+(?P<num>{_NUM})(?P<rest>\s+{_MODS}{_PERSON}\b)?", re.I)))
    _PATTERNS.append((_kind, re.compile(
        rf"\b{_passive}\s+(?:were\s+|was\s+)?(?P<num>{_NUM})\b(?!\s*(?:years|km))", re.I)))
_PATTERNS.append(("killed", re.compile(
    rf"\b(?:death toll|toll|number of (?:the )?(?:dead|killed|deaths|victims))\b[^.;]{{0,80}}?"
    rf"\b(?:to|at|of|reached|is|was|stands at|stood at)\s+(?P<num>{_NUM})", re.I)))
_PATTERNS.append(("killed", re.compile(rf"(?P<num>{_NUM})\s+(?:deaths|fatalities|bodies)\b", re.I)))
_PATTERNS.append(("injured", re.compile(rf"(?P<num>{_NUM})\s+(?:injuries|casualties)\b", re.I)))
_PATTERNS.append(("killed", re.compile(
    r"\b(?:killing|assassination|murder|death|execution) of (?P<num>a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:officer|policeman|soldier|conscript|guard|judge|prosecutor|official|man|woman|child|leader|commander)\b",
    re.I)))
# Patterns where "a"/"an" counts one person: "a policeman was killed", "the killing of an officer".
_ARTICLE_OK = {_PATTERNS[0][1], _PATTERNS[3][1], _PATTERNS[-1][1]}
_AND_MORE = re.compile(rf"\s*(?:,|and)\s+(?P<num>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)


@dataclass(frozen=True)
class Figure:
    kind: Kind
    count: Count
    start: int  # offsets within the sentence text
    end: int


def _count_at(text: str, start: int) -> Count | None:
    m = NUMBER_RE.match(text, start)
    return count_from_match(m) if m else None


def find_figures(text: str) -> list[Figure]:
    """Every killed/injured figure of one sentence, in order, overlapping matches dropped."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("num")
            if any(s < te and ts < e for ts, te in taken):
                continue
            passive_subject = pattern in _ARTICLE_OK
            if _NOT_COUNTED.match(text[e:]) or (_is_article_only(m.group("num")) and not passive_subject):
                continue
            if _is_article_only(m.group("num")) and not _PERSON_RE.search(text[e:m.end()]):
                continue  # "a roadside bomb killed ...": the article counts a thing, not a victim
            count = _count_at(text, s)
            if count is None or (count.best is not None and count.best > 100_000):
                continue
            parts, end = [count], m.end()
            # "two police officers and three conscripts": the parts add up.
            while (more := _AND_MORE.match(text, end)) and not re.match(r"\s*(?:and\s+)?(?:injur|wound)",
                                                                       text[end:]):
                extra = _count_at(text, more.start("num"))
                if extra is None:
                    break
                parts.append(extra)
                end = more.end()
            total = add_counts(parts) if len(parts) > 1 else count
            found.append(Figure(kind, total, s, end))
            taken.append((s, e))
    return sorted(found, key=lambda f: f.start)


def _is_article_only(num: str) -> bool:
    # "a"/"an" alone are numbers only in "a policeman was killed"; as an object ("killed a") they are noise.
    return num.strip().lower() in {"a", "an", "the", "no", "some"}
