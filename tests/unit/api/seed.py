"""Builds realistic incidents, events and articles and writes them exactly as dedupe and ingest do."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import redis
from sitrep_common import redis_keys as k
from sitrep_common.models import Article, Event, Evidence, Figure, FigureClaim, Incident, MatchInfo, SourceClaim

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def source(event_id: str, article_id: str, outlet: str, *, killed: int | None, quote: str,
           when: date | None = None, location: str | None = None,
           match: MatchInfo | None = None) -> SourceClaim:
    return SourceClaim(
        event_id=event_id, article_id=article_id, outlet=outlet, url=f"https://{outlet.lower()}.example/{article_id}",
        published=when, primary=True, event_type="Violence against civilians", sub_event_type="Attack",
        date=when, location=location, killed=killed, injured=None, perpetrator=None,
        evidence=[Evidence(text=quote, start=0, end=len(quote))], match=match,
    )


def incident(incident_id: str, *, when: date | None, country: str = "Nigeria", country_code: str = "NG",
             admin1: str | None = "Borno", location: str | None = "Maiduguri", lat: float | None = 11.85,
             lon: float | None = 13.16, event_type: str = "Violence against civilians",
             sub_event_type: str = "Attack", perpetrator: str | None = "Boko Haram",
             perpetrator_id: str | None = "boko_haram", target: str | None = "villagers",
             killed: int | None = None, updated: datetime | None = None,
             sources: list[SourceClaim] | None = None) -> Incident:
    claims = sources or [source(f"{incident_id}-e1", f"{incident_id}-a1", "Wire", killed=killed,
                                quote=f"Gunmen attacked {location or 'a village'}.", when=when, location=location)]
    figures = [FigureClaim(event_id=s.event_id, article_id=s.article_id, outlet=s.outlet, value=s.killed)
               for s in claims if s.killed is not None]
    values = [f.value for f in figures]
    return Incident(
        incident_id=incident_id, version=1, created_at=T0, updated_at=updated or T0,
        event_type=event_type, sub_event_type=sub_event_type, date=when, date_precision="day" if when else None,
        country=country, country_code=country_code, admin1=admin1, location=location, lat=lat, lon=lon,
        geo_precision="location" if location else None, perpetrator=perpetrator, perpetrator_id=perpetrator_id,
        target=target,
        killed=Figure(best=killed, min=min(values, default=None), max=max(values, default=None), sources=figures),
        article_ids=sorted({s.article_id for s in claims}), event_ids=[s.event_id for s in claims],
        sources=claims, independent_sources=len({s.outlet for s in claims}),
    )


def write_incident(r: redis.Redis, inc: Incident, history: list[dict[str, Any]] | None = None) -> None:
    """As dedupe: the JSON, both live indexes, a history entry; and its events' owner."""
    pipe = r.pipeline()
    pipe.set(k.incident(inc.incident_id), inc.model_dump_json())
    pipe.zadd(k.INCIDENTS_BY_DATE, {inc.incident_id: inc.date.toordinal() if inc.date else 0})
    pipe.zadd(k.INCIDENTS_BY_UPDATED, {inc.incident_id: inc.updated_at.timestamp()})
    for entry in history or [{"kind": "created", "version": inc.version, "updated_at": inc.updated_at.isoformat(),
                              "event_id": inc.event_ids[0] if inc.event_ids else None, "merged_into": None}]:
        pipe.rpush(k.incident_history(inc.incident_id), json.dumps(entry))
    for event_id in inc.event_ids:
        pipe.hset(k.EVENT_INCIDENT, event_id, inc.incident_id)
    pipe.incr(k.INCIDENT_COUNT)
    pipe.execute()


def merge(r: redis.Redis, gone: Incident, into: Incident) -> Incident:
    """As dedupe when two incidents are found to be one: the old keeps its JSON, leaves the indexes."""
    merged = gone.model_copy(update={"merged_into": into.incident_id, "version": gone.version + 1,
                                     "updated_at": gone.updated_at + timedelta(minutes=5)})
    pipe = r.pipeline()
    pipe.set(k.incident(gone.incident_id), merged.model_dump_json())
    pipe.zrem(k.INCIDENTS_BY_DATE, gone.incident_id)
    pipe.zrem(k.INCIDENTS_BY_UPDATED, gone.incident_id)
    pipe.rpush(k.incident_history(gone.incident_id),
               json.dumps({"kind": "merged", "version": merged.version, "merged_into": into.incident_id}))
    for event_id in gone.event_ids:
        pipe.hset(k.EVENT_INCIDENT, event_id, into.incident_id)
    pipe.execute()
    return merged


def article(article_id: str, *, external_id: str | None = None, text: str = "Gunmen killed 12 people.") -> Article:
    return Article(article_id=article_id, external_id=external_id, url=f"https://news.example/{article_id}",
                   outlet="News", published=date(2024, 3, 1), title="Attack", text=text, received_at=T0)


def event(event_id: str, article_id: str, *, primary: bool = True, killed: int | None = 12) -> Event:
    return Event(event_id=event_id, article_id=article_id, primary=primary,
                 event_type="Violence against civilians", sub_event_type="Attack", date=date(2024, 2, 29),
                 date_precision="day", country="Nigeria", country_code="NG", admin1="Borno",
                 location="Maiduguri", lat=11.85, lon=13.16, perpetrator="Boko Haram", killed=killed,
                 evidence=[Evidence(text="Gunmen killed 12 people.", start=0, end=25)])


def write_article(r: redis.Redis, art: Article, events: list[tuple[Event, str]]) -> None:
    """As ingest (article, alias, received index, counter), then dedupe (events, owners, article's set)."""
    pipe = r.pipeline()
    pipe.set(k.article(art.article_id), art.model_dump_json())
    if art.external_id:
        pipe.hset(k.ARTICLE_ALIAS, art.external_id, art.article_id)
    pipe.zadd(k.ARTICLES_BY_RECEIVED, {art.article_id: art.received_at.timestamp()})
    pipe.incr(k.counter("articles_ingested"))
    for ev, incident_id in events:
        pipe.set(k.event(ev.event_id), ev.model_copy(update={"incident_id": None}).model_dump_json())
        pipe.hset(k.EVENT_INCIDENT, ev.event_id, incident_id)
        pipe.sadd(k.article_events(art.article_id), ev.event_id)
    pipe.execute()


def world() -> list[Incident]:
    """Eight incidents in four countries, each picked out by at least one filter."""
    m = MatchInfo(matched_event_id="ng-1-e1", score=0.91, features={"date": 1.0, "place": 0.8, "actor": 1.0})
    return [
        incident("ng-1", when=date(2024, 2, 29), killed=12, updated=T0 + timedelta(hours=1), sources=[
            source("ng-1-e1", "ng-1-a1", "Reuters", killed=12, quote="Boko Haram fighters killed 12 villagers.",
                   when=date(2024, 2, 29), location="Maiduguri"),
            source("ng-1-e2", "ng-1-a2", "Premium Times", killed=15, quote="At least 15 died near Maiduguri.",
                   when=date(2024, 2, 28), location="Maiduguri", match=m),
        ]),
        incident("ng-2", when=date(2024, 2, 20), admin1="Zamfara", location="Gusau", lat=12.17, lon=6.66,
                 perpetrator="bandits", perpetrator_id=None, target="farmers", killed=3),
        incident("eg-1", when=date(2024, 2, 25), country="Egypt", country_code="EG", admin1="North Sinai",
                 location="El Arish", lat=31.13, lon=33.80, event_type="Explosions/Remote violence",
                 sub_event_type="Remote explosive/landmine/IED", perpetrator="Ansar Bayt al-Maqdis",
                 perpetrator_id="ansar_bayt_al_maqdis", target="soldiers", killed=16),
        incident("eg-2", when=date(2024, 1, 5), country="Egypt", country_code="EG", admin1="Cairo",
                 location="Cairo", lat=30.04, lon=31.24, event_type="Protests", sub_event_type="Peaceful protest",
                 perpetrator=None, perpetrator_id=None, target=None, killed=None),
        incident("sy-1", when=date(2024, 2, 29), country="Syria", country_code="SY", admin1="Idlib",
                 location="Idlib", lat=35.93, lon=36.63, event_type="Battles", sub_event_type="Armed clash",
                 perpetrator="Syrian army", perpetrator_id="syrian_army", target="Hayat Tahrir al-Sham",
                 killed=7, updated=T0 + timedelta(hours=3)),
        incident("fj-1", when=date(2024, 2, 10), country="Fiji", country_code="FJ", admin1="Northern",
                 location="Labasa", lat=-16.43, lon=179.38, event_type="Riots", sub_event_type="Mob violence",
                 perpetrator="rioters", perpetrator_id=None, target="shops", killed=0),
        incident("xx-1", when=None, country="Nigeria", country_code="NG", admin1=None, location=None,
                 lat=None, lon=None, perpetrator="unknown gunmen", perpetrator_id=None, target=None, killed=None),
        incident("ng-3", when=date(2024, 2, 29), admin1="Borno", location="Konduga", lat=11.65, lon=13.42,
                 perpetrator="ISWAP", perpetrator_id="iswap", target="soldiers", killed=30,
                 updated=T0 + timedelta(hours=2)),
    ]
