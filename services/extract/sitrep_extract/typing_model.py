"""Learned event typing: the ACLED sub-event type of an event (and so its event type) from its sentences, or
"none" when it is out of scope (a disaster, a crime without a political actor, diplomacy, sport).

Features (one vector per event): word TF-IDF of the event's text, the regex triggers of event_types as
indicators and the actor/act cues of typing_cues (general knowledge the few labelled snippets cannot teach), and
a static sentence embedding (wordllama) of the whole text and of its opening (the title, or a snippet's first
sentence: what the report is mostly about). A linear model (logistic regression, fitted by bench/train_types.py)
scores every class in log-odds; only numpy is needed at run time. Rules stay as vetoes: a class whose defining
word is absent cannot win."""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

import numpy as np
from sitrep_common.taxonomy import BATTLES, EXPLOSIONS, PROTESTS, RIOTS, STRATEGIC, VAC

from sitrep_extract.analysis import UnitInfo
from sitrep_extract.event_types import find_triggers
from sitrep_extract.incidents import Mention
from sitrep_extract.segmentation import is_clutter
from sitrep_extract.shootings import shot_in_lead
from sitrep_extract.typing_cues import CUE_FEATURES, cue_features

NONE = "none"  # out of scope: no ACLED event
SUB_EVENT_TYPES: dict[str, str] = {
    "Armed clash": BATTLES, "Government regains territory": BATTLES, "Non-state actor overtakes territory": BATTLES,
    "Chemical weapon": EXPLOSIONS, "Air/drone strike": EXPLOSIONS, "Suicide bomb": EXPLOSIONS,
    "Shelling/artillery/missile attack": EXPLOSIONS, "Remote explosive/landmine/IED": EXPLOSIONS,
    "Grenade": EXPLOSIONS,
    "Sexual violence": VAC, "Attack": VAC, "Abduction/forced disappearance": VAC,
    "Peaceful protest": PROTESTS, "Protest with intervention": PROTESTS, "Excessive force against protesters": PROTESTS,
    "Violent demonstration": RIOTS, "Mob violence": RIOTS,
    "Agreement": STRATEGIC, "Arrests": STRATEGIC, "Change to group/activity": STRATEGIC,
    "Disrupted weapons use": STRATEGIC, "Headquarters or base established": STRATEGIC,
    "Looting/property destruction": STRATEGIC, "Non-violent transfer of territory": STRATEGIC, "Other": STRATEGIC,
}
ARTEFACT = "typing_model.npz"
# Scores this close to the best are a tie the trigger rules may break (they read the sentence's syntax).
NEAR_MARGIN = 0.3
# With no trigger word at all, "none" needs only to lead, not to win by the model's margin (held out on the
# snippets with the earlier LinearSVC model: 14/420 ACLED snippets left without an event, 70/96 out-of-scope
# ones, against 5 and 63).
UNTRIGGERED_NONE_MARGIN = 0.0

# Context cues the rules use to tell a battle from an attack on civilians, and a protest met by force.
_CUES = {
    "cue:civilian": re.compile(r"\b(?:civilians?|worshipp?ers|church|mosque|villagers|passengers|pilgrims|tourists|"
                               r"students|children|women|residents|shoppers|pedestrians|crowds?|revellers|"
                               r"concert-?goers|bystanders|unarmed)\b", re.I),
    "cue:security": re.compile(r"\b(?:police\w*|soldiers?|troops|army|military|security|officers?|checkpoints?|"
                               r"forces|militants?|insurgents?|fighters|rebels?|guards?|convoy|patrol)\b", re.I),
    "cue:protest_force": re.compile(r"\b(?:tear\s*gas|dispers\w*|water cannon|rubber bullets|batons?|live "
                                    r"(?:ammunition|rounds|fire))\b", re.I),
    "cue:lone_attacker": re.compile(r"\b(?:gunman|shooter|attacker|assailant|knifeman|driver|rampage|spree|"
                                    r"mass shooting|opened fire on|ploughed|plowed|rammed|stabb\w+)\b", re.I),
}
RULE_FEATURES: tuple[str, ...] = tuple(f"rule:{s}" for s in SUB_EVENT_TYPES) + tuple(_CUES)

# Vetoes: a sub-type the text has no word for cannot be chosen (a "Suicide bomb" without a suicide bomber).
_REQUIRED: dict[str, re.Pattern[str]] = {
    "Suicide bomb": re.compile(r"suicid|blew (?:him|her|them)sel|martyrdom operation|explosives?[\s-]laden", re.I),
    "Chemical weapon": re.compile(r"chemical|chlorine|sarin|toxic|poison|nerve agent|mustard|\bgas\b", re.I),
    "Sexual violence": re.compile(r"\brap(?:e|ed|es|ing|ist)|sexual|molest", re.I),
    "Grenade": re.compile(r"grenade", re.I),
    # A riot is demonstrators' own violence; tear gas fired at a crowd alone is an intervention.
    "Violent demonstration": re.compile(r"riot(?!\s*(?:police|gear|squad|control|officers|troops|units?|shields?))|"
                                        r"violen|ston|rocks?\b|threw|throw|hurl|torch|burn|fire to|set ablaze|smash|"
                                        r"vandal|loot|clash|petrol bomb|molotov|fought|fight|attack|damag|storm|"
                                        r"ransack|rampag|scuffle|brawl|injur|wound|kill|dead|die", re.I),
}

_TOKEN = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+")
_RIOT_FORCE = re.compile(r"\briot[\s-]+(police|gear|squads?|control|officers|troops|units?|shields?)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘'(]?[A-Z0-9])")


class Embedder(Protocol):
    def embed(self, texts: list[str], norm: bool = ...) -> np.ndarray: ...


@dataclass(frozen=True)
class Typing:
    """The decision for one event: an ACLED label, or none (sub_event_type None) when out of scope."""

    event_type: str | None
    sub_event_type: str | None
    margin: float  # best class score minus the runner-up's (or minus "none"): how sure
    near: tuple[str, ...] = ()  # ACLED sub-types scored within NEAR_MARGIN of the best: a rule may pick among them


def lead_sentences(text: str, skip: str | None = None, limit: int = 3, max_chars: int = 700) -> list[str]:
    """The first sentences of an article that are not page clutter (menus, captions), without the title."""
    out: list[str] = []
    seen = {skip.strip().lower()} if skip else set()
    for line in text.split("\n"):
        for piece in _SENTENCE_END.split(line):
            sentence = piece.strip()
            if not sentence or is_clutter(sentence) or sentence.lower() in seen:
                continue
            seen.add(sentence.lower())
            out.append(sentence)
            if len(out) >= limit or sum(map(len, out)) > max_chars:
                return out
    if not out and text.strip() and text.strip().lower() not in seen:
        out.append(" ".join(text.split())[:max_chars])  # a short snippet is all lead, clutter-like or not
    return out


def event_text(title: str | None, body: str, sentences: Sequence[str], primary: bool) -> str:
    """What the classifier reads: for an article's main event its title and lead, then the event's own sentences
    (those not already in the lead); for another event only its own sentences."""
    parts: list[str] = []
    if primary:
        parts = ([title.strip()] if title and title.strip() else []) + lead_sentences(body, title)
    have = set(parts)
    for raw in sentences[:3]:
        sentence = " ".join(raw.split())
        if sentence and sentence not in have and not any(sentence in p for p in parts):
            parts.append(sentence)
            have.add(sentence)
    return " ".join(parts)


def opening(text: str) -> str:
    """The text up to its first sentence end: an article's title (with its first lead sentence when the title has
    no full stop), a snippet's first sentence."""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def tokens(text: str) -> list[str]:
    # "riot police" are the force sent, not rioters: one word of its own.
    return _TOKEN.findall(_RIOT_FORCE.sub(r"riot\1", text.lower()))


def rule_features(text: str) -> np.ndarray:
    """The regex triggers found in the text (strength / 4) and the context cues, in RULE_FEATURES order."""
    out = np.zeros(len(RULE_FEATURES), dtype=np.float32)
    index = {name: i for i, name in enumerate(RULE_FEATURES)}
    for t in find_triggers(text):
        i = index.get(f"rule:{t.sub_event_type}")
        if i is not None:
            out[i] = max(out[i], t.strength / 4)
    for name, pattern in _CUES.items():
        if pattern.search(text):
            out[index[name]] = 1.0
    return out


def tfidf(texts: Sequence[str], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear TF-IDF rows, l2-normalised (as scikit-learn's TfidfVectorizer with sublinear_tf)."""
    out = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for r, text in enumerate(texts):
        for word, n in Counter(tokens(text)).items():
            j = vocab.get(word)
            if j is not None:
                out[r, j] = (1.0 + math.log(n)) * idf[j]
        norm = float(np.linalg.norm(out[r]))
        if norm > 0:
            out[r] /= norm
    return out


def fit_idf(texts: Sequence[str], min_df: int = 2) -> tuple[dict[str, int], np.ndarray]:
    """Vocabulary (words in at least min_df texts) and smoothed idf, as TfidfVectorizer computes them."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(tokens(text)))
    words = sorted(w for w, n in df.items() if n >= min_df)
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1 for w in words], dtype=np.float32)
    return {w: i for i, w in enumerate(words)}, idf


@dataclass(frozen=True)
class FeatureSpace:
    vocab: dict[str, int]
    idf: np.ndarray
    embed_weight: float  # 0: no embedding block
    cue_weight: float = 0.0  # 0: no typing_cues block (artefacts older than it)
    embed_opening: bool = False  # a second embedding block: the text's opening alone

    def transform(self, texts: Sequence[str], embedder: Embedder | None) -> np.ndarray:
        blocks = [tfidf(texts, self.vocab, self.idf), np.stack([rule_features(t) for t in texts])]
        if self.cue_weight > 0:
            blocks.append(self.cue_weight * np.stack([cue_features(t) for t in texts]))
        if self.embed_weight > 0:
            if embedder is None:
                raise ValueError("this model was trained with sentence embeddings: pass an embedder")
            blocks.append(self.embed_weight * embed_texts(embedder, texts))
            if self.embed_opening:
                blocks.append(self.embed_weight * embed_texts(embedder, [opening(t) for t in texts]))
        return np.hstack(blocks)


def embed_texts(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors; an empty text (no known word) is the zero vector."""
    return np.nan_to_num(np.asarray(embedder.embed(list(texts), norm=True), dtype=np.float32))


def decide(scores: np.ndarray, classes: Sequence[str], text: str, allow_none: bool, none_margin: float) -> Typing:
    """The best class after vetoes; "none" only when it beats every ACLED class by none_margin."""
    s = scores.astype(np.float64).copy()
    for j, c in enumerate(classes):
        req = _REQUIRED.get(c)
        if req is not None and not req.search(text):
            s[j] = -np.inf
    none_at = list(classes).index(NONE) if NONE in classes else -1
    acled = s.copy()
    if none_at >= 0:
        acled[none_at] = -np.inf
    best = int(np.argmax(acled))
    if none_at >= 0 and allow_none and s[none_at] - acled[best] > none_margin:
        return Typing(None, None, float(s[none_at] - acled[best]))
    runner = np.partition(s[np.isfinite(s)], -2)[-2] if np.isfinite(s).sum() > 1 else -np.inf
    sub = classes[best]
    near = tuple(c for j, c in enumerate(classes) if j != best and acled[j] >= acled[best] - NEAR_MARGIN)
    return Typing(SUB_EVENT_TYPES[sub], sub, float(acled[best] - runner), near)


class TypingModel:
    """The fitted classifier: feature space, weights and the margin "none" must win by. Load once, inject."""

    def __init__(self, space: FeatureSpace, classes: list[str], coef: np.ndarray, intercept: np.ndarray,
                 none_margin: float, embedder: Embedder | None = None) -> None:
        self.space = space
        self.classes = classes
        self.coef = coef
        self.intercept = intercept
        self.none_margin = none_margin
        self.embedder = embedder

    @classmethod
    def load(cls, path: Path | None = None) -> TypingModel:
        src = path or Path(str(resources.files("sitrep_extract") / "data" / ARTEFACT))
        with np.load(src, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            vocab = {w: i for i, w in enumerate(z["vocab"].tolist())}
            space = FeatureSpace(vocab, z["idf"].astype(np.float32), float(meta["embed_weight"]),
                                 float(meta.get("cue_weight", 0.0)), bool(meta.get("embed_opening", False)))
            model = cls(space, list(meta["classes"]), z["coef"].astype(np.float32),
                        z["intercept"].astype(np.float32), float(meta["none_margin"]))
        if space.embed_weight > 0:
            model.embedder = load_embedder()
        return model

    def save(self, path: Path, note: dict[str, object]) -> None:
        words = sorted(self.space.vocab, key=self.space.vocab.__getitem__)
        meta = {"classes": self.classes, "embed_weight": self.space.embed_weight, "none_margin": self.none_margin,
                "cue_weight": self.space.cue_weight, "embed_opening": self.space.embed_opening,
                "rule_features": list(RULE_FEATURES), "cue_features": list(CUE_FEATURES), **note}
        np.savez_compressed(path, vocab=np.array(words), idf=self.space.idf.astype(np.float32),
                            coef=self.coef.astype(np.float16), intercept=self.intercept.astype(np.float32),
                            meta=np.array(json.dumps(meta)))

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        x = self.space.transform(texts, self.embedder)
        return np.asarray(x @ self.coef.T + self.intercept)

    def classify(self, text: str, allow_none: bool = True) -> Typing:
        return decide(self.scores([text])[0], self.classes, text, allow_none, self.none_margin)


def type_mentions(model: TypingModel, title: str | None, body: str, mentions: list[Mention], infos: list[UnitInfo],
                  primary: int) -> tuple[list[Mention], int, list[Typing]]:
    """The label of each incident mention. The main one decides whether the article is in scope at all: out of
    scope, it yields no event. With no trigger word anywhere, the lead still gives an event when the model finds
    an ACLED class in it. Other mentions are always labelled (background incidents are kept for linking)."""
    if not mentions:
        lead = [i for i in infos if not i.unit.clutter and not i.background][:3]
        if not lead:
            return [], -1, []
        text = event_text(title, body, [u.unit.text for u in lead], primary=True)
        found = decide(model.scores([text])[0], model.classes, text, True, UNTRIGGERED_NONE_MARGIN)
        if found.sub_event_type is None and shot_in_lead(title, lead):
            found = Typing(VAC, "Attack", 0.0)  # people shot: an attack, whatever words the model missed
        return ([Mention(units=lead)], 0, [found]) if found.sub_event_type else ([], -1, [])
    texts = [event_text(title, body, [u.unit.text for u in (m.like.units if m.like else m.units)], i == primary)
             for i, m in enumerate(mentions)]
    scores = model.scores(texts)
    labels = [decide(s, model.classes, t, i == primary, model.none_margin)
              for i, (s, t) in enumerate(zip(scores, texts, strict=True))]
    if primary >= 0 and labels[primary].sub_event_type is None:
        return [], -1, []
    return mentions, primary, labels


def load_embedder() -> Embedder:
    """wordllama's 256-d static embeddings, read from the weights inside the package (never the hub)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # Imported here: the package takes over a second to import, and only load() needs it.
    import wordllama  # noqa: PLC0415

    # wordllama calls logging.basicConfig(INFO) on import: give the application its logging back.
    root.handlers[:] = handlers
    root.setLevel(level)
    model: Embedder = wordllama.WordLlama.load(cache_dir=os.path.dirname(wordllama.__file__), disable_download=True)
    return model
