"""The learned pair match: features, vetoes, the committed artefact, and the wording similarities."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sitrep_common.models import Event
from sitrep_common.models.events import article_lead
from sitrep_dedupe.pairfeatures import FEATURE_NAMES, pair_features
from sitrep_dedupe.pairmodel import LearnedMatcher, PairModel, veto
from sitrep_dedupe.tfidf import TfidfText

STOP = frozenset({"the", "in", "of", "a", "on", "at", "and", "was", "were"})


def ev(event_id: str, **fields: Any) -> Event:
    """A market bombing as one outlet reports it; override what the test is about."""
    base: dict[str, Any] = {
        "event_id": f"{event_id}:0", "article_id": event_id, "primary": True,
        "event_type": "Explosions/Remote violence", "sub_event_type": "Remote explosive/landmine/IED",
        "date": date(2022, 4, 9), "date_precision": "day", "country": "Kenya", "country_code": "KE",
        "admin1": "Mandera", "location": "Mandera", "lat": 3.94, "lon": 41.86, "geo_precision": "location",
        "killed": 5, "received_at": datetime(2022, 4, 10, 8, tzinfo=UTC),
        "lead": article_lead("Roadside bomb kills five in Mandera",
                             "A roadside bomb struck a minibus near the Mandera livestock market on Saturday."),
    }
    base.update(fields)
    return Event(**base)


def toy_model(**overrides: Any) -> PairModel:
    """Weights set by hand for the tests: wording, same town and date agreement count for the pair."""
    coef = {"tfidf": 4.0, "admin1_same": 1.0, "same_day": 1.0, "admin1_diff": -3.0, "date_gap": -4.0}
    names = tuple(FEATURE_NAMES)
    return PairModel(names=names, mean=tuple(0.0 for _ in names), scale=tuple(1.0 for _ in names),
                     coef=tuple(coef.get(n, 0.0) for n in names), intercept=-3.0,
                     threshold=overrides.get("threshold", 0.5), link_threshold=overrides.get("link", 0.6))


def tfidf() -> TfidfText:
    background = ["a bomb in the market", "police said on Saturday", "a protest in the capital",
                  "the minibus was hit", "gunmen attacked a village", "the army said"]
    return TfidfText.fit(background, STOP, min_df=1)


def matcher() -> LearnedMatcher:
    return LearnedMatcher(toy_model(), {"tfidf": tfidf()})


def test_features_are_symmetric_and_named() -> None:
    a, b = ev("a"), ev("b", killed=6, location="Mandera town")
    fa, fb = pair_features(a, b, {"tfidf": tfidf()}), pair_features(b, a, {"tfidf": tfidf()})
    assert fa == fb
    assert set(fa) == set(FEATURE_NAMES)
    assert fa["tfidf_known"] == 1.0 and fa["admin1_same"] == 1.0 and fa["same_day"] == 1.0


def test_a_missing_field_is_zero_with_its_known_flag_off() -> None:
    f = pair_features(ev("a", killed=None), ev("b"))
    assert f["killed"] == 0.0 and f["killed_known"] == 0.0
    assert f["tfidf_known"] == 0.0  # no similarity injected


def test_reports_worded_alike_match_and_a_look_alike_elsewhere_does_not() -> None:
    same = ev("b", lead=article_lead("Five killed as bomb hits minibus in Mandera",
                                     "Five passengers died when a roadside bomb hit a minibus near the market."))
    other_town = ev("c", admin1="Garissa", location="Garissa", lat=-0.45, lon=39.65, lead=article_lead(
        "Bomb kills five in Garissa", "A bomb hit a police truck in Garissa on Saturday."))
    m = matcher()
    assert m(ev("a"), same).is_match
    assert not m(ev("a"), other_town).is_match


def test_the_match_keeps_its_score_and_features_and_is_symmetric() -> None:
    a, b = ev("a"), ev("b", killed=6)
    m = matcher()
    ab, ba = m(a, b), m(b, a)
    assert ab == ba
    assert 0.0 <= ab.score <= 1.0 and ab.features["tfidf"] > 0


def test_link_threshold_decides_whether_two_dated_reports_tie_incidents() -> None:
    a, b = ev("a"), ev("b")
    strict = LearnedMatcher(toy_model(link=0.999), {"tfidf": tfidf()})
    result = strict(a, b)
    assert result.is_match and not result.anchors


@pytest.mark.parametrize(("b", "reason"), [
    (ev("a", location="elsewhere"), "same_article"),
    (ev("b", country="Somalia", country_code="SO"), "country"),
    (ev("b", date=date(2022, 4, 20)), "date"),
    (ev("b", lat=-4.04, lon=39.67), "far"),
])
def test_general_vetoes_hold_whatever_the_model_says(b: Event, reason: str) -> None:
    assert veto(ev("a"), b) == reason
    result = matcher()(ev("a"), b)
    assert not result.is_match and result.features == {f"gate_{reason}": 1.0}


def test_an_undated_report_meets_its_incident_through_wording_place_and_toll() -> None:
    undated = ev("b", date=None, date_precision=None, lead=article_lead(
        "Minibus bomb near Mandera market kills five", "Five people were killed when a roadside bomb struck "
        "a minibus close to the livestock market in Mandera, officials said."))
    assert matcher()(ev("a"), undated).is_match


def test_artefact_round_trips_and_the_committed_one_loads() -> None:
    model = toy_model()
    assert PairModel.from_json(model.to_json()) == model
    committed = PairModel.load()
    assert set(committed.names) <= set(FEATURE_NAMES)
    assert 0.0 < committed.threshold <= committed.link_threshold < 1.0
    assert "command" in committed.about


def test_a_model_naming_an_unknown_feature_is_refused() -> None:
    data = toy_model().to_json() | {"names": ["nonsense", *FEATURE_NAMES[1:]]}
    with pytest.raises(ValueError, match="nonsense"):
        PairModel.from_json(data)


def test_tfidf_weighs_rare_words_and_round_trips() -> None:
    t = tfidf()
    same = t(ev("a"), ev("b"))
    assert same == pytest.approx(1.0)
    assert TfidfText.from_json(t.to_json()).to_json() == t.to_json()
    # A name the background never saw weighs more than a word it has seen twice.
    rare = t.vector("zamfara said")
    assert rare["zamfara"] > rare["said"]


def test_a_background_mention_is_compared_on_its_own_sentences_not_the_article_lead() -> None:
    mention = ev("b", primary=False, lead=None, evidence=[{"text": "Last year a bomb hit a bus in Mandera.",
                                                          "start": 0, "end": 38}])
    f = pair_features(ev("a"), mention, {"tfidf": tfidf()})
    assert f["mention"] == 1.0 and 0.0 < f["tfidf"] < 1.0


def test_any_arrival_order_gives_the_same_incidents_with_the_learned_match() -> None:
    import itertools  # noqa: PLC0415

    from sitrep_dedupe.handler import handle_event  # noqa: PLC0415
    from sitrep_dedupe.store import MemoryStore  # noqa: PLC0415

    undated = ev("c", date=None, date_precision=None, lead=article_lead(
        "Minibus bomb near Mandera livestock market kills five", "The bomb struck a minibus near the market."))
    # A week later, same town and toll, another target: a look-alike.
    look_alike = ev("d", date=date(2022, 4, 16), lead=article_lead(
        "Roadside bomb kills five in Mandera", "A roadside bomb struck a police lorry on the Elwak road."))
    events = [ev("a"), ev("b", killed=6), undated, look_alike]
    m = matcher()
    seen = set()
    for order in itertools.permutations(events):
        store = MemoryStore()
        for e in order:
            handle_event(e, store, matcher=m)
        seen.add(frozenset(frozenset(i.article_ids) for i in store.all_incidents() if i.merged_into is None))
    assert seen == {frozenset({frozenset({"a", "b", "c"}), frozenset({"d"})})}


def test_two_dated_reports_in_other_provinces_and_towns_never_tie_incidents() -> None:
    # Same group, same toll, two days apart, other province and town: a look-alike, whatever the wording.
    other = ev("b", date=date(2022, 4, 11), admin1="Wajir", location="Wajir", lat=1.75, lon=40.06)
    result = LearnedMatcher(toy_model(link=0.0, threshold=0.0), {"tfidf": tfidf()})(ev("a"), other)
    assert result.features.get("place_conflict") == 1.0
    assert result.is_match and not result.anchors


def test_a_model_with_a_wider_date_veto_lets_the_model_weigh_a_few_days_and_round_trips() -> None:
    four_days = ev("b", date=date(2022, 4, 13))
    assert veto(ev("a"), four_days) == "date"
    assert veto(ev("a"), four_days, max_day_gap=5) is None
    wide = PairModel(**{**toy_model().__dict__, "max_day_gap": 5})
    assert PairModel.from_json(wide.to_json()) == wide
    result = LearnedMatcher(wide, {"tfidf": tfidf()})(ev("a"), four_days)
    assert "gate_date" not in result.features and result.features["date_gap"] > 0
    # An artefact written before the field existed keeps the hand-set gap.
    old = {k: v for k, v in toy_model().to_json().items() if k != "max_day_gap"}
    assert PairModel.from_json(old).max_day_gap == 2


def test_a_date_veto_wider_than_the_store_can_block_is_refused() -> None:
    from sitrep_dedupe.clustering import BLOCKING_DAY_GAP  # noqa: PLC0415

    with pytest.raises(ValueError, match="max_day_gap"):
        PairModel(**{**toy_model().__dict__, "max_day_gap": BLOCKING_DAY_GAP + 1})


def test_the_store_offers_pairs_as_far_apart_as_the_matcher_may_accept_in_any_order() -> None:
    import itertools  # noqa: PLC0415

    from sitrep_dedupe.handler import handle_event  # noqa: PLC0415
    from sitrep_dedupe.store import MemoryStore  # noqa: PLC0415

    # Same bombing, one outlet dated it four days later (its own publication day): same words, town, toll.
    late = ev("b", date=date(2022, 4, 13))
    narrow = LearnedMatcher(toy_model(link=0.5), {"tfidf": tfidf()})
    wide = LearnedMatcher(PairModel(**{**toy_model(link=0.5).__dict__, "max_day_gap": 5}), {"tfidf": tfidf()})
    for m, together in ((narrow, False), (wide, True)):
        for order in itertools.permutations([ev("a"), late]):
            store = MemoryStore()
            for e in order:
                handle_event(e, store, matcher=m)
            assert (store.event_incident("a:0") == store.event_incident("b:0")) is together
