"""Turns an incident mention into an Event: type, date, place, actors, figures, evidence, keywords."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from sitrep_common.models import Article, Event, Evidence

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.analysis import UnitInfo
from sitrep_extract.casualties import Figure
from sitrep_extract.dates import Reference
from sitrep_extract.event_types import BATTLES, STRATEGIC, Trigger
from sitrep_extract.gazetteer import Gazetteer
from sitrep_extract.incidents import Mention
from sitrep_extract.places import PlaceHit

_ARMED_VICTIMS = re.compile(r"\b(?:militants?|terrorists?|gunmen|jihadists?|insurgents?|members?|suspects?|"
                            r"extremists?|fighters|cadres|elements|leaders?)\b", re.I)
_STATE_VICTIMS = re.compile(r"\b(?:police\w*|soldiers?|officers?|conscripts?|troops|personnel|guards?)\b", re.I)
# "suspected of links to the Brotherhood has claimed": the linked group is not the claimant.
_AFFILIATION = re.compile(r"\b(?:links? to|linked to|affiliated (?:to|with)|tied to|loyal to|close to|split from)"
                          r"\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\b", re.I)
_REPORTED = re.compile(
    r"(?:according to|citing|,\s*(?:said|reported|announced)|(?:^|[,.]\s*)(?=the\s))\s*(?P<who>(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*|state|official|interior|security|local|news|army|military|health)(?:\s+[\w'’-]+){0,5}?)"
    r"(?=\s+(?:said|says|reported|announced|told|added)\b|[,.]|$)"
)
_REPORTED_SAID = re.compile(r"\b(?P<who>(?:the|a|an)\s+(?:[\w'’-]+\s+){0,4}?(?:ministry|agency|army|military|"
                            r"police|official|officials|source|sources|statement|spokesman|spokesperson|"
                            r"MENA|TV|television|media))\s+(?:said|says|reported|announced|added|told)\b", re.I)


def build_event(article: Article, index: int, mention: Mention, primary: bool, ref: Reference | None,
                gazetteer: Gazetteer, actors: ActorIndex, country_hint: str | None,
                title_info: UnitInfo | None, spare: list[UnitInfo] | None = None) -> Event:
    units = mention.units
    trigger = _event_trigger(units)
    date_, precision = mention.date, mention.precision
    if date_ is None and spare:
        # A later sentence may date the incident ("The attack took place on Friday").
        dated = [d for u in spare if u.figures or u.triggers or u.places for d in u.dates
                 if d.relation == "at" and d.precision == "day" and d.value]
        if dated and ref is not None and 0 <= (ref.day - dated[0].value).days <= 7:  # type: ignore[operator]
            date_, precision = dated[0].value, "day"
    if date_ is None and primary and ref is not None:
        date_, precision = ref.day, "day"  # announced without a date: the announcement (publication) date
    figures = [f for u in units for f in u.figures]
    killed, injured = _figure(figures, "killed"), _figure(figures, "injured")
    hits = [a for u in units for a in u.actors]
    if primary and title_info is not None:
        hits = [a for a in title_info.actors if a.kind == "state"] + hits
    perp, target = _roles(units, hits, trigger, figures)
    giver = _giver_country(article.text, trigger, perp, actors)
    best = _scene(units, spare or [], giver)
    cc = giver or (best.place.country_code if best else _country(units, country_hint))
    country = gazetteer.country(cc) if cc else None
    claimed = _claimant(units)
    if perp is None and claimed is not None:
        perp = ActorHit(claimed.actor_id, claimed.name, "group", claimed.start, claimed.end)
    perp_name, perp_id = _label(perp, actors, cc)
    target_name, target_id = _label(target, actors, cc)
    if perp is not None and claimed is not None and perp.actor_id == claimed.actor_id:
        perp_name = f"{perp_name} (claimed)"
    text = article.text
    evidence = [Evidence(text=text[u.unit.start:u.unit.end], start=u.unit.start, end=u.unit.end) for u in units[:5]]
    return Event(
        event_id=f"{article.article_id}:{index}",
        article_id=article.article_id,
        external_id=article.external_id,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        copy_of=article.copy_of,
        primary=primary,
        event_type=trigger.event_type if trigger else BATTLES,
        sub_event_type=trigger.sub_event_type if trigger else "Armed clash",
        date=date_,
        date_precision=precision if date_ else None,
        country=country.name if country else None,
        country_code=cc,
        admin1=best.place.admin1 if best else None,
        location=best.place.name if best else None,
        lat=best.place.lat if best else None,
        lon=best.place.lon if best else None,
        geo_precision=("location" if best.place.kind in ("place", "city") else "admin1") if best else (
            "country" if cc else None),
        perpetrator=perp_name,
        perpetrator_id=perp_id,
        target=target_name,
        target_id=target_id,
        killed=killed[0], killed_min=killed[1], killed_max=killed[2],
        injured=injured[0], injured_min=injured[1], injured_max=injured[2],
        reported_by=_reported_by(units),
        claimed_by=claimed.name if claimed else None,
        evidence=evidence,
        keywords=keywords(units),
        confidence=_confidence(trigger, mention, best is not None, primary),
    )


def _scene(units: list[UnitInfo], spare: list[UnitInfo], only_cc: str | None) -> PlaceHit | None:
    """Where it happened: the heaviest place of the sentences that report it (those with an event word count
    more than follow-ups), else one a later sentence names; a region borrows the subdivision of a place in it."""
    scored: list[tuple[float, int, PlaceHit]] = []
    for u in units:
        role = 1.0 if u.strength >= 2 else 0.6
        scored.extend((p.weight * role, p.start, p) for p in u.places if p.place.kind != "country")
    scored.extend((p.weight * 0.5, p.start, p) for u in spare for p in u.places
                  if p.place.kind != "country" and p.weight >= 2)
    if only_cc:
        scored = [s for s in scored if s[2].place.country_code == only_cc]
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored:
        return None
    best = scored[0][2]
    if best.place.admin1 is None:
        inner = next((p for _, _, p in scored if p.place.admin1 and p.place.country_code == best.place.country_code
                      and p.weight >= 0.5), None)
        if inner is not None:
            place = replace(best.place, admin1=inner.place.admin1)
            return PlaceHit(place, best.start, best.end, best.weight)
    return best


_TRANSFER = re.compile(r"hand|extradit|deport|repatriat|transfer", re.I)


def _giver_country(text: str, trigger: Trigger | None, agent: ActorHit | None, actors: ActorIndex) -> str | None:
    """A handover or extradition happens where the side that hands over is, not where the person is sent."""
    if trigger is None or agent is None or not _TRANSFER.match(text[trigger.start:trigger.end]):
        return None
    return agent.country_code or (actors.home_of(agent.actor_id) if agent.kind == "group" else None)


def _event_trigger(units: list[UnitInfo]) -> Trigger | None:
    # The first report of the incident names it; later sentences add detail ("the blast", "the attack").
    for u in units:
        strong = [t for t in u.triggers if t.strength >= 3]
        if strong:
            return max(strong, key=lambda t: (t.strength, -t.start))
    trig = [t for u in units for t in u.triggers]
    return max(trig, key=lambda t: (t.strength, -t.start)) if trig else None


def _country(units: list[UnitInfo], hint: str | None) -> str | None:
    votes: dict[str, float] = {}
    for u in units:
        for p in u.places:
            votes[p.place.country_code] = votes.get(p.place.country_code, 0.0) + p.weight
        for cc in u.demonym_countries:
            votes[cc] = votes.get(cc, 0.0) + 0.5
    if hint:
        votes[hint] = votes.get(hint, 0.0) + 1.5  # what the article is mostly about breaks near-ties
    return max(sorted(votes), key=lambda cc: votes[cc]) if votes else hint


def _figure(figures: list[Figure], kind: str) -> tuple[int | None, int | None, int | None]:
    mine = [f.count for f in figures if f.kind == kind]
    if not mine:
        return None, None, None
    best = next((c.best for c in mine if c.best is not None), None)
    lows = [c.min for c in mine if c.min is not None]
    highs = [h for c in mine if (h := c.max if c.max is not None else c.best) is not None]
    return best, min(lows) if lows else None, max(highs) if highs else None


def _roles(units: list[UnitInfo], hits: list[ActorHit], trigger: Trigger | None,
           figures: list[Figure]) -> tuple[ActorHit | None, ActorHit | None]:
    """Perpetrator: the side that started it (security forces for a raid or an arrest), else the named
    group. Target: the other side."""
    state = [a for a in hits if a.kind == "state"]
    groups = [a for a in hits if a.kind == "group"]
    unnamed = [a for a in hits if a.kind == "unidentified"]
    text = " ".join(u.unit.text for u in units)
    killed = next((f for f in figures if f.kind == "killed"), None)
    victims = ""
    if killed is not None:
        base = next(u.unit for u in units if any(f is killed for f in u.figures))
        victims = base.text[killed.start - base.start: killed.end - base.start + 40]
    if trigger is not None and trigger.event_type == STRATEGIC:
        agent = _state_or_forces(state, groups)
        return agent, next((g for g in groups if g is not agent), None) or (unnamed[0] if unnamed else None)
    if victims and _ARMED_VICTIMS.search(victims) and not _STATE_VICTIMS.search(victims) and state:
        return state[0], (groups[0] if groups else unnamed[0] if unnamed else None)
    if re.search(r"\b(?:raid(?:ed|s)?|stormed|shoot-?out with (?:the )?(?:police|security))", text, re.I) and state:
        return state[0], (groups[0] if groups else unnamed[0] if unnamed else None)
    if groups:
        return groups[0], state[0] if state else None
    return None, state[0] if state else (unnamed[0] if unnamed else None)


def _state_or_forces(state: list[ActorHit], groups: list[ActorHit]) -> ActorHit | None:
    # Non-state armies that act like states (Haftar's LNA) hand over and arrest too.
    army_like = [g for g in groups if g.actor_id in ("lna", "sdf", "hts", "houthis", "taliban", "rsf-sd")]
    if army_like and (not state or army_like[0].start < state[0].start):
        return army_like[0]
    return state[0] if state else (army_like[0] if army_like else None)


def _claimant(units: list[UnitInfo]) -> ActorHit | None:
    for u in units:
        for m in _CLAIM.finditer(u.unit.text):
            pos = u.unit.start + m.start()
            text, base = u.unit.text, u.unit.start
            before = [a for a in u.actors if a.kind == "group" and a.end <= pos and pos - a.end < 80
                      and not _AFFILIATION.search(text[max(0, a.start - base - 30): a.start - base])]
            if before:
                return before[-1]
    return None


def _label(hit: ActorHit | None, actors: ActorIndex, cc: str | None) -> tuple[str | None, str | None]:
    if hit is None:
        return None, None
    if hit.kind == "state":
        country = hit.country_code or cc
        return actors.state_label(hit.branch, country), f"state-forces-{(country or 'xx').lower()}"
    if hit.kind == "unidentified":
        return hit.name, None
    return hit.name, hit.actor_id


def _reported_by(units: list[UnitInfo]) -> str | None:
    for u in units:
        m = _REPORTED_SAID.search(u.unit.text)
        if m:
            return m.group("who").strip()
        m = re.search(r"according to (?P<who>[^,.;]{3,60})", u.unit.text)
        if m:
            return m.group("who").strip()
    return None


def keywords(units: list[UnitInfo], limit: int = 15) -> list[str]:
    counts: Counter[str] = Counter()
    order: dict[str, int] = {}
    for u in units:
        for tok in u.unit.span:
            if tok.pos_ in ("NOUN", "PROPN") and not tok.is_stop and tok.is_alpha and len(tok.text) > 2:
                lemma = tok.lemma_.lower()
                counts[lemma] += 1
                order.setdefault(lemma, len(order))
    return sorted(counts, key=lambda w: (-counts[w], order[w]))[:limit]


def _confidence(trigger: Trigger | None, mention: Mention, placed: bool, primary: bool) -> float:
    c = 0.3 + 0.1 * (trigger.strength if trigger else 0) + (0.1 if mention.date else 0) + (0.1 if placed else 0)
    return round(min(0.95, c + (0.05 if primary else 0)), 2)
