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
_KILL_ACTIVE = r"(?:kill|kills|killed|killing|left|leaving|claimed the lives of|shot dead|gunned down|assassinated)"
_HURT_ACTIVE = r"(?:injure|injures|injured|injuring|wound|wounds|wounded|wounding)"
_AUX = r"(?:(?:were|was|are|is|have been|has been|had been|being|reportedly|also|later|all)\s+)*"
# Between a number and what it counts: a few plain words (adjectives, nationality, unit), no punctuation.
_MODS = r"(?:(?!(?:and|or)\s)[A-Za-z'’-]+\s+){0,4}?"  # not across a coordination: that is a list
_PERSON = (
    r"(?:people|persons?|civilians?|soldiers?|policem[ae]n|police(?:\s+(?:officers?|men|conscripts?))?|"
    r"officers?|conscripts?|militants?|members?|terrorists?|gunmen|attackers?|assailants?|insurgents?|"
    r"fighters?|jihadists?|extremists?|troops|personnel|guards?|children|women|men|others|suspects?|"
    r"recruits?|worshipp?ers|passengers|pilgrims|students|workers|residents|villagers|protesters|"
    r"elements|individuals|cadres|leaders?|commanders?|bystanders?|servicem[ae]n|staff|victims|man|woman|child|boy|girl|"
    r"sergeants?|colonels?|lieutenants?|captains?|generals?)"
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
    # "five members of the Hasm group were killed": the "of" phrase says whose members.
    _PATTERNS.append((_kind, re.compile(
        rf"(?P<num>{_NUM})\s+{_MODS}{_PERSON}?(?:\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)?"
        # "Ten soldiers, including a colonel, were killed": the apposition names some of them.
        rf"(?:,?\s+(?:including|among them)\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+,?)?\s*{_AUX}"
        rf"{_passive}\b", re.I)))
    # "killing the 14 alleged militants": a toll told before, restated.
    _PATTERNS.append((_kind, re.compile(
        rf"\b{_active}\s+(?:the\s+)?(?P<num>{_NUM})(?P<rest>\s+{_MODS}{_PERSON}\b)?", re.I)))
    _PATTERNS.append((_kind, re.compile(
        rf"\b{_passive}\s+(?:were\s+|was\s+)?(?P<num>{_NUM})\b(?!\s*(?:years|km))", re.I)))
_PATTERNS.append(("killed", re.compile(
    rf"\b(?:death toll|toll|number of (?:the )?(?:dead|killed|deaths|victims))\b[^.;]{{0,80}}?"
    rf"\b(?:to|at|of|reached|is|was|stands at|stood at)\s+(?P<num>{_NUM})", re.I)))
_PATTERNS.append(("killed", re.compile(rf"(?P<num>{_NUM})\s+(?:deaths|fatalities|bodies)\b", re.I)))
_PATTERNS.append(("injured", re.compile(rf"(?P<num>{_NUM})\s+(?:injuries|casualties)\b", re.I)))
# "the killing of two alleged fugitive terrorists": a number of people.
_PATTERNS.append(("killed", re.compile(
    rf"\b(?:killing|assassination|murder|deaths?|execution) of (?P<num>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)))
_PATTERNS.append(("killed", re.compile(
    r"\b(?:killing|assassination|murder|death|execution) of (?P<num>a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:officer|policeman|soldier|conscript|guard|judge|prosecutor|official|man|woman|child|leader|commander)\b",
    re.I)))
# Patterns where "a"/"an" counts one person: "a policeman was killed", "the killing of an officer".
_ARTICLE_OK = {_PATTERNS[0][1], _PATTERNS[3][1], _PATTERNS[-1][1]}
_AND_MORE = re.compile(rf"\s*(?:,|and)\s+(?P<num>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)


# After a participle with no auxiliary, an object means active voice: "two gunmen shot dead a senior officer".
_ACTIVE_OBJECT = re.compile(r"\s+(?:a|an|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten|\d+)\s", re.I)
_AUX_RE = re.compile(r"\b(?:were|was|are|is|been|being)\b", re.I)
# "... was killed and an officer wounded": the second part is another figure.
_HURT_AFTER = re.compile(r"\s*(?:(?:were|was|had been|have been)\s+)?(?:injured|wounded|hurt)\b", re.I)
# "A bystander was also killed": a figure to add to the toll told before.
_ALSO = re.compile(r"\balso\b", re.I)
# "the death toll rose to 23": the latest toll replaces earlier ones.
_UPDATE = re.compile(r"\b(?:rose|risen|rises|climbed|climbs|increased|jumped|reached)\b", re.I)
_ARMED = re.compile(r"\b(?:militants?|gunmen|attackers?|assailants?|terrorists?|insurgents?|jihadists?|fighters?|"
                    r"extremists?|suspects?|elements|cadres)\b", re.I)
# "an October 20 ambush that killed 16": a day of the month, not a count.
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.I)
# "suspected of involvement in an ambush that killed 16": a past act someone is linked to, and its toll.
PAST_ACT_CUE = re.compile(r"\b(?:suspected of|accused of|involved in|involvement in|behind|blamed for|charged with|"
                          r"convicted (?:of|for|in)|sentenced (?:for|over)|(?:his|her|their) role in|"
                          r"masterminding|orchestrating)\s", re.I)
_PAST_ACT = re.compile(PAST_ACT_CUE.pattern + r"(?:(?!claim|said|says)[\w'’-]+\s+){0,8}$", re.I)
# "a 2014 ambush that killed 22": a year qualifying a noun, not a count.
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d$")
# "The bomb killed First Lieutenant Ali ...": one victim, named with a rank or title.
_NAMED_VICTIM = re.compile(
    r"\b(?:killed|killing|kills|shot dead|assassinated|assassinating|gunned down)\s+"
    r"(?P<who>(?:(?-i:[A-Z])[\w-]*\s+){0,2}?"
    r"(?:Lieutenant|Captain|Capt\.|Colonel|Col\.|Major|General|Gen\.|Brigadier|Sergeant|Sgt\.|Corporal|Judge|Sheikh|"
    r"Imam|Father|Governor|Mayor|Commander)\s+(?-i:[A-Z])\w+)", re.I)
# "killed or wounded 26": killed and injured together, a figure of neither.
_MIXED = re.compile(r"\b(?:killed|dead|kill)\s+or\s+(?:injured|wounded|hurt|injure|wound)", re.I)
# "Among those killed were two officers", "including three children": part of a toll already counted.
_SUBSET = re.compile(r"\b(?:among|including|included)\b(?:\s+(?:those|the|them|were|was|killed|dead|victims))*\s*$",
                     re.I)
# One part of a list before the passive figure: "11 officers, four conscripts and one sergeant were killed".
# Its words are a noun phrase: none says what happened to them ("seven dead and 30 wounded" is two figures).
_NP_WORD = r"(?!(?:dead|killed|died|injured|wounded|hurt|and|or)\b)[A-Za-z'’-]+"
_LIST_PART = re.compile(rf"(?P<num>{_NUM})\s+(?:{_NP_WORD}\s+){{0,3}}?{_PERSON}\s*(?:,\s*(?:and\s+)?|\s+and\s+)$",
                        re.I)


# Every pattern above needs one of these words (verbs of _FORMS, toll, deaths, casualties, killing of ...).
_CASUALTY_WORD = re.compile(r"kill|dead|death|died|slain|martyr|lost their lives|perish|execut|injur|wound|hurt|"
                            r"\bleft\b|leaving|claimed the lives|toll|number of|fatalit|bodies|casualt|assassin|"
                            r"murder", re.I)


@dataclass(frozen=True)
class Figure:
    kind: Kind
    count: Count
    start: int  # offsets within the sentence text
    end: int
    # "also": adds to a toll told before; "update": replaces it ("the toll rose to 23"); "past": the toll of a past
    # act someone is accused of ("accused of an ambush that killed 16"), not of the news.
    role: str = ""
    armed: bool = False  # counts attackers or militants, not victims


def _count_at(text: str, start: int) -> Count | None:
    m = NUMBER_RE.match(text, start)
    return count_from_match(m) if m else None


def find_figures(text: str) -> list[Figure]:
    """Every killed/injured figure of one sentence, in order, overlapping matches dropped."""
    found: list[Figure] = []
    if not _CASUALTY_WORD.search(text):
        return found  # most sentences count no one: one scan instead of one per pattern
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("num")
            if any(s < te and ts < e for ts, te in taken):
                continue
            if _MONTH_BEFORE.search(text[max(0, s - 12): s]):
                continue
            if _YEAR_NUMBER.match(m.group("num")) and not _PERSON_RE.match(text[e:].lstrip()):
                continue
            past = bool(_PAST_ACT.search(text[max(0, s - 80): s]))
            if _MIXED.search(text[max(0, m.start() - 20): m.end() + 25]) or _SUBSET.search(text[max(0, s - 40): s]):
                continue
            if pattern is _PATTERNS[0][1] and _ACTIVE_OBJECT.match(text, m.end()) and not _AUX_RE.search(m.group(0)):
                continue  # "two gunmen shot dead a senior officer": they did the killing
            passive_subject = pattern in _ARTICLE_OK
            # "killed a" is noise ("a bomb killed a ..." cut short), "killing an officer" is one victim.
            named_victim = "rest" in pattern.groupindex and m.group("rest") is not None
            article_only = _is_article_only(m.group("num"))
            if _NOT_COUNTED.match(text[e:]) or (article_only and not (passive_subject or named_victim)):
                continue
            if _is_article_only(m.group("num")) and not _PERSON_RE.search(text[e:m.end()]):
                continue  # "a roadside bomb killed ...": the article counts a thing, not a victim
            count = _count_at(text, s)
            if count is None or (count.best is not None and count.best > 100_000):
                continue
            parts, end = [count], m.end()
            # "two police officers and three conscripts": the parts add up.
            while (more := _AND_MORE.match(text, end)) and not _HURT_AFTER.match(text, more.end()) and not re.match(
                    r"\s*(?:and\s+)?(?:injur|wound)", text[end:]):
                extra = _count_at(text, more.start("num"))
                if extra is None:
                    break
                parts.append(extra)
                end = more.end()
            if pattern in _ARTICLE_OK:
                # The passive's subject may be a list whose last part the pattern matched.
                while (prev := _LIST_PART.search(text, 0, s)) is not None:
                    extra = _count_at(text, prev.start("num"))
                    if extra is None or (_is_article_only(prev.group("num")) and s - prev.start() > 40):
                        break
                    parts.insert(0, extra)
                    s = prev.start("num")
            total = add_counts(parts) if len(parts) > 1 else count
            window = text[min(s, m.start()): end]
            role = "past" if past else "update" if _UPDATE.search(window) else "also" if _ALSO.search(window) else ""
            found.append(Figure(kind, total, s, end, role, bool(_ARMED.search(text[s:end]))))
            taken.append((s, e))
    if not any(f.kind == "killed" for f in found) and (named := _NAMED_VICTIM.search(text)):
        found.append(Figure("killed", Count(1, 1, 1), named.start("who"), named.end()))
    return sorted(found, key=lambda f: f.start)


def _is_article_only(num: str) -> bool:
    # "a"/"an" alone are numbers only in "a policeman was killed"; as an object ("killed a") they are noise.
    return num.strip().lower() in {"a", "an", "the", "no", "some"}
