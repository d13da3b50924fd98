"""Other incidents an article tells besides its news: past acts someone is charged with, "in a separate incident",
"since <month>, when ...", and the dates and tolls that mark them. Short texts written for these tests."""

from datetime import UTC, date, datetime

from sitrep_common.dates import Reference, find_dates
from sitrep_common.models import Article, Event
from sitrep_extract.casualties import find_figures
from sitrep_extract.extractor import Extractor


def _events(extractor: Extractor, text: str, published: date | None = date(2021, 3, 12)) -> list[Event]:
    art = Article(article_id="t3", external_id="ext", url=None, outlet="Example", published=published,
                  title=None, text=text, received_at=datetime.now(UTC))
    return extractor.extract(art)


def _killed(text: str) -> list[int | None]:
    return [f.count.best for f in find_figures(text) if f.kind == "killed"]


def test_year_qualifying_a_noun_and_this_month_are_dates():
    ref = Reference(date(2021, 3, 12))
    year = find_dates("He led a 2016 raid in which nine guards died.", ref)
    assert [(d.value, d.precision, d.relation) for d in year] == [(date(2016, 1, 1), "year", "at")]
    month = find_dates("This month, the province saw its worst bombing in years.", ref)
    assert [(d.value, d.precision) for d in month] == [(date(2021, 3, 1), "month")]
    assert find_dates("The court heard 2016 witnesses.", ref) == []  # a number, not a year of something


def test_since_a_month_when_dates_the_earlier_incident():
    ref = Reference(date(2021, 3, 12))
    since = find_dates("the deadliest since May, when gunmen raided a base", ref)[0]
    assert (since.value, since.relation) == (date(2020, 5, 1), "at")
    plain = find_dates("the deadliest since May", ref)[0]
    assert plain.relation == "since"
    undated = find_dates("the deadliest since May, when gunmen raided a base", None)[0]
    assert undated.value is None and undated.month == 5  # no year to put it in: the month is still said


def test_years_and_attackers_are_not_tolls():
    assert _killed("including a 2016 ambush that killed 9 border guards") == [9]
    assert _killed("two gunmen shot dead a senior officer outside his home") == [1]  # the officer, not the gunmen
    assert _killed("Two militants killed in a shootout with police") == [2]  # a headline's passive
    assert _killed("The ministry announced the killing of three wanted gunmen in the raid.") == [3]


def test_past_act_someone_is_charged_with_is_another_incident(extractor: Extractor):
    text = ("Authorities in Mali executed a militant commander on Tuesday, the army said.\n\n"
            "Charges against him included his role in an ambush that killed 14 soldiers near Gao.\n\n"
            "He was executed at a prison in Bamako, the army added.")
    events = _events(extractor, text)
    main = next(e for e in events if e.primary)
    assert main.killed != 14  # the ambush's toll is not the execution's
    assert any(not e.primary and e.killed == 14 for e in events)


def test_suspects_linked_to_a_past_act_stay_the_news(extractor: Extractor):
    text = "Police killed three militants on Tuesday who were suspected of an ambush that killed 14 soldiers in Gao."
    events = _events(extractor, text)
    assert len(events) == 1 and events[0].killed == 3


def test_in_a_separate_incident_starts_another_incident(extractor: Extractor):
    text = ("A car bomb killed 9 soldiers at a checkpoint in Gao on Tuesday, officials said.\n\n"
            "In a separate incident on Tuesday, gunmen shot dead a police officer in Mopti.")
    events = _events(extractor, text)
    assert len(events) == 2
    other = next(e for e in events if not e.primary)
    assert other.killed == 1 and other.admin1 == "Mopti"


def test_since_when_clause_is_an_earlier_incident(extractor: Extractor):
    text = ("A roadside bomb killed 7 soldiers in Gao on Tuesday. It was the deadliest attack since October, "
            "when gunmen stormed an army post in Mopti, killing 21 soldiers.")
    events = _events(extractor, text)
    main = next(e for e in events if e.primary)
    assert main.killed == 7 and main.admin1 == "Gao"
    earlier = [e for e in events if not e.primary and e.killed == 21]
    assert earlier and earlier[0].date == date(2020, 10, 1) and earlier[0].date_precision == "month"
