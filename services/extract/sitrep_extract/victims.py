"""Victims told one by one, as local news tells them: 'a 23-year-old man was shot in the leg', 'the victim was
pronounced dead', 'three people were shot, one fatally', 'killed his wife and then himself'.

A person hit by gunfire whom the text does not say died is a figure of kind "hit": the event's injured count is
what is left of them once the dead are taken away (assemble decides)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sitrep_extract.numbers import NUMBER_RE, Count, count_from_match

VictimKind = Literal["killed", "injured", "hit"]

# One person: the heads local news gives its victims.
ONE_PERSON = (
    r"(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|juvenile|youth|adult|victim|person|individual|"
    r"male|female|driver|passenger|pedestrian|bystander|resident|student|customer|clerk|employee|worker|cashier|"
    r"officer|policeman|policewoman|deputy|trooper|agent|guard|soldier|civilian|hostage|priest|pastor|"
    r"father|mother|dad|mom|son|daughter|brother|sister|husband|wife|girlfriend|boyfriend|fianc[eé]e?|partner|"
    r"uncle|aunt|nephew|niece|cousin|grandmother|grandfather|grandson|granddaughter|stepfather|stepmother|"
    r"stepson|stepdaughter|friend|roommate|neighbou?r|homeowner|owner|suspect|gunman|shooter|robber|intruder|"
    r"\w+-year-old|\d+-month-old)(?:-in-law)?"
)
_DET_ONE = r"(?:a|an|one|another|the|his|her|their|its|this|that)"
# Definite references and pronouns point back to someone already counted.
_DEFINITE = re.compile(r"^(?:the|his|her|their|its|this|that|he|she)\b", re.I)
_NAME = (r"(?-i:(?!(?:The|A|An|He|She|It|They|We|Police|Officers|Authorities|Deputies|When|After|Before|Then|In|"
         r"On|At|Of|For|With|From|By|During|This|That|These|Those|Two|Three|One)\b)[A-Z][a-z'’]+"
         r"(?:\s+(?:[A-Z]\.|[A-Z][a-z'’]+|Jr\.|Sr\.)){1,2})")
# Up to three words before a person's head ("a 23-year-old college student"), never across a list or a verb.
_FILLER = r"(?:(?!(?:and|or|who|was|were)\s)[\w'’.-]+\s+){0,3}"
# One person: "a man in his 20s", "the 17-year-old", "she", "Jane Doe".
_ONE_CORE = (
    rf"(?:\b{_DET_ONE}\s+{_FILLER}{ONE_PERSON}(?:\s+in\s+(?:his|her)\s+\d0s)?|"
    rf"\b(?-i:He|She|he|she)|(?:\b\d+-year-old\s+)?{_NAME})"
)
# A person's age told after the name: "Maria Lopez, 34, and ...".
_AGE_AFTER = r"(?:\s*,\s*(?:age\s+|aged\s+)?\d{1,3},?(?=\s))?"
_ONE_ITEM = rf"(?:{_ONE_CORE}{_AGE_AFTER})"
# One person, or a list of them ("a man and a woman"), with an optional apposition ("Smith, 23,", "A child,
# believed to be a 5-year-old boy,").
_ONE_NP = (
    rf"(?P<np>{_ONE_ITEM}(?:(?:\s*,\s*{_ONE_ITEM}){{0,3}},?\s+and\s+{_ONE_ITEM})?|\b(?:another|the other|one other|"
    rf"a (?:second|third|fourth|fifth|sixth)(?:\s+person)?)(?=\s+(?:was|is|has|had|remains|remained|suffered|died)))"
    r"(?:\s*,\s*[^,.;:]{1,60}?,)?"
)
_MANY_NP = (r"(?P<many>\b(?:both|all\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+))"
            r"(?:\s+(?:of\s+them|victims|men|women|people))?)")
_AUX = r"(?:(?:was|were|is|are|has been|have been|had been|got|being|later|also|reportedly|allegedly|then|each|" \
       r"accidentally|unintentionally|found|" \
       r"remains|remained|listed|reported|still|now|currently|(?:in|at) (?:the |a )?hospital|who|that|" \
       r"both|all|apparently|critically|seriously|fatally|mortally)\s+)*"
_KILLED_VERB = (
    r"(?:shot and killed|shot dead|shot to death|stabbed to death|beaten to death|gunned down|murdered|killed|slain|"
    r"fatally (?:shot|stabbed|wounded|injured|struck)|mortally wounded|found dead|pronounced dead|declared dead|"
    r"discovered dead|died|dies|has died|succumbed|passed away)"
)
_INJURED_VERB = (
    r"(?:wounded|injured|hurt|(?:suffered|sustained|has|had|with)\s+(?:what\s+(?:police|authorities)\s+"
    r"(?:said|called|described as)\s+(?:were\s+)?)?(?:\w+[\s-]+){0,2}?(?:non-?[\s-]?life[\s-]threatening|minor|"
    r"serious|critical|life-threatening)\s+(?:injuries|wounds?|injury))"
)
_HIT_VERB = (
    r"(?:shot(?!\s+and\s+(?:killed|wounded|injured))|(?:struck|hit) by (?:a\s+)?(?:stray\s+|falling\s+|errant\s+)?"
    r"(?:bullets?|gunfire|rounds?)|grazed by a bullet|hospitali[sz]ed|in (?:critical|serious|stable|fair|good|grave)"
    r"(?:\s+but\s+stable)?\s+condition|(?:suffered|sustained|received)\s+(?:a\s+|multiple\s+|several\s+)?(?:apparent\s+)?"
    r"(?:gunshot|gun shot|bullet|life[\s-]threatening)\s+(?:wounds?|injur(?:y|ies))|recovering|treated and released|"
    r"(?:taken|transported|rushed|flown) to (?:a |the )?(?:[\w-]+ )?hospital|treated (?:at|for))"
)
# "... was shot and died": the same person's fate, later in the clause; not another subject's ("... and a baby
# was killed").
THEN_DIED = re.compile(r"(?:(?!\b(?:and|but|while|whereas)\s+(?:a|an|the|his|her|their|one|two|three|four|\d+)\b|"
                       r"\bwhile\b|,\s*(?:a|an|the|his|her)\b)[^.;]){0,80}?"
                       r"\b(?:(?:later|has|had|have|eventually|then|subsequently|and)\s+)?(?:died|"
                       r"was pronounced dead|was declared dead|(?:was|has been) found dead|was killed|did not survive|"
                       r"succumbed|passed away)\b", re.I)

_VERBS: tuple[tuple[VictimKind, str], ...] = (("killed", _KILLED_VERB), ("injured", _INJURED_VERB), ("hit", _HIT_VERB))
# A headline drops the article: "Woman hit by stray bullet", "Teen fatally shot", "Boy, 7, dies", "Man, woman
# wounded", "... after toddler accidentally shot". Its head is a victim's (never "suspect" or "gunman"), maybe after a
# place ("Clinton County boy") or an age.
_BARE_PERSON = (r"(?:man|woman|boy|girl|teen|teenager|child|toddler|baby|infant|juvenile|youth|student|father|mother|"
                r"dad|mom|son|daughter|brother|sister|husband|wife|grandmother|grandfather|officer|deputy|trooper|"
                r"driver|passenger|pedestrian|bystander|resident|clerk|employee|worker|cashier|customer|guard|"
                r"homeowner|\d+-year-old)")
_BARE_ONE = (rf"(?:(?:(?-i:[A-Z])[\w'’.-]*|teenage|young|little|\d+-year-old)\s+){{0,3}}?{_BARE_PERSON}"
             r"(?:\s*,\s*\d{1,3},?)?")
_BARE_NP = (rf"(?:^|[:;—–]\s*|\s-\s|\b(?:after|as|when|while|before)\s+)"
            rf"(?P<bare>{_BARE_ONE}(?:(?:\s*,\s*|\s+and\s+){_BARE_ONE}){{0,3}})")
_BARE_VERBS: dict[VictimKind, str] = {
    "killed": rf"{_KILLED_VERB}|dead",
    "injured": _INJURED_VERB,
    "hit": rf"{_HIT_VERB}|grazed|(?:shoots|shot)\s+(?:him|her)self|shoots\s+self",
}
_PATTERNS: list[tuple[VictimKind, re.Pattern[str]]] = [
    (kind, re.compile(rf"{subject}\s+{_AUX}(?P<verb>{verb})\b", re.I))
    for kind, verb in _VERBS
    for subject in (_ONE_NP, _MANY_NP)
] + [(kind, re.compile(rf"{_BARE_NP}\s+{_AUX}(?P<verb>{verb})\b", re.I)) for kind, verb in _BARE_VERBS.items()]
# A victim named by one name, where the verb leaves no doubt: "Lena was pronounced dead".
_PATTERNS.append(("killed", re.compile(
    r"(?:^|,\s+|\band\s+)(?P<np>(?-i:(?!(?:The|A|An|He|She|It|They|We|Police|Officers|Authorities|Deputies|Nobody|"
    r"No|None|Everyone|Someone|Both|All|Each|Neither|One|Two|Three|Others?)\b)[A-Z][a-z'’]+))\s+"
    r"(?P<verb>(?:was\s+|were\s+|later\s+|has\s+|eventually\s+)*(?:pronounced dead|declared dead|died))\b")))
# "three people were shot, one fatally", "two of whom died": a part of the hit who died.
_PARTITIVE_DEAD = re.compile(
    rf"(?:,|\band\b)\s*(?P<num>{NUMBER_RE.pattern})\s+(?:of\s+(?:them|whom)\s+)?(?:fatally|(?:later\s+)?died|"
    rf"was\s+killed|were\s+killed|has\s+died|have\s+died)\b", re.I)
# "killed his wife and then himself": the shooter's own death is part of the toll the sentence tells.
SELF_TOO = re.compile(r"\s*,?\s*and\s+(?:then\s+|later\s+)?(?:himself|herself)\b", re.I)
# "a double homicide", "a murder-suicide": a toll named by the crime.
_CRIME_TOLL = re.compile(r"\b(?P<n>(?:(?:double|triple|quadruple)[\s-])?murder[\s-]suicide|double|triple|quadruple)\b",
                         re.I)
_CRIME_N = {"double": 2, "triple": 3, "quadruple": 4}
_ARMED_ONE = re.compile(r"\b(?:suspect|gunman|shooter|robber|intruder|attacker|assailant)\b", re.I)
# After an active verb, an object: "the gunman killed two people", "he shot his wife" (the subject is no victim).
_OBJECT_NEXT = re.compile(r"\s+(?:a|an|the|his|her|their|him|them|me|us|it|one|two|three|four|five|six|seven|eight|"
                          r"nine|ten|several|at least|\d+|(?-i:[A-Z]))\b", re.I)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|got|being)\s", re.I)
_INTRANSITIVE = re.compile(r"^(?:died|dies|has died|succumbed|passed away|found dead|pronounced dead|declared dead|"
                           r"in\s|suffered|sustained|has\s|had\s|with\s|hospitali)", re.I)
# Kin named bare after another victim: "a father and son", "his wife and daughter".
_KIN = (r"(?:father|mother|dad|mom|son|daughter|brother|sister|husband|wife|girlfriend|boyfriend|grandmother|"
        r"grandfather|grandson|granddaughter|nephew|niece|cousin|uncle|aunt|stepson|stepdaughter|baby|child)")
# One more person of a list of objects: "..., his son", "and 19-year-old Sara Price", "and Jane Doe, 23".
_OBJECT_ITEM = (rf"(?:(?:a|an|his|her|their)\s+{_FILLER}{ONE_PERSON}|\d+-year-old\s+(?:{_NAME}|{ONE_PERSON})|"
                rf"{_NAME}){_AGE_AFTER}")
_OBJECT_MORE = re.compile(rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_OBJECT_ITEM}|{_KIN}\b)", re.I)
# The rest of a list of victims: more people ("his wife, his son and ...") or a count ("... and her two sons").
_MORE = (rf"(?P<more>(?:(?:,\s*(?:and\s+)?|\s+and\s+)(?:{_OBJECT_ITEM}|{_KIN}\b)){{1,4}}|"
         rf"\s+and\s+(?:(?:his|her|their)\s+)?(?P<num2>two|three|four|five|six|\d)\s+(?:[\w'’-]+\s+)?"
         rf"(?:children|kids|sons|daughters|grandchildren|relatives|people|others))?")
# "shot and killed a 16-year-old girl", "killing his wife", "fatally shot Jane Doe": one victim as the object;
# "shooting the 12-year-old in the leg": one told of before.
_OBJECT_ONE = re.compile(
    rf"\b(?P<verb>shot and killed|fatally shot|fatally stabbed|shot to death|stabbed to death|killed|killing|"
    rf"murdered|murdering|gunned down|shot dead|shot|shooting|wounded|wounding)\s+"
    rf"(?P<np>(?:a|an|his|her|their)\s+{_FILLER}{ONE_PERSON}|\d+-year-old\s+(?:{_NAME}|{ONE_PERSON})|{_NAME}|"
    rf"(?P<the>the)\s+(?:[\w'’.-]+\s+){{0,2}}?{ONE_PERSON}(?=\s+(?:in|on|at|as|while|during|with)\b)){_AGE_AFTER}"
    rf"{_MORE}\b", re.I)
# "a round struck a nearby woman", "the gun went off, hitting the boy": a person hit by a shot.
_STRUCK = re.compile(
    rf"\b(?:bullets?|rounds?|shots?|gunfire|pellets?|slugs?|(?:went|goes|going) off,?)\s+(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:struck|strikes|striking|hit|hits|hitting|grazed|grazes|grazing)\s+"
    rf"(?P<np>(?:a|an|the|his|her|their)\s+{_FILLER}{ONE_PERSON}|{_NAME})", re.I)
# "found a man with a gunshot wound", "found two victims suffering from gunshot wounds".
_FOUND_HIT = re.compile(
    rf"\bfound\s+(?P<np>{_DET_ONE}\s+{_FILLER}{ONE_PERSON}|him|her|{_NAME}|(?P<num>{NUMBER_RE.pattern})"
    rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:people|men|women|victims|males|teens|persons))"
    rf"\s+(?:[\w,'’-]+\s+){{0,8}}?(?:with|suffering from)\s+(?:a\s+|an\s+|multiple\s+|several\s+|one\s+|"
    rf"at least one\s+)?(?:apparent\s+)?(?:gunshot|gun shot|bullet|stab)\s+wounds?", re.I)
# "the fatal shooting of a 17-year-old", "the shooting death of his girlfriend", "the deaths of a woman and her
# two sons".
_ONE_DEATH = re.compile(
    rf"\b(?:fatal shootings?|shooting deaths?|deaths?|killings?|murders?|slayings?|homicides?)\s+of\s+"
    rf"(?P<np>{_DET_ONE}\s+{_FILLER}{ONE_PERSON}|{_NAME}){_AGE_AFTER}{_MORE}\b", re.I)
# "the shooting of a 7-year-old girl": someone hit, whose fate other sentences tell.
_SHOOTING_OF = re.compile(rf"(?<!fatal )\bshooting\s+of\s+(?P<np>(?:a|an)\s+{_FILLER}{ONE_PERSON}|\d+-year-old\b)",
                          re.I)
_DIED_OF_OTHER = re.compile(r"\s*(?:of|from)\s+(?:natural|cancer|an? (?:illness|overdose|heart))", re.I)


@dataclass(frozen=True)
class Victim:
    kind: VictimKind
    count: Count
    start: int
    end: int
    definite: bool  # "the victim", "he": someone already told of
    armed: bool


def find_victims(text: str) -> list[Victim]:
    """People told one by one (or 'both') whom the sentence says were killed, injured or hit."""
    found: list[Victim] = []
    taken: list[tuple[int, int]] = []
    # In a headline's title case every word looks like a name ("Leader Killed In Raid").
    words = re.findall(r"[A-Za-z]+", text)
    title_case = len(words) >= 4 and sum(w[0].isupper() for w in words) > 0.6 * len(words)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            group = next(g for g in ("np", "bare", "many") if g in pattern.groupindex and m.group(g))
            s, e = m.span(group)
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "killed" and _DIED_OF_OTHER.match(text, m.end()):
                continue
            np = m.group(group)
            if title_case and group == "np" and re.match(_NAME, np):
                continue
            verb = m.group("verb")
            if not _INTRANSITIVE.match(verb) and not _PASSIVE_AUX.search(m.group(0)) and _OBJECT_NEXT.match(
                    text, m.end()):
                continue  # "the gunman killed two people": he is the one who killed
            n = _many(np) if group == "many" else _listed(np)
            if n is None:
                continue
            died = kind == "hit" and THEN_DIED.match(text, m.end())
            found.append(Victim("killed" if died else kind, Count(n, n, n), s, m.end(),
                                bool(_DEFINITE.match(np)), bool(_ARMED_ONE.search(np))))
            taken.append((s, e))
    for m in _OBJECT_ONE.finditer(text):
        if not (title_case and re.fullmatch(_NAME, m.group("np"))) and not _overlaps(m, taken):
            found.append(_object_victims(m))
            taken.append((m.start("np"), m.end()))
    for m in _FOUND_HIT.finditer(text):
        if _overlaps(m, taken):
            continue
        num = NUMBER_RE.match(m.group("num")) if m.group("num") else None
        c = count_from_match(num) if num else Count(1, 1, 1)
        if c is not None and c.best is not None:
            found.append(Victim("hit", c, m.start("np"), m.end(), m.group("num") is None and bool(
                _DEFINITE.match(m.group("np")) or m.group("np").lower() in ("him", "her")), False))
            taken.append((m.start("np"), m.end()))
    for m in _STRUCK.finditer(text):
        if not _overlaps(m, taken) and not (title_case and re.fullmatch(_NAME, m.group("np"))):
            found.append(Victim("hit", Count(1, 1, 1), m.start("np"), m.end(), bool(_DEFINITE.match(m.group("np"))),
                                bool(_ARMED_ONE.search(m.group("np")))))
            taken.append((m.start("np"), m.end()))
    for m in _SHOOTING_OF.finditer(text):
        if not _overlaps(m, taken) and not _ARMED_ONE.search(m.group("np")):
            found.append(Victim("hit", Count(1, 1, 1), m.start("np"), m.end(), False, False))
            taken.append((m.start("np"), m.end()))
    for m in _ONE_DEATH.finditer(text):
        if title_case and re.fullmatch(_NAME, m.group("np")):
            continue
        if not _overlaps(m, taken):
            n = _with_more(m)
            found.append(Victim("killed", Count(n, n, n), m.start("np"), m.end(), False,
                                bool(_ARMED_ONE.search(m.group("np")))))
    return sorted(found, key=lambda v: v.start)


def _overlaps(m: re.Match[str], taken: list[tuple[int, int]]) -> bool:
    return any(m.start("np") < te and ts < m.end("np") for ts, te in taken)


def _object_victims(m: re.Match[str]) -> Victim:
    """'shot and killed a 16-year-old girl', 'killed his wife, his son and ...': the victims named as objects."""
    verb = m.group("verb").lower()
    kind: VictimKind = "hit" if verb in ("shot", "shooting") else "injured" if verb.startswith("wound") else "killed"
    n = _with_more(m)
    return Victim(kind, Count(n, n, n), m.start("np"), m.end(), m.group("the") is not None,
                  bool(_ARMED_ONE.search(m.group("np"))))


def _with_more(m: re.Match[str]) -> int:
    """One person and the rest of the list after them (_MORE)."""
    more = NUMBER_RE.match(m.group("num2")) if m.group("num2") else None
    extra = count_from_match(more) if more else None
    return 1 + ((extra.best or 0) if extra else len(_OBJECT_MORE.findall(m.group("more") or "")))


def partitive_dead(text: str, after: int) -> Count | None:
    """'..., one fatally' right after a count of people hit: how many of them died."""
    m = _PARTITIVE_DEAD.match(text, after)
    if m is None:
        m2 = re.match(r"[^.;]{0,40}?(?=,\s*\w+\s+(?:of\s+(?:them|whom)\s+)?(?:fatally|died|later died))", text[after:])
        m = _PARTITIVE_DEAD.match(text, after + m2.end()) if m2 else None
    if m is None:
        return None
    num = NUMBER_RE.match(text, m.start("num"))
    return count_from_match(num) if num else None


def crime_toll(text: str) -> list[tuple[int, int, int]]:
    """(count, start, end) of 'a double homicide', 'a murder-suicide' (two dead)."""
    out = []
    for m in _CRIME_TOLL.finditer(text):
        word = m.group("n").lower()
        if word in _CRIME_N:
            tail = text[m.end(): m.end() + 30].lower()
            if not re.match(r"\s+(?:homicide|murder|slaying|killing|shooting death|fatal shooting)", tail):
                continue
            out.append((_CRIME_N[word], m.start(), m.end()))
        else:
            # "a murder-suicide": a victim and the killer; "a double murder-suicide": two and the killer.
            n = next((v for k, v in _CRIME_N.items() if word.startswith(k)), 1) + 1
            out.append((n, m.start(), m.end()))
    return out


def _listed(np: str) -> int:
    """How many people a list names ("a man and a woman": 2; "Maria Lopez, 34, and Daniel Reyes": 2)."""
    bare = re.sub(r"\s*,\s*(?:age\s+|aged\s+)?\d{1,3}(?![\w-]),?", "", np)
    return 1 + len(re.findall(r"\s*,\s*(?!and\b)(?=\w)|,?\s+and\s+", bare))


def _many(np: str) -> int | None:
    t = np.lower().split()
    if t[0] == "both":
        return 2
    m = NUMBER_RE.match(" ".join(t[1:2]))
    c = count_from_match(m) if m else None
    return c.best if c else None


def is_self_too(text: str, end: int) -> bool:
    """Whether the toll ending at `end` names the killer's own death with the victims ('killed his wife and then
    himself'). A death told as an act of its own ('before turning the gun on himself') is reported separately."""
    return bool(SELF_TOO.match(text, end))
