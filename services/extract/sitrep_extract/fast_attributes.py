"""A faster stand-in for spaCy's attribute_ruler, built from the model's own rules.

The pipeline's attribute_ruler maps fine tags to POS and morphology and patches some exceptions
("'s" -> be). It runs a Matcher of ~180 patterns over every token and took about 16% of the pipeline's
time here (8.6 of 54 ms an article). Its patterns only test a token's TAG, LOWER, DEP and IS_SPACE
with equality, IN, NOT_IN or REGEX, so they are indexed here by tag or lowercase form and checked in
Python. Rules are applied in the same order as spaCy applies them (pattern order, later ones win) with
spaCy's own setter, so the result is the same; a model whose rules use anything else keeps the stock
component (`compile_rules` returns None).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

FACTORY = "sitrep_fast_attribute_ruler"

# What a rule may test, read once per token into a tuple in this order.
ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
TokenKey = tuple[str, str, str, bool]
Test = Callable[[TokenKey], bool]
CACHE_LIMIT = 200_000  # distinct token keys remembered; the cache is dropped when full


def _key(token: Any) -> TokenKey:
    return (token.tag_, token.lower_, token.dep_, token.is_space)


@dataclass(frozen=True)
class Rule:
    order: int  # the pattern's position in the ruler: later rules override earlier ones
    tokens: tuple[tuple[Test, ...], ...]
    index: int  # which token of the match gets the attributes (may be negative, as in spaCy)
    attrs: dict[Any, Any]  # normalised by spaCy: attribute ids to values

    def target(self, keys: list[TokenKey], start: int) -> int | None:
        if start + len(self.tokens) > len(keys):
            return None
        for offset, tests in enumerate(self.tokens):
            key = keys[start + offset]
            if not all(test(key) for test in tests):
                return None
        return start + (self.index if self.index >= 0 else len(self.tokens) + self.index)


def _test(attr: str, spec: Any) -> Test | None:
    if attr not in ATTRS:
        return None
    at = ATTRS.index(attr)
    if isinstance(spec, str | bool):
        return lambda k: k[at] == spec
    if isinstance(spec, dict) and len(spec) == 1:
        (op, operand), = spec.items()
        if op == "IN":
            members = frozenset(operand)
            return lambda k: k[at] in members
        if op == "NOT_IN":
            excluded = frozenset(operand)
            return lambda k: k[at] not in excluded
        if op == "REGEX":
            pattern = re.compile(operand)
            return lambda k: bool(pattern.search(k[at]))
    return None


# Each rule is filed under the first of these attribute sets its first token tests by equality or IN;
# a token then only tries the rules filed under its own values (and the few that test neither).
INDEX_KEYS: tuple[tuple[int, ...], ...] = ((0, 1), (1,), (2,), (0,), (3,))


class RuleIndex:
    def __init__(self) -> None:
        self._by: dict[tuple[int, ...], dict[tuple[Any, ...], list[Rule]]] = {k: {} for k in INDEX_KEYS}
        self._generic: list[Rule] = []
        self._used: list[tuple[tuple[int, ...], dict[tuple[Any, ...], list[Rule]]]] = []

    def add(self, rule: Rule, first: dict[str, Any]) -> None:
        for attrs in INDEX_KEYS:
            choices = [_exact_values(first.get(ATTRS[a])) for a in attrs]
            if all(c is not None for c in choices):
                for key in product(*[c for c in choices if c is not None]):
                    self._by[attrs].setdefault(key, []).append(rule)
                break
        else:
            self._generic.append(rule)
        self._used = [(attrs, index) for attrs, index in self._by.items() if index]

    def candidates(self, key: TokenKey) -> list[Rule]:
        found = [r for attrs, index in self._used for r in index.get(tuple(key[a] for a in attrs), ())]
        return found + self._generic


class FastAttributeRuler:
    def __init__(self, rules: list[Rule], single: RuleIndex, multi: RuleIndex) -> None:
        self._rules = rules
        self._single = single
        self._multi = multi
        # Which single-token rules a token key meets: most tokens of a text repeat earlier keys.
        self._cache: dict[TokenKey, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        keys = [_key(t) for t in doc]
        hits: list[tuple[int, int]] = []
        for start, key in enumerate(keys):
            orders = self._cache.get(key)
            if orders is None:
                orders = tuple(r.order for r in self._single.candidates(key) if r.target(keys, start) is not None)
                if len(self._cache) >= CACHE_LIMIT:
                    self._cache.clear()
                self._cache[key] = orders
            hits.extend((order, start) for order in orders)
            for rule in self._multi.candidates(key):
                target = rule.target(keys, start)
                if target is not None:
                    hits.append((rule.order, target))
        hits.sort()
        for order, target in hits:
            set_token_attrs(doc[target], self._rules[order].attrs)
        return doc


def compile_rules(ruler: AttributeRuler) -> FastAttributeRuler | None:
    """The ruler's patterns as indexed rules, or None if one uses a construct this does not handle."""
    rules: list[Rule] = []
    single, multi = RuleIndex(), RuleIndex()
    entries: list[dict[str, Any]] = list(ruler.patterns)  # spaCy types each entry as a wide union
    for order, entry in enumerate(entries):
        alternatives: list[list[dict[str, Any]]] = entry["patterns"]
        compiled: list[Rule] = []
        for pattern in alternatives:
            tokens: list[tuple[Test, ...]] = []
            for token in pattern:
                tests = [_test(attr, spec) for attr, spec in token.items()]
                if not tests or any(t is None for t in tests):
                    return None
                tokens.append(tuple(t for t in tests if t is not None))
            compiled.append(Rule(order, tuple(tokens), entry["index"], ruler.attrs[order]))
        if len(compiled) != 1:
            # Alternatives of one entry share its order; keep one Rule per entry so `order` indexes rules.
            if any(len(r.tokens) != 1 for r in compiled):
                return None
            compiled = [Rule(order, (_any_of([r.tokens[0] for r in compiled]),), entry["index"], ruler.attrs[order])]
        rule = compiled[0]
        rules.append(rule)
        first = alternatives[0][0] if len(alternatives) == 1 else {}
        (single if len(rule.tokens) == 1 else multi).add(rule, first)
    return FastAttributeRuler(rules, single, multi)


def _exact_values(spec: Any) -> list[Any] | None:
    """The values a token test accepts, if it names them (equality or IN)."""
    if isinstance(spec, str | bool):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return list(spec["IN"])
    return None


def _any_of(alternatives: list[tuple[Test, ...]]) -> tuple[Test, ...]:
    def test(k: TokenKey) -> bool:
        return any(all(t(k) for t in tests) for tests in alternatives)
    return (test,)


@Language.factory(FACTORY)
def _make(nlp: Language, name: str) -> Slot:
    return Slot()


class Slot:
    """The pipeline component: empty until `install` gives it the compiled rules of the replaced ruler."""

    def __init__(self) -> None:
        self.ruler: FastAttributeRuler | None = None

    def __call__(self, doc: Doc) -> Doc:
        if self.ruler is None:
            raise RuntimeError("fast attribute ruler used before install()")
        return self.ruler(doc)


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replaces the pipeline's attribute ruler with the fast one; False (nothing changed) if it cannot."""
    if name not in nlp.pipe_names:
        return False
    stock = nlp.get_pipe(name)
    if not isinstance(stock, AttributeRuler):
        return False
    fast = compile_rules(stock)
    if fast is None:
        return False
    slot = nlp.replace_pipe(name, FACTORY)
    assert isinstance(slot, Slot)
    slot.ruler = fast
    return True
