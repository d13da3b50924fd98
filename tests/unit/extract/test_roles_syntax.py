"""Perpetrator, target and source read from the dependency parse, on short texts written for these tests."""

from datetime import date

from sitrep_common.models import Event
from sitrep_extract.agents import clauses, named_attackers, speakers
from sitrep_extract.extractor import Extractor

from tests.unit.extract.invented import main_event


def _main(extractor: Extractor, text: str, title: str | None = None) -> Event:
    return main_event(extractor, text, published=date(2023, 3, 14), title=title)


def _perp(extractor: Extractor, text: str) -> str:
    return (_main(extractor, text).perpetrator or "").lower()


def test_active_subject_is_the_perpetrator_and_the_speaker_only_reports(extractor: Extractor):
    event = _main(extractor, "Gunmen killed at least 12 villagers in Zamfara state, police said.")
    assert event.perpetrator is not None and event.perpetrator.lower() == "gunmen"
    assert event.reported_by == "police"


def test_passive_by_agent_is_the_perpetrator(extractor: Extractor):
    text = "At least nine farmers were killed by militants in a village in Borno state on Monday, officials said."
    assert _perp(extractor, text) == "militants"


def test_according_to_names_a_source_not_an_actor(extractor: Extractor):
    text = "Four soldiers were killed when insurgents ambushed a patrol near Gao on Friday, according to the army."
    event = _main(extractor, text)
    assert (event.perpetrator or "").lower() == "insurgents"
    assert event.reported_by == "the army"


def test_claim_of_responsibility_names_the_group(extractor: Extractor):
    text = ("A bomb exploded at a crowded market in Mogadishu on Sunday, killing five people. "
            "Al-Shabaab claimed responsibility for the attack.")
    event = _main(extractor, text)
    assert event.perpetrator_id == "al-shabaab" and (event.perpetrator or "").endswith("(claimed)")


def test_blamed_on_names_the_suspected_side(extractor: Extractor):
    text = ("A car bomb killed eight people near a checkpoint in the town of Baquba on Tuesday. "
            "Officials blamed the attack on the Northern Liberation Front.")
    perp = _perp(extractor, text)
    assert "northern liberation front" in perp and "officials" not in perp


def test_named_gunman_is_the_perpetrator(extractor: Extractor):
    text = "Mark Delaney opened fire in a crowded bar in Denver on Saturday, killing six people, police said."
    assert "mark delaney" in _perp(extractor, text)


def test_generic_gunman_takes_the_name_the_article_gives(extractor: Extractor):
    text = ("A gunman opened fire at a concert in Denver on Saturday, killing six people, police said.\n\n"
            "Police identified the gunman as John Harlow Miller, a 52-year-old local man.")
    assert "john harlow miller" in _perp(extractor, text)


def test_organisation_missing_from_the_alias_file_is_an_actor(extractor: Extractor):
    text = ("Fighters of the Forest Brigade attacked a village in Ituri province on Sunday, killing 14 civilians, "
            "local officials said.")
    assert "forest brigade" in _perp(extractor, text)


def test_group_fighters_who_stormed_are_the_group(extractor: Extractor):
    text = "Islamic State fighters stormed a prison in Hasakah on Thursday, killing seven guards."
    assert _main(extractor, text).perpetrator_id == "isis"


def test_unknown_attacker_gives_no_perpetrator(extractor: Extractor):
    text = "An explosion killed three people at a bus station in Kano on Monday, police said."
    assert _main(extractor, text).perpetrator is None


def test_police_shooting_the_attacker_leaves_the_attacker_as_perpetrator(extractor: Extractor):
    text = "Police shot dead a knife attacker who had wounded four passengers on a train near Hamburg on Monday."
    perp = _perp(extractor, text)
    assert "police" not in perp and "attacker" in perp


def test_protesters_are_the_actor_of_a_protest(extractor: Extractor):
    text = "Thousands of protesters marched through the capital Nairobi on Tuesday to demand lower food prices."
    assert "protesters" in _perp(extractor, text)


def test_speakers_are_read_from_reporting_verbs(extractor: Extractor):
    doc = extractor.nlp("The attack killed two guards, the interior ministry said, according to state media.")
    assert [p.text for p in speakers([doc[:]])] == ["the interior ministry", "state media"]


def test_an_agreement_has_both_parties(extractor: Extractor):
    doc = extractor.nlp("The government and the Southern Freedom Movement signed a peace agreement in Juba on Monday.")
    deal = next(c for c in clauses(doc[:]) if c.kind == "agreement")
    assert [p.text for p in deal.parties] == ["government", "Southern Freedom Movement"]


def test_headline_without_were_is_passive(extractor: Extractor):
    doc = extractor.nlp("Twelve soldiers killed in ambush near border")
    kill = next(c for c in clauses(doc[:]) if c.predicate == "kill")
    assert kill.agent is None and kill.patient is not None and kill.patient.head == "soldier"


def test_name_in_apposition_to_the_suspect(extractor: Extractor):
    doc = extractor.nlp("Deputies arrested the suspect, Daniel Whitfield, two hours later.")
    assert list(named_attackers([doc[:]])) == ["Daniel Whitfield"]
