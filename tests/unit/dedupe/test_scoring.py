"""Pairwise matching: hard gates, symmetry, tolerance to outlet disagreement, look-alikes kept apart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sitrep_common.models import DateHint, Event
from sitrep_dedupe import scoring
from sitrep_dedupe.scoring import match, window_days
from sitrep_dedupe.taxonomy import type_compatibility


def ev(event_id: str, **fields: Any) -> Event:
    """A fully extracted report of a police raid; override what the test is about."""
    base: dict[str, Any] = {
        "event_id": event_id,
        "article_id": f"art-{event_id}",
        "primary": True,
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": date(2017, 10, 27),
        "date_precision": "day",
        "country": "Egypt",
        "country_code": "EG",
        "admin1": "New Valley",
        "location": "farm hideout, New Valley province",
        "perpetrator": "Egyptian security forces",
        "perpetrator_id": "egyptian-security-forces",
        "target": "militants",
        "killed": 13,
        "keywords": ["raid", "militant", "desert", "farm", "kill"],
    }
    base.update(fields)
    return Event(**base)


SAME_INCIDENT = [
    # Different tolls (12 vs 13), wording and place description.
    (ev("a"), ev("b", killed=12, location="New Valley governorate, western desert",
                 keywords=["militant", "western", "desert", "clash", "kill"])),
    # Official toll vs other media (16 vs 54), a day apart, one without perpetrator.
    (ev("c", killed=16, injured=13), ev("d", killed=54, date=date(2017, 10, 28), perpetrator_id=None)),
    # A clash in one outlet is a suicide bombing in another.
    (ev("e"), ev("f", event_type="Explosions/Remote violence", sub_event_type="Suicide bomb")),
]
LOOK_ALIKES = [
    # Same group, same toll, same place, three days later.
    (ev("g"), ev("h", date=date(2017, 10, 30))),
    # Same group, same toll, same day, another governorate.
    (ev("i"), ev("j", admin1="Giza", location="Giza")),
    # Same day and governorate, another site, another toll, nothing else in common (one of several
    # bombings in one city on one day).
    (ev("k", perpetrator_id=None, target="security directorate", killed=4, location="downtown"),
     ev("l", perpetrator_id=None, target="police academy", killed=0, location="Ein Shams",
        keywords=["academy", "blast", "claim"])),
]


@pytest.mark.parametrize(("a", "b"), SAME_INCIDENT + LOOK_ALIKES)
def test_match_is_symmetric(a: Event, b: Event) -> None:
    assert match(a, b) == match(b, a)


@pytest.mark.parametrize(("a", "b"), SAME_INCIDENT)
def test_outlets_that_disagree_on_details_still_match(a: Event, b: Event) -> None:
    result = match(a, b)
    assert result.is_match, result


@pytest.mark.parametrize(("a", "b"), LOOK_ALIKES)
def test_look_alikes_stay_apart(a: Event, b: Event) -> None:
    result = match(a, b)
    assert not result.is_match, result


def test_scores_and_features_stay_in_unit_interval() -> None:
    for a, b in SAME_INCIDENT + LOOK_ALIKES:
        result = match(a, b)
        assert 0.0 <= result.score <= 1.0
        assert all(0.0 <= v <= 1.0 for v in result.features.values()), result.features
        assert set(scoring.WEIGHTS) <= set(result.features)


def test_same_article_never_matches() -> None:
    a, b = ev("a"), ev("b")
    result = match(a, b.model_copy(update={"article_id": a.article_id}))
    assert not result.is_match
    assert result.features["gate_same_article"] == 1.0


def test_other_country_never_matches() -> None:
    assert not match(ev("a"), ev("b", country="Libya", country_code="LY")).is_match


def test_day_precise_dates_beyond_the_gap_never_match() -> None:
    far = ev("b", date=date(2017, 10, 27 + scoring.MAX_DAY_GAP + 1))
    assert not match(ev("a"), far).is_match
    assert "gate_date" in match(ev("a"), far).features


def test_week_precision_widens_the_gate_but_is_no_evidence() -> None:
    coarse = ev("b", date=date(2017, 10, 23), date_precision="week")
    result = match(ev("a"), coarse)
    assert "gate_date" not in result.features
    assert result.features["date"] == scoring.NEUTRAL
    # "Last week" (a week before publication) does not reach the same weekday a week later: that is where
    # look-alikes are.
    a_week_apart = match(ev("a"), ev("c", date=date(2017, 10, 20), date_precision="week"))
    assert "gate_date" in a_week_apart.features


def test_sparse_mentions_do_not_match_on_date_place_and_type_alone() -> None:
    # "a bombing in Giza on Friday" twice: nothing tells two such incidents apart.
    bare: dict[str, Any] = {"location": None, "perpetrator_id": None, "target": None, "killed": None, "keywords": []}
    assert not match(ev("a", **bare), ev("b", **bare)).is_match


def test_window_days_grows_with_date_uncertainty() -> None:
    assert window_days(ev("a")) == scoring.MAX_DAY_GAP
    assert window_days(ev("a", date_precision="week")) > window_days(ev("a"))
    assert window_days(ev("a", date_precision="month")) > window_days(ev("a", date_precision="week"))
    assert window_days(ev("a", date=None, date_precision=None)) >= 365


def test_casualty_feature_orders_disagreements() -> None:
    def killed_score(x: int, y: int) -> float:
        return match(ev("a", killed=x), ev("b", killed=y)).features["killed"]

    assert killed_score(12, 13) > killed_score(16, 54) > killed_score(2, 14)
    assert killed_score(4, 0) < 0.5


def test_type_compatibility_table_is_symmetric() -> None:
    bomb = ("Explosions/Remote violence", "Suicide bomb")
    ied = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    protest = ("Protests", "Peaceful protest")
    assert type_compatibility(bomb, ied) == type_compatibility(ied, bomb) > 0.5
    assert type_compatibility(bomb, protest) == 0.0


def test_a_weekday_that_fits_anchors_an_undated_report_and_one_that_does_not_contradicts() -> None:
    dated = ev("dated")  # Friday 27 October 2017
    friday = ev("friday", date=None, date_precision=None, date_hint=DateHint(weekday=4),
                keywords=["militant", "farm", "raid", "oasis"])
    sunday = friday.model_copy(update={"event_id": "sunday", "article_id": "art-sunday",
                                       "date_hint": DateHint(weekday=6)})
    fits = match(dated, friday)
    assert fits.is_match and fits.features["date_hint"] == 1.0 and "undated" not in fits.features
    misfit = match(dated, sunday)
    assert not misfit.is_match and misfit.features.get("date_conflict") == 1.0
    # "on 27 October" is a hint too.
    october = friday.model_copy(update={"date_hint": DateHint(month=10, day=27)})
    assert match(dated, october).is_match
    assert not match(dated, october.model_copy(update={"date_hint": DateHint(month=10, day=20)})).is_match


def test_a_fitting_weekday_alone_is_not_enough_without_place_or_wording() -> None:
    elsewhere = ev("x", date=None, date_precision=None, date_hint=DateHint(weekday=4), admin1=None, location=None,
                   keywords=["statement", "group"])
    assert not match(ev("dated"), elsewhere).is_match
