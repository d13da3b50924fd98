"""Finds place names in a text unit and weighs them: where it happened versus a reference point."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep_extract.gazetteer import Gazetteer, Place
from sitrep_extract.geo_context import GeoContext, best, local_constraint

# "south-west of Cairo", "outside Cairo", "135 km from Giza": the place is a landmark, not the scene.
_REFERENCE = re.compile(
    r"(?:\b(?:north|south|east|west|northern|southern|eastern|western|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+of|\b(?:km|kilomet(?:re|er)s?|miles)\s+(?:\w+\s+)?(?:of|from)|\boutside(?:\s+of)?|"
    r"\bfrom|\bto)\s+(?:the\s+)?(?:(?:capital|city|town|port|provincial capital),?\s+(?:of\s+)?)?$",
    re.I,
)
_SCENE = re.compile(r"\b(?:took place|happened|occurred|were made|was made|(?:was|were) carried out|(?:was|were) "
                    r"(?:killed|arrested|captured|detained|attacked|ambushed|raided))\s+(?:in|at|near)\s+(?:[\w'’-]+\s+){0,5}?$",
                    re.I)
# A capital standing for its government: "long sought by Cairo", "Kabul said", "Abuja has denied".
# "135 km southwest of the capital Cairo", "outside Arish": the scene is elsewhere, measured from here.
_OFFSET = re.compile(
    r"(?:\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of|"
    r"\b(?:km|kilomet(?:re|er)s?|miles)\s+(?:\w+\s+)?(?:of|from)|\boutside(?:\s+of)?|"
    r"\b(?:border|frontier)s?\s+with)\s+(?:the\s+)?"
    r"(?:(?:capital|city|town|port|provincial capital),?\s+(?:of\s+)?)?$", re.I)
_METONYM_BEFORE = re.compile(r"\b(?:sought|wanted|accused|blamed|backed|supported|condemned|criticised|criticized|"
                             r"rejected|announced|claimed)\s+by\s+$", re.I)
_METONYM_AFTER = re.compile(r"^\s+(?:has\s+|have\s+)?(?:said|says|accused|accuses|blamed|blames|announced|denied|"
                            r"denies|condemned|wants|wanted|demanded|requested|insisted|claimed)\b", re.I)
_ADMIN_WORD = re.compile(r"^\s*(?:governorate|province|region|district|state)\b", re.I)
_ADMIN_BEFORE = re.compile(r"\b(?:province|governorate|region|district)\s+of\s+(?:the\s+)?$", re.I)
_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western"}
_JOINERS = {"of", "al", "el", "-", "ad", "ash", "as", "bin", "abu", "'s", "du", "de", "des", "del", "da", "do", "dos",
            "la", "sur"}
# Last words of street names and of buildings: "Raceway Rd" is no town, "Hampden Superior Court" is in Hampden.
_STREET = {"st", "street", "rd", "road", "ave", "avenue", "blvd", "boulevard", "dr", "drive", "ln", "lane", "way",
           "pkwy", "parkway", "hwy", "highway", "terrace", "trail", "pike", "circle", "cir", "expressway", "freeway"}
_FACILITY = {"court", "courthouse", "hospital", "school", "university", "college", "church", "mosque", "temple",
             "mall", "airport", "station", "hotel", "motel", "club", "bar", "restaurant", "department", "police",
             "sheriff", "office", "jail", "prison", "stadium", "theater", "theatre", "academy", "high", "apartments",
             "apts", "apt"}
# "in Khan Younis", "near Bamako": a name after these is a place even when the tagger says otherwise.
_LOCATIVE = {"in", "near", "outside", "at", "around", "into", "across", "towards", "toward"}
_CAPITAL = re.compile(r"\bthe\s+(?P<d>[A-Z][a-z]+)\s+capital\b")
_SKIP_ENTS = {"PERSON", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "WORK_OF_ART"}


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    start: int  # offsets in the article text
    end: int
    weight: float
    # A reference point, not the scene (_OFFSET): "135 km southwest of Cairo", "outside the city of Arish".
    reference: bool = False


def _candidate_runs(span: Span, gazetteer: Gazetteer) -> list[list[int]]:
    """Runs of capitalised tokens (joined by 'of', 'al-', hyphens), outside person names."""
    runs: list[list[int]] = []
    run: list[int] = []
    for tok in span:
        skip = tok.ent_type_ in _SKIP_ENTS and tok.ent_type_ != "ORDINAL" and not _misread_place(tok) and not (
            tok.ent_type_ == "PERSON" and _metropolis(tok, gazetteer))
        capital = tok.text[:1].isupper() or (tok.like_num and tok.text[-2:] in ("th", "st", "nd", "rd"))
        # "north Sinai", "southern Giza": a lowercase direction can be part of the name.
        nxt = span.doc[tok.i + 1] if tok.i + 1 < len(span.doc) else None
        capital = capital or (tok.lower_ in _DIRECTIONS and nxt is not None and nxt.text[:1].isupper())
        if not skip and (capital or (run and tok.lower_ in _JOINERS)):
            run.append(tok.i)
        else:
            if run:
                runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _metropolis(tok: Token, gazetteer: Gazetteer) -> bool:
    """A one-word "person" that is the name of a city of millions ("struck Kyiv"): the tagger's mistake."""
    if tok.ent_iob_ != "B" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I"):
        return False
    # Where an act lands ("struck Kyiv", "in Kyiv"), not a landmark ("near Cairo") nor a speaker.
    if not (tok.dep_ == "dobj" or (tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "into", "on"))):
        return False
    return any(c.primary and c.place.kind == "city" and c.place.population >= 1_000_000
               for c in gazetteer.candidates(tok.text, fuzzy=False))


def _misread_place(tok: Token) -> bool:
    """Place names the tagger takes for something else: a date that names a town ("6th of October City") and a
    foreign name after a locative preposition taken for a person ("killed in Giza")."""
    doc = tok.doc
    if tok.ent_type_ not in ("DATE", "PERSON"):
        return False
    # The entity's bounds from the IOB tags: doc.ents would rebuild every entity of the article.
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if tok.ent_type_ == "DATE":
        return end < len(doc) and doc[end].text[:1].isupper() and doc[end].ent_type_ != "DATE" and doc[end].is_alpha
    if end - start > 2:
        return False
    root = doc[start:end].root
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "outside", "around")


def doc_text(doc: Doc) -> str:
    """The article text; Doc.text joins every token on each call, so it is kept with the doc."""
    text = doc.user_data.get("sitrep_text")
    if not isinstance(text, str):
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def find_places(span: Span, gazetteer: Gazetteer, country_hint: str | None) -> list[PlaceHit]:
    """Place names of a text unit, each read in the light of the article (geo_context) and of the words around
    it ("Dayton, Ohio", "Nigeria's Zamfara state"); names that are only street or building names are left out."""
    doc = span.doc
    text = doc_text(doc)
    ctx = doc.user_data.get("sitrep_geo")
    if not isinstance(ctx, GeoContext):
        ctx = GeoContext(defaultdict(float, {country_hint: 1.0} if country_hint else {}))
    hits: list[PlaceHit] = []
    for whole in _candidate_runs(span, gazetteer):
        run, kind = _trim_run(doc, whole, text)
        i = 0
        while i < len(run) and (i == 0 or kind == "plain"):
            matched = False
            for n in range(min(8, len(run) - i), 0, -1):
                first, last = doc[run[i]], doc[run[i + n - 1]]
                if first.lower_ in _JOINERS or last.lower_ in _JOINERS:
                    continue
                # "in Khan Younis": the whole run after a locative word is a place, whatever the tagger says.
                named = _named(doc, first.i, last.i + 1) or (
                    i == 0 and n == len(run) and first.i > 0 and doc[first.i - 1].lower_ in _LOCATIVE)
                # A lone common word at the start of a sentence is not a place ("Police said...").
                if n == 1 and first.pos_ not in ("PROPN",) and not named:
                    continue
                if n == 1 and first.lower_ in _FACILITY:
                    continue  # "University", "Police": an institution's word, whatever town is so called
                start, end = first.idx, last.idx + len(last.text)
                cands = gazetteer.candidates(text[start:end])
                if not cands:
                    continue
                local = local_constraint(text, start, end, gazetteer)
                # "Police", "Spring", "Hope": a word the article also writes in lower case names a place only
                # where the words around it say so.
                common = n == 1 and first.lower_ in ctx.lower_words and not (named and first.i > span.start)
                pick = None if common and local is None else best(cands, ctx, local, named)
                i += n
                matched = True
                if pick is not None and kind == "street" and not ctx.near(pick.place):
                    pick = None  # a street named after a town: only the town of the article's own area
                elif pick is not None and (n < len(run) or kind == "building") and _elsewhere(pick.place, ctx):
                    # The first words of a longer name ("Shawnee Park", "Midland Hardware", "Hawthorne Heights
                    # Apartments"): a park or business named after a town elsewhere.
                    pick = None
                if pick is None:
                    break  # a foreign or doubtful reading: not its parts either ("Blue Moon Bay" is no "Moon")
                place = pick.place
                weight = _weight(place, text, start, end) * (0.5 if kind == "street" else 1.0)
                if place.kind != "country" and ctx.countries and place.country_code != ctx.top_country():
                    weight *= 0.6  # a place abroad in a story about another country: mostly background
                elif place.kind == "city" and ctx.admin1_share(place.country_code, place.admin1) == 0 and any(
                        c == place.country_code for c, _ in ctx.admin1s):
                    weight *= 0.4  # a town outside the states the article is about: mostly a namesake or background
                if ctx.dateline is not None and place == ctx.dateline and start == (ctx.dateline_span or (0, 0))[0]:
                    weight = 1.0  # where the report was filed: the scene when no sentence names another
                reference = bool(_OFFSET.search(text[max(0, start - 40): start]))
                hits.append(PlaceHit(place, start, end, weight, reference))
                break
            if not matched:
                i += 1
    hits.extend(_capitals(span, text, gazetteer))
    return sorted(hits, key=lambda h: h.start)


def _elsewhere(place: Place, ctx: GeoContext) -> bool:
    """A town (not a city of half a million, which names its parks and businesses after itself less often than
    others do) outside the subdivision the article as a whole is about."""
    home = ctx.home
    return (place.kind == "city" and place.population < 500_000 and home is not None
            and (place.country_code, place.admin1) != (home.country_code, home.admin1))


def _named(doc: Doc, start: int, end: int) -> bool:
    """Whether the tagger calls exactly these tokens a place: "Southern" of "Southern California" or "Metro" of
    "the Santiago Metro" is no place of its own."""
    if not all(t.ent_type_ in ("GPE", "LOC") for t in doc[start:end]):
        return False
    return doc[start].ent_iob_ == "B" and (end >= len(doc) or doc[end].ent_iob_ != "I")


def _trim_run(doc: Doc, run: list[int], text: str) -> tuple[list[int], str]:
    """A run ending in a street word names a street ("Raceway Rd", "Spring St.", "the Dahshour road"): a place in
    it is near at most, never a far-away city. One with a building word ("Hampden Superior Court", "Kansas City
    Police Department") may name its town first."""
    words = [doc[i].text.rstrip(".").lower() for i in run]
    if len(run) > 1 and words[-1] in _STREET:
        return run[:-1], "street"
    if re.search(r"\bblock\s+of\s+(?:the\s+)?$|\d\s+$", text[max(0, doc[run[0]].idx - 15): doc[run[0]].idx]):
        return run, "street"  # "the 1200 block of Plymouth", "4500 Spring": an address
    cut = next((k for k, w in enumerate(words) if k > 0 and w in _FACILITY), None)
    return (run[:cut], "building") if cut is not None else (run, "plain")


def _capitals(span: Span, text: str, gazetteer: Gazetteer) -> list[PlaceHit]:
    """ "the Chilean capital", "the Malian capital": the capital of the country the demonym names."""
    hits: list[PlaceHit] = []
    for m in _CAPITAL.finditer(span.text):
        cc = gazetteer.country_of_demonym(m.group("d"))
        place = gazetteer.capital(cc) if cc else None
        if place is not None:
            start, end = span.start_char + m.start(), span.start_char + m.end()
            hits.append(PlaceHit(place, start, end, _weight(place, text, start, end)))
    return hits


def _weight(place: Place, text: str, start: int, end: int) -> float:
    base = {"place": 3.0, "city": 2.5, "admin1": 2.5, "county": 2.0, "country": 1.0}[place.kind]
    if place.kind == "place" and place.admin1 is None:
        base = 1.5  # a region across subdivisions (a desert, a peninsula): any town or province in it says more
    before = text[max(0, start - 40): start]
    after = text[end: end + 20]
    if start == 0 or text[start - 1] == "\n" or (re.match(r"^\s*(?:\(|[-–—:]+\s)", after) and _line_start(text, start)):
        return 0.5  # a dateline ("CAIRO (AP) -", "Cairo:") names where the report was filed
    if (_ADMIN_WORD.match(after) or _ADMIN_BEFORE.search(before)) and place.kind != "country":
        base += 1.0  # "the Qalubiya governorate": explicitly the subdivision
    if re.match(r"^[\s-]*based\b", after) or re.match(r"^\s*['’]s\s+(?:interior|foreign|president)", after):
        return 0.2  # "Sinai-based group", "Egypt's interior ministry": descriptions
    if re.match(r"^['’]s\s", after) and place.kind != "country":
        base *= 0.5  # "Cairo's twin city of Giza", "Cairo's suburb": the container of a nearer place
    if _REFERENCE.search(before) or _METONYM_AFTER.match(after) or _METONYM_BEFORE.search(before):
        return base * 0.25
    if _SCENE.search(text[max(0, start - 80): start]):
        base += 1.0  # "the attack took place in the province of X": the article names the scene
    return base


def _line_start(text: str, start: int) -> bool:
    line_begin = text.rfind("\n", 0, start) + 1
    return not text[line_begin:start].strip()
