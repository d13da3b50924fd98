"""General cues for event typing that a few hundred labelled examples cannot teach: who acts (state forces, an
armed group, protesters, civilians), what they do (take ground, withdraw, disperse a crowd, throw stones, sign a
deal, seize weapons) and who does it to whom, as word lexicons and short left-to-right patterns. Each cue is one
0/1 feature of the typing model; the model learns what they weigh."""

from __future__ import annotations

import re

import numpy as np


def _words(pattern: str) -> str:
    return rf"(?<![\w-])(?:{pattern})(?![\w-])"


# Actor kinds (generic nouns only: no group or place names).
_STATE = (r"police(?:men|man|women)?|cops?|soldiers?|troops|army|armed forces|military|security forces|"
          r"government(?: forces)?|regime|authorities|gendarmes?|gendarmerie|national guard|navy|air force|"
          r"special forces|commandos?|officers?|state forces|federal forces|junta|coalition(?: forces)?")
_ARMED = (r"militants?|insurgents?|rebels?|jihadists?|gunmen|gunman|fighters|terrorists?|bandits?|militias?|"
          r"militiamen|extremists?|separatists?|guerrillas?|armed (?:men|group|groups)|assailants?|attackers?|"
          r"islamists?|mujahideen|cartel|gangs?|gangsters?")
_PROTESTERS = r"protesters?|protestors?|demonstrators?|marchers|rioters|crowds?|activists?|students|workers|strikers"
_CIVILIANS = (r"civilians?|villagers|residents|worshipp?ers|passengers|pilgrims|tourists|children|women|shoppers|"
              r"pedestrians|families|farmers|bystanders|unarmed|people")

# Acts.
_TAKE = (r"took control(?: of)?|taken control(?: of)?|take control(?: of)?|seiz(?:ed|es|ing)|captur(?:ed|es|ing)|"
         r"overr(?:an|un|uns|unning)|recaptur(?:ed|es|ing)|retook|retake[sn]?|retaking|regain(?:ed|s|ing)?|"
         r"liberat(?:ed|es|ing)|gained control|advanced (?:into|on)|pushed into|entered|occupied|stormed")
_FELL = r"fell to|falls? to|fallen to|under (?:the )?control of|in the hands of|taken by|seized by|captured by"
_WITHDRAW = (r"withdr(?:ew|awn|aw|awal|awing)|pulled out|pull(?:ing)? out|vacat(?:ed|ing)|handed (?:over|back)|"
             r"hand(?:ing)? over|handover|without (?:a )?(?:fight|resistance)|no resistance|unopposed|"
             r"retreat(?:ed|ing)?|abandon(?:ed|ing)")
_CRACKDOWN = (r"dispers(?:ed|e|ing)|crack(?:ed)? down|crackdown|suppress(?:ed|ing)?|broke up|break up|"
              r"tear ?gas|water cannons?|rubber bullets|live (?:ammunition|rounds|fire|bullets)|batons?|"
              r"fired (?:on|at|into)|opened fire (?:on|at)|shot (?:at|into)")
_RIOT = (r"threw|thrown|throwing|hurl(?:ed|ing)|stones?|rocks|bricks|petrol bombs?|molotov|torch(?:ed|ing)|"
         r"set (?:on )?fire|set ablaze|smash(?:ed|ing)|vandali[sz](?:ed|ing)|loot(?:ed|ing)|barricades?|"
         r"ransack(?:ed|ing)|rampag(?:ed|ing)|riot(?:s|ed|ing|ers)?(?! police)|unrest|lynch(?:ed|ing)?|mob")
_PEACEFUL = (r"peaceful(?:ly)?|march(?:ed|es|ing)?|rall(?:y|ies|ied)|sit-ins?|vigils?|chant(?:ed|ing)|"
             r"placards?|banners|gathered|took to the streets|demand(?:ed|ing)|strike|walkout|petition")
_DEAL = (r"sign(?:ed|ing)?|agreements?|accords?|deals?|ceasefire|cease-fire|truce|peace (?:talks|plan|process)|"
         r"negotiat\w+|memorandum|reconciliation|power-sharing")
_GROUP_CHANGE = (r"banned|ban(?:s)?|curfew|dissolv(?:ed|es)|merg(?:ed|er)|split|formed|launch(?:ed)? (?:a|an|the) "
                 r"(?:new )?(?:group|party|brigade|campaign|operation)|declared|declaration|state of emergency|"
                 r"martial law|pledged allegiance|renamed|recruit(?:ed|ing|ment)|suspend(?:ed|s)|relocat(?:ed|ing)")
_BASE = r"headquarters|(?:military )?bases?|outposts?|camps?|established|set up|setting up|station(?:ed)?"
_WEAPONS = (r"weapons?|arms|ammunition|explosives?|caches?|stockpiles?|defus(?:ed|ing)|intercept(?:ed|ing)|"
            r"dismantl(?:ed|ing)|confiscat(?:ed|ing)|seized|found|discovered|bomb disposal|shot down|downed")
_ARREST = r"arrest(?:ed|s|ing)?|detain(?:ed|s|ing)|custody|apprehend(?:ed|ing)|held for questioning|rounded up"
_VIOLENCE = (r"kill(?:ed|ing|s)?|dead|died|deaths?|wounded|injur(?:ed|ies|ing)|shot|gunfire|gunshots?|"
             r"fire|attack(?:ed|s|ing)?|clash(?:ed|es)?|fighting|fought")
# Out of scope: disasters, accidents, courts, ordinary crime, politics, sport and the economy.
_DISASTER = (r"earthquakes?|floods?|flooding|storms?|cyclones?|hurricanes?|typhoons?|landslides?|droughts?|"
             r"wildfires?|tsunami|volcan\w+|epidemic|outbreak|pandemic|cholera|covid|virus|heat ?wave|accident|"
             r"crash(?:ed|es)?|collapse[ds]?|derail\w*|capsiz\w+|blaze")
_JUSTICE = (r"court|judge|trial|sentenc(?:ed|e|ing)|convict(?:ed|ion)|verdict|jail(?:ed)?|prison|appeal|acquitt\w+|"
            r"prosecutors?|charged with|indict(?:ed|ment)")
_CRIME = r"robbery|robbers|burglar\w*|theft|thieves|stole|drugs?|smuggl\w+|fraud|murder(?:ed|er)?|domestic"
_POLITICS = (r"elections?|vot(?:e|ed|ers|ing)|polls?|parliament|minister|summit|talks|visit(?:ed|s)?|met with|"
             r"president|diplomat\w*|sanctions?|economy|economic|budget|inflation|trade|exports?|market")
_SPORT = r"match|tournament|league|championship|football|cricket|olympic\w*|goals?|coach|team|players?|stadium"

_LEXICONS: dict[str, str] = {
    "state": _STATE, "armed": _ARMED, "protesters": _PROTESTERS, "civilians": _CIVILIANS, "take": _TAKE,
    "fell": _FELL, "withdraw": _WITHDRAW, "crackdown": _CRACKDOWN, "riot": _RIOT, "peaceful": _PEACEFUL,
    "deal": _DEAL, "group_change": _GROUP_CHANGE, "base": _BASE, "weapons": _WEAPONS, "arrest": _ARREST,
    "violence": _VIOLENCE, "disaster": _DISASTER, "justice": _JUSTICE, "crime": _CRIME, "politics": _POLITICS,
    "sport": _SPORT,
}
_GAP = r"\W+(?:[\w'’-]+\W+){0,5}?"  # up to five words between an actor and its act


def _seq(first: str, second: str) -> re.Pattern[str]:
    return re.compile(_words(first) + _GAP + _words(second), re.I)


# Who does what to whom: an actor shortly before an act, or an act shortly before its object.
_PAIRS: dict[str, re.Pattern[str]] = {
    "state_takes": _seq(_STATE, _TAKE),
    "armed_takes": _seq(_ARMED, _TAKE),
    "falls_to_armed": _seq(_FELL, _ARMED),
    "falls_to_state": _seq(_FELL, _STATE),
    "state_withdraws": _seq(_STATE, _WITHDRAW),
    "armed_withdraws": _seq(_ARMED, _WITHDRAW),
    "state_on_protesters": _seq(_STATE, _CRACKDOWN),
    "force_on_protesters": _seq(_CRACKDOWN + "|kill(?:ed|ing)|shot|wound(?:ed|ing)|injur(?:ed|ing)", _PROTESTERS),
    "protesters_killed": _seq(_PROTESTERS, r"(?:were |was )?(?:killed|shot|wounded|injured|died)"),
    "protesters_riot": _seq(_PROTESTERS, _RIOT + r"|clash(?:ed|es)? with|attack(?:ed|ing)"),
    "armed_on_civilians": _seq(_ARMED, _CIVILIANS),
    "armed_on_state": _seq(_ARMED + r"|attack(?:ed|s)? on|ambush(?:ed)?", _STATE),
    "state_on_armed": _seq(_STATE, _ARMED),
    "state_arrests": _seq(_STATE, _ARREST),
    "weapons_seized": _seq(r"seiz(?:ed|ing)|found|discovered|confiscat(?:ed|ing)|recover(?:ed|ing)|defus(?:ed|ing)|"
                           r"intercept(?:ed|ing)|dismantl(?:ed|ing)|shot down",
                           _WEAPONS + r"|bombs?|rockets?|missiles?|drones?|mines?|devices?|IEDs?"),
    "base_established": _seq(r"establish(?:ed|es|ing)|set up|sets up|setting up|opened|built|build(?:s|ing)?",
                             r"(?:military )?bases?|headquarters|outposts?|camps?|offices?|positions?"),
}
_COMPILED = {name: re.compile(_words(p), re.I) for name, p in _LEXICONS.items()}

CUE_FEATURES: tuple[str, ...] = tuple(f"word:{n}" for n in _LEXICONS) + tuple(f"pair:{n}" for n in _PAIRS)


# A pair cannot match where one of its lexicons is absent: skip its (slower) search then.
_PAIR_NEEDS: dict[str, tuple[str, ...]] = {
    "state_takes": ("state", "take"), "armed_takes": ("armed", "take"), "falls_to_armed": ("fell", "armed"),
    "falls_to_state": ("fell", "state"), "state_withdraws": ("state", "withdraw"),
    "armed_withdraws": ("armed", "withdraw"), "state_on_protesters": ("state", "crackdown"),
    "force_on_protesters": ("protesters",), "protesters_killed": ("protesters",), "protesters_riot": ("protesters",),
    "armed_on_civilians": ("armed", "civilians"), "armed_on_state": ("state",), "state_on_armed": ("state", "armed"),
    "state_arrests": ("state", "arrest"),
}


def cue_features(text: str) -> np.ndarray:
    """1.0 for each lexicon and actor-act pattern found in the text, in CUE_FEATURES order."""
    words = {name: p.search(text) is not None for name, p in _COMPILED.items()}
    pairs = [all(words[n] for n in _PAIR_NEEDS.get(name, ())) and p.search(text) is not None
             for name, p in _PAIRS.items()]
    return np.array(list(words.values()) + pairs, dtype=np.float32)
