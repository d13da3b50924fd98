"""Rules that make matching robust to real extraction: text signature, datelines, mentions, tolls."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitrep_common.models import Event
from sitrep_common.models.events import Evidence
from sitrep_dedupe import scoring
from sitrep_dedupe.scoring import match
from sitrep_dedupe.textsig import dateline_place, signature


def ev(event_id: str, text: str = "", **fields: Any) -> Event:
    base: dict[str, Any] = {
        "event_id": event_id, "article_id": f"art-{event_id}", "primary": True,
        "event_type": "Battles", "sub_event_type": "Armed clash", "date": date(2017, 10, 27),
        "date_precision": "day", "country": "Egypt", "country_code": "EG",
        "evidence": [Evidence(text=text, start=0, end=len(text))] if text else [],
    }
    base.update(fields)
    return Event(**base)


def test_signature_drops_general_words_and_folds_plurals() -> None:
    e = ev("a", "Police said militants were killed in the Bahariya oases raid", keywords=["Raids"])
    assert signature(e) == {"bahariya", "oase", "raid"}


def test_dateline_place_is_flagged_only_when_the_text_never_names_it() -> None:
    dateline = ev("a", "CAIRO (Reuters) - Security forces killed two militants in a desert raid.",
                  admin1="Cairo", location="Cairo")
    named = ev("b", "CAIRO (AP) - Two militants were killed in a shootout in Cairo's suburbs.",
               admin1="Cairo", location="Cairo")
    headline = ev("c", "Egypt police say 13 killed - report", admin1="Cairo")
    assert dateline_place(dateline)
    assert not dateline_place(named)
    assert not dateline_place(headline)
    assert not dateline_place(ev("d", admin1="Cairo"))  # no evidence: nothing to check


def test_a_dateline_admin1_contradicts_nothing() -> None:
    text = "Security forces killed two Hasm militants in a shootout at a farm."
    there = ev("a", text, admin1="Faiyum", location="Faiyum", perpetrator_id="police", killed=2)
    dateline = ev("b", "CAIRO (Reuters) - " + text, admin1="Cairo", location="Cairo",
                  perpetrator_id="police", killed=2)
    elsewhere = ev("c", text, admin1="Cairo", location="Cairo", perpetrator_id="police", killed=2)
    assert "place_conflict" not in match(there, dateline).features
    assert match(there, dateline).is_match
    assert "place_conflict" in match(there, elsewhere).features
    assert not match(there, elsewhere).is_match


def test_an_undated_pair_needs_the_same_place_as_well_as_similar_wording() -> None:
    text = "Gunmen ambushed a convoy near the Wahat road killing sixteen conscripts at Bahariya."
    placeless = match(ev("a", text, date=None, date_precision=None, killed=16), ev("b", text, killed=16))
    assert placeless.features["text"] >= scoring.UNDATED_TEXT_ANCHOR
    assert placeless.features.get("gate_evidence") == 1.0 and not placeless.is_match
    placed = match(ev("a", text, date=None, date_precision=None, killed=16, admin1="Giza"),
                   ev("b", text, killed=16, admin1="Giza"))
    assert "gate_evidence" not in placed.features and placed.is_match


def test_two_background_mentions_never_link() -> None:
    a = ev("a", "a bombing in Giza", primary=False, admin1="Giza", killed=2)
    b = ev("b", "a bombing in Giza", primary=False, admin1="Giza", killed=2)
    m = match(a, b)
    assert not m.is_match and m.features.get("gate_mentions") == 1.0


def test_a_mention_is_anchored_by_a_fitting_date_and_a_specific_fact() -> None:
    """A background mention can only join one incident (clustering.is_satellite), so it needs no margin: a
    coarse date that fits plus the toll or the group will do; without either it stays unlinked."""
    main = ev("a", "Hasm gunmen shot dead two officers at a checkpoint in Giza.", admin1="Giza", killed=2)
    mention = ev("b", "a week after two policemen were killed", primary=False, admin1=None, location=None,
                 killed=2, date_precision="week")
    m = match(main, mention)
    assert m.is_match and m.features["mention"] == 1.0
    assert match(mention, main).is_match
    vague = mention.model_copy(update={"killed": None})
    assert not match(main, vague).is_match


def test_tolls_a_factor_of_eight_apart_are_a_contradiction() -> None:
    a = ev("a", admin1="Cairo", location="Cairo", killed=8)
    b = ev("b", admin1="Cairo", location="Cairo", killed=0)
    c = ev("c", admin1="Cairo", location="Cairo", killed=6)
    assert "casualty_conflict" in match(a, b).features
    assert "casualty_conflict" not in match(a, c).features
    assert match(a, b).score < match(a, c).score
