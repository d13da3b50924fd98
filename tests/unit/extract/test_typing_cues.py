"""The actor/act cues of the typing model, on short texts written for these tests."""

from __future__ import annotations

from sitrep_extract.typing_cues import CUE_FEATURES, cue_features
from sitrep_extract.typing_model import opening


def _cues(text: str) -> set[str]:
    return {name for name, v in zip(CUE_FEATURES, cue_features(text), strict=True) if v}


def test_who_takes_a_town_is_told_apart() -> None:
    assert "pair:armed_takes" in _cues("Rebel fighters seized the river town after a night of fighting.")
    assert "pair:state_takes" not in _cues("Rebel fighters seized the river town after a night of fighting.")
    assert "pair:state_takes" in _cues("Government troops recaptured the district on Tuesday.")
    assert "pair:falls_to_armed" in _cues("The provincial capital fell to insurgents overnight.")


def test_a_withdrawal_without_a_fight() -> None:
    found = _cues("The garrison pulled out of the hill post and handed it over without resistance.")
    assert {"word:withdraw"} <= found and "word:violence" not in found


def test_force_on_protesters_against_protesters_rioting() -> None:
    crackdown = _cues("Police fired tear gas and rubber bullets at protesters in the main square.")
    assert {"pair:state_on_protesters", "pair:force_on_protesters"} <= crackdown
    riot = _cues("Demonstrators threw stones and torched two cars near the ministry.")
    assert "pair:protesters_riot" in riot and "pair:state_on_protesters" not in riot


def test_weapons_seized_and_a_base_set_up() -> None:
    assert "pair:weapons_seized" in _cues("Soldiers discovered a cache of rifles and explosives in a cave.")
    assert "pair:base_established" in _cues("The militia set up a new base on the outskirts of the village.")


def test_out_of_scope_words() -> None:
    assert "word:disaster" in _cues("A cyclone flattened coastal homes and killed 12 people.")
    assert "word:sport" in _cues("The visitors won the match with a late goal.")
    assert "word:justice" in _cues("A court sentenced the former mayor to five years in prison.")


def test_riot_police_are_not_a_riot() -> None:
    assert "word:riot" not in _cues("Riot police stood guard outside the embassy.")


def test_opening_is_the_first_sentence() -> None:
    assert opening("Blast hits market. Four people were killed.") == "Blast hits market."
    assert opening("No full stop here") == "No full stop here"
