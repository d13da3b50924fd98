"""Relative and weekday expressions resolved against the publication date; which day dates the event. Texts are
invented, one per behaviour."""

from datetime import UTC, date, datetime

import pytest
from sitrep_common.dates import Reference, find_dates, infer_publication
from sitrep_extract.extractor import Extractor

from tests.unit.extract.invented import main_event

# When the test articles arrived: the reference day of an article with no publication date.
RECEIVED = datetime(2021, 3, 20, tzinfo=UTC)

MONDAY = Reference(date(2021, 3, 15))
WEDNESDAY = Reference(date(2021, 3, 17))
THURSDAY = Reference(date(2021, 3, 18))


def _at(text: str, ref: Reference | None) -> tuple[date | None, str | None]:
    found = [d for d in find_dates(text, ref) if d.relation == "at"]
    assert found, text
    return found[0].value, found[0].precision


@pytest.mark.parametrize(("text", "ref", "day"), [
    ("Gunmen stormed the checkpoint late on Sunday.", MONDAY, date(2021, 3, 14)),
    ("The army shelled the town on Wednesday.", WEDNESDAY, date(2021, 3, 17)),
    ("Protesters marched on Tuesday.", THURSDAY, date(2021, 3, 16)),
    ("A car bomb exploded yesterday near the market.", MONDAY, date(2021, 3, 14)),
    ("Rebels shelled the port last night.", MONDAY, date(2021, 3, 14)),
    ("Soldiers raided the camp overnight, killing four fighters.", MONDAY, date(2021, 3, 14)),
    ("Militants attacked the base overnight into Sunday.", MONDAY, date(2021, 3, 13)),
    ("Two men were shot Saturday night outside a bar.", MONDAY, date(2021, 3, 13)),
    ("The convoy was ambushed early on Friday.", MONDAY, date(2021, 3, 12)),
    ("The village was attacked two days ago.", MONDAY, date(2021, 3, 13)),
    ("Police say the girl was wounded 3 days ago.", MONDAY, date(2021, 3, 12)),
    ("The militia seized the town on March 3.", MONDAY, date(2021, 3, 3)),
    ("The militia seized the town on 3 March 2017.", MONDAY, date(2017, 3, 3)),
    ("He was abducted last Monday.", MONDAY, date(2021, 3, 8)),
])
def test_day_resolved_against_publication(text: str, ref: Reference, day: date) -> None:
    assert _at(text, ref) == (day, "day")


def test_coarser_periods_keep_their_precision() -> None:
    assert _at("The clashes began earlier this week.", THURSDAY)[1] == "week"
    assert _at("The group took the district last month.", MONDAY) == (date(2021, 2, 1), "month")


def test_a_day_still_to_come_never_dates_the_event() -> None:
    found = find_dates("The suspect will appear in court on Friday.", MONDAY)
    assert [(d.relation, d.value) for d in found] == [("planned", date(2021, 3, 19))]


def test_when_it_was_said_is_not_when_it_happened() -> None:
    assert [d.relation for d in find_dates("the army said in a statement on Sunday", MONDAY)] == ["reported"]
    assert [d.relation for d in find_dates("Police held a news conference Sunday afternoon", MONDAY)] == ["reported"]


def test_a_page_date_stamp_is_not_an_event_date() -> None:
    assert [d.relation for d in find_dates("date 2021-03-15 Gunmen killed six farmers", None)] == ["reported"]
    # but a sentence about that day is
    assert [d.relation for d in find_dates("March 30, 2019, marked a year of protests.", None)] == ["at"]


def test_publication_inferred_from_a_day_in_the_lead() -> None:
    text = "Crowds rally in the capital\nThousands marched in the capital on June 9, 2019, against the bill."
    found = infer_publication(text)
    assert found is not None and found.day == date(2019, 6, 9)


def _primary_date(extractor: Extractor, text: str, published: date | None) -> date | None:
    return main_event(extractor, text, published=published, outlet=None, received_at=RECEIVED).date


def test_a_day_stated_in_the_text_wins_over_publication(extractor: Extractor) -> None:
    text = ("A man was killed in a shooting in the north of the city, police said. "
            "The shooting happened Saturday night outside a convenience store.")
    assert _primary_date(extractor, text, date(2021, 3, 15)) == date(2021, 3, 13)


def test_the_act_is_dated_not_its_announcement(extractor: Extractor) -> None:
    text = ("Gunmen killed 12 villagers in a remote district, officials said on Monday. "
            "Saturday's attack was the deadliest in the area this year.")
    assert _primary_date(extractor, text, date(2021, 3, 15)) == date(2021, 3, 13)


def test_a_background_date_does_not_date_the_event(extractor: Extractor) -> None:
    text = ("Militants attacked an army post on Tuesday, killing seven soldiers, the army said. "
            "The group has staged dozens of attacks since March 2019.")
    assert _primary_date(extractor, text, date(2021, 3, 18)) == date(2021, 3, 16)



def test_the_act_is_dated_not_what_followed_it(extractor: Extractor) -> None:
    text = ("The victim was identified Wednesday by police. "
            "He was shot in the leg Sunday night outside a store.")
    assert _primary_date(extractor, text, date(2021, 3, 18)) == date(2021, 3, 14)
