"""Who did it: the perpetrator (the side that started the act, security forces for a raid), the target, the
group that claimed it, and the side that hands someone over."""

from __future__ import annotations

import re

from sitrep_common.taxonomy import STRATEGIC

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.analysis import UnitInfo
from sitrep_extract.casualties import Figure
from sitrep_extract.event_types import Trigger
from sitrep_extract.gazetteer import Gazetteer

_ARMED_VICTIMS = re.compile(r"\b(?:militants?|terrorists?|gunmen|jihadists?|insurgents?|members?|suspects?|"
                            r"extremists?|fighters|cadres|elements|leaders?)\b", re.I)
_STATE_VICTIMS = re.compile(r"\b(?:police\w*|soldiers?|officers?|conscripts?|troops|personnel|guards?)\b", re.I)
# "suspected of links to the Brotherhood has claimed": the linked group is not the claimant.
_AFFILIATION = re.compile(r"\b(?:links? to|linked to|affiliated (?:to|with)|tied to|loyal to|close to|split from)"
                          r"\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\b", re.I)
TRANSFER = re.compile(r"hand|extradit|deport|repatriat|transfer|deliver|sent back", re.I)
# "transferred to Egypt from eastern Libya": the side handing over is where the person comes from.
_FROM_PLACE = re.compile(r"\bfrom\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+)?"
                         r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


def handover_side(units: list[UnitInfo], trigger: Trigger, hits: list[ActorHit], agent: ActorHit | None,
                   gazetteer: Gazetteer, actors: ActorIndex) -> tuple[str | None, ActorHit | None]:
    """A handover or extradition happens where the side that hands over is, not where the person is sent;
    that side (a non-state army holding the ground before generic "forces" of its country) is the actor."""
    cc: str | None = None
    unit = next((u for u in units if u.unit.start <= trigger.start < u.unit.end), None)
    if unit is not None:
        after = unit.unit.text[trigger.start - unit.unit.start: trigger.end - unit.unit.start + 80]
        m = _FROM_PLACE.search(after)
        place = gazetteer.lookup(m.group("name")) if m else None
        cc = place.country_code if place else None
    if cc is None and agent is not None:
        cc = agent.country_code or (actors.home_of(agent.actor_id) if agent.kind == "group" else None)
    if cc is None:
        return None, agent

    def home(a: ActorHit) -> str | None:
        return a.country_code if a.kind == "state" else actors.home_of(a.actor_id)

    ranked = [a for a in hits if a.kind == "group" and a.actor_id in _ARMY_LIKE and home(a) == cc]
    ranked += [a for a in hits if a.kind == "state" and a.country_code == cc]
    ranked += [a for a in hits if a.kind == "group" and home(a) == cc]
    return cc, (ranked[0] if ranked else agent)


def roles(units: list[UnitInfo], hits: list[ActorHit], trigger: Trigger | None,
          figures: list[Figure]) -> tuple[ActorHit | None, ActorHit | None]:
    """Perpetrator: the side that started it (security forces for a raid or an arrest), else the named
    group. Target: the other side."""
    agents = _agents(units)
    headlines = [(u.unit.start, u.unit.end) for u in units if not re.search(r"[.!?\"”’]\s*$", u.unit.text)]

    def rank(a: ActorHit) -> tuple[bool, bool, bool, int]:
        # Who acts ("the security forces shot ...") before who is acted on or speaks (the ministry, state media);
        # the body's words before a headline's shorthand ("Police kill 16").
        return (a.start not in agents, bool(_SPEAKER.search(a.name)),
                any(s <= a.start < e for s, e in headlines), hits.index(a))

    state = sorted((a for a in hits if a.kind == "state"), key=rank)
    groups = [a for a in hits if a.kind == "group" and not _affiliated(units, a)]
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
    other = groups[0] if groups else unnamed[0] if unnamed else None
    if victims and _ARMED_VICTIMS.search(victims) and not _STATE_VICTIMS.search(victims) and state:
        return state[0], other
    if _RAID.search(text) and state:
        return state[0], other
    if groups:
        return groups[0], state[0] if state else None
    return None, state[0] if state else (unnamed[0] if unnamed else None)


_SPEAKER = re.compile(r"\b(?:ministry|government|authorities|state)\b", re.I)
# Security forces went after them: a raid on a hideout, fire returned when officers came to arrest.
_RAID = re.compile(r"\b(?:raid(?:ed|s)?|stormed|shoot-?out with (?:the )?(?:police|security)|hide-?outs?|hiding place|"
                   r"safe ?house|fired back|returned fire|to arrest (?:them|him))\b", re.I)
# Verbs whose subject acted in the incident (not "police suffered", "the ministry said").
_ACT_VERBS = {"kill", "shoot", "raid", "storm", "arrest", "detain", "capture", "apprehend", "attack", "clash",
              "exchange", "fire", "target", "launch", "conduct", "carry", "manage", "eliminate", "neutralize",
              "neutralise", "hand", "deliver", "transfer", "seize", "round", "ambush", "open", "besiege", "bomb"}


def _agents(units: list[UnitInfo]) -> set[int]:
    """Start offsets of the words that are subjects (or "by" agents) of acting verbs in these sentences."""
    out: set[int] = set()
    for u in units:
        for tok in u.unit.span:
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _ACT_VERBS:
                pass
            elif not (tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.head.lemma_.lower() in _ACT_VERBS):
                continue
            out.update(t.idx for t in tok.subtree if t.i <= tok.i)
    return out


def _affiliated(units: list[UnitInfo], a: ActorHit) -> bool:
    """A group named for what another is linked to ("suspected of links to the Brotherhood", "an al-Qaeda-
    inspired group") is not the actor."""
    u = next((u for u in units if u.unit.start <= a.start < u.unit.end), None)
    if u is None:
        return False
    text, base = u.unit.text, u.unit.start
    return bool(_AFFILIATION.search(text[max(0, a.start - base - 30): a.start - base])
                or _INSPIRED.match(text[a.end - base: a.end - base + 20]))


_INSPIRED = re.compile(r"^[\s-]*(?:inspired|linked|allied|aligned|backed)\b", re.I)


# Non-state armies that hold ground and act like states: they arrest, hand over, run checkpoints.
_ARMY_LIKE = ("lna", "sdf", "hts", "houthis", "taliban", "rsf-sd")


def _state_or_forces(state: list[ActorHit], groups: list[ActorHit]) -> ActorHit | None:
    # Non-state armies that act like states (Haftar's LNA) hand over and arrest too.
    army_like = [g for g in groups if g.actor_id in _ARMY_LIKE]
    # "East Libyan forces" in a story naming the LNA: the named army is who the generic words stand for.
    if army_like and (not state or army_like[0].start < state[0].start
                      or state[0].country_code == army_like[0].country_code):
        return army_like[0]
    return state[0] if state else (army_like[0] if army_like else None)


# "a shadowy militant group ... has claimed": the claimant is named only further on.
_UNNAMED_GROUP = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:group|movement|organi[sz]ation|faction)\b", re.I)


def claimant(units: list[UnitInfo], later: list[UnitInfo] | None = None) -> ActorHit | None:
    """The group that claimed the incident: named before "claimed" ("X has claimed"), after "claimed by", or,
    when the claim names an unnamed group, the first group the rest of the article names."""
    unnamed_claim = False
    for u in units:
        text, base = u.unit.text, u.unit.start
        for m in _CLAIM.finditer(text):
            pos = base + m.start()
            own = [a for a in u.actors if a.kind == "group" and not _affiliated(units, a)]
            before = [a for a in own if a.end <= pos and pos - a.end < 80]
            if before:
                return before[-1]
            after = [a for a in own if a.start >= pos and re.match(r"^\w*\s+by\s+(?:the\s+)?$",
                                                                   text[m.start(): a.start - base])]
            if after:
                return after[0]
            unnamed_claim = unnamed_claim or bool(_UNNAMED_GROUP.search(text[max(0, m.start() - 120): m.start()]))
    if unnamed_claim:
        for u in later or []:
            named = [a for a in u.actors if a.kind == "group" and not _affiliated([u], a)]
            if named:
                return named[0]
    return None
