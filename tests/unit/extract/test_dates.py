from datetime import date

from sitrep_common.dates import Publication, Reference, find_dates, infer_publication, resolve_weekday


def _published(text: str):
    found = infer_publication(text)
    return found.day if found else None


def _first(text: str, ref: Reference | None):
    found = [d for d in find_dates(text, ref) if d.relation == "at"]
    return (found[0].value, found[0].precision) if found else None


def test_weekday_resolves_to_most_recent_on_or_before_publication():
    ref = Reference(date(2021, 3, 14))  # a Sunday
    assert _first("gunmen attacked on Saturday", ref) == (date(2021, 3, 13), "day")
    assert _first("the raid on Sunday", ref) == (date(2021, 3, 14), "day")
    assert _first("late Monday", ref) == (date(2021, 3, 8), "day")


def test_weekday_against_a_guessed_reference_takes_the_nearest_day():
    guessed = Reference(date(2021, 3, 11), exact=False)  # a Thursday read from a caption
    assert resolve_weekday(4, guessed) == date(2021, 3, 12)
    assert resolve_weekday(1, guessed) == date(2021, 3, 9)


def test_relative_periods_have_coarser_precision():
    ref = Reference(date(2021, 3, 14))
    assert _first("Last month, the group struck", ref) == (date(2021, 2, 1), "month")
    assert _first("last week", ref)[1] == "week"  # type: ignore[index]
    assert _first("yesterday", ref) == (date(2021, 3, 13), "day")
    assert _first("in 2015", ref) == (date(2015, 1, 1), "year")


def test_absolute_dates_and_missing_year():
    ref = Reference(date(2021, 1, 5))
    assert _first("on Dec. 30", ref) == (date(2020, 12, 30), "day")
    assert _first("on 3 March 2019", None) == (date(2019, 3, 3), "day")
    assert _first("on Friday", None) == (None, None)  # no reference: left unresolved, never today's date


def test_since_is_not_the_event_date():
    assert [d.relation for d in find_dates("the first attack since June 2", Reference(date(2021, 7, 1)))] == ["since"]


def test_infer_publication_from_dateline_or_caption():
    assert _published("Title\n3 min read\n12 April, 2016\nPolice said...") == date(2016, 4, 12)
    assert _published("Photo taken Monday, May 2, 2022. Image Credit: AP") == date(2022, 5, 2)
    assert _published("No date here at all.") is None


def test_what_an_inferred_publication_date_rests_on():
    assert infer_publication("Title\nPublished 03 Sep, 2014 06:02am\nA bomb ...") == Publication(
        date(2014, 9, 3), "label")
    assert infer_publication("Title\n12 April, 2016\nPolice said ...") == Publication(date(2016, 4, 12), "dateline")
    caption = "Title\nA picture taken on October 21, 2017 shows police at the site of the attack, which killed 16."
    assert infer_publication(caption) == Publication(date(2017, 10, 21), "mentioned")
    # A date deep in the body is background ("since the crackdown of August 14, 2013"), not publication.
    body = "Police were killed on Tuesday. " + "More words follow here. " * 80 + "It began on August 14, 2013."
    assert infer_publication(body) is None
    # Never after the article was received.
    assert infer_publication("Title\n12 April, 2016\nPolice said", not_after=date(2016, 4, 1)) is None


def test_day_and_month_without_a_year_before_a_lowercase_word():
    # The "not a place name" guard ("6th of October City") must not reject "2 September is ...".
    [found] = find_dates("The attack on 2 September is the latest in a string of attacks.", None)
    assert found.value is None and found.month_day == (9, 2)
    assert find_dates("in 6th of October City", None) == []
    [resolved] = find_dates("police said on October 6 that", Reference(date(2021, 10, 9)))
    assert resolved.value == date(2021, 10, 6)
