"""Where an article is when its text says little: the outlet's address, the title's "City, ST", a town's own
police force, a dateline read with the rest of the article, the article's home subdivision as the scene of last
resort, and provinces where the news names them (the Philippines)."""

from datetime import UTC, date, datetime

import pytest
from sitrep_common.models import Article, Event
from sitrep_extract.extractor import Extractor
from sitrep_extract.outlet_place import outlet_places

from tests.unit.extract.invented import main_event


def _main(extractor: Extractor, text: str, title: str | None = None, url: str = "http://example.org/p") -> Event:
    return main_event(extractor, text, published=date(2023, 3, 6), title=title, url=url)


@pytest.mark.parametrize(("url", "names"), [
    ("https://www.dallasnews.com/news/crime/2016/05/01/man-shot/", {"Dallas"}),
    ("http://nbcphiladelphia.com/news/local/story-1234", {"Philadelphia"}),
    ("http://boston.cbslocal.com/2015/06/27/story/", {"Boston"}),
    ("http://www.chron.com/news/houston-texas/houston/article/story.php", {"Houston", "Texas"}),
    ("https://patch.com/georgia/decatur/story-slug", {"Georgia"}),
    ("https://www.egypttoday.com/Article/1/123/story", {"Egypt"}),
    # Words that only contain a name: a section called "new-england", another country's region in a host.
    ("http://www.necn.com/news/new-england/story-slug", set()),
    ("https://federalnewsradio.com/government-news/story", set()),
    ("https://www.reuters.com/world/story-slug", set()),
    (None, set()),
])
def test_outlet_places_from_the_address(extractor: Extractor, url: str | None, names: set[str]):
    assert {p.name for p in outlet_places(url, extractor.gazetteer)} == names


def test_the_outlets_home_breaks_a_tie_between_namesakes(extractor: Extractor):
    text = "A baby was wounded by a stray bullet in Richmond on Sunday night, police said."
    assert _main(extractor, text).admin1 == "Virginia"  # the larger Richmond, with nothing else to go by
    event = _main(extractor, text, url="https://www.californiatimes.example/local/story-slug")
    assert (event.country, event.admin1) == ("United States", "California")


def test_an_article_naming_no_country_is_placed_at_its_outlets_home(extractor: Extractor):
    text = "A man was shot dead outside a bar on Weber Street late on Saturday, police said."
    event = _main(extractor, text, url="https://www.fresnobee.com/news/local/crime/article1.html")
    assert (event.country, event.admin1) == ("United States", "California")


def test_the_title_names_the_outlets_city_and_state(extractor: Extractor):
    text = "A gunman shot and wounded a man in Marion County on Wednesday night, the sheriff's office said."
    event = _main(extractor, text, title="Child shot in Marion County - News 9 - Hattiesburg, MS")
    assert (event.country, event.admin1) == ("United States", "Mississippi")


def test_a_towns_police_force_names_the_town(extractor: Extractor):
    text = ("Albuquerque police said a teenager was killed on Wednesday when his friend fired a gun he thought "
            "was unloaded.")
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("United States", "New Mexico")


def test_a_dateline_is_read_with_the_county_the_article_names(extractor: Extractor):
    text = ("TAUNTON (WXYZ) - A man died and three others were hurt in a shooting on Saturday, the Bristol County "
            "District Attorney's Office said.")
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("United States", "Massachusetts")


def test_a_philippine_town_is_in_its_province(extractor: Extractor):
    text = "Soldiers clashed with militants in Marawi City on Tuesday, killing five of them, the army said."
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("Philippines", "Lanao del Sur")


def test_the_philippine_capital_region_keeps_its_name(extractor: Extractor):
    gazetteer = extractor.gazetteer
    manila = gazetteer.lookup("Manila", "PH")
    assert manila is not None and manila.admin1 == "Metro Manila"
    province = gazetteer.lookup("Lanao del Sur", "PH")
    assert province is not None and province.kind == "admin1"


def test_a_park_named_after_a_town_elsewhere_is_no_scene(extractor: Extractor):
    text = ("LOUISVILLE, Ky. (WXYZ) - Two men were shot and killed at Shawnee Park on Thursday afternoon, police "
            "said.")
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("United States", "Kentucky")


def test_a_dateline_after_a_photo_caption_is_still_the_dateline(extractor: Extractor):
    text = ("A man listens to the judge at his arraignment.\n\nPhoto: Staff\n\nSPRINGFIELD, Mass. (WXYZ) - A gunman "
            "shot and killed a teenager on Monday night, police said.")
    event = _main(extractor, text)
    assert (event.country, event.admin1) == ("United States", "Massachusetts")


def test_a_background_mention_does_not_take_the_articles_home_subdivision(extractor: Extractor):
    # Only the main event falls back on where the article as a whole is; an earlier incident recalled without a
    # place is as likely elsewhere, and giving it the home would keep it from the incident it recalls.
    text = ("Gunmen killed four soldiers at a checkpoint in Arish in North Sinai on Tuesday, security officials "
            "said.\n\nThe soldiers were guarding the main road in Arish when the attackers opened fire.\n\n"
            "In 2015, a suicide bombing killed 16 policemen, the deadliest attack of that year.")
    art = Article(article_id="home1", external_id="ext", url=None, outlet="Example", published=date(2019, 3, 6),
                  title=None, text=text, received_at=datetime.now(UTC))
    events = extractor.extract(art)
    main = next(e for e in events if e.primary)
    recalled = next(e for e in events if not e.primary and e.killed == 16)
    assert main.admin1 == "North Sinai"
    assert recalled.admin1 is None
