"""Turns an incident mention into an Event: type, date, place, actors, figures, evidence, keywords."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import timedelta

from sitrep_common.dates import Reference
from sitrep_common.models import Article, DateHint, Event, Evidence
from sitrep_common.models.events import article_lead
from sitrep_common.taxonomy import BATTLES, STRATEGIC, VAC

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.agents import speakers
from sitrep_extract.analysis import UnitInfo
from sitrep_extract.event_dates import dated_by_sequel, fallback_day
from sitrep_extract.event_types import Trigger, classify_generic
from sitrep_extract.gazetteer import Gazetteer
from sitrep_extract.incidents import Mention
from sitrep_extract.places import PlaceHit
from sitrep_extract.roles import TRANSFER, claimant, handover_side, roles
from sitrep_extract.tolls import main_toll, toll
from sitrep_extract.typing_model import Typing


def build_event(article: Article, index: int, mention: Mention, primary: bool, ref: Reference | None,
                gazetteer: Gazetteer, actors: ActorIndex, country_hint: str | None,
                title_info: UnitInfo | None, spare: list[UnitInfo] | None = None, typed: Typing | None = None,
                others: list[UnitInfo] | None = None) -> Event:
    units = mention.units
    trigger = _event_trigger(mention.like.units if mention.like else units, article.text)
    learned = (typed.event_type, typed.sub_event_type) if typed is not None else (None, None)
    if learned[0] and learned[1] and trigger is not None and typed is not None:
        # The learned label wins unless the trigger's is as plausible; the trigger still anchors roles and evidence.
        if trigger.sub_event_type in typed.near:
            typed = None
        else:
            trigger = replace(trigger, event_type=learned[0], sub_event_type=learned[1])
    date_, precision = mention.date, mention.precision
    sequel = date_ is not None and precision == "day" and dated_by_sequel(units, date_)
    if primary and (date_ is None or mention.reported or sequel):
        # Another sentence may date the act ("The attack took place on Friday"), on or before its announcement, or
        # before the arrest or the hearing the incident is dated by.
        bound = date_ - timedelta(days=1) if sequel and date_ else date_ if mention.reported else None
        found = fallback_day(units, spare or [], ref, bound, mention.kind())
        if found is not None:
            date_, precision = found
    if date_ is None and primary and ref is not None:
        date_, precision = ref.day, "day"  # announced without a date: the announcement (publication) date
    hint = _date_hint(units) if date_ is None else None
    # An earlier incident known only from "the first ... since <date>": the sentence's toll and places are the
    # later one's.
    figures = [] if mention.like else [f for u in units for f in u.figures]
    if primary and not mention.like:
        # Local news often tells the toll in a sentence of its own ("The victim died at the hospital").
        killed, injured = main_toll(figures, title_info, spare or [], others or [])
    else:
        killed, injured = toll(figures, "killed"), toll(figures, "injured")
    hits = [a for u in units for a in u.actors]
    if primary and title_info is not None:
        hits = [a for a in title_info.actors if a.kind == "state"] + hits
    # With no trigger word, the learned type still says whose act it is (the state's, for retaking ground).
    role_trigger = trigger or (Trigger(learned[0], learned[1], 0, 0, 0) if learned[0] and learned[1] else None)
    perp, target = roles(units, hits, role_trigger, figures, title_info if primary else None, gazetteer, actors,
                         spare)
    giver = None
    scene_units = units
    if trigger is not None and TRANSFER.match(article.text[trigger.start:trigger.end]):
        giver, perp = handover_side(units, trigger, hits, perp, gazetteer, actors)
        # The capture a handover story recalls happened elsewhere, earlier.
        scene_units = [u for u in units if not u.triggers or any(
            t.sub_event_type != "Arrests" for t in u.triggers if t.strength >= 3)] or units
    best = None if mention.like else _scene(scene_units, spare or [], giver, home_fallback=primary)
    cc = giver or (best.place.country_code if best else _country(units, country_hint))
    country = gazetteer.country(cc) if cc else None
    claimed = claimant(units, [u for u in spare or [] if u.unit.index > units[0].unit.index])
    if claimed is not None and (perp is None or perp.kind != "state"):
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
        received_at=article.received_at,
        primary=primary,
        event_type=typed.event_type if typed and typed.event_type else trigger.event_type if trigger else BATTLES,
        sub_event_type=(typed.sub_event_type if typed and typed.sub_event_type else
                        trigger.sub_event_type if trigger else "Armed clash"),
        date=date_,
        date_precision=precision if date_ else None,
        date_hint=hint,
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
        lead=article_lead(article.title, article.text) if primary else None,  # dedupe compares wording
        keywords=keywords(units),
        confidence=_confidence(trigger, mention, best is not None, primary),
    )


def _scene(units: list[UnitInfo], spare: list[UnitInfo], only_cc: str | None,
           home_fallback: bool = False) -> PlaceHit | None:
    """Where it happened: the heaviest place of the sentences that report it (those with an event word count
    more than follow-ups), else one a later sentence names; a region borrows the subdivision of a place in it.
    Only the main event (`home_fallback`) falls back on where the article as a whole is: a background mention
    ("a bombing in 2014 killed 16 soldiers") is elsewhere as often as not."""
    scored: list[tuple[float, int, PlaceHit]] = []
    for u in units:
        role = 1.0 if u.strength >= 2 else 0.6
        # "southwest of Cairo" says where it is not: a reference point never becomes the scene.
        scored.extend((p.weight * role, p.start, p) for p in u.places if p.place.kind != "country" and not p.reference)
    scored.extend((p.weight * 0.5, p.start, p) for u in spare for p in u.places
                  if p.place.kind != "country" and p.weight >= 2)
    if only_cc:
        scored = [s for s in scored if s[2].place.country_code == only_cc]
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored:
        # Nothing named where it happened: where the report was filed ("DALLAS (AP) -") is the best guess.
        ctx = units[0].unit.span.doc.user_data.get("sitrep_geo") if units else None
        dateline, span = (ctx.dateline, ctx.dateline_span) if ctx is not None else (None, None)
        if dateline is None or span is None or dateline.kind == "country" or (
                only_cc and dateline.country_code != only_cc):
            # Else the subdivision the article as a whole points to (geo_context), unless the scene is measured
            # from there ("135 km southwest of Cairo").
            home = ctx.home if ctx is not None and home_fallback else None
            if home is None or (only_cc and home.country_code != only_cc) or any(
                    p.reference and p.place.admin1 == home.admin1 for u in units for p in u.places):
                return None
            return PlaceHit(home, 0, 0, 0.1)
        return PlaceHit(dateline, span[0], span[1], 0.5)
    best = scored[0][2]
    if best.place.admin1 is None:
        # Any place in the article will do, a dateline's included ("EL-ARISH: ... in the Sinai Peninsula").
        # A reference point counts here: "outside Rafah" is not the scene but is in the same province.
        around = [p for _, _, p in scored] + [p for u in units for p in u.places if p.reference] + sorted(
            (p for u in spare for p in u.places), key=lambda p: -p.weight)
        inner = next((p for p in around if p.place.admin1 and p.place.country_code == best.place.country_code
                      and p.weight >= 0.5), None)
        if inner is not None:
            place = replace(best.place, admin1=inner.place.admin1)
            return PlaceHit(place, best.start, best.end, best.weight)
    return best


def _date_hint(units: list[UnitInfo]) -> DateHint | None:
    """With no reference date, "on Friday" cannot be resolved, but it still tells this incident from one of
    another day: the first weekday or day of a month the incident's own sentences give (another sentence's
    weekday may be another incident's)."""
    partial = [d for u in units for d in u.dates if d.value is None and d.relation in ("at", "reported") and (
        d.weekday is not None or d.month_day is not None or d.month is not None)]
    if not partial:
        return None
    # "at" (when it happened) before "reported" (when it was said).
    d = min(partial, key=lambda d: (d.relation != "at", d.start))
    month, day = d.month_day or (d.month, None)
    return DateHint(weekday=d.weekday, month=month, day=day)


def _event_trigger(units: list[UnitInfo], text: str) -> Trigger | None:
    """The lead sentence names the incident; later sentences add detail ("the attack began with roadside bombs").
    In the lead, a weapon subordinate to the main act ("attacked the outpost with a car bomb") does not name it,
    and a handover names the story over the capture it recalls ("captured last year, was handed over")."""
    leads = [u for u in units if any(t.strength >= 2 for t in u.triggers)][:2]
    if len(leads) == 2 and re.search(r"(?:\w+\W+){6,}?\w+[.!?]", text[leads[0].unit.end: leads[1].unit.start]):
        leads = leads[:1]  # a headline and the sentence right after it (menus between); not a later detail
    handover = [t for u in leads for t in u.triggers if t.event_type == STRATEGIC and t.sub_event_type == "Other"
                and t.strength >= 3]
    if handover:
        return handover[0]
    generic: Trigger | None = None
    for u in leads:
        cands = [t for t in u.triggers if t.strength >= 2]
        strong = [t for t in cands if t.strength >= 3]
        gen = [t for t in cands if t.strength == 2 and t.event_type in (BATTLES, VAC)]
        named = [t for t in strong if not (gen and _dominates(u, gen[0], t))]
        if named:
            return max(named, key=lambda t: (t.strength, -t.start))
        generic = generic or (gen[0] if gen else None)
    if generic is not None:
        # Who was attacked may only be said in the sentence after a headline ("... Oasis Terror Attack").
        etype, sub = classify_generic(" ".join(dict.fromkeys(u.unit.text for u in units[:3])))
        return Trigger(etype, sub, generic.strength, generic.start, generic.end)
    for u in units:
        strong = [t for t in u.triggers if t.strength >= 3]
        if strong:
            return max(strong, key=lambda t: (t.strength, -t.start))
    trig = [t for u in units for t in u.triggers]
    return max(trig, key=lambda t: (t.strength, -t.start)) if trig else None


def _dominates(u: UnitInfo, head: Trigger, t: Trigger) -> bool:
    """Whether trigger `t` lies in the syntactic subtree of trigger `head` (an instrument or detail of it)."""
    doc = u.unit.span.doc
    a = doc.char_span(head.start, head.end, alignment_mode="expand")
    b = doc.char_span(t.start, t.end, alignment_mode="expand")
    if a is None or b is None:
        return False
    tok, via_prep = b.root, False
    for _ in range(12):  # parse trees of news sentences are shallow; a bound guards against cycles
        if tok.i == a.root.i:
            return via_prep  # "attacked ... with a car bomb"; not "a bomb attack", which names the kind
        if tok.head.i == tok.i:
            return False
        via_prep = via_prep or (tok.dep_ == "prep" and tok.lower_ in ("with", "using"))
        tok = tok.head
    return False


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


def _label(hit: ActorHit | None, actors: ActorIndex, cc: str | None) -> tuple[str | None, str | None]:
    if hit is None:
        return None, None
    if hit.kind == "state":
        country = hit.country_code or cc
        return actors.state_label(hit.branch, country), f"state-forces-{(country or 'xx').lower()}"
    if hit.kind in ("unidentified", "named"):
        return hit.name, None  # no id: names vary between reports, and a mismatched id would count against a match
    return hit.name, hit.actor_id


def _reported_by(units: list[UnitInfo]) -> str | None:
    """The first source the incident's sentences cite ("police said", "according to officials")."""
    first = next(speakers(u.unit.span for u in units), None)
    return first.text if first is not None else None


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
