"""The lone attacker of a shooting, stabbing or ramming: named or described wherever the article does it, never
the police who stopped him. Short texts written for these tests."""

from datetime import date

from sitrep_common.models import Event
from sitrep_extract.agents import clauses, described_suspects, named_attackers
from sitrep_extract.extractor import Extractor

from tests.unit.extract.invented import main_event


def _main(extractor: Extractor, text: str, title: str | None = None) -> Event:
    return main_event(extractor, text, published=date(2023, 6, 5), title=title)


def _perp(extractor: Extractor, text: str, title: str | None = None) -> str:
    return (_main(extractor, text, title).perpetrator or "").lower()


def test_name_after_a_description_of_the_attacker(extractor: Extractor):
    doc = extractor.nlp("Deputies found the suspected shooter, identified as 58-year-old Carver Springs resident "
                        "Delmar Okonkwo, in a parked car.")
    assert list(named_attackers([doc[:]])) == ["Delmar Okonkwo"]


def test_name_a_clause_after_the_attacker_word(extractor: Extractor):
    text = ("A gunman opened fire at a bowling alley in Fresno on Saturday night, killing five people.\n\n"
            "Police launched a search for the gunman in the second mass killing in the state this week, later "
            "identified as 61-year-old Truong Van Lam.")
    assert "truong van lam" in _perp(extractor, text)


def test_profile_section_names_the_attacker(extractor: Extractor):
    text = ("A man drove a van into a crowd at a street festival in Lyon on Sunday, killing four people and "
            "injuring 20 others, before being shot dead by police.\n\n"
            "Who was the attacker?\n\n"
            "Prosecutors said the attacker was 29-year-old Lyon resident Karim Bensaoud, who worked as a courier.")
    perp = _perp(extractor, text)
    assert "karim bensaoud" in perp and "police" not in perp


def test_person_who_killed_is_named_in_a_later_sentence(extractor: Extractor):
    text = ("A gunman killed six people at two farms near Salinas on Monday, authorities said.\n\n"
            "Police said 59-year-old Oskar Lindqvist killed four people at the first farm and two at the second.")
    assert "oskar lindqvist" in _perp(extractor, text)


def test_arrested_teenager_described_by_age_is_the_suspect(extractor: Extractor):
    text = ("A knife attack at a dance school in Bristol on Monday killed two children and injured six others, "
            "police said.\n\nWitnesses said the attacker walked in and stabbed the children.\n\n"
            "Police later arrested a 17-year-old boy on suspicion of murder.")
    assert _perp(extractor, text) == "17-year-old boy"


def test_described_attacker_without_name(extractor: Extractor):
    doc = extractor.nlp("Officials said the attacker was a 19-year-old Moroccan.")
    assert [p.text for p in described_suspects([doc[:]])] == ["19-year-old Moroccan"]
    doc = extractor.nlp("Police arrested a man near the station.")
    assert list(described_suspects([doc[:]])) == []  # "a man" describes nobody


def test_police_shooting_the_attacker_dead_do_not_become_the_perpetrator(extractor: Extractor):
    doc = extractor.nlp("The driver of the lorry drove a kilometre along the seafront, before being shot dead by "
                        "French police.")
    shot = next(c for c in clauses(doc[:]) if c.predicate == "shoot")
    assert shot.patient is not None and shot.patient.head == "driver"


def test_whoever_started_the_attack_is_its_agent(extractor: Extractor):
    doc = extractor.nlp("A teen with a knife walked into the hall and started the attack.")
    start = next(c for c in clauses(doc[:]) if c.predicate == "start")
    assert start.agent is not None and start.agent.text == "teen with a knife"
