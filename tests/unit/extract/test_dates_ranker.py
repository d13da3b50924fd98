"""The main event's day chosen among the days an article tells (date_ranker). Texts are invented."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sitrep_common.dates import Reference, find_dates
from sitrep_extract.date_ranker import ARTEFACT, FEATURES, DateRanker, Told, candidates
from sitrep_extract.extractor import Extractor

from tests.unit.extract.invented import main_event

# When the test articles arrived: the reference day of an article with no publication date.
RECEIVED = datetime(2021, 3, 20, tzinfo=UTC)

FRIDAY = Reference(date(2021, 3, 19))


def _told(sentence: str, phrase: str, day: date, unit: int, primary: bool = False, relation: str = "at") -> Told:
    start = sentence.index(phrase)
    return Told(day, relation, unit, primary, 0, False, sentence, start, start + len(phrase))


def test_a_bracketed_dateline_after_town_and_state_dates_the_report() -> None:
    found = find_dates("MILLBROOK, Ore. (March 2, 2021) – A man was shot near a park.", None)
    assert [(d.relation, d.value) for d in found] == [("reported", date(2021, 3, 2))]
    # a date in brackets inside a sentence is still the act's
    assert [d.relation for d in find_dates("The raid (March 2, 2021) left two dead.", None)] == ["at"]


def test_a_stamp_inside_a_line_dates_the_page_not_the_event() -> None:
    text = ("By a staff reporter Published : 4 May 2020, 08:15 AM Updated : 9 May 2020 "
            "Troops stormed the camp on Sunday.")
    found = find_dates(text, Reference(date(2020, 5, 4)))
    assert [(d.relation, d.value) for d in found] == [
        ("reported", date(2020, 5, 4)), ("reported", date(2020, 5, 9)), ("at", date(2020, 5, 3))]


def test_candidates_are_the_days_told_the_publication_day_and_the_day_before() -> None:
    died = "A deputy died Friday after a shooting in the town."
    act = "The shooting happened around 10 p.m. Thursday, troopers say."
    told = [_told(died, "Friday", date(2021, 3, 19), 0, primary=True),
            _told(act, "Thursday", date(2021, 3, 18), 3)]
    cands = {c.day: c.features for c in candidates(told, FRIDAY, date(2021, 3, 19))}
    assert sorted(cands) == [date(2021, 3, 18), date(2021, 3, 19)]
    thursday, friday = cands[date(2021, 3, 18)], cands[date(2021, 3, 19)]
    assert friday["rule"] == 1 and friday["publication"] == 1 and friday["sequel_only"] == 1
    assert thursday["scene"] == 1 and thursday["sequel_only"] == 0 and thursday["night"] == 0
    assert set(friday) <= set(FEATURES) and set(thursday) <= set(FEATURES)


def test_a_day_no_sentence_tells_is_still_a_candidate() -> None:
    cands = candidates([], FRIDAY, None)
    assert [c.day for c in cands] == [date(2021, 3, 18), date(2021, 3, 19)]
    assert all(c.features["implicit_only"] == 1 for c in cands)


def test_the_ranker_picks_the_highest_score_and_ties_go_to_the_rules() -> None:
    cands = candidates([], FRIDAY, date(2021, 3, 19))
    assert DateRanker({"publication_minus_1": 1.0}).pick(cands) == date(2021, 3, 18)
    assert DateRanker({}).pick(cands) == date(2021, 3, 19)


def test_the_committed_weights_cover_every_feature() -> None:
    ranker = DateRanker.load(ARTEFACT)
    assert ranker is not None and set(ranker.weights) == set(FEATURES)


def _primary_date(extractor: Extractor, text: str, published: date) -> date | None:
    return main_event(extractor, text, published=published, outlet=None, received_at=RECEIVED).date


def test_the_act_day_beats_the_day_a_victim_died(extractor: Extractor) -> None:
    text = ("A county deputy died Friday after a shooting in a small river town, officials said. "
            "Troopers say the shooting happened around 10 p.m. Thursday outside a home on Mill Road. "
            "State police are investigating the shooting.")
    assert _primary_date(extractor, text, date(2021, 3, 19)) == date(2021, 3, 18)


def test_the_act_day_beats_the_day_of_the_arrest(extractor: Extractor) -> None:
    # (Four or more days back, the learned prior against old days still keeps the arrest's day.)
    text = ("A man was arrested Tuesday in connection with a shooting that left a teenager wounded. "
            "The teenager was shot in the arm around 9 p.m. Sunday near a basketball court, police said.")
    assert _primary_date(extractor, text, date(2021, 3, 17)) == date(2021, 3, 14)


def test_a_bracketed_dateline_does_not_date_the_shooting(extractor: Extractor) -> None:
    text = ("MILLBROOK, Ore. (March 19, 2021) – A woman was shot and killed at her home. "
            "Deputies received a report of a person shot around 11 p.m. Thursday on Elm Street.")
    assert _primary_date(extractor, text, date(2021, 3, 19)) == date(2021, 3, 18)
