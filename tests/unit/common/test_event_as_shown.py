"""How an undated report is dated when shown with its incident."""

from datetime import date

from sitrep_common.models import DateHint, Event


def _undated(hint: DateHint | None) -> Event:
    return Event(event_id="a:0", article_id="a", primary=True, event_type="Battles", sub_event_type="Armed clash",
                 date_hint=hint)


def test_an_undated_report_shows_its_incidents_date_flagged_as_such() -> None:
    shown = _undated(None).linked_to("inc-1", date(2019, 5, 28), "day", [date(2019, 5, 28), date(2019, 5, 29)])
    assert (shown.incident_id, shown.date, shown.date_source) == ("inc-1", date(2019, 5, 28), "incident")


def test_its_weekday_picks_the_source_date_that_fits() -> None:
    # Sources disagree (28 or 29 May 2019); the report said "on Wednesday": the 29th.
    shown = _undated(DateHint(weekday=2)).linked_to("inc-1", date(2019, 5, 28), "day",
                                                     [date(2019, 5, 28), date(2019, 5, 29)])
    assert shown.date == date(2019, 5, 29) and shown.date_precision == "day"


def test_a_dated_report_keeps_its_own_date() -> None:
    dated = _undated(None).model_copy(update={"date": date(2019, 5, 27), "date_precision": "day"})
    assert dated.linked_to("inc-1", date(2019, 5, 28), "day").date == date(2019, 5, 27)
