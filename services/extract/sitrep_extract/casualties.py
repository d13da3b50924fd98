"""Killed and injured figures stated in a sentence ('killed at least 11 people', '16 policemen were killed')."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sitrep_extract.numbers import NUMBER_RE, Count, add_counts, count_from_match
from sitrep_extract.victims import (
    ONE_PERSON,
    THEN_DIED,
    crime_toll,
    find_victims,
    is_self_too,
    partitive_dead,
)

# "hit": shot (or hospitalised) and not said to have died; the injured are what is left of them once the dead are
# taken away (assemble decides).
Kind = Literal["killed", "injured", "hit"]

_NUM = NUMBER_RE.pattern
_KILL_PASSIVE = (r"(?:killed|dead|died|slain|shot dead|shot and killed|shot to death|stabbed to death|beaten to death|"
                 r"fatally (?:shot|stabbed|wounded|injured)|mortally wounded|murdered|gunned down|pronounced dead|"
                 r"found dead|discovered dead|passed away|martyred|lost their lives|perished|executed)")
_HURT_PASSIVE = r"(?:injured|wounded|hurt|shot and (?:wounded|injured))"
# "Left"/"leaving" name no fate of their own: "left two dead" is read by the passive form ("two dead").
_KILL_ACTIVE = (r"(?:kill|kills|killed|killing|claimed the lives of|shot dead|shot and killed|fatally shot|"
                r"fatally shooting|gunned down|assassinated|murdered)")
_HURT_ACTIVE = r"(?:injure|injures|injured|injuring|wound|wounds|wounded|wounding)"
# Shot, with no word of dying ("and killed", "dead", "to death" are the killed forms, matched first).
_HIT_PASSIVE = (r"(?:shot|struck by (?:gunfire|bullets?)|hit by (?:gunfire|bullets?)|hospitali[sz]ed|"
                r"(?:taken|transported|rushed|sent|flown) to (?:a |the )?(?:[\w-]+ )?hospitals?|treated and released|"
                r"treated for (?:[\w-]+\s+){0,2}?(?:injuries|wounds)|(?:listed )?in (?:critical|serious|stable|fair|"
                r"good|grave) condition|in (?:the )?hospital|"
                r"(?:suffered|sustained|received|had) (?:[\w-]+\s+){0,2}?(?:injuries|wounds)|"
                r"found with (?:[\w-]+\s+){0,2}?wounds)"
                r"(?!\s+(?:and\s+killed|dead|to\s+death))")
_HIT_ACTIVE = r"(?:shot|shoots|shooting)(?!\s+(?:and\s+killed|dead|to\s+death))"
_AUX = (r"(?:(?:who|that|were|was|are|is|have been|has been|had been|being|got|reportedly|also|later|all|confirmed|"
        r"believed|feared|now|still|critically|"
        r"seriously|severely|slightly|fatally|mortally|each)\s+)*")
# Between a number and what it counts: a few plain words (adjectives, nationality, unit), no punctuation.
# Not across a coordination (that is a list) nor a verb; "16-year-old" is a word.
_MODS = (r"(?:(?!(?:and|or|that|who|which|left|leaving|were|was|is|are)\s)(?:[A-Za-z'’-]+|\d+-[a-z]+(?:-[a-z]+)*)"
         r"\s+){0,4}?")
_PERSON = (
    r"(?:people|persons?|civilians?|soldiers?|policem[ae]n|police(?:\s+(?:officers?|men|conscripts?))?|"
    r"officers?|conscripts?|militants?|members?|terrorists?|gunmen|attackers?|assailants?|insurgents?|"
    r"fighters?|jihadists?|extremists?|troops|personnel|guards?|children|women|men|others|suspects?|"
    r"recruits?|worshipp?ers|passengers|pilgrims|students|workers|residents|villagers|protesters|"
    r"elements|individuals|cadres|leaders?|commanders?|bystanders?|servicem[ae]n|staff|victims|man|woman|child|boy|girl|"
    r"sergeants?|colonels?|lieutenants?|captains?|generals?|teens?|teenagers?|toddlers?|babies|baby|infants?|"
    r"juveniles?|youths?|adults?|males?|females?|girls|boys|kids?|relatives|family members|patrons|customers|"
    r"employees|deputies|troopers|agents|shooting victims|gunshot victims|victim|hostages?|patients)"
)
_PERSON_RE = re.compile(rf"\b{_PERSON}\b", re.I)
_NOT_COUNTED = re.compile(r"^\s*(?:years?|days?|weeks?|months?|hours?|minutes?|km|kilomet|miles?|percent|%|a\.m|p\.m|"
                          r"times|rounds|shots|bullets|blocks?|feet|yards)",
                          re.I)

_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = []
_FORMS: list[tuple[Kind, str, str]] = [
    ("killed", _KILL_PASSIVE, _KILL_ACTIVE),
    ("injured", _HURT_PASSIVE, _HURT_ACTIVE),
    ("hit", _HIT_PASSIVE, _HIT_ACTIVE),
]
for _kind, _passive, _active in _FORMS:
    # "five members of the Hasm group were killed": the "of" phrase says whose members.
    _PATTERNS.append((_kind, re.compile(
        rf"(?P<num>{_NUM})\s+{_MODS}{_PERSON}?(?:\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,3}}?[\w'’-]+)?"
        # "Two boys and their grandmother were killed": one more person.
        rf"(?P<plus>\s+and\s+(?:his|her|their|a|an)\s+(?:[\w'’-]+\s+){{0,2}}?{ONE_PERSON}\b)?"
        # "Ten soldiers, including a colonel, were killed": the apposition names some of them.
        rf"(?:,?\s+(?:including|among them)\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+,?|,\s+(?!and\b)[^,.;]{{1,50}}?,)?"
        rf"\s*{_AUX}"
        rf"{_passive}\b", re.I)))
    # "killing the 14 alleged militants": a toll told before, restated.
    _PATTERNS.append((_kind, re.compile(
        rf"\b{_active}\s+(?:the\s+)?(?P<num>{_NUM})(?P<rest>\s+{_MODS}{_PERSON}\b)?", re.I)))
    if _kind != "hit":  # "shot 3 times"
        _PATTERNS.append((_kind, re.compile(
            rf"\b{_passive}\s+(?:were\s+|was\s+)?(?P<num>{_NUM})\b(?!\s*(?:years|km))", re.I)))
_PATTERNS.append(("killed", re.compile(
    rf"\b(?:death toll|toll|number of (?:the )?(?:dead|killed|deaths|victims))\b[^.;]{{0,120}}?"
    rf"\b(?:to|at|of|reached|is|was|stands at|stood at)\s+(?P<num>{_NUM})", re.I)))
_PATTERNS.append(("killed", re.compile(rf"(?P<num>{_NUM})\s+(?:deaths|fatalities|bodies)\b", re.I)))
_PATTERNS.append(("killed", re.compile(rf"\b(?:claim\w*|took|taking|takes|cost\w*)\s+(?P<num>{_NUM})\s+lives\b", re.I)))
_PATTERNS.append(("injured", re.compile(rf"(?P<num>{_NUM})\s+(?:injuries|casualties)\b", re.I)))
# "the killing of two alleged fugitive terrorists": a number of people.
_PATTERNS.append(("killed", re.compile(
    rf"\b(?:killing|assassination|murder|deaths?|execution) of (?P<num>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)))
_PATTERNS.append(("killed", re.compile(
    r"\b(?:killing|assassination|murder|death|execution) of (?P<num>a|an)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:officer|policeman|soldier|conscript|guard|judge|prosecutor|official|man|woman|child|leader|commander)\b"
    # "the death of a woman and her two sons": a list the victim finder counts.
    r"(?!\s+and\s+(?:his|her|their|a|an|\d|two|three|four|five|six)\b|,\s*(?:his|her|their|a|an)\b)",
    re.I)))
# Patterns where "a"/"an" counts one person: "a policeman was killed", "the killing of an officer".
_PASSIVE_FORMS = {_PATTERNS[0][1], _PATTERNS[3][1], _PATTERNS[6][1]}
_ARTICLE_OK = {*_PASSIVE_FORMS, _PATTERNS[-1][1]}
_AND_MORE = re.compile(rf"\s*(?:,|and)\s+(?P<num>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)


# After a participle with no auxiliary, an object means active voice: "two gunmen shot dead a senior officer".
_ACTIVE_OBJECT = re.compile(r"\s+(?:a|an|the|his|her|their|two|three|four|five|six|seven|eight|nine|ten|\d+)\s", re.I)
_AUX_RE = re.compile(r"\b(?:were|was|are|is|been|being)\b", re.I)
# "... was killed and an officer wounded": the second part is another figure.
_HURT_AFTER = re.compile(r"\s*(?:[a-z-]+\s+){0,2}?(?:(?:were|was|are|is|had been|have been|has been|also|critically|"
                         r"seriously|severely|slightly)\s+)*"
                         r"(?:injured|wounded|hurt|shot|hospitali[sz]ed)\b", re.I)
# "A bystander was also killed": a figure to add to the toll told before.
_ALSO = re.compile(r"\balso\b", re.I)
# "the death toll rose to 23": the latest toll replaces earlier ones.
_UPDATE = re.compile(r"\b(?:rose|risen|rises|climbed|climbs|increased|jumped|reached|bringing|brings|brought)\b",
                     re.I)
_ARMED = re.compile(r"\b(?:militants?|gunmen|attackers?|assailants?|terrorists?|insurgents?|jihadists?|fighters?|"
                    r"extremists?|suspects?|elements|cadres)\b", re.I)
_SHOT_WORD = re.compile(r"\b(?:shot|struck|hit)\b", re.I)
_NOUN_NOT_VERB = re.compile(r"\bthe\s+(?:injured|wounded|dead|killed|hurt)$", re.I)
_NOT_PEOPLE = re.compile(r"\b(?:dogs?|horses?|animals?|cattle|cows?|vehicles?|cars?|buildings?|houses?|homes?|"
                         r"shops?)\b", re.I)
_SEPARATE = re.compile(r"[^.;]{0,40}?\bin\s+(?:\w+\s+)?(?:separate|different|unrelated)\s+"
                       r"(?:incidents|shootings|attacks)", re.I)
# "between the ages of 18 and 23", "aged 31 and 40": ages.
_AGES = re.compile(r"\b(?:ages?|aged)\s+(?:of\s+)?(?:\d+\s*(?:and|to|-|,)\s*)?$", re.I)
# "four people out of the 75 inside were shot": the number they were taken from.
_OF_TOTAL = re.compile(r"\b(?:out\s+of(?:\s+the)?|of\s+the)\s+$", re.I)
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
_MIXED = re.compile(r"\b(?:killed|dead|kill)\s+or\s+(?:injured|wounded|hurt|injure|wound|missing)", re.I)
# "Among those killed were two officers", "including three children": part of a toll already counted.
# "eight journalists among 29 people killed": there "among" names the whole toll.
_SUBSET = re.compile(r"\b(?:among(?=\s+(?:those|the|them))|including|included)\b"
                     r"(?:\s+(?:those|the|them|were|was|killed|dead|victims))*\s*$",
                     re.I)
# One part of a list before the passive figure: "11 officers, four conscripts and one sergeant were killed".
# Its words are a noun phrase: none says what happened to them ("seven dead and 30 wounded" is two figures).
_NP_WORD = r"(?!(?:dead|killed|died|injured|wounded|hurt|and|or)\b)[A-Za-z'’-]+"
_LIST_PART = re.compile(rf"(?P<num>{_NUM})\s+(?:{_NP_WORD}\s+){{0,3}}?{_PERSON}\s*(?:,\s*(?:and\s+)?|\s+and\s+)$",
                        re.I)

# Someone apart from those told of before: "another man", "a third victim", "the other passenger".
_ANOTHER = re.compile(r"(?:another|one other|the other|an?\s+(?:second|third|fourth|fifth|sixth))\b", re.I)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_NTH = re.compile(rf"(?:(?:an?|the)\s+)?(?P<nth>{'|'.join(_ORDINALS)})\b", re.I)
_PARTITIVE = re.compile(r"\bof\s+(?:the|them|those|these|whom)\b", re.I)
# "three others later died": deaths after those at the scene, one more figure.
_LATER_DIED = re.compile(r"\b(?:later|subsequently|since)\s+died\b|\bdied\s+later\b", re.I)
# "one of the three people wounded": the figure is the whole group's.
_ONE_OF_ALL = re.compile(rf"\s+of\s+(?:the|those|these)\s+(?P<total>{_NUM})\s+{_MODS}{_PERSON}\b", re.I)
# One person before a count of their kin: "a mother and her three children".
_ONE_BEFORE = re.compile(rf"\b(?:a|an)\s+(?:[\w'’-]+\s+){{0,2}}?{ONE_PERSON}\s+and\s+(?:his|her|their)\s+$", re.I)

# Every pattern above needs one of these words (verbs of _FORMS, toll, deaths, casualties, killing of ...).
_CASUALTY_WORD = re.compile(r"kill|dead|death|died|\bdies?\b|slain|martyr|lost their lives|perish|execut|injur|wound|"
                            r"hurt|\bleft\b|leaving|claimed the lives|toll|number of|fatalit|bodies|casualt|assassin|"
                            r"murder|shot|shoot|gunfire|hospital|treated|homicide|suicide|slay|condition|lives|struck|"
                            r"strik|hit|graz",
                            re.I)


@dataclass(frozen=True)
class Figure:
    kind: Kind
    count: Count
    start: int  # offsets within the sentence text
    end: int
    # "also": adds to a toll told before; "update": replaces it ("the toll rose to 23"); "past": the toll of a past
    # act someone is accused of ("accused of an ambush that killed 16"), not of the news; "attackers": the attackers'
    # own deaths told apart ("the gunmen were shot dead"); "ref": a person told of before ("the victim died");
    # "part": the dead among those hit ("one fatally"); "other": hit people apart from the dead ("ten others").
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
            if _MONTH_BEFORE.search(text[max(0, s - 12): s]) or _OF_TOTAL.search(text[max(0, s - 12): s]) or (
                    _AGES.search(text[max(0, s - 30): s])):
                continue
            if re.match(r"no\s", m.group("num"), re.I) or _NOT_PEOPLE.search(text[s:m.end()]):
                continue  # "no one was hurt"; "three police dogs were injured"
            if _SEPARATE.match(text, m.end()):
                continue  # "two teens died in separate shootings": a toll of several incidents is none's own
            if kind == "hit" and "rest" in pattern.groupindex and m.group("rest") is None:
                continue  # "shot about 9": a hit counts people, said as people
            if _YEAR_NUMBER.match(m.group("num")) and not _PERSON_RE.match(text[e:].lstrip()):
                continue
            past = bool(_PAST_ACT.search(text[max(0, s - 80): s]))
            if _MIXED.search(text[max(0, m.start() - 20): m.end() + 25]) or _SUBSET.search(text[max(0, s - 40): s]):
                continue
            if pattern in _PASSIVE_FORMS and _NOUN_NOT_VERB.search(m.group(0)):
                continue  # "five of the injured later died": a noun, not what happened to them
            if pattern in _PASSIVE_FORMS and _ACTIVE_OBJECT.match(text, m.end()) and not _AUX_RE.search(m.group(0)):
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
            if (whole := _ONE_OF_ALL.match(text, e)) is not None:
                count = _count_at(text, whole.start("total")) or count  # "one of the three people wounded": three
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
            if "plus" in pattern.groupindex and m.group("plus"):
                parts.append(Count(1, 1, 1))
            if pattern in _ARTICLE_OK and (one := _ONE_BEFORE.search(text, 0, s)) is not None:
                parts.insert(0, Count(1, 1, 1))  # "a mother and her three children were found dead"
                s = one.start()
            if pattern in _ARTICLE_OK:
                # The passive's subject may be a list whose last part the pattern matched.
                while (prev := _LIST_PART.search(text, 0, s)) is not None:
                    extra = _count_at(text, prev.start("num"))
                    if extra is None or (_is_article_only(prev.group("num")) and s - prev.start() > 40):
                        break
                    parts.insert(0, extra)
                    s = prev.start("num")
            total = add_counts(parts) if len(parts) > 1 else count
            # "a boy was shot and died at the scene"
            fig_kind: Kind = "killed" if kind == "hit" and THEN_DIED.match(text, m.end()) else kind
            if fig_kind == "killed" and total.best is not None and is_self_too(text, end):
                # "killed his wife and two children before turning the gun on himself": four dead.
                total = Count(total.best + 1, (total.min or 0) + 1, None if total.max is None else total.max + 1)
            window = text[max(0, min(s, m.start()) - 20): end]  # "bringing the death toll to 5"
            role = "past" if past else "update" if _UPDATE.search(window) else "also" if _ALSO.search(window) or (
                fig_kind == "killed" and _LATER_DIED.search(m.group(0)) and not _PARTITIVE.search(m.group(0))) else ""
            armed = bool(_ARMED.search(text[s:end]))
            if fig_kind == "killed" and not role and (nth := _ordinal_death(text, s)) is not None:
                role, total = nth  # "a third man died": the toll is now three; "another man died": one more
            if fig_kind == "hit" and not role and (re.search(r"\bothers?\b", text[s:end], re.I) or _ANOTHER.match(
                    text, s) or (
                    (total.best or 0) > 1 and not _SHOT_WORD.search(m.group(0)))):
                # "ten others were shot", "three people were hospitalized": not the dead among them
                role = "other"
            elif armed and not role and pattern in _PASSIVE_FORMS:
                role = "attackers"  # "the two attackers were shot dead": told apart from their victims
            found.append(Figure(fig_kind, total, s, end, role, armed))
            taken.append((s, e))
            if kind == "hit" and (dead := partitive_dead(text, end)) is not None:
                found.append(Figure("killed", dead, end, end + 1, "part"))  # "three people were shot, one fatally"
    # A victim inside a counted figure ("Two men and a woman were shot") is part of it.
    _add_victims(text, found, taken + [(f.start, f.end) for f in found])
    if not any(f.kind == "killed" for f in found) and (named := _NAMED_VICTIM.search(text)):
        found.append(Figure("killed", Count(1, 1, 1), named.start("who"), named.end()))
    return sorted(found, key=lambda f: f.start)


def _add_victims(text: str, found: list[Figure], taken: list[tuple[int, int]]) -> None:
    """People told one by one ("a man was shot", "the victim died", "his wife was killed"), a crime's own toll ("a
    double homicide"), where no count already covers them."""
    for v in find_victims(text):
        if any(v.start < te and ts < v.end for ts, te in taken):
            continue
        count = v.count
        if v.kind == "killed" and is_self_too(text, v.end):
            count = Count((count.best or 0) + 1, (count.min or 0) + 1, None)
        role = "attackers" if v.armed else "ref" if v.definite else ""
        if not v.armed and v.kind == "hit" and _ANOTHER.match(text, v.start):
            role = "other"  # "a third man was taken to a hospital": not one of the dead
        elif not v.armed and v.kind == "killed" and (nth := _ordinal_death(text, v.start)) is not None:
            role, count = nth  # "as third child dies": the toll is now three
        found.append(Figure(v.kind, count, v.start, v.end, role, v.armed))
        taken.append((v.start, v.end))
    if not any(f.kind == "killed" for f in found):
        for n, s, e in crime_toll(text):
            found.append(Figure("killed", Count(n, n, n), s, e))


def _ordinal_death(text: str, start: int) -> tuple[str, Count] | None:
    """A death told by its rank ("a third man died", "as Third Child Dies"): the toll is now that rank; "another
    man died" is one more."""
    if (nth := _NTH.match(text, start)) is not None:
        n = _ORDINALS[nth.group("nth").lower()]
        return "update", Count(n, n, n)
    if re.match(r"another\b", text[start:], re.I):
        return "also", Count(1, 1, 1)
    return None


def _is_article_only(num: str) -> bool:
    # "a"/"an" alone are numbers only in "a policeman was killed"; as an object ("killed a") they are noise.
    return num.strip().lower() in {"a", "an", "the", "no", "some"}
