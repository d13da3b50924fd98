"""Where an article is: the countries and subdivisions it points to (dateline, country names, demonyms, "City,
State" pairs, US counties, large places), and the toponym ranking that uses them to tell Santiago de Chile from
the Dominican province and Manchester, England from Manchester, Virginia."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sitrep_extract.gazetteer import Candidate, Gazetteer, Place
from sitrep_extract.outlet_place import outlet_places

# AP style and common abbreviations of US states ("Ind.", "Calif.", "N.Y."); postal codes are read separately.
AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM",
    "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT",
    "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
    "D.C.": "DC",
}
_STATE_ABBREV = "|".join(re.escape(k) for k in sorted(AP_STATES, key=len, reverse=True))
# "Dayton, Ohio", "Hope, Ark.", "LAVEEN, AZ", "Halifax County, Va.": the state right after a comma.
_STATE_AFTER = re.compile(r"^,\s*(?P<st>(?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+\.?|" + _STATE_ABBREV +
                          r"|[A-Z]{2})(?![\w])")
_COUNTRY_AFTER = re.compile(r"^,\s*(?P<c>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,2})(?![\w'’-]|\s[A-Z])")
# "in Nigeria's Zamfara state", "Ohio's Clark County".
_POSSESSIVE_BEFORE = re.compile(r"(?<![\w-])(?P<c>[A-Z][\w.-]+(?:\s[A-Z][\w.-]+){0,2})['’]s\s+$")
# "the Malian town of", "the Nigerian state of", "a Syrian village".
_DEMONYM_BEFORE = re.compile(r"\b(?:the|a|an)\s+(?P<d>[A-Z][a-z]+)\s+(?:(?:border|northern|southern|eastern|western|"
                             r"central|coastal|northeastern|northwestern|southeastern|southwestern)\s+)?"
                             r"(?:city|town|village|capital|province|state|region|district|port|governorate)"
                             r"(?:\s+of)?\s+$")
# "CAIRO (Reuters) -", "SANTIAGO, Chile (AP) —", "Niamey, Dec 11 (AFP) -", "DAYTON, Ohio -", "June 3, 2019
# (KHARTOUM) -": where the report was filed.
_DATELINE = re.compile(
    r"(?<![\w'’-])"
    r"(?P<name>[A-Z][A-Z.'’ -]{2,40}?|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})"
    r"(?P<qual>(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2}){0,2})?"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?P<agency>\([^)\n]{2,40}\))?\s*(?:[-–—]{1,2}|:)\s")
_PAREN_DATELINE = re.compile(r"^[^\n]{0,40}?\((?P<name>[A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})\)\s*[-–—]")


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_BEFORE_COMMA = re.compile(r"\b([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}?)(?=,\s)")
# "Albany police", "the Newburgh Police Department", "Lodi PD": a town's own force names the town.
_LOCAL_FORCE = re.compile(r"\b((?:[A-Z][\w'’-]+\s){1,3})(?:[Pp]olice|PD|Sheriff)\b")
_COUNTY = re.compile(r"\b((?:[A-Z][\w.'’-]+\s){1,3})(?:County|Parish)\b")


@dataclass
class GeoContext:
    """What the article as a whole points to; find_places and the scene ranking read it."""

    countries: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    admin1s: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    dateline: Place | None = None
    dateline_span: tuple[int, int] | None = None
    lower_words: frozenset[str] = frozenset()  # words the article also writes in lower case: common words
    # Subdivisions the outlet's address names ("fresnobee.com"): a tie-break between same-named towns only.
    outlet_admin1s: frozenset[tuple[str, str]] = frozenset()
    # Where the article is, as a whole: the subdivision most of it points to (or the outlet's town in it); the
    # scene of last resort when no sentence names one.
    home: Place | None = None

    def share(self, cc: str) -> float:
        total = sum(self.countries.values())
        return self.countries.get(cc, 0.0) / total if total else 0.0

    def admin1_share(self, cc: str, admin1: str | None) -> float:
        if not admin1:
            return 0.0
        total = sum(v for (c, _), v in self.admin1s.items() if c == cc)
        return self.admin1s.get((cc, admin1), 0.0) / total if total else 0.0

    def near(self, place: Place) -> bool:
        """In the article's main country and, where it names subdivisions, in one of them: what a street name
        may stand for."""
        cc = self.top_country()
        if place.country_code != cc:
            return False
        return not any(c == cc for c, _ in self.admin1s) or self.admin1_share(cc, place.admin1) > 0

    def top_country(self) -> str | None:
        return max(sorted(self.countries), key=lambda cc: self.countries.get(cc, 0.0)) if self.countries else None


def state_after(text: str, end: int, gazetteer: Gazetteer) -> str | None:
    """The US state named right after a place ("Dayton, Ohio", "Hope, Ark.", "Laveen, AZ"), as its full name."""
    m = _STATE_AFTER.match(text[end: end + 30])
    if m is None:
        return None
    words = m.group("st").split()
    # "Raleigh, North Carolina Governor ...": the longest run of words that names a state.
    return next((st for k in range(len(words), 0, -1) if (st := _state_name(" ".join(words[:k]), gazetteer))), None)


def _state_name(word: str, gazetteer: Gazetteer) -> str | None:
    word = word.strip()
    if word in AP_STATES:
        return gazetteer.us_states.get(AP_STATES[word])
    if len(word) == 2 and word.isupper():
        return gazetteer.us_states.get(word)
    names = {n.lower(): n for n in gazetteer.us_states.values()}
    return names.get(word.lower().rstrip("."))


def local_constraint(text: str, start: int, end: int, gazetteer: Gazetteer) -> tuple[str, str | None] | None:
    """(country, subdivision) that the words around a name pin it to: "Dayton, Ohio", "Santiago, Chile",
    "Nigeria's Zamfara state", "the Malian town of Ogossagou"."""
    state = state_after(text, end, gazetteer)
    if state:
        return "US", state
    m = _COUNTRY_AFTER.match(text[end: end + 40])
    if m:
        place = _country_or_admin1(m.group("c"), gazetteer, countries_only=True)
        if place is not None:
            return place.country_code, None
    before = text[max(0, start - 60): start]
    m = _POSSESSIVE_BEFORE.search(before)
    if m:
        place = _country_or_admin1(m.group("c"), gazetteer)
        if place is not None:
            return place.country_code, place.admin1
    m = _DEMONYM_BEFORE.search(before)
    if m and (cc := gazetteer.country_of_demonym(m.group("d"))):
        return cc, None
    return None


def _country_or_admin1(name: str, gazetteer: Gazetteer, countries_only: bool = False) -> Place | None:
    """The country (or first-level subdivision) a whole run of capitalised words names, if any."""
    kinds = ("country",) if countries_only else ("country", "admin1")
    return next((c.place for c in gazetteer.candidates(name) if c.primary and c.place.kind in kinds), None)


def score(cand: Candidate, ctx: GeoContext, local: tuple[str, str | None] | None) -> float:
    """How likely a reading of a name is in this article: population, the article's countries and
    subdivisions, and a country or state written next to the name."""
    p = cand.place
    s = 8.0 if p.kind == "country" else math.log10(p.population + 100)
    if p.kind == "place":
        s = 6.0
    if not cand.primary:
        s -= 1.5  # an old or foreign name of a place ("Southport" for Kenosha) loses to a place so called
    s += 4.0 * ctx.share(p.country_code) + 2.0 * ctx.admin1_share(p.country_code, p.admin1)
    if p.admin1 and (p.country_code, p.admin1) in ctx.outlet_admin1s:
        s += 1.5  # a local outlet's own state: Richmond in an outlet of California is Richmond, California
    if local is not None:
        cc, admin1 = local
        fits = p.country_code == cc and (admin1 is None or p.admin1 == admin1 or p.kind == "country")
        s += 8.0 if fits else -8.0
    return s


def plausible(cand: Candidate, ctx: GeoContext, local: tuple[str, str | None] | None, named: bool) -> bool:
    """Whether a reading may stand: in one of the article's countries, pinned by the words around it, or a large
    place the tagger calls a place. A small foreign town is usually a spelling coincidence."""
    p = cand.place
    if local is not None:
        return p.country_code == local[0] and (local[1] is None or p.admin1 == local[1] or p.kind == "country")
    if p.kind == "country":
        return True
    if ctx.countries.get(p.country_code, 0.0) > 0:
        # A small town named like a common word ("Star", "Council") needs the tagger to call it a place, and
        # so does an old or foreign name ("Hart").
        return named or p.kind != "city" or (cand.primary and p.population >= 15_000)
    # Out of the article's countries only a large city the tagger calls a place; a foreign subdivision's name
    # is mostly a word of another place's name ("the Nile Delta province" is not Nigeria's Delta).
    if p.kind == "place":
        return named  # the curated places: rarely a word of something else
    if p.kind != "city":
        return False
    if cand.primary and p.population >= 1_000_000:
        return True  # a city of millions is rarely another word, whoever is said to have struck it
    if not named:
        # Untagged ("Albuquerque police said"): a large city, in an article that names no country at all.
        return not ctx.countries and cand.primary and p.population >= 100_000
    return p.population >= (15_000 if not ctx.countries else 100_000)


def best(cands: list[Candidate], ctx: GeoContext, local: tuple[str, str | None] | None,
         named: bool) -> Candidate | None:
    ok = [c for c in cands if plausible(c, ctx, local, named)]
    if not ok:
        return None
    countries = [c for c in ok if c.place.kind == "country" and c.primary]
    if countries:
        # A country's name means the country ("Niger", not Nigeria's Niger State; "Congo": the larger one).
        return max(countries, key=lambda c: c.place.population)
    top = max(ok, key=lambda c: (score(c, ctx, local), c.place.population, c.place.name))
    if top.place.kind == "admin1" and local is None:
        # "Khartoum", "Bamako": a subdivision named after its main city; the city says more. So does a large city
        # named like a subdivision ("Washington").
        city = [c for c in ok if c.place.kind == "city" and c.primary and c.place.country_code ==
                top.place.country_code and (c.place.admin1 == top.place.admin1 or c.place.population >= 500_000)]
        if city:
            return max(city, key=lambda c: c.place.population)
    return top


def find_dateline(text: str, gazetteer: Gazetteer, ctx: GeoContext | None = None) -> tuple[Place, int, int] | None:
    """The place a report was filed from, with its offsets, when the article opens with a dateline; ctx: what
    the rest of the article points to ("TAUNTON (CBS)" in a story of a Massachusetts county)."""
    head = text[:700]
    found: list[tuple[str, str, int, int]] = []
    for m in _DATELINE.finditer(head):
        name = m.group("name").strip(" -.")
        caps = name.isupper() and len(name) >= 3
        line_start = not head[head.rfind("\n", 0, m.start("name")) + 1: m.start("name")].strip()
        if not (caps or m.group("agency") or line_start):
            continue
        found.append((name, m.group("qual") or "", m.start("name"), m.start("name") + len(name)))
    paren = _PAREN_DATELINE.match(head)
    if paren:
        found.append((paren.group("name"), "", paren.start("name"), paren.end("name")))
    for name, qual, start, end in found:
        local = None
        parts = [q.strip() for q in qual.split(",") if q.strip()]
        for q in reversed(parts):
            state = _state_name(q, gazetteer)
            place = _country_or_admin1(q, gazetteer) if state is None else None
            local = ("US", state) if state else (place.country_code, place.admin1) if place else None
            if local:
                break
        cands = [c for c in gazetteer.candidates(name.title(), fuzzy=False) if c.place.kind != "country" or not local]
        pick = best(cands, ctx or GeoContext(), local, True) if cands else None
        if pick is None and local is not None:
            # "NOBLE TOWNSHIP, BRANCH CO, MI (WTVB) -": an unknown town still says which state.
            region = local[1] or (gazetteer.country(local[0]) or Place("", "country", "", "", None, None, None)).name
            pick = next((c for c in gazetteer.candidates(region) if c.place.kind in ("country", "admin1")
                         and c.place.country_code == local[0]), None)
        if pick is not None:
            return pick.place, start, end
    return None


def build_context(text: str, ents: list[tuple[str, str, int]], gazetteer: Gazetteer,
                  ranges: list[tuple[int, int]] | None = None, title: str = "", url: str | None = None) -> GeoContext:
    """Country and subdivision votes of an article. ents: (text, label, start) of its entities, the title's
    included (start -1); ranges: the parts of the text that are reporting, not page clutter (links to other
    stories name other places); url: the article's address (an outlet's home, see outlet_place)."""
    ranges = ranges if ranges is not None else [(0, len(text))]
    persons = [(s, s + len(t)) for t, label, s in ents if label == "PERSON" and s >= 0]

    def spots(pattern: re.Pattern[str]) -> list[re.Match[str]]:
        # Matches in the reporting text, outside people's names ("Jordan Dumas", "Omani Free").
        return [m for s, t in ranges for m in pattern.finditer(text, s, t)
                if not any(a <= m.start() < b for a, b in persons)]

    ctx = GeoContext(lower_words=frozenset(w for s, t in ranges for w in re.findall(r"\b[a-z][a-z]+\b", text[s:t])))
    for m in spots(_CAPITALISED):
        cc = gazetteer.country_of_demonym(m.group())
        if cc:
            ctx.countries[cc] += 0.5
    for m in spots(gazetteer.country_pattern()):
        # "Niger Army" names Niger; "Niger State" and "the Niger Delta" do not; Georgia is also a US state.
        nxt = re.match(r"\s+([A-Z][a-z]+)", text[m.end(): m.end() + 30])
        if m.group() == "Georgia" or (nxt and any(c.place.kind != "country" for c in gazetteer.candidates(
                f"{m.group()} {nxt.group(1)}"))):
            continue
        country = next((c.place for c in gazetteer.candidates(m.group()) if c.place.kind == "country"), None)
        if country is not None:
            ctx.countries[country.country_code] += 1.5
    # "City, State" pairs and counties, the title's included ("... - Hattiesburg, MS").
    commas = [(text, m) for m in spots(_BEFORE_COMMA)] + [(title, m) for m in _BEFORE_COMMA.finditer(title)]
    for source, m in commas:
        state = state_after(source, m.end(), gazetteer)
        if state:
            ctx.countries["US"] += 1.5
            ctx.admin1s[("US", state)] += 1.5
    for m in [*spots(_COUNTY), *_COUNTY.finditer(title)]:
        counties = [c.place for c in gazetteer.candidates(m.group(0)) if c.place.kind == "county"]
        # "Marion County" is in 17 states: in the one the article names, if it names one of them.
        counties = [p for p in counties if ctx.admin1s.get(("US", p.admin1 or ""))] or counties
        if counties:
            ctx.countries["US"] += 0.5
            for p in counties:
                ctx.admin1s[("US", p.admin1 or "")] += 1.0 / len(counties)
    ents = [e for e in ents if e[1] in ("GPE", "LOC", "NORP")]
    pending: list[str] = []
    for name, _, _ in ents:
        if gazetteer.country_of_demonym(name):
            continue  # counted with the demonyms above
        cands = gazetteer.candidates(name)
        if not cands and " " in name:
            cands = gazetteer.candidates(name.split(" ", 1)[1])  # "Upper Egypt", "northern Mali"
        kinds = {c.place.kind for c in cands if c.primary}
        if "country" in kinds:
            continue  # counted from the text above
        if (state := next((c.place.admin1 for c in cands if c.primary and c.place.kind == "admin1"
                              and c.place.country_code == "US"), None)) and name not in ("Georgia", "Washington"):
            # A US state named on its own; Georgia and Washington are as often a country and a capital.
            ctx.countries["US"] += 1.0
            ctx.admin1s[("US", state)] += 1.0
        else:
            pending.append(name)
    outlet = outlet_places(url, gazetteer)
    ctx.outlet_admin1s = frozenset((p.country_code, p.admin1) for p in outlet if p.admin1)
    if not ctx.countries:
        # An article that names no country, state or county: local news of its outlet's home, most likely.
        for p in outlet:
            ctx.countries[p.country_code] += 0.5
    # A dateline comes before the lead (a photo caption may come first), not in a link to another story further
    # down; it is read with what the article names elsewhere.
    dl = find_dateline(text[: ranges[min(2, len(ranges) - 1)][1]] if ranges else text, gazetteer, GeoContext(
        defaultdict(float, ctx.countries), defaultdict(float, ctx.admin1s), outlet_admin1s=ctx.outlet_admin1s))
    if dl is not None:
        ctx.dateline, ctx.dateline_span = dl[0], (dl[1], dl[2])
        ctx.countries[dl[0].country_code] += 3.0
        if dl[0].admin1:
            ctx.admin1s[(dl[0].country_code, dl[0].admin1)] += 3.0
    # Places: read with what is known so far (a large city stands for its country on its own).
    first = GeoContext(defaultdict(float, ctx.countries), defaultdict(float, ctx.admin1s),
                       outlet_admin1s=ctx.outlet_admin1s)
    # A town's own force: not tagged as a place, so only a town of 15,000 or more of the article's countries
    # (100,000 when it names none) counts ("State Police" and "Capitol Police" name no town).
    forces = [(name, False) for name in dict.fromkeys(m.group(1).strip() for m in spots(_LOCAL_FORCE))]
    for name, named in [*((n, True) for n in pending), *forces]:
        pick = best(gazetteer.candidates(name), first, None, named)
        if pick is not None and pick.place.kind != "country":
            ctx.countries[pick.place.country_code] += 1.0
            if pick.place.admin1:
                ctx.admin1s[(pick.place.country_code, pick.place.admin1)] += 0.5
    ctx.home = _home(ctx, outlet, gazetteer)
    return ctx


def _home(ctx: GeoContext, outlet: list[Place], gazetteer: Gazetteer) -> Place | None:
    """The subdivision that holds most of the article's country's votes (at least 60% of them), or the
    outlet's town when it is in that country and the article names no subdivision."""
    cc = ctx.top_country()
    if cc is None:
        return None
    votes = {a1: v for (c, a1), v in ctx.admin1s.items() if c == cc and a1}
    if votes:
        a1 = max(sorted(votes), key=lambda k: votes[k])
        if votes[a1] < 0.6 * sum(votes.values()):
            return None
        town = next((p for p in outlet if p.kind == "city" and p.country_code == cc and p.admin1 == a1), None)
        return town or next((c.place for c in gazetteer.candidates(a1, fuzzy=False) if c.place.kind == "admin1"
                             and c.place.country_code == cc and c.place.admin1 == a1), None)
    return next((p for p in outlet if p.kind == "city" and p.country_code == cc), None)
