"""The words the role reader knows: predicates of violence, protest, agreement and reporting, act nouns, heads
that cannot act, and the small closed classes (pronouns, quantities) it skips. General English, no names."""

from __future__ import annotations

# Verbs whose subject acted in an incident (by lemma). "hit" and "target" take weapons as subjects too: an
# event noun or weapon subject is read for the actor inside it ("a Saudi coalition airstrike hit ...").
VIOLENT_VERBS = frozenset({
    "kill", "murder", "shoot", "gun", "stab", "hack", "behead", "slaughter", "massacre", "execute", "lynch",
    "attack", "assault", "storm", "raid", "ambush", "besiege", "invade", "overrun", "bomb", "shell", "strike",
    "hit", "target", "fire", "open", "launch", "carry", "conduct", "stage", "wound", "injure", "maim",
    "abduct", "kidnap", "seize", "capture", "take", "retake", "recapture", "occupy", "enter", "liberate",
    "arrest", "detain", "apprehend", "nab", "round", "torch", "burn", "loot", "ransack", "vandalise", "vandalize",
    "destroy", "blow", "detonate", "ram", "plough", "plow", "drive", "clash", "fight", "battle", "rape",
    "eliminate", "neutralize", "neutralise", "hurl", "throw", "set", "raze", "pound", "bombard", "terrorise",
    "terrorize", "hold", "hand", "extradite", "deport", "transfer", "deliver", "free", "rescue", "disperse",
    "start", "begin",
})
# Verbs of protest and agreement: their subjects are the actors of protests and of agreements.
PROTEST_VERBS = frozenset({"protest", "march", "rally", "demonstrate", "gather", "riot", "flood", "pour", "chant",
                           "occupy", "block", "throng", "descend", "strike", "take", "join", "turn"})
AGREEMENT_VERBS = frozenset({"sign", "ink", "agree", "reach", "seal", "conclude", "strike", "clinch", "finalise",
                             "finalize"})
# Reporting verbs: their subjects are sources (`reported_by`), never actors.
REPORTING_VERBS = frozenset({"say", "tell", "report", "announce", "confirm", "add", "state", "quote", "note",
                             "explain", "reveal", "write", "post", "tweet", "inform", "disclose", "allege",
                             "declare", "describe", "estimate", "insist", "warn", "cite", "publish"})
# Verbs of knowing: what follows is what someone learnt, and their subject did none of it.
KNOWING = frozenset({"learn", "understand", "gather", "hear", "claim", "believe", "think", "suggest", "fear"})
# Nouns that name an act: "an attack by X", "X's attack", "the Israeli raid".
EVENT_NOUNS = frozenset({"attack", "assault", "strike", "airstrike", "bombing", "bombardment", "shelling",
                         "shooting", "raid", "ambush", "massacre", "killing", "abduction", "kidnapping",
                         "offensive", "stabbing", "rampage", "onslaught", "incursion", "operation", "barrage",
                         "crackdown", "siege", "invasion", "arrest", "capture", "takeover"})
# Act nouns whose modifiers name who acted ("Russian missile strike", "coalition air raid"); for "attack" or
# "bombing" a modifier is mostly the target or the place ("mosque attack", "Istanbul nightclub attack").
REMOTE_NOUNS = frozenset({"strike", "airstrike", "bombardment", "shelling", "barrage", "raid", "offensive",
                          "incursion", "crackdown", "invasion", "missile", "drone", "rocket", "warplane", "jet",
                          "aircraft", "helicopter", "plane", "artillery"})
# Heads that cannot act: acts, weapons, tolls, places. A sentence with one of these as subject names no agent
# ("A car bomb killed 28", "Air strikes killed 58"), unless a modifier inside it does.
NON_AGENT_HEADS = EVENT_NOUNS | REMOTE_NOUNS | frozenset({
    "bomb", "blast", "explosion", "device", "ied", "car", "vehicle", "truck", "lorry", "van", "bus", "shell",
    "mortar", "grenade", "gas", "fire", "gunfire", "violence", "fighting", "clash", "incident", "toll", "death",
    "people", "person", "victim", "pair", "couple", "act", "investigation", "charge", "civilian", "one",
    "number", "dozen", "score", "hundred", "thousand", "fear",
    "wave", "series", "spate", "string", "blaze", "flame", "unrest", "chaos", "crash", "collision", "storm",
    "flood", "earthquake", "landslide", "accident", "what", "it", "this", "that", "which", "there", "who",
    "something", "anyone", "nobody", "none", "all", "both", "some", "many", "most", "others", "other",
    "ammunition", "bullet", "round", "knife", "gun", "weapon", "axe", "machete", "protest", "demonstration",
    "rally", "march", "day", "night", "week", "month", "year", "time", "morning", "evening", "afternoon", "date",
    "province", "town", "city", "village", "region", "district", "state", "area", "country", "capital", "camp",
    "base", "street", "road", "neighbourhood", "neighborhood", "border", "site", "scene", "building", "home",
    "house", "university", "college", "school", "academy", "hospital", "church", "mosque", "temple", "synagogue",
    "hotel", "club", "nightclub", "restaurant", "cafe", "bakery", "market", "mall", "centre", "center", "station",
    "airport", "farm", "studio", "office", "headquarters", "prison", "checkpoint", "post", "outpost", "compound",
    "statement", "report", "video", "footage", "image", "photo", "picture", "law", "bill", "plan", "shot",
    "gunshot", "child", "kid", "baby", "infant", "girl", "worshipper", "passenger", "resident", "villager",
    "tourist", "pilgrim", "patient", "hostage", "bystander", "casualty", "body", "corpse",
})
# Partitives: "members of the Red Hand group", "fighters from X": X is the actor.
PARTITIVE_HEADS = frozenset({"member", "fighter", "militant", "supporter", "follower", "unit", "cell", "faction",
                             "wing", "elements", "element", "soldier", "troop", "force", "gunman", "commando"})

VAGUE = frozenset({"at", "least", "some", "about", "nearly", "around", "up", "to", "over", "almost", "approximately",
                    "dozens", "hundreds", "thousands", "scores", "several", "a", "an", "the"})
PLACE_PREPS = frozenset({"in", "on", "at", "near", "during", "after", "before", "since", "inside", "outside", "into",
                          "across", "around", "throughout", "along", "for", "over", "under", "to", "toward",
                          "towards", "through", "within", "between", "against", "upon", "by", "while", "amid"})
ATTACKER_WORDS = frozenset({"gunman", "attacker", "assailant", "shooter", "bomber", "suspect", "perpetrator",
                             "killer", "stabber", "hijacker", "driver", "man", "woman", "teenager", "boy"})


# Verbs that are acts only with certain objects or particles: "took control", "set fire", "opened fire",
# "carried out an attack", "blew up"; not "took place", "set up checkpoints", "opened an inquiry".
NEEDS_OBJECT: dict[str, frozenset[str]] = {
    "take": frozenset({"control", "hostage", "hostages", "captive", "prisoner", "over", "life", "lives"}),
    "start": EVENT_NOUNS | {"attacks", "rampage", "shooting", "fire"},
    "begin": EVENT_NOUNS | {"attacks", "rampage", "shooting"},
    "hold": frozenset({"hostage", "hostages", "captive"}),
    "set": frozenset({"fire", "ablaze", "alight"}),
    "open": frozenset({"fire"}),
    "carry": EVENT_NOUNS | {"execution", "assassination", "bombings", "attacks", "raids", "strikes", "massacre",
                            "act", "acts", "terrorism"},
    "conduct": EVENT_NOUNS | {"bombings", "attacks", "raids", "strikes"},
    "launch": EVENT_NOUNS | {"missile", "missiles", "rocket", "rockets", "drone", "drones", "attacks", "strikes"},
    "stage": EVENT_NOUNS | {"attacks"},
    "blow": frozenset({"up"}),
    "round": frozenset({"up"}),
    "throw": frozenset({"stone", "stones", "rock", "rocks", "petrol", "molotov", "brick", "bricks", "bomb", "grenade"}),
    "hurl": frozenset({"stone", "stones", "rock", "rocks", "petrol", "molotov", "brick", "bricks", "bomb", "grenade"}),
}
QUANTITY = frozenset({"pair", "couple", "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "score",
                       "scores", "number", "group", "band", "handful", "some", "many", "several", "most", "all", "one",
                       "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "them", "him", "her", "us"})
# What is claimed: responsibility, or the act itself ("Daesh claimed the bombing").
CLAIMED = EVENT_NOUNS | {"responsibility", "credit", "blast", "explosion", "bombings", "attacks", "killings"}
AGREEMENT_NOUNS = frozenset({"deal", "agreement", "accord", "pact", "treaty", "truce", "ceasefire", "cease-fire",
                              "declaration", "settlement", "memorandum", "armistice", "compromise", "framework"})
IRREALIS_AUX = frozenset({"will", "would", "could", "might", "may", "should", "must", "can", "to", "shall"})


# Words for the one who did it that a name may follow or stand beside (not "man": every name is a man's).
ATTACKER_NAMES = frozenset({"gunman", "attacker", "assailant", "shooter", "bomber", "suspect", "perpetrator",
                             "killer", "stabber", "hijacker", "mass-shooter", "terrorist", "jihadist"})
