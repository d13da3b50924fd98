import pytest
from sitrep_extract.extractor import Extractor


@pytest.mark.parametrize(("name", "admin1"), [
    ("Qalyubia", "Qalyubia"), ("Qalubiya", "Qalyubia"), ("Qalyoubia", "Qalyubia"), ("Qaliubya", "Qalyubia"),
    ("Fayoum", "Faiyum"), ("Fayyoum", "Faiyum"), ("Faiyum", "Faiyum"),
    ("Dahshour", "Giza"), ("Dahshur", "Giza"),
    ("Daqahliya", "Dakahlia"), ("Dakahlia", "Dakahlia"),
    ("Menoufiya", "Monufia"), ("Monufia", "Monufia"),
    ("Ismailiya", "Ismailia"), ("Ismailia", "Ismailia"),
    ("El-Arish", "North Sinai"), ("Benghazi", "Benghazi"),
])
def test_spelling_variants_resolve_to_one_subdivision(extractor: Extractor, name: str, admin1: str):
    place = extractor.gazetteer.lookup(name, "EG")
    assert place is not None and place.admin1 == admin1


def test_country_names_win_over_towns_named_after_them(extractor: Extractor):
    place = extractor.gazetteer.lookup("Egypt")
    assert place is not None and place.kind == "country" and place.country_code == "EG"


@pytest.mark.parametrize(("text", "actor_id"), [
    ("Hasm gunmen", "hasm"), ("Harakat Sawa'd Misr", "hasm"), ("Hasam movement", "hasm"),
    ("Ansar Bayt al-Maqdis", "ansar-bayt-al-maqdis"), ("Ansar Jerusalem", "ansar-bayt-al-maqdis"),
    ("Ansar Beit al-Maqdis", "ansar-bayt-al-maqdis"), ("Wilayat Sinai", "ansar-bayt-al-maqdis"),
    ("ISIS", "isis"), ("ISIL", "isis"), ("Daesh", "isis"), ("the LNA", "lna"), ("Haftar's forces", "lna"),
    ("al-Shabab fighters", "al-shabaab"), ("Boko Haram", "boko-haram"),
])
def test_group_aliases(extractor: Extractor, text: str, actor_id: str):
    hits = [h for h in extractor.actors.find(text) if h.kind == "group"]
    assert hits and hits[0].actor_id == actor_id


def test_state_forces_keep_their_branch_and_country(extractor: Extractor):
    hits = [h for h in extractor.actors.find("Iraqi security forces and the police") if h.kind == "state"]
    assert [(h.branch, h.country_code) for h in hits] == [("security forces", "IQ"), ("police", None)]
    assert extractor.actors.state_label("police", "EG") == "Egyptian police"
