"""Who did it: the perpetrator (the side that started the act, security forces for a raid), the target, the
group that claimed it, and the side that hands someone over."""

from __future__ import annotations

import re
from dataclasses import replace

from sitrep_common.taxonomy import PROTESTS, RIOTS, STRATEGIC, VAC

from sitrep_extract.actors import ActorHit, ActorIndex
from sitrep_extract.agents import (
    Clause,
    Phrase,
    clauses,
    described_suspects,
    is_attacker_word,
    named_attackers,
    phrase,
)
from sitrep_extract.analysis import UnitInfo
from sitrep_extract.casualties import Figure
from sitrep_extract.event_types import Trigger
from sitrep_extract.gazetteer import Gazetteer
from sitrep_extract.places import doc_text
from sitrep_extract.role_words import NON_AGENT_HEADS

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


def roles(units: list[UnitInfo], hits: list[ActorHit], trigger: Trigger | None, figures: list[Figure],
          title: UnitInfo | None, gazetteer: Gazetteer, actors: ActorIndex,
          rest: list[UnitInfo] | None = None) -> tuple[ActorHit | None, ActorHit | None]:
    """Perpetrator and target from the parse: the agent of the incident's act and its patient. Protesters are the
    actors of a protest, the signatories of an agreement; with no agent in the text, only the conventions hold
    (security forces for a raid or an arrest); otherwise nobody is named rather than someone guessed. A generic
    attacker ("the gunman") takes the name the article gives him anywhere (`rest`: its other sentences)."""
    etype = trigger.event_type if trigger is not None else None
    sub = trigger.sub_event_type if trigger is not None else None
    found = _clauses(units, trigger)
    usual_perp, usual_target = _by_convention(units, hits, trigger, figures)
    deal = _signatories(found, actors)
    if (etype == STRATEGIC and sub == "Agreement") or (deal is not None and "; " in deal.name and etype in (
            PROTESTS, STRATEGIC, None)):
        # Two sides signing: an agreement, whatever else the story tells (the protests that led to it).
        return deal, None
    if (etype == PROTESTS and sub != "Excessive force against protesters") or etype == RIOTS:
        lethal = _lethal_force(found, gazetteer, actors)
        if lethal is not None:
            return lethal, _crowd(units, found)  # security forces killing protesters: excessive force
        crowd = _crowd(units, found)
        backers = _backers(units) if etype == RIOTS else None
        if backers is not None and (crowd is None or crowd.name.lower() in ("protesters", "rioters")):
            crowd = backers  # "believed to be supporters of the X League": who the rioters are
        if crowd is not None or etype == PROTESTS:
            return crowd or ActorHit("unidentified", "protesters", "unidentified", 0, 0), _other(usual_target, crowd)
    perp, patient = _agent(found, etype, gazetteer, actors)
    if perp is None and title is not None:
        perp, patient = _agent(_clauses([title], None), etype, gazetteer, actors)
        m = _HEADLINE_ACTOR.search(title.unit.text) if perp is None else None
        if m is not None:
            # spaCy reads "Gunman Kills 39 At Nightclub" as nouns: the generic actor word before an act verb.
            perp = ActorHit("unidentified", m.group("who"), "unidentified", title.unit.start + m.start("who"),
                            title.unit.start + m.end("who"))
    if perp is None and rest:
        # A claim or a blame may come sentences later ("Officials blamed the attack on X").
        later = [(u, c) for u, c in _clauses(rest, None) if c.kind in ("claim", "blame")]
        perp, patient = _agent(later, etype, gazetteer, actors)
    if rest and perp is not None and perp.kind == "unidentified":
        # A sentence of its own may name the group behind the generic words ("The killing was an act of terrorism
        # carried out by two followers of X").
        for u, c in _clauses(rest, None):
            if c.kind == "act" and c.agent is not None:
                hit = actor_of(c.agent, u, gazetteer, actors, nominal=c.nominal)
                if hit is not None and hit.kind == "group":
                    perp, patient = hit, None
                    break
    if perp is None or perp.kind in ("unidentified", "named"):
        # A group's claim names who the generic words ("a suicide bomber", "gunmen") stand for.
        claims = [(u, c) for u, c in _clauses([*units, *(rest or [])], None) if c.kind == "claim"
                  and not _OTHER_CLAIM.match(doc_text(u.unit.span.doc)[c.pred_start: c.pred_start + 80])]
        claimed, _ = _agent(claims, etype, gazetteer, actors)
        if claimed is None or claimed.kind != "group":
            claimed = _claim_anywhere(units, actors)
        if claimed is not None and claimed.kind == "group":
            perp, patient = claimed, None
    if (etype in (VAC, None) or sub in _LONE_EXPLOSIONS) and (perp is None or (
            perp.kind == "unidentified" and set(perp.name.lower().split()) & _GENERIC_ATTACKER)):
        perp = _lone_attacker(units, title) or perp
    if sub == "Non-state actor overtakes territory" and perp is not None and perp.kind == "state":
        perp = None  # the state lost the ground: its forces are the other side
    if sub == "Government regains territory" and perp is not None and perp.kind == "group" \
            and perp.actor_id not in _ARMY_LIKE:
        sub = "Non-state actor overtakes territory"  # "Islamic State seized control of Ramadi": the group took it
    if sub in _STATE_ACTS and (perp is None or (perp.kind != "state" and perp.actor_id not in _ARMY_LIKE)):
        # Retaking ground, arresting, firing on protesters: the state's forces (or an army acting as one).
        state = _state_sides(units, hits)
        groups = [a for a in hits if a.kind == "group" and not _affiliated(units, a)]
        side = _state_or_forces(state, groups) if state or any(g.actor_id in _ARMY_LIKE for g in groups) else None
        return side or ActorHit("state-forces", "forces", "state", 0, 0, None, _STATE_ACTS[sub]), usual_target
    if etype == STRATEGIC:
        # Arrests and handovers are done by whoever holds the ground: a non-state army named in the story
        # stands for generic "forces"; with no agent in the text, the convention (the state) holds.
        if perp is None or perp.kind not in ("state", "group"):
            return usual_perp, usual_target
        if perp.kind == "state":
            perp = _state_or_forces([perp], [a for a in hits if a.kind == "group" and not _affiliated(units, a)])
    if sub == "Non-state actor overtakes territory" and (perp is None or perp.kind == "state"):
        groups = [a for a in hits if a.kind == "group" and not _affiliated(units, a)]
        return (groups[0] if groups else None), _other(usual_target, groups[0] if groups else None)
    if perp is None:
        return usual_perp, usual_target
    if sub != "Non-state actor overtakes territory" and perp.kind != "state" and usual_perp is not None and \
            usual_perp.kind == "state" and _HUNT.search(
            " ".join(u.unit.text for u in units)):
        # A raid on a hideout: security forces started it, whoever fired first when they came (the convention).
        return usual_perp, usual_target
    # The act's patient when it is a known side, else the side the story sets against the actor.
    target = patient if patient is not None and patient.kind in ("group", "state") else usual_target
    return perp, _other(target, perp)


def _other(target: ActorHit | None, perp: ActorHit | None) -> ActorHit | None:
    if target is None or perp is None:
        return target
    same = target.actor_id == perp.actor_id and (target.kind != "state" or target.country_code == perp.country_code)
    return None if (same and target.kind != "unidentified") or target.name == perp.name else target


def _clauses(units: list[UnitInfo], trigger: Trigger | None) -> list[tuple[UnitInfo, Clause]]:
    """The acts the sentences tell in their order, headlines (parsed less reliably) after full sentences."""
    body = [u for u in units if not u.unit.clutter]
    body.sort(key=_is_headline)
    return [(u, c) for u in body for c in _unit_clauses(u)]


def _unit_clauses(u: UnitInfo) -> list[Clause]:
    # Read once per unit and parse: roles asks about the same sentences for acts, claims and protests.
    memo: dict[tuple[int, int], list[Clause]] = u.unit.span.doc.user_data.setdefault("sitrep_clauses", {})
    key = (u.unit.span.start, u.unit.span.end)
    if key not in memo:
        memo[key] = list(clauses(u.unit.span))
    return memo[key]


def _agent(found: list[tuple[UnitInfo, Clause]], etype: str | None, gazetteer: Gazetteer,
           actors: ActorIndex) -> tuple[ActorHit | None, ActorHit | None]:
    """The first act whose agent is an actor; a claim or a blame when no act names one. Police shooting or
    arresting the attacker is the end of the incident, not the incident: the attacker is the perpetrator then."""
    answer_to: ActorHit | None = None
    first: tuple[ActorHit, ActorHit | None] | None = None
    for u, c in found:
        if c.kind != "act" or c.agent is None:
            continue
        hit = actor_of(c.agent, u, gazetteer, actors, nominal=c.nominal)
        if hit is None or (_title_case(u) and hit.kind not in ("group", "state") and c.agent.head not in _ARMED_WORDS):
            continue  # spaCy reads Title Case headlines poorly ("Rage Hit Egypt"): only known sides count there
        patient = actor_of(c.patient, u, gazetteer, actors) if c.patient is not None else None
        if etype != STRATEGIC and c.patient is not None and is_attacker_word(c.patient):
            answer_to = answer_to or patient
            continue
        if first is None:
            first = hit, patient
        if first[0].kind != "unidentified" or hit.kind == "group":
            # Generic words ("two men", "rebel forces") give way to the group another act of the incident names
            # ("carried out by two followers of Islamic State", "rebels led by X launched").
            return hit, (patient if hit is not first[0] else first[1])
    if first is not None:
        return first
    for u, c in found:
        if c.kind in ("claim", "blame") and c.agent is not None:
            hit = actor_of(c.agent, u, gazetteer, actors)
            if hit is not None and (c.predicate != "say" or hit.kind == "group"):
                return (_qualified(hit, "suspected") if c.kind == "blame" else hit), None
    return answer_to, None


# Explosions one person may set off; air strikes and shelling are armies' acts.
_LONE_EXPLOSIONS = frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"})
# Acts only the attacker does (not "arrest" or "shoot" alone, which the police do too).
_KILLING = frozenset({"kill", "murder", "stab", "massacre", "gun", "take", "ram", "plough", "plow", "detonate",
                      "attack"})


def _lone_attacker(units: list[UnitInfo], title: UnitInfo | None) -> ActorHit | None:
    """The one who did it as the article names him anywhere ("the gunman, identified as X"; sentences of other
    mentions too: a profile of the attacker is often a section of its own), else as it describes him ("the attacker
    was a 17-year-old Afghan", "police arrested a 17-year-old boy")."""
    if not units:
        return None
    doc = units[0].unit.span.doc
    spans = [*([title.unit.span] if title is not None else []), *doc.sents]
    name = next(named_attackers(spans), None)
    if name is None:
        # "Police said 66-year-old X killed four people": a person as the agent of a killing.
        name = next((c.agent.ent_text for sp in spans for c in clauses(sp) if c.kind == "act" and c.agent is not None
                     and c.agent.ent_label == "PERSON" and c.agent.ent_text and len(c.agent.ent_text.split()) >= 2
                     and c.predicate in _KILLING), None)
    if name is not None:
        return ActorHit("named", name, "named", 0, 0)
    described = next(described_suspects(spans), None)
    if described is not None:
        return ActorHit("unidentified", described.text, "unidentified", described.start, described.end)
    return None


# A headline's generic actor and its act, in any case: "Gunman Kills 39", "Militants storm army base".
_HEADLINE_ACTOR = re.compile(
    r"(?:^|[:;,.!?\-–—]\s+)(?P<who>(?:[A-Z][\w-]*\s+)?(?i:gunm[ae]n|attackers?|assailants?|militants|bandits|rebels|"
    r"insurgents|jihadists|terrorists|(?:suicide\s+)?bombers?|shooters?|kidnappers|knifem[ae]n))\s+"
    r"(?i:kill|attack|storm|abduct|kidnap|seize|shoot|massacre|behead|ambush|raid|capture|overrun|bomb)(?:s|ed)?\b")


def _is_headline(u: UnitInfo) -> bool:
    return not re.search(r"[.!?\"”’]\s*$", u.unit.text)


def _title_case(u: UnitInfo) -> bool:
    words = re.findall(r"\b[A-Za-z][a-z]{3,}\b", u.unit.text)
    return _is_headline(u) and len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


# Words for armed people that a headline may use as its subject ("Gunmen kill 12", "Rebels seize Goma").
_GENERIC_ATTACKER = frozenset({"gunman", "attacker", "assailant", "shooter", "suspect", "man", "teenager", "boy",
                               "killer", "driver", "perpetrator", "stabber", "bomber", "knifeman", "teen"})
_ARMED_WORDS = frozenset({"gunman", "militant", "rebel", "insurgent", "jihadist", "islamist", "bandit", "attacker",
                          "assailant", "terrorist", "fighter", "protester", "demonstrator", "rioter", "soldier",
                          "troop", "kidnapper", "extremist", "militia", "militiaman", "bomber", "shooter", "force",
                          "army", "coalition", "government", "regime", "police", "military"})


# Sub-event types whose actor is the state by definition, and the branch to name when the text names none.
_STATE_ACTS = {"Government regains territory": "security forces", "Excessive force against protesters":
               "security forces", "Arrests": "authorities"}


def _claim_anywhere(units: list[UnitInfo], actors: ActorIndex) -> ActorHit | None:
    """A group's claim anywhere in the article ("Through its website, the group claimed responsibility"), even in a
    sentence told with another incident or a bullet point."""
    if not units or "claim" not in doc_text(units[0].unit.span.doc).lower():
        return None
    for sent in units[0].unit.span.doc.sents:
        if "claim" not in sent.text.lower():
            continue
        for a in actors.find(sent.text):
            # "• Islamic State group claims responsibility": a bullet the parser reads as part of the next line.
            if a.kind == "group" and _CLAIMS_AFTER.match(sent.text[a.end:]) and not _OTHER_CLAIM.match(
                    _CLAIM_WORD.sub("", sent.text[a.end:], count=1)) and not _INSPIRED.match(sent.text[a.end:]):
                return replace(a, start=sent.start_char + a.start, end=sent.start_char + a.end)
        for c in clauses(sent):
            if c.kind == "claim" and c.agent is not None and not _OTHER_CLAIM.match(
                    doc_text(sent.doc)[c.pred_start: c.pred_start + 80]):
                text = c.agent.text
                groups = [a for a in actors.find(text) if a.kind == "group" and not _INSPIRED.match(text[a.end:])
                          and not _AFFILIATION.search(text[:a.start])]
                if groups:
                    return replace(groups[0], start=c.agent.start, end=c.agent.end)
    return None


def _lethal_force(found: list[tuple[UnitInfo, Clause]], gazetteer: Gazetteer, actors: ActorIndex) -> ActorHit | None:
    """State forces that killed or shot at a protest: the actor of excessive force against protesters."""
    for u, c in found:
        if c.kind == "act" and c.agent is not None and c.predicate in ("kill", "shoot", "gun", "massacre", "open"):
            hit = actor_of(c.agent, u, gazetteer, actors)
            if hit is not None and hit.kind == "state":
                return hit
    return None


def _qualified(hit: ActorHit, qualifier: str) -> ActorHit:
    if hit.kind in ("named", "unidentified") and qualifier not in hit.name:
        return replace(hit, name=f"{hit.name} ({qualifier})")
    return hit


_CROWD_HEADS = frozenset({"protester", "protestor", "demonstrator", "rioter", "mob", "crowd", "marcher", "student",
                          "worker", "supporter", "activist", "youth", "people"})


def _crowd(units: list[UnitInfo], found: list[tuple[UnitInfo, Clause]]) -> ActorHit | None:
    """Who protested or rioted: the subject of a protest verb, else the protesters the sentences name."""
    for _, c in found:
        if c.kind in ("protest", "act") and c.agent is not None and c.agent.head in _CROWD_HEADS - {"people"}:
            return _protesters(c.agent)
    for u in units:
        for tok in u.unit.span:
            if tok.lemma_.lower() in ("protester", "protestor", "demonstrator", "rioter") and tok.pos_ == "NOUN":
                return _protesters(phrase(tok, max_words=4))
    return None


# "supporters of the English Defence League", "followers of the X Movement": a crowd named by the side it backs.
_BACKERS = re.compile(r"\b(?:supporters|followers|members|sympathi[sz]ers)\s+of\s+(?:the\s+)?"
                      r"(?:[A-Z][\w'’-]*\s?){1,5}")


def _backers(units: list[UnitInfo]) -> ActorHit | None:
    """Who the rioters are said to be, in the incident's sentences first, else anywhere in the article (police
    often say it in a statement quoted further down)."""
    texts = [(u.unit.text, u.unit.start) for u in units]
    if units:
        texts.append((doc_text(units[0].unit.span.doc), 0))
    for text, base in texts:
        m = _BACKERS.search(text)
        if m is not None:
            return ActorHit("unidentified", m.group(0).strip(), "unidentified", base + m.start(), base + m.end())
    return None


def _protesters(p: Phrase) -> ActorHit:
    """The crowd under one name, "protesters", with the article's own qualifiers ("far-right", "anti-coup")."""
    words = p.text.split()
    head = next((i for i, w in enumerate(words) if re.match(r"(?i)(?:protest[oe]rs?|demonstrators?|marchers?)$", w)),
                None)
    text = " ".join([*words[:head], "protesters"]) if head is not None else p.text
    return ActorHit("unidentified", text, "unidentified", p.start, p.end)


def _signatories(found: list[tuple[UnitInfo, Clause]], actors: ActorIndex) -> ActorHit | None:
    """An agreement's sides, as the article names them, joined by "; "; a side the lead calls by what it is ("its
    largest Muslim rebel group") goes by the name of the armed group the article names."""
    for u, c in found:
        if c.kind == "agreement" and c.parties:
            doc_groups: list[ActorHit] | None = None
            names: list[str] = []
            for p in c.parties:
                if p.head in NON_AGENT_HEADS | {"side", "party"}:
                    continue
                own = [a for a in u.actors if a.kind == "group" and p.start <= a.start < p.end]
                if not own and p.head in _GENERIC_SIDES:
                    if doc_groups is None:
                        doc_groups = [a for a in actors.find(doc_text(u.unit.span.doc)) if a.kind == "group"]
                    own = doc_groups[:1]
                # A side named in apposition ("the largest rebel group, the X Front") goes by its name.
                names.append(own[0].name if own else _trim(p.ent_text) if p.ent_label == "ORG" and p.ent_text
                             else p.text)
            names = list(dict.fromkeys(names))
            if names:
                return ActorHit("unidentified", "; ".join(names), "unidentified", c.parties[0].start,
                                c.parties[-1].end)
    return None


# Heads that say what a side is, not who: "the rebel group", "the insurgents", "the movement".
_GENERIC_SIDES = frozenset({"group", "rebel", "insurgent", "movement", "front", "militia", "guerrilla", "faction",
                            "organisation", "organization", "separatist"})


# Words that make "forces" a rebel side, not the state's ("rebel forces", "armed men").
_NON_STATE = re.compile(r"\b(?:rebels?|insurgent|militia|militiamen|jihadists?|islamists?|separatists?|opposition|"
                        r"guerrillas?|gunmen|bandits?|armed men|protesters|demonstrators|rioters|paramilitar|"
                        r"tribal|cartel|gang)", re.I)


def actor_of(p: Phrase, unit: UnitInfo, gazetteer: Gazetteer, actors: ActorIndex,
             nominal: bool = False) -> ActorHit | None:
    """The actor a noun phrase names: a group or state force of the alias file inside it, a person or organisation
    spaCy finds (checked against the gazetteer: spaCy takes some towns for groups), a country (its forces), or
    the phrase itself when it names people ("gunmen", "armed bandits"); None for acts, weapons and pronouns."""
    inside = [a for a in unit.actors if p.start <= a.start < p.end]
    groups = [a for a in inside if a.kind == "group" and not _affiliated([unit], a)]
    if groups:
        return groups[0]
    states = [a for a in inside if a.kind == "state"]
    if states and not _NON_STATE.search(p.text):
        return states[0]
    if p.ent_label in ("PERSON", "ORG") and p.ent_text:
        if _is_place(p.ent_text, gazetteer) or p.head in NON_AGENT_HEADS:
            return None  # spaCy takes some places for people ("Mali's worst massacre"); institutions do not act
        return ActorHit("named", _trim(p.ent_text), "named", p.start, p.end)
    if p.ent_label in ("GPE", "LOC", "FAC") and nominal:
        return None  # "Syria's war", "the Kabul attack": where, not who
    if p.ent_label in ("GPE", "NORP") and p.ent_text:
        cc = gazetteer.country_of_demonym(p.ent_text.rstrip("s"))
        place = None if cc else gazetteer.lookup(p.ent_text)
        cc = cc or (place.country_code if place is not None and place.kind == "country" else None)
        if cc is not None and (p.ent_text.lower() == p.text.lower() or p.head in NON_AGENT_HEADS):
            # "Russia attacked Kyiv", "Israelis opened fire": the country's forces.
            return ActorHit("state-forces", p.ent_text, "state", p.start, p.end, cc, "forces")
        if place is not None:
            return None  # a place, not an actor
    if p.head in NON_AGENT_HEADS or not p.text or not re.search(r"[A-Za-z]", p.text):
        return None
    return ActorHit("unidentified", p.text, "unidentified", p.start, p.end)


def _is_place(name: str, gazetteer: Gazetteer) -> bool:
    place = gazetteer.lookup(name)
    return place is not None and (place.kind in ("country", "admin1") or place.population >= 100_000)


def _trim(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name).strip()


def _state_sides(units: list[UnitInfo], hits: list[ActorHit]) -> list[ActorHit]:
    """State forces named in the story, who acts ("the security forces shot ...") before who is acted on or speaks
    (the ministry, state media), the body's words before a headline's shorthand ("Police kill 16")."""
    agents = _agents(units)
    headlines = [(u.unit.start, u.unit.end) for u in units if not re.search(r"[.!?\"”’]\s*$", u.unit.text)]

    def rank(a: ActorHit) -> tuple[bool, bool, bool, int]:
        return (a.start not in agents, bool(_SPEAKER.search(a.name)),
                any(s <= a.start < e for s, e in headlines), hits.index(a))

    return sorted((a for a in hits if a.kind == "state"), key=rank)


def _by_convention(units: list[UnitInfo], hits: list[ActorHit], trigger: Trigger | None,
                   figures: list[Figure]) -> tuple[ActorHit | None, ActorHit | None]:
    """No agent in the text: security forces did a raid, an arrest or a handover, or killed armed men (the
    labelling convention); any other act stays without a perpetrator."""
    state = _state_sides(units, hits)
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
    return None, state[0] if state else other


_SPEAKER = re.compile(r"\b(?:ministry|government|authorities|state)\b", re.I)
# Security forces went after them: a raid on a hideout, fire returned when officers came to arrest.
_RAID = re.compile(r"\b(?:raid(?:ed|s)?|stormed|shoot-?out with (?:the )?(?:police|security)|hide-?outs?|hiding place|"
                   r"safe ?house|fired back|returned fire|to arrest (?:them|him))\b", re.I)
# Security forces going after people (not "stormed" or "a raid on a camp", which attackers do too).
_HUNT = re.compile(r"\b(?:shoot-?out with (?:the )?(?:police|security)|hide-?outs?|hiding place|safe ?house|fired back|"
                   r"returned fire|to arrest (?:them|him))\b", re.I)
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


# A claim of another incident than this one: "claimed responsibility for the earlier church bombings".
# "claimed a drone attack that struck the capital": an indefinite act is told as news of its own.
_OTHER_CLAIM = re.compile(r"\w*\s+(?:(?:responsibility\s+|credit\s+)?for\s+(?:the\s+|a\s+)?(?:\w+\s+)?"
                          r"(?:earlier|previous|past|other|last\s+(?:week|month|year)|similar)\b|(?:a|an)\s)", re.I)
_CLAIMS_AFTER = re.compile(r"^(?:\s+(?:group|militants|fighters|has|have|later|also|had|quickly)){0,3}\s+"
                           r"claim(?:s|ed)\s+(?:responsibility|credit)\b", re.I)
_CLAIM_WORD = re.compile(r"^.*?(?=claim)", re.I | re.S)
_NO_CLAIM = re.compile(r"\b(?:no|not|nor|yet to)\s+(?:\w+\s+)?$", re.I)
_CLAIMED_BY = re.compile(r"^\w*\s+(?:to\s+have\s+been\s+(?:\w+\s+){1,2})?by\s+(?:the\s+)?$", re.I)
# "a shadowy militant group ... has claimed": the claimant is named only further on.
_UNNAMED_GROUP = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:group|movement|organi[sz]ation|faction)\b", re.I)


def claimant(units: list[UnitInfo], later: list[UnitInfo] | None = None) -> ActorHit | None:
    """The group that claimed the incident: named before "claimed" ("X has claimed"), after "claimed by", or,
    when the claim names an unnamed group, the first group the rest of the article names."""
    unnamed_claim = False
    for u in units:
        text, base = u.unit.text, u.unit.start
        for m in _CLAIM.finditer(text):
            if _OTHER_CLAIM.match(text[m.start(): m.start() + 80]) or _NO_CLAIM.search(text[:m.start()]):
                continue  # "claimed the earlier church bombings", "there was no immediate claim"
            pos = base + m.start()
            own = [a for a in u.actors if a.kind == "group" and not _affiliated(units, a)]
            # The parse's claimant first: "ISWAP, originally a branch of Boko Haram, claimed" is ISWAP's claim.
            said = [a for c in _unit_clauses(u) if c.kind == "claim" and c.predicate == "claim" and c.agent
                    is not None and c.pred_start == pos for a in own if c.agent.start <= a.start < c.agent.end]
            if said:
                return said[0]
            before = [a for a in own if a.end <= pos and pos - a.end < 80]
            if before:
                return before[-1]
            # "claimed by X", "claimed to have been carried out by X"
            after = [a for a in own if a.start >= pos and _CLAIMED_BY.match(text[m.start(): a.start - base])]
            if after:
                return after[0]
            unnamed_claim = unnamed_claim or bool(_UNNAMED_GROUP.search(text[max(0, m.start() - 120): m.start()]))
    if unnamed_claim:
        for u in later or []:
            named = [a for a in u.actors if a.kind == "group" and not _affiliated([u], a)]
            if named:
                return named[0]
    return None
