"""Incident snapshots: consensus fields, figures with every claim, wire copies counted once."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sitrep_common.models import Event, MatchInfo
from sitrep_dedupe.consensus import build_incident
from sitrep_dedupe.outlets import source_key

T0 = datetime(2017, 10, 27, 12, 0, tzinfo=UTC)


def ev(event_id: str, outlet: str, **fields: Any) -> Event:
    base: dict[str, Any] = {
        "event_id": event_id,
        "article_id": f"art-{event_id}",
        "outlet": outlet,
        "primary": True,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": date(2017, 10, 20),
        "date_precision": "day",
        "country": "Egypt",
        "country_code": "EG",
        "admin1": "Giza",
    }
    base.update(fields)
    return Event(**base)


# The Wahat ambush as five outlets told it: the ministry's 16 against other media's 54.
EVENTS = [
    ev("e1", "Daily News Egypt", killed=16, injured=13, location="Al-Wahat road", lat=29.0, lon=30.0),
    ev("e2", "National Post (AP)", killed=16, location="Bahariya oasis road"),
    ev("e3", "Yahoo News (AP)", killed=16, location="Bahariya oasis road"),
    ev("e4", "Iran News Daily (AFP)", killed=54, date=date(2017, 10, 21),
       event_type="Violence against civilians", sub_event_type="Attack"),
    ev("e5", "Mada Masr", killed=53, injured=None, admin1=None, location=None,
       event_type="Violence against civilians", sub_event_type="Attack"),
    # A background mention in an article about something else: it must not decide anything.
    ev("e6", "Egypt Today", primary=False, killed=99, event_type="Strategic developments",
       sub_event_type="Other", date=date(2017, 10, 19)),
]
MATCHES = {
    e.event_id: MatchInfo(matched_event_id="e1", score=0.8, features={"date": 1.0})
    for e in EVENTS
    if e.event_id != "e1"
}


def build(events: list[Event]) -> Any:
    return build_incident("inc-1", events, MATCHES, version=3, created_at=T0, updated_at=T0)


def test_snapshot_does_not_depend_on_event_order() -> None:
    first = build(EVENTS).model_dump()
    for perm in itertools.islice(itertools.permutations(EVENTS), 0, None, 37):
        assert build(list(perm)).model_dump() == first


def test_wire_copies_count_as_one_source() -> None:
    incident = build(EVENTS)
    # Daily News Egypt, AP (twice), AFP, Mada Masr, Egypt Today.
    assert incident.independent_sources == 5
    assert len(incident.sources) == 6


@pytest.mark.parametrize(
    ("outlet", "key"),
    [
        ("National Post (AP)", "ap"),
        ("Yahoo News (AP)", "ap"),
        ("Associated Press", "ap"),
        ("Arabs Today (AP via Arab News)", "ap"),
        ("boorsee.com (AP-sourced report)", "ap"),
        ("The Jerusalem Post (Reuters)", "reuters"),
        ("Reuters", "reuters"),
        ("IslamWeb (Al Jazeera text)", "al jazeera"),
        ("Al Jazeera", "al jazeera"),
        ("The New Arab (reprinted on zero-ready.com)", "new arab"),
        ("Tahrir Institute for Middle East Policy (TIMEP)", "tahrir institute for middle east policy"),
        ("AllAfrica (Aswat Masriya)", "aswat masriya"),
    ],
)
def test_source_key(outlet: str, key: str) -> None:
    assert source_key(outlet, "a1") == key


def test_unknown_outlets_are_each_their_own_source() -> None:
    assert source_key(None, "a1") != source_key(None, "a2")


def test_killed_figure_keeps_every_claim_and_the_spread() -> None:
    killed = build(EVENTS).killed
    assert [c.event_id for c in killed.sources] == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert killed.min == 16
    assert killed.max == 99
    # 16: Daily News Egypt + AP (its two copies vote once) beats 54 (AFP) and 53 (Mada Masr).
    assert killed.best == 16


def test_figure_tie_goes_to_the_larger_value() -> None:
    killed = build([ev("a", "Reuters", killed=12), ev("b", "AFP", killed=13)]).killed
    assert (killed.best, killed.min, killed.max) == (13, 12, 13)


def test_figure_without_numbers_is_empty() -> None:
    injured = build([ev("a", "Reuters"), ev("b", "AFP")]).injured
    assert injured.best is None and injured.sources == []


def test_consensus_fields_prefer_primary_reports() -> None:
    incident = build(EVENTS)
    assert (incident.event_type, incident.sub_event_type) == ("Battles", "Armed clash")
    assert incident.date == date(2017, 10, 20) and incident.date_precision == "day"
    assert incident.admin1 == "Giza"
    # The geocoded location wins over the more common but ungeocoded one.
    assert (incident.location, incident.lat, incident.lon) == ("Al-Wahat road", 29.0, 30.0)
    assert incident.country_code == "EG"


def test_more_precise_date_wins() -> None:
    events = [
        ev("a", "Reuters", date=date(2017, 10, 16), date_precision="week"),
        ev("b", "AFP", date=date(2017, 10, 16), date_precision="week"),
        ev("c", "Mada Masr", date=date(2017, 10, 20)),
    ]
    incident = build(events)
    assert (incident.date, incident.date_precision) == (date(2017, 10, 20), "day")


def test_ids_and_match_info() -> None:
    incident = build(list(reversed(EVENTS)))
    assert incident.event_ids == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert incident.article_ids == sorted(f"art-{e.event_id}" for e in EVENTS)
    by_id = {s.event_id: s for s in incident.sources}
    assert by_id["e1"].match is None
    assert by_id["e4"].match is not None and by_id["e4"].match.score == 0.8
    assert incident.version == 3


def test_no_events_is_an_error() -> None:
    with pytest.raises(ValueError, match="no events"):
        build([])


def test_copies_marked_by_ingest_count_once_with_their_original_and_are_listed() -> None:
    original = ev("o", "Daily Paper")
    copy_1 = ev("c1", "Other Paper").model_copy(update={"copy_of": original.article_id})
    copy_2 = ev("c2", "Third Paper").model_copy(update={"copy_of": original.article_id})
    independent = ev("i", "Radio Station")
    inc = build([original, copy_1, copy_2, independent])
    assert inc.independent_sources == 2
    keys = {s.event_id: s.source_key for s in inc.sources}
    assert keys[copy_1.event_id] == keys[copy_2.event_id] == keys[original.event_id] != keys[independent.event_id]
    # Copies whose original is not in the incident still count once, together.
    assert build([copy_1, copy_2, independent]).independent_sources == 2
