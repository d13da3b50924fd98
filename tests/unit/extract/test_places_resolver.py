"""The toponym resolver on short invented articles: population, the article's countries and states, datelines,
"City, State" pairs, demonyms, possessives, and street names that are no towns."""

from datetime import date

import pytest
from sitrep_common.models import Event
from sitrep_extract.extractor import Extractor
from sitrep_extract.geo_context import find_dateline, local_constraint

from tests.unit.extract.invented import main_event


def _main(extractor: Extractor, text: str, title: str | None = None) -> Event:
    return main_event(extractor, text, published=date(2023, 3, 6), title=title, url="http://example.org/p")


@pytest.mark.parametrize(("text", "country", "admin1"), [
    # A dateline's country, and "the Chilean capital" for the city: not the Dominican province of Santiago.
    ("SANTIAGO, Chile (AP) - Thousands of protesters marched through the Chilean capital on Sunday and police "
     "fired tear gas at them, officials said.", "Chile", "Santiago Metropolitan"),
    ("Police fired tear gas at thousands of protesters who marched through the Chilean capital on Sunday, "
     "officials said.", "Chile", "Santiago Metropolitan"),
    # ACLED files Gaza under Palestine.
    ("An Israeli air strike killed five people in Khan Younis on Sunday, medics said.", "Palestine", "Gaza Strip"),
    ("Gunmen killed at least 12 villagers in Nigeria's Zamfara state on Sunday, police said.", "Nigeria",
     "Zamfara"),
    ("French troops clashed with militants near Bamako on Sunday, killing four of them, the army said.", "Mali",
     "Bamako"),
    # Manchester, England, not the Virginia namesake.
    ("MANCHESTER, England - A suicide bomber killed 22 people at a concert in Manchester on Sunday, British "
     "police said.", "United Kingdom", "England"),
    # Datelines: London, England by default; London, Ontario when the dateline says so.
    ("LONDON (Reuters) - A man stabbed three people in London on Sunday, police said.", "United Kingdom",
     "England"),
    ("LONDON, Ontario - A man stabbed three people in London on Sunday, police said.", "Canada", "Ontario"),
    # US local news: "City, State", AP abbreviations, postal codes, station datelines.
    ("A gunman shot and killed two men in Dayton, Ohio, on Sunday, police said.", "United States", "Ohio"),
    ("INDIANAPOLIS (WTHR) - A gunman shot and killed two men outside a house on Raceway Rd on Sunday, police "
     "said.", "United States", "Indiana"),
    ("HOPE, Ark. - A gunman shot and wounded three people at a party on Sunday, police said.", "United States",
     "Arkansas"),
    ("KANSAS CITY, Mo. - A gunman shot and killed two men on Sunday, police said.", "United States", "Missouri"),
    ("HALIFAX CO., Va. - A gunman shot and wounded two hunters on Sunday, deputies said.", "United States",
     "Virginia"),
    # A Russian strike on Kyiv happened in Ukraine, however often the article says "Russian".
    ("Russian drones struck Kyiv on Sunday, killing three people, the Russian army's critics said.", "Ukraine",
     None),
    # ACLED files Hong Kong under China.
    ("Police fired tear gas at protesters in Hong Kong on Sunday.", "China", "Hong Kong"),
])
def test_country_and_admin1(extractor: Extractor, text: str, country: str, admin1: str | None):
    event = _main(extractor, text)
    assert event.country == country
    if admin1 is not None:
        assert event.admin1 == admin1


def test_a_street_named_like_a_town_is_no_town(extractor: Extractor):
    event = _main(extractor, "DAYTON, Ohio - A gunman shot and killed a man on Spring St. on Sunday, police said.")
    assert (event.country, event.admin1, event.location) == ("United States", "Ohio", "Dayton")


def test_a_common_word_at_the_start_of_a_sentence_is_no_town(extractor: Extractor):
    text = "Police said a gunman shot and killed two men in Joliet, Ill., on Sunday. Police are looking for him."
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("United States", "Illinois")


def test_a_county_pins_the_state(extractor: Extractor):
    text = "A gunman shot and killed two men in Springfield on Sunday, the Hampden County district attorney said."
    assert _main(extractor, text).admin1 == "Massachusetts"


def test_datelines(extractor: Extractor):
    g = extractor.gazetteer
    found = find_dateline("CAIRO (Reuters) - Egyptian forces killed 12 militants.", g)
    assert found is not None and found[0].country_code == "EG"
    found = find_dateline("Menu\nNOBLE TOWNSHIP, BRANCH CO, MI (WTVB) - A body was found.", g)
    assert found is not None and found[0].admin1 == "Michigan"
    found = find_dateline("June 3, 2019 (KHARTOUM) - Forces stormed the sit-in.", g)
    assert found is not None and found[0].country_code == "SD"
    assert find_dateline("The army said on Sunday that it killed 12 militants.", g) is None


def test_words_around_a_name_pin_it(extractor: Extractor):
    g = extractor.gazetteer
    text = "in Dayton, Ohio and in Hope, Ark. and in Nigeria's Zamfara state and the Malian town of Boni"
    assert local_constraint(text, 3, 9, g) == ("US", "Ohio")
    start = text.index("Hope")
    assert local_constraint(text, start, start + 4, g) == ("US", "Arkansas")
    start = text.index("Zamfara")
    assert local_constraint(text, start, start + 7, g) == ("NG", None)
    start = text.index("Boni")
    assert local_constraint(text, start, start + 4, g) == ("ML", None)


def test_country_names_follow_acled(extractor: Extractor):
    g = extractor.gazetteer
    assert g.lookup("Gaza Strip") is not None and g.lookup("Gaza Strip").country == "Palestine"  # type: ignore
    assert g.country("CD") is not None and g.country("CD").name == "Democratic Republic of Congo"  # type: ignore
    assert g.capital("CL") is not None and g.capital("CL").name == "Santiago"  # type: ignore
