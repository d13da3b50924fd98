"""Trigger words and the ACLED event type / sub-event type they signal, with the context rules that
choose between types (an attack on police is a battle, on worshippers violence against civilians)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sitrep_common.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

GENERIC = "generic"  # an attack or a killing: battle or violence against civilians, decided by context


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    strength: int  # 3: names the kind of event; 2: an incident of some kind; 1: only a consequence (killed)
    start: int
    end: int


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", re.I)


_RULES: list[tuple[re.Pattern[str], str, str, int]] = [
    (_r(r"suicide[\s-](?:car[\s-])?(?:bomb(?:s|er|ers|ing|ings)?|attacks?|blasts?|vests?)|"
        r"blew (?:himself|herself|themselves) up|"
        r"explosives?[\s-]laden (?:car|vehicle|truck|belt|vest)"), EXPLOSIONS, "Suicide bomb", 4),
    (_r(r"(?:hand[\s-])?grenades?"), EXPLOSIONS, "Grenade", 3),
    (_r(r"air[\s-]?strikes?|air[\s-]raids?|drone (?:strikes?|attacks?)|warplanes?|air[\s-]?struck|bombed from the air"),
     EXPLOSIONS, "Air/drone strike", 3),
    (_r(r"shell(?:ing|ed|s)|mortars?(?: rounds?| shells?| fire)?|artillery|rocket (?:attacks?|fire)|fired rockets|"
        r"missiles? (?:strikes?|attacks?)"), EXPLOSIONS, "Shelling/artillery/missile attack", 3),
    (_r(r"(?:car|truck|roadside|road[\s-]side|parcel|nail|time|remote(?:ly)?[\s-]detonated)[\s-]bombs?|"
        r"improvised explosive devices?|IEDs?|explosive devices?|landmines?|land mines?|bomb(?:s|ing|ings|ed)?|"
        r"blasts?|explosions?|explod(?:ed|es|ing)|detonat(?:ed|es|ing|ion)|booby[\s-]trap(?:ped)?"),
     EXPLOSIONS, "Remote explosive/landmine/IED", 3),
    (_r(r"shoot[\s-]?outs?|exchange(?:s|d)? of (?:gun)?fire|exchanged fire|gun[\s-]?fights?|fire[\s-]?fights?|"
        r"gun[\s-]?battles?|clash(?:es|ed)?|fighting|firing (?:intensely|heavily)|returned fire|fired back|"
        r"raid(?:s|ed|ing)?|stormed|storming"), BATTLES, "Armed clash", 3),
    (_r(r"(?:re)?(?:took|retook|recaptured|seized|captured|took control of|overran|liberated)\s+(?:the\s+)?"
        r"(?:\w+\s+){0,2}(?:city|town|village|district|area|base|territory|airport|port|oil field)s?"),
     BATTLES, "territory", 3),
    (_r(r"arrest(?:ed|s|ing)?|detain(?:ed|s|ing)|detention|captur(?:ed|es|ing)|apprehend(?:ed|s|ing)|rounded up|"
        r"nabbed|taken into custody|in custody"), STRATEGIC, "Arrests", 3),
    # "delivered <a named or wanted person> to ...": not "delivered aid to", "delivered a speech to".
    (_r(r"hand(?:ed|s|ing)?(?:\s+[\w'’-]+){0,5}?\s+over\b|deliver(?:ed|s|ing)?(?=\s+(?:[^\s.;]+\s+){0,12}?to\s)"
        r"(?=\s+(?:[\"'’“‘]|(?-i:[A-Z])|(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:militants?|suspects?|terrorists?|fugitives?|"
        r"prisoners?|detainees?)\b))|sent back|handover|hand-over|extradit(?:ed|es|ion)|deport(?:ed|ation)|"
        r"repatriat(?:ed|ion)|transferred\s+(?:\w+\s+){0,3}(?:to|from)"), STRATEGIC, "Other", 3),
    (_r(r"kidnap(?:ped|ping|s)?|abduct(?:ed|ion|s)|taken hostage|took hostage"), VAC,
     "Abduction/forced disappearance", 3),
    (_r(r"rap(?:ed|e)|sexual(?:ly)? (?:assault|violence|abuse)d?"), VAC, "Sexual violence", 3),
    # "riot police", "riot gear" name the force sent, not a riot.
    (_r(r"riot(?:s|ing|ers)?(?!\s+(?:police|gear|squads?|control|officers|troops|units?|shields?))|mob"), RIOTS,
     "Violent demonstration", 3),
    (_r(r"protest(?:s|ed|ers|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies)|sit-in|marched"), PROTESTS,
     "Peaceful protest", 2),
    (_r(r"ceasefire (?:deal|agreement)|truce|peace (?:deal|agreement)|signed an? agreement"), STRATEGIC,
     "Agreement", 2),
    (_r(r"defus(?:ed|ing)|dismantl(?:ed|ing) (?:a |an |the )?(?:bomb|explosive)|weapons? caches?|arms caches?"),
     STRATEGIC, "Disrupted weapons use", 2),
    (_r(r"loot(?:ed|ing)|torch(?:ed|ing)|set (?:on )?fire to|burn(?:ed|t) down"), STRATEGIC,
     "Looting/property destruction", 2),
    (_r(r"ambush(?:ed|es)?|assault(?:ed|s)?|attack(?:ed|s|ing)?|assassinat(?:ed|ion|ions)|shot dead|gunned down|"
        r"shooting|opened fire|gun(?:men)? attack|stabb(?:ed|ing)|beheaded|massacre[ds]?|drive-by"), GENERIC, "", 2),
    (_r(r"kill(?:ed|ing|s)?|dead|died|slain|martyred|wounded|injured"), GENERIC, "", 1),
]
_EXECUTION = _r(r"execut(?:ed|ion|ions)|hanged|hanging")
_STATE_JUSTICE = re.compile(r"\b(?:court|sentenc|death penalty|prison|convict|trial|tribunal|verdict|hanged|hanging)",
                            re.I)
# Modal or purpose contexts: "to arrest", "vowed more attacks", "planning an attack" do not report an event.
_IRREALIS = re.compile(r"(?:\b(?:to|will|would|could|might|may|vow(?:ed|s)?|plan(?:s|ned|ning)?|threat(?:en(?:ed|s)?)?|"
                       r"prevent(?:ed|ing)?|foil(?:ed|ing)?|avoid|warn(?:ed|ing|s)? of|urg(?:ed|ing))\s+"
                       r"(?:\w+\s+){0,2})$", re.I)
_SECURITY = re.compile(r"\b(?:police\w*|soldiers?|troops|army|military|security|officers?|conscripts?|checkpoints?|"
                       r"forces|militants?|gunmen|jihadists?|insurgents?|fighters|guards?|convoy|patrol|personnel|"
                       r"terrorists?|extremists?)\b", re.I)
_CIVILIAN = re.compile(r"\b(?:civilians?|worshipp?ers|church|mosque|villagers|passengers|pilgrims|tourists|students|"
                       r"children|women|residents|shoppers|christians|copts?|journalists?)\b", re.I)
_PROTEST_FORCE = re.compile(r"\b(?:tear\s*gas|dispers|water cannon|rubber bullets|arrested protesters)", re.I)


def find_triggers(text: str) -> list[Trigger]:
    """Event triggers of one sentence with their types, irrealis uses removed, context rules applied."""
    found: list[Trigger] = []
    for pattern, etype, sub, strength in _RULES:
        for m in pattern.finditer(text):
            if any(m.start() < t.end and t.start < m.end() for t in found):
                continue
            if _IRREALIS.search(text[max(0, m.start() - 40): m.start()]):
                continue
            found.append(Trigger(etype, sub, strength, m.start(), m.end()))
    for m in _EXECUTION.finditer(text):
        if _STATE_JUSTICE.search(text) and not _IRREALIS.search(text[max(0, m.start() - 40): m.start()]):
            found.append(Trigger(STRATEGIC, "Other", 3, m.start(), m.end()))
    return sorted((_contextual(t, text) for t in found), key=lambda t: t.start)


def _contextual(t: Trigger, text: str) -> Trigger:
    if t.sub_event_type == "territory":
        # Who takes it decides the sub-type; state forces regaining ground is the common report.
        state = re.search(r"\b(?:army|troops|government|forces|military)\b", text[: t.start], re.I)
        sub = "Government regains territory" if state else "Non-state actor overtakes territory"
        return Trigger(BATTLES, sub, t.strength, t.start, t.end)
    if t.event_type == PROTESTS and _PROTEST_FORCE.search(text):
        return Trigger(PROTESTS, "Protest with intervention", t.strength, t.start, t.end)
    if t.event_type == GENERIC:
        etype, sub = classify_generic(text)
        return Trigger(etype, sub, t.strength, t.start, t.end)
    return t


def classify_generic(text: str) -> tuple[str, str]:
    """An attack or killing against armed people (police, soldiers, militants) is a battle; against
    civilians it is violence against civilians."""
    if _CIVILIAN.search(text) and not _SECURITY.search(text):
        return VAC, "Attack"
    if _SECURITY.search(text):
        return BATTLES, "Armed clash"
    return VAC, "Attack"


def best_trigger(triggers: list[Trigger]) -> Trigger | None:
    """The trigger that names the event most precisely; the earliest among equals."""
    return max(triggers, key=lambda t: (t.strength, -t.start)) if triggers else None


_VIOLENT = {BATTLES, EXPLOSIONS, VAC, RIOTS}


def act_kind(triggers: Iterable[Trigger], min_strength: int) -> str | None:
    """The kind of act the strongest trigger tells ("violent" for any violent type, else its sub-type), counting
    triggers of at least `min_strength`; None when there is none. Sentences of one incident share a kind."""
    strong = [t for t in triggers if t.strength >= min_strength]
    if not strong:
        return None
    t = max(strong, key=lambda t: (t.strength, -t.start))
    return "violent" if t.event_type in _VIOLENT else t.sub_event_type
