"""Who did what to whom, read from the dependency parse: the agent of a violent predicate (the active subject,
the passive "by" phrase, whoever "claimed responsibility", whoever it was "blamed on"), its patient, and the
speakers of reporting verbs ("police said", "according to officials"), who report an act and never do it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from spacy.tokens import Doc, Span, Token

from sitrep_extract.places import doc_text
from sitrep_extract.role_words import (
    AGREEMENT_NOUNS,
    AGREEMENT_VERBS,
    ATTACKER_NAMES,
    ATTACKER_WORDS,
    CLAIMED,
    EVENT_NOUNS,
    IRREALIS_AUX,
    KNOWING,
    NEEDS_OBJECT,
    NON_AGENT_HEADS,
    PLACE_PREPS,
    PRONOUNS,
    PROTEST_VERBS,
    QUANTITY,
    REMOTE_NOUNS,
    REPORTING_VERBS,
    VAGUE,
    VIOLENT_VERBS,
)

Qualifier = Literal["claimed", "suspected"] | None

_SUBJECTS = ("nsubj", "csubj", "expl")
_LINKS = ("conj", "advcl", "xcomp", "pcomp")
_DROP_LEFT = ("det", "nummod", "quantmod", "advmod", "predet", "punct", "cc", "preconj", "case")
@dataclass(frozen=True)
class Phrase:
    """A noun phrase of the article: its words as they stand (trimmed of determiners and numbers), its head, and
    its character offsets in the article."""

    text: str
    head: str  # the head's lemma, lower case
    start: int
    end: int
    ent_label: str | None = None  # the spaCy entity type covering the head, if any
    ent_text: str | None = None

    def start_token(self, doc: Doc) -> int:
        span = doc.char_span(self.start, self.end, alignment_mode="expand")
        return span.start if span is not None else len(doc)


@dataclass(frozen=True)
class Clause:
    """One act: the predicate's lemma and where it is, who acted, on whom, and what kind of act it reads as."""

    predicate: str
    pred_start: int
    agent: Phrase | None
    patient: Phrase | None
    kind: Literal["act", "claim", "blame", "protest", "agreement"]
    parties: tuple[Phrase, ...] = ()  # an agreement's sides, or conjoined agents ("X and Y stormed")
    nominal: bool = False  # read from an act noun ("Syria's war", "an attack by X"), not a verb


def phrase(tok: Token, max_words: int = 9, within: Span | None = None, keep_det: bool = False) -> Phrase:
    """The phrase a noun heads: its left modifiers (not "the", "at least 12"), the head, and short right
    modifiers ("disguised as hunters", "of the Red Hand group"); relative clauses and places are left out. It stays
    within its text unit and its line (a headline parsed into the next line is not part of it)."""
    doc = tok.doc
    lo, hi = (within.start, within.end) if within is not None else (0, len(doc))
    start = max(tok.left_edge.i, lo)
    opened = False
    for t in doc[start: tok.i]:
        # A line break, a dash or an unopened bracket before the head ends a dateline or a credit ("(Reuters)—
        # Russia"); a bracket opened inside the phrase is an acronym ("the Rapid Support Forces (RSF) militiamen").
        opened = opened or t.text == "("
        if "\n" in t.text_with_ws or t.text in ("—", "–", ":", ";") or (t.text == ")" and not opened) or (
                len(t.text) > 1 and t.text.endswith(("—", ")"))):
            start, opened = t.i + 1, False
    while start < tok.i and (doc[start].dep_ in _DROP_LEFT or doc[start].like_num or doc[start].tag_ == "PRP$"
                             or doc[start].lower_ in VAGUE) and not (keep_det and doc[start].dep_ == "det"):
        start += 1
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in ("prep", "acl") and child.lower_ not in PLACE_PREPS:
            end = child.right_edge.i + 1
        else:
            break
    end = min(end, max(tok.i + 1, start + max_words), hi)
    for t in doc[tok.i: end - 1]:
        if "\n" in t.text_with_ws:
            end = t.i + 1
            break
    span = doc[start:end]
    # A credit glued to the name by the tokenizer: "(Reuters)—Russia".
    text = re.sub(r"^.*?[)—–]+(?=\w)", "", span.text).strip(" ,;:-–—\"'“”‘’")
    ent = _entity(tok)
    if ent is None or ent.label_ not in ("PERSON", "ORG"):
        # "the gunman, John Doe," / "the largest rebel group, the Northern Front": the name.
        appos = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ in ("PERSON", "ORG")
                      and lo <= c.i < hi), None)
        if appos is not None:
            ent = _entity(appos) or ent
    ent_text = re.sub(r"^.*?[)—–]+(?=\w)", "", ent.text) if ent is not None else None
    return Phrase(text, tok.lemma_.lower(), span.start_char, span.end_char,
                  ent.label_ if ent is not None else None, ent_text)


def _entity(tok: Token) -> Span | None:
    """The named entity a token is part of, from its IOB tags (no scan of the document's entities)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)


def _resolve(tok: Token) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("gunmen who attacked" -> gunmen)."""
    if tok.tag_ in ("WP", "WDT") or tok.lower_ in ("who", "that", "which"):
        verb = tok.head
        if verb.dep_ == "relcl":
            return verb.head
    return tok


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject and whether the verb is passive; a subjectless verb borrows from the verb it hangs on
    ("stormed the building and took hostages", "attacked the camp, killing 60")."""
    for _ in range(4):
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None:
            return _resolve(subj), passive
        if passive:
            return None, True
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and _by_agent(verb) is not None:
            return None, True  # "the attack, carried out by 30 gunmen": a participle is passive
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head, False
        if verb.dep_ == "acl" and verb.tag_ == "VBD" and any(c.dep_ == "dobj" for c in verb.children):
            return verb.head, False  # "gunmen suspected to be bandits abducted 30 students": a misread subject
        head = verb.head
        if verb.dep_ == "ccomp" and head.tag_ == "VBN" and head.lemma_.lower() in ("suspect", "believe", "think") \
                and any(c.dep_ == "xcomp" and c.lemma_ == "be" for c in head.children):
            # "Gunmen suspected to be bandits attacked the school", parsed with "suspected" as the main verb.
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj, False
        if verb.dep_ in ("conj", "advcl", "ccomp") and verb.head.lemma_.lower() in REPORTING_VERBS | KNOWING:
            # "The paper gathered the bandits attacked the hostel": a lost "that"; the object is the subject.
            obj = next((c for c in verb.head.children if c.dep_ == "dobj" and c.right_edge.i + 1 == verb.i), None)
            return (obj, False) if obj is not None else (None, False)
        if verb.dep_ not in _LINKS or verb.head.i == verb.i or verb.head.lemma_.lower() in REPORTING_VERBS | KNOWING:
            return None, False  # a reporting verb's subject is a source, not the actor of what it reports
        verb = verb.head
    return None, False


def _by_agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is None:
                # "by yet-to-be identified armed men": the parser lost the object; the first head noun after "by".
                obj = next((t for t in tok.doc[c.i + 1: c.i + 9] if t.pos_ in ("NOUN", "PROPN")
                            and t.dep_ not in ("compound", "amod", "nmod", "poss")), None)
                if obj is not None and any(t.is_punct and t.text not in ("-", "–") for t in tok.doc[c.i + 1: obj.i]):
                    obj = None
            if obj is not None:
                return obj
    return None


def _object(verb: Token) -> Token | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if obj is None:
        # "opened fire on worshippers", "fired at protesters"
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon"):
                obj = next((g for g in c.children if g.dep_ == "pobj"), None)
                break
    return obj


def conjuncts(tok: Token) -> list[Token]:
    """"X and Y" as [X, Y] ("Rwandan and Mozambican forces" stays one phrase: its conjuncts are adjectives)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
            out.extend(conjuncts(c))
    return out


_SIDE_NOUNS = frozenset({"coalition", "army", "military", "police", "government", "regime", "rebel", "israeli"})


def _inner_actor(tok: Token) -> Token | None:
    """The actor named inside an act or weapon noun: its "by" phrase, its possessor, or (for strikes and raids)
    a modifier naming a side ("a Saudi coalition airstrike", "Russian shelling")."""
    by = _by_agent(tok)
    if by is not None:
        return by
    after = tok.right_edge.i + 1
    if tok.lemma_.lower() in EVENT_NOUNS and after < len(tok.doc) and tok.doc[after].lower_ == "by" \
            and tok.doc[after].dep_ in ("agent", "prep"):
        # "the capture of the port by insurgents": the parser hangs "by" on the verb above the noun.
        obj = next((g for g in tok.doc[after].children if g.dep_ == "pobj"), None)
        if obj is not None:
            return obj
    for c in tok.children:
        if c.dep_ == "poss" and c.lower_ not in PRONOUNS | {"its", "their", "his", "my", "our", "your"}:
            return c
    if tok.lemma_.lower() in REMOTE_NOUNS or tok.lower_ in REMOTE_NOUNS:
        # Nouns before adjectives: "Saudi coalition airstrike" is the coalition's, not "Saudi".
        mods = sorted((c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i),
                      key=lambda c: (c.pos_ not in ("NOUN", "PROPN"), -c.i))
        for c in mods:
            if c.lemma_.lower() in REMOTE_NOUNS or c.lower_ in ("air", "missile", "drone", "rocket", "artillery"):
                inner = _inner_actor(c)
                if inner is not None:
                    return inner
                # "a coalition air strike": the side hangs on "air".
                side = next((g for g in c.children if g.dep_ in ("compound", "nmod") and (
                    g.ent_type_ in ("NORP", "ORG", "GPE") or g.lemma_.lower() in _SIDE_NOUNS)), None)
                if side is not None:
                    return side
                continue
            if c.ent_type_ in ("NORP", "ORG", "GPE") or c.pos_ == "PROPN" or c.lemma_.lower() in _SIDE_NOUNS:
                return c
    return None


ANY_PREDICATE = VIOLENT_VERBS | PROTEST_VERBS | AGREEMENT_VERBS
_NAMES = ("ORG", "PERSON", "NORP")  # "Islamic State": a name, though its head word is a place noun
_BAD_ENTS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT")


def _usable(tok: Token | None, span: Span) -> Token | None:
    """A candidate actor word, if it is inside the sentence and can act (not a number, a date or a pronoun);
    "dozens of militants" stands for the militants."""
    if tok is None or not (span.start <= tok.i < span.end):
        return None
    if tok.lemma_.lower() in QUANTITY or tok.like_num:
        of = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                   for g in c.children if g.dep_ == "pobj"), None)
        tok = of if of is not None else tok
    if tok.like_num or tok.ent_type_ in _BAD_ENTS or tok.pos_ == "NUM":
        return None
    return tok


def _object_ok(verb: Token, lemma: str) -> bool:
    need = NEEDS_OBJECT.get(lemma)
    if need is None:
        return True
    objects = ("dobj", "nsubjpass") if lemma in ("carry", "conduct", "launch", "stage") else (
        "dobj", "prt", "attr", "oprd", "acomp", "advmod", "nsubjpass")
    words = {c.lower_ for c in verb.children if c.dep_ in objects}
    words |= {c.lemma_.lower() for c in verb.children if c.dep_ in objects}
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        words |= {verb.head.lower_, verb.head.lemma_.lower()}  # "the attack carried out by X"
    # "took control of", "set fire to": the object may hang one level down.
    return bool(words & need)


def _headline_passive(verb: Token, span: Span) -> bool:
    """Headlines drop "were": "Egypt soldiers killed in attack" is passive though parsed as active; so does an
    elliptic sentence ("one was shot dead and some students kidnapped")."""
    if any(c.dep_ in ("aux", "dobj", "auxpass") for c in verb.children):
        return False
    headline = span.text.rstrip()[-1:] not in ".!?\"”’'"
    return verb.tag_ == "VBN" or (headline and verb.tag_ == "VBD")


def _shared_subject(verb: Token) -> Token | None:
    """The subject a conjoined verb shares with the verb before it."""
    if verb.dep_ != "conj":
        return None
    return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


_RESPONSIBLE = frozenset({"responsible", "behind", "carry", "conduct", "stage", "launch", "attack", "kill", "bomb",
                          "plan", "perpetrate", "commit", "orchestrate", "mastermind", "involve"})


_ACCUSED_OF = EVENT_NOUNS | _RESPONSIBLE | {"shoot", "shell", "strike", "target", "airstrike", "massacre", "bombing"}


def _accused(verb: Token) -> Token | None:
    """Who is accused or suspected of the act: "accused the government of a gas attack", "suspects the group,
    X, to be responsible", "X is suspected of carrying out the raid", "X is suspected to have carried out". Being
    suspected of something else ("suspected of links to") or of nothing named is no blame."""
    below = {t.lemma_.lower() for t in verb.subtree} | {t.lower_ for t in verb.subtree}
    if verb.lemma_.lower() == "suspect" and not below & _RESPONSIBLE:
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if passive:
        return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    who = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if who is None:
        return None
    if verb.lemma_.lower() == "accuse" and not any(
            t.lemma_.lower() in _ACCUSED_OF for h in (verb, who) for c in h.children if c.dep_ == "prep"
            and c.lower_ == "of" for t in c.subtree):
        return None  # "accused X of <the act>" ("of" hangs on the verb or on X); not "of using kids as cover"
    # "suspects an Islamic State-inspired group, Jemaah X, to be": the name after the comma is the group.
    after = who.right_edge.i + 1
    doc = who.doc
    if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].pos_ == "PROPN":
        k = after + 1
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
            k += 1
        return doc[k]
    return who


def _governing_subject(verb: Token) -> Token | None:
    """The subject of the verb a subjectless clause hangs on ("before being shot", "after being arrested")."""
    for _ in range(4):
        if (verb.dep_ not in ("advcl", "pcomp", "conj", "xcomp") and verb.pos_ != "ADP") or verb.head.i == verb.i:
            return None
        verb = verb.head
        if verb.pos_ == "ADP":
            continue  # "before being shot": the preposition hangs on the verb
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return _resolve(subj)
    return None


def _realis(verb: Token) -> bool:
    """An act that happened: not planned, feared or denied ("vowed to eliminate", "would attack", "did not
    attack"), nor an ongoing generality ("the authorities are fighting the group")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    # "confirmed to have been killed", "suspected to have carried out": a perfect infinitive tells what happened.
    perfect = any(c.lower_ == "to" for c in aux) and any(c.lower_ == "have" for c in aux)
    if any(c.dep_ == "neg" or (c.lower_ in IRREALIS_AUX and not (perfect and c.lower_ == "to")) for c in aux):
        return False
    return not (verb.tag_ == "VBG" and any(c.lemma_ == "be" and c.tag_ in ("VBP", "VBZ") for c in aux))


def _stray_subject(verb: Token, span: Span) -> Token | None:
    """When the parse ran across the unit's start (a headline or dateline before it), the noun right before the
    verb, with no other verb between, is the subject ("Cairo – Smugglers killed 21 soldiers")."""
    for tok in reversed(span.doc[span.start: verb.i]):
        if tok.dep_ in ("aux", "auxpass", "neg", "advmod"):
            continue
        if tok.pos_ in ("VERB", "AUX") or tok.text in ("–", "—", "-", ":"):
            return None
        if tok.pos_ in ("NOUN", "PROPN"):
            return tok
    return None


def _speaker_of(verb: Token) -> Token | None:
    """"Police said they killed two militants": a pronoun subject of what a source says is the source."""
    head = verb.head
    if verb.dep_ == "ccomp" and head.lemma_.lower() in REPORTING_VERBS:
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    return None


def _side_phrase(noun: Token, inner: Token, span: Span) -> Phrase:
    """The side inside an act noun with the modifiers before it: "a Saudi-led coalition air strike" is the
    Saudi-led coalition's, though the parser hangs "Saudi-led" on "strike"."""
    p = phrase(inner, within=span)
    if not (noun.left_edge.i <= inner.i < noun.i):
        return p
    start = noun.left_edge.i
    doc = noun.doc
    while start < inner.i and (doc[start].dep_ in ("det", "nummod", "poss", "punct") or doc[start].like_num
                               or doc[start].lower_ in VAGUE):
        start += 1
    if start >= p.start_token(doc) or start < span.start:
        return p
    return replace(p, text=doc[start: inner.i + 1].text, start=doc[start].idx)


def clauses(span: Span) -> Iterator[Clause]:
    """Every act, claim, blame, protest and agreement the sentence tells, in the order of their predicates."""
    for tok in span:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            yield from _verb_clauses(tok, lemma, span)
        elif tok.pos_ == "NOUN" and lemma in EVENT_NOUNS:
            inner = _usable(_inner_actor(tok), span)
            if inner is not None:
                target = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                               for g in c.children if g.dep_ == "pobj"), None)
                target = _usable(target, span)
                yield Clause(lemma, tok.idx, _side_phrase(tok, inner, span),
                             phrase(target, within=span) if target is not None else None, "act", nominal=True)


def _verb_clauses(verb: Token, lemma: str, span: Span) -> Iterator[Clause]:
    if lemma == "claim" and any(c.lemma_.lower() in CLAIMED for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
        subj, passive = _subject(verb)
        who = _usable(_by_agent(verb) if passive else subj, span)
        if who is not None and who.lower_ not in PRONOUNS:
            yield Clause(lemma, verb.idx, phrase(who, within=span), None, "claim")
        return
    if lemma in ("blame", "attribute"):
        # "blamed the attack on X", "X was blamed for", "police blamed X for".
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        # The parser hangs "on X" on the verb or on its object ("blamed [the attack on X]").
        heads = [verb, dobj] if dobj is not None else [verb]
        on = next((g for h in heads for c in h.children if c.dep_ in ("prep", "dative") and c.lower_ in ("on", "to")
                   for g in c.children if g.dep_ == "pobj"), None)
        subj, passive = _subject(verb)
        who = _usable(on if on is not None else subj if passive else dobj, span)
        if who is not None and who.lemma_.lower() not in NON_AGENT_HEADS and who.lower_ not in PRONOUNS:
            yield Clause(lemma, verb.idx, phrase(who, within=span), None, "blame")
        return
    if lemma in ("accuse", "suspect"):
        who = _accused(verb)
        who = _usable(who, span) if who is not None else None
        if who is not None and who.lemma_.lower() not in NON_AGENT_HEADS and who.lower_ not in PRONOUNS:
            p = phrase(who, within=span)
            of = next((c for c in who.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > who.i), None)
            if of is not None and of.idx < p.end:
                # "accused the army of a drone strike": the accused, not what of.
                p = replace(p, text=doc_text(who.doc)[p.start: of.idx].rstrip(), end=of.idx)
            yield Clause(lemma, verb.idx, p, None, "blame")
        return
    if lemma in REPORTING_VERBS:
        return
    if lemma not in ANY_PREDICATE or not _realis(verb):
        return
    kinds: list[Literal["act", "protest", "agreement"]] = []
    objects = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
    if lemma in VIOLENT_VERBS and _object_ok(verb, lemma):
        kinds.append("act")
    if lemma in PROTEST_VERBS and (lemma not in ("take", "strike", "occupy", "block") or not objects) and (
            lemma != "take" or any(c.lower_ == "to" for c in verb.children)):
        kinds.append("protest")
    if lemma in AGREEMENT_VERBS and (lemma == "agree" or objects & AGREEMENT_NOUNS):
        kinds.append("agreement")
    if not kinds:
        return
    subj, passive = _subject(verb)
    if subj is not None and subj.i < span.start:
        subj = _stray_subject(verb, span)
    obj = _object(verb)
    if not passive and subj is not None and obj is None and _headline_passive(verb, span):
        subj, obj, passive = None, subj, True
    agent = _usable(_by_agent(verb) if passive else subj, span)
    speaker = _usable(_speaker_of(verb), span) if "act" in kinds else None
    if speaker is not None:
        # "X said its fighters carried out the attack": a side telling of its own act claims it; kept as a
        # claim candidate beside the act (which side the speaker is, only the alias file can tell).
        yield Clause("say", verb.idx, phrase(speaker, within=span), None, "claim")
    side: Phrase | None = None
    if agent is not None and agent.lower_ in PRONOUNS:
        agent = _usable(_speaker_of(verb), span)
    elif agent is not None and agent.lemma_.lower() in NON_AGENT_HEADS and agent.ent_type_ not in _NAMES:
        # "A Saudi coalition airstrike hit ...": the side inside the act noun; a weapon alone names nobody.
        noun = agent
        agent = _usable(_inner_actor(agent), span)
        side = _side_phrase(noun, agent, span) if agent is not None else None
    if passive and obj is None:
        # "A man ... has been shot by police": the man, subject of the first verb; "the driver ... before being shot
        # dead by police": the subject of the verb the clause hangs on.
        obj = _shared_subject(verb) or _governing_subject(verb)
        if obj is None and verb.dep_ == "acl" and verb.head.lemma_.lower() not in NON_AGENT_HEADS:
            obj = verb.head  # "villagers killed by gunmen"
    obj = _usable(obj, span)
    parties: tuple[Phrase, ...] = ()
    if agent is not None:
        heads = conjuncts(agent)
        if "agreement" in kinds:
            # "X signed a deal with Y": Y is a party too.
            heads += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                      for g in c.children if g.dep_ == "pobj"]
        parties = tuple(phrase(h, within=span) for h in heads if _usable(h, span) is not None)
    for kind in kinds:
        yield Clause(lemma, verb.idx, side or (phrase(agent, within=span) if agent is not None else None),
                     phrase(obj, within=span) if obj is not None else None, kind, parties)


def speakers(spans: Iterable[Span]) -> Iterator[Phrase]:
    """The sources the sentences cite: subjects of reporting verbs and objects of "according to"."""
    for span in spans:
        for tok in span:
            if tok.lemma_.lower() in REPORTING_VERBS and tok.pos_ in ("VERB", "AUX"):
                subj, passive = _subject(tok)
                if subj is not None and not passive and subj.pos_ in ("NOUN", "PROPN") and span.start <= subj.i:
                    yield phrase(subj, within=span, keep_det=True)
            elif tok.lower_ == "to" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "according":
                obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    yield phrase(obj, within=span, keep_det=True)


def named_attackers(spans: Iterable[Span]) -> Iterator[str]:
    """Names the article gives the attacker: "gunman John Doe", "the suspect, Jane Roe,", "identified
    the suspect as 72-year-old X", "the gunman, a local man named X", "the attacker was Springfield resident X". spaCy
    misses some names (short capitalised words read as nouns): a run of capitalised words after the attacker word
    counts too."""
    seen: set[str] = set()
    for span in spans:
        found = [ent.text for ent in span.ents if ent.label_ == "PERSON" and len(ent) >= 2 and ent.text[:1].isupper()
                 and _attacker_before(span.doc, ent.start, span.start)]
        found += [name for tok in span if tok.lemma_.lower() in ATTACKER_NAMES and tok.pos_ == "NOUN"
                  and (name := _name_after(span.doc, tok.i, span.end)) is not None]
        for name in found:
            if name not in seen:
                seen.add(name)
                yield name


def _name_after(doc: Doc, i: int, hi: int) -> str | None:
    """The name an attacker word at `i` is given next: right after it or after "as", "named", "was" or a comma,
    across the name's description."""
    for j in range(i + 1, min(hi, i + 16)):
        if doc[j].text in (".", ";", "?", "!") or (j > i + 1 and doc[j].pos_ == "VERB" and doc[j].lower_ not in (
                "identified", "named", "called", "born")):
            return None
        if j == i + 1 or doc[j - 1].lower_ in ("as", "named", "called", "was", "is", ","):
            k = j
            while k < hi and _describes(doc[k]):
                k += 1
            run: list[Token] = []
            while k < hi and doc[k].text[:1].isupper() and doc[k].ent_type_ not in _NOT_PEOPLE and (
                    doc[k].pos_ in ("PROPN", "AUX", "NOUN", "ADJ") and "\n" not in doc[k - 1].text_with_ws):
                run.append(doc[k])
                k += 1
                if k < hi and doc[k].lemma_.lower() in _DESCRIPTION_NOUNS:
                    run, k = [], k + 1  # "Lyon resident X": the capitalised word was a place
            if 2 <= len(run) <= 5:
                return doc[run[0].i: run[-1].i + 1].text
    return None


_NOT_PEOPLE = ("GPE", "ORG", "NORP", "DATE", "TIME", "FAC", "LOC", "EVENT", "CARDINAL")


def _describes(tok: Token) -> bool:
    """A word of a person's description before the name: "a 72-year-old", "German-Iranian", "Springfield resident"."""
    return (tok.like_num or tok.pos_ in ("DET", "NUM") or tok.text in ("-", "–")
            or (tok.pos_ == "ADJ" and not tok.text[:1].isupper())
            or tok.lower_ in ("year", "years", "old", "aged", "born")
            or tok.ent_type_ in ("NORP", "DATE", "GPE", "LOC", "FAC", "CARDINAL")
            or tok.lemma_.lower() in _DESCRIPTION_NOUNS)


# Nouns that describe a person before the name ("a 66-year-old Cedar Falls resident X"), not who acted.
_DESCRIPTION_NOUNS = frozenset({"resident", "national", "citizen", "native", "man", "woman", "immigrant", "local",
                                "father", "mother", "student", "worker", "employee", "veteran", "refugee", "migrant"})


def _attacker_before(doc: Doc, i: int, lo: int) -> bool:
    """Whether an attacker word stands right before a name, across its description ("a 72-year-old", "Tunisian-born
    Springfield resident"), a linking word ("as", "named", a comma, "was") and its own modifiers ("the alleged
    gunman")."""
    j = i - 1
    while j >= lo and (_describes(doc[j]) or doc[j].pos_ == "ADJ"):
        j -= 1  # the name's own description: "a 67-year-old", "German-Iranian", "Cedar Falls resident"
    if j >= lo and doc[j].lemma_.lower() in ATTACKER_NAMES:
        return True  # "gunman John Doe"
    if j < lo or doc[j].lower_ not in ("as", "named", ",", "was", "is", "called"):
        return False
    # "the gunman in the fifth mass killing this month, later identified as X": the word may stand a clause back.
    for k in range(j - 1, max(lo, j - 16) - 1, -1):
        if doc[k].lemma_.lower() in ATTACKER_NAMES:
            return True
        if doc[k].text in (".", ";", "?") or doc[k].ent_type_ == "PERSON":
            return False
    return False


# Verbs by which the police hold a suspect: their object, described ("a 17-year-old boy"), is who is suspected.
_HOLDING_VERBS = frozenset({"arrest", "detain", "question", "interrogate", "charge", "apprehend", "hold"})


def described_suspects(spans: Iterable[Span]) -> Iterator[Phrase]:
    """An unnamed attacker as the article describes him: "the attacker was a 17-year-old Afghan", "police arrested
    a 17-year-old boy on suspicion of murder", "questioning a 17-year-old suspect". Only a description with an age
    or an origin counts; "a man" says nothing."""
    for span in spans:
        for tok in span:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ == "PERSON":
                continue
            head = tok.head
            attr = tok.dep_ == "attr" and head.lemma_ == "be" and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in ATTACKER_NAMES for c in head.children)
            held = head.lemma_.lower() in _HOLDING_VERBS and (
                tok.dep_ == "dobj" or (tok.dep_ == "nsubjpass" and head.tag_ == "VBN"))
            held = held or (tok.lemma_.lower() in ATTACKER_NAMES and tok.dep_ == "dobj")
            if not (attr or held) or not _described(tok):
                continue
            start = tok.left_edge.i
            while start < tok.i and tok.doc[start].dep_ in ("det", "predet", "punct"):
                start += 1
            # Its own words, age included ("17-year-old boy"; a phrase drops numbers).
            text = tok.doc[start: tok.i + 1].text
            yield Phrase(text, tok.lemma_.lower(), tok.doc[start].idx, tok.idx + len(tok.text))


def _described(tok: Token) -> bool:
    """A noun with an age ("17-year-old") or an origin ("Afghan") before it."""
    for c in tok.doc[tok.left_edge.i: tok.i]:
        if c.ent_type_ == "NORP" or c.lower_ in ("year", "years", "old") or re.match(r"\d+-year", c.text):
            return True
    return False


def is_attacker_word(p: Phrase) -> bool:
    """A generic word for the one who did it ("the gunman", "a suspect"), which a name may later resolve."""
    return p.head in ATTACKER_WORDS
