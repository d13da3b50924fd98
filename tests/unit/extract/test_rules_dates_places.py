"""General rules for dates, places and countries, on short texts written for these tests."""

from datetime import UTC, date, datetime

from sitrep_common.dates import Reference, find_dates, infer_publication
from sitrep_common.models import Article
from sitrep_extract.casualties import find_figures
from sitrep_extract.extractor import Extractor


def _published(text: str):
    found = infer_publication(text)
    return found.day if found else None


def _article(text: str, published: date | None = date(2022, 5, 15), title: str | None = None,
             copy_of: str | None = None) -> Article:
    return Article(article_id="t2", url="http://example.org/b", outlet="Example", published=published, title=title,
                   text=text, received_at=datetime.now(UTC), copy_of=copy_of)


def _main(extractor: Extractor, text: str, **kw: object):
    return next(e for e in extractor.extract(_article(text, **kw)) if e.primary)  # type: ignore[arg-type]


def test_dateline_dates_the_report_not_the_event():
    found = find_dates("KANO – 12 March 2022: Gunmen attacked a village on Friday", None)
    assert [d.relation for d in found] == ["reported", "at"]
    assert find_dates("Lagos, Oct. 27, 2021 (Wire) - Police said", None)[0].relation == "reported"
    assert find_dates("The story was published on May 3, 2020, before", None)[0].relation == "reported"


def test_publication_date_read_from_a_dateline():
    text = "Some menu\nKABUL - 4 June 2021: A bomb exploded.\nA photo taken on June 9, 2021 shows the site."
    assert _published(text) == date(2021, 6, 4)


def test_the_day_next_to_the_event_word_dates_it(extractor: Extractor):
    text = ("A funeral was held on Sunday for seven soldiers who were killed in an ambush on Saturday near "
            "Maiduguri, the army said.")
    assert _main(extractor, text).date == date(2022, 5, 14)


def test_a_precise_day_wins_over_a_background_month(extractor: Extractor):
    text = ("Police killed two gunmen in a shootout in Kano on Friday. The men were wanted for the killing of "
            "a policeman in March, police said.")
    assert _main(extractor, text).date == date(2022, 5, 13)


def test_earliest_announcement_bounds_an_undated_event(extractor: Extractor):
    text = ("The army said on Sunday that soldiers killed 12 militants in a raid in Borno state. "
            "State radio reported on Friday that soldiers killed militants in the raid in Borno.")
    assert _main(extractor, text).date == date(2022, 5, 13)


def test_admin1_for_any_country_from_geonames(extractor: Extractor):
    ev = _main(extractor, "Gunmen killed nine villagers in an attack near Maiduguri on Tuesday, police said.")
    assert (ev.country, ev.admin1) == ("Nigeria", "Borno")
    ev = _main(extractor, "A roadside bomb killed four soldiers in Kunduz on Monday, officials said.")
    assert (ev.country_code, ev.admin1) == ("AF", "Kunduz")


def test_a_reference_point_after_the_capital_is_not_the_scene(extractor: Extractor):
    text = ("Police arrested 12 suspected militants in Fayoum province, southwest of the capital, Cairo, "
            "the ministry said on Tuesday.")
    assert _main(extractor, text).admin1 == "Faiyum"


def test_a_region_borrows_the_subdivision_of_a_town_in_it(extractor: Extractor):
    text = ("Militants killed 11 soldiers in an attack in the Sinai Peninsula on Friday. "
            "A suicide bomber struck a checkpoint outside Rafah before gunmen opened fire, officials said.")
    ev = _main(extractor, text)
    assert ev.admin1 == "North Sinai"


def test_handover_happens_where_the_giver_is(extractor: Extractor):
    text = ("Libyan forces handed over a wanted militant to Egypt on Wednesday. The militant was flown to "
            "Cairo, where he landed at a military airport, Egyptian state television said.")
    ev = _main(extractor, text, title="Libyan forces hand over militant to Egypt")
    assert ev.country == "Libya"


def test_copy_of_is_carried_to_every_event(extractor: Extractor):
    events = extractor.extract(_article("Gunmen killed three police officers in Kano on Friday, police said.",
                                        copy_of="original-1"))
    assert events and all(e.copy_of == "original-1" for e in events)


def test_death_toll_with_a_long_subject():
    figs = find_figures("The death toll from the bombing that hit the market in the city centre has risen to 16.")
    assert [(f.kind, f.count.best) for f in figs] == [("killed", 16)]


def test_weekday_against_reference():
    assert find_dates("on Friday", Reference(date(2022, 5, 15)))[0].value == date(2022, 5, 13)
