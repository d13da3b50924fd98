"""Match-or-create mechanics in both stores: merges, redirects, idempotent replay, order independence.

The match rule is replaced by a transparent one (same `location` and dates at most 1 day apart) so
these tests pin the store's behaviour; scoring quality is tested in test_scoring.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import redis
from sitrep_common import redis_keys as k
from sitrep_common.models import Event
from sitrep_dedupe import clustering
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.redis_store import RedisStore
from sitrep_dedupe.scoring import Match
from sitrep_dedupe.store import IncidentStore, MemoryStore

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _rule(a: Event, b: Event) -> Match:
    same = (a.article_id != b.article_id and a.location == b.location and a.date is not None
            and b.date is not None and abs((a.date - b.date).days) <= 1)
    return Match(score=1.0 if same else 0.0, features={"rule": float(same)}, is_match=same)


@pytest.fixture(autouse=True)
def transparent_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clustering, "match", _rule)


def ev(eid: str, day: int, location: str, killed: int | None = None) -> Event:
    return Event(event_id=f"{eid}:0", article_id=eid, outlet=f"outlet-{eid}", primary=True,
                 event_type="Battles", sub_event_type="Armed clash", date=date(2021, 3, day),
                 date_precision="day", country="Kenya", country_code="KE", location=location, killed=killed)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[IncidentStore]:
    if request.param == "memory":
        yield MemoryStore()
    else:
        client: redis.Redis = request.getfixturevalue("redis_client")
        yield RedisStore(client)


def partition(store: IncidentStore) -> set[frozenset[str]]:
    return {frozenset(i.article_ids) for i in store.all_incidents() if i.merged_into is None}


def test_same_place_and_day_join_other_town_stays_apart(store: IncidentStore) -> None:
    for e in [ev("a", 9, "Mandera", 4), ev("b", 9, "Mandera", 5), ev("c", 16, "Mandera", 4), ev("d", 9, "Garissa")]:
        handle_event(e, store, NOW)
    assert partition(store) == {frozenset({"a", "b"}), frozenset({"c"}), frozenset({"d"})}
    [joint] = [i for i in store.all_incidents() if len(i.article_ids) == 2]
    assert joint.version == 2 and joint.killed.min == 4 and joint.killed.max == 5
    assert {s.outlet for s in joint.sources} == {"outlet-a", "outlet-b"}
    assert any(s.match and s.match.score == 1.0 for s in joint.sources)


def test_a_bridging_report_merges_two_incidents_and_the_old_id_redirects(store: IncidentStore) -> None:
    first = handle_event(ev("a", 9, "Mandera"), store, NOW)[0].incident
    second = handle_event(ev("b", 11, "Mandera"), store, NOW)[0].incident
    assert first.incident_id != second.incident_id
    changes = handle_event(ev("c", 10, "Mandera"), store, NOW)
    assert [c.kind.value for c in changes] == ["merged", "merged"]
    survivor, gone = changes[0].incident, changes[1].incident
    assert set(survivor.article_ids) == {"a", "b", "c"}
    assert gone.merged_into == survivor.incident_id
    stored_gone = store.incident(gone.incident_id)
    assert stored_gone is not None and stored_gone.merged_into == survivor.incident_id
    assert partition(store) == {frozenset({"a", "b", "c"})}


def test_redelivered_events_change_nothing(store: IncidentStore) -> None:
    events = [ev("a", 9, "Mandera"), ev("b", 9, "Mandera"), ev("c", 20, "Wajir")]
    for e in events:
        handle_event(e, store, NOW)
    before = {i.incident_id: i.model_dump_json() for i in store.all_incidents()}
    for e in events:
        [change] = handle_event(e, store, NOW)
        assert change.incident.incident_id in before  # re-announced as it stands
    assert {i.incident_id: i.model_dump_json() for i in store.all_incidents()} == before


def test_any_arrival_order_gives_the_same_incidents() -> None:
    events = [ev("a", 9, "Mandera"), ev("b", 11, "Mandera"), ev("c", 10, "Mandera"), ev("d", 9, "Garissa"),
              ev("e", 12, "Mandera"), ev("f", 25, "Mandera")]
    seen = set()
    for order in itertools.permutations(events):
        s = MemoryStore()
        for e in order:
            handle_event(e, s, NOW)
        seen.add(frozenset(partition(s)))
    assert len(seen) == 1


def test_redis_layout_is_what_the_api_reads(redis_client: redis.Redis) -> None:
    store = RedisStore(redis_client)
    inc = handle_event(ev("a", 9, "Mandera"), store, NOW)[0].incident
    assert redis_client.zscore(k.INCIDENTS_BY_DATE, inc.incident_id) == date(2021, 3, 9).toordinal()
    assert redis_client.hget(k.EVENT_INCIDENT, "a:0") == inc.incident_id.encode()
    assert redis_client.smembers(k.article_events("a")) == {b"a:0"}
    assert redis_client.llen(k.incident_history(inc.incident_id)) == 1
    [(_, fields)] = redis_client.xrange(k.CHANGES)
    assert fields[b"kind"] == b"created" and fields[b"incident_id"] == inc.incident_id.encode()


def _by_place(a: Event, b: Event) -> Match:
    same = a.article_id != b.article_id and a.location == b.location
    return Match(score=1.0 if same else 0.0, features={}, is_match=same)


@pytest.mark.parametrize("undated_first", [True, False])
def test_undated_reports_meet_dated_ones_that_arrived_around_the_same_time(
    store: IncidentStore, monkeypatch: pytest.MonkeyPatch, undated_first: bool
) -> None:
    monkeypatch.setattr(clustering, "match", _by_place)
    arrived = datetime(2024, 1, 5, tzinfo=UTC)
    dated = ev("a", 9, "Mandera").model_copy(update={"received_at": arrived})
    undated = ev("b", 9, "Mandera").model_copy(update={"date": None, "date_precision": None,
                                                        "received_at": arrived.replace(day=6)})
    much_later = ev("c", 9, "Mandera").model_copy(update={"date": None, "date_precision": None,
                                                           "received_at": arrived.replace(month=3)})
    for e in ([undated, dated] if undated_first else [dated, undated]) + [much_later]:
        handle_event(e, store, NOW)
    assert partition(store) == {frozenset({"a", "b"}), frozenset({"c"})}
    joint = next(i for i in store.all_incidents() if "b" in i.article_ids)
    shown = undated.linked_to(joint.incident_id, joint.date, joint.date_precision)
    assert shown.date == date(2021, 3, 9) and shown.date_source == "incident"


def _scored(a: Event, b: Event) -> Match:
    """Same place matches; the score is read off the events' `confidence` so a test can rank links."""
    same = a.article_id != b.article_id and a.location == b.location
    score = round(a.confidence * b.confidence, 4) if same else 0.0
    return Match(score=score, features={}, is_match=same)


def _undated(eid: str, location: str, confidence: float) -> Event:
    return ev(eid, 9, location).model_copy(update={"date": None, "date_precision": None, "confidence": confidence,
                                                   "received_at": datetime(2024, 1, 5, tzinfo=UTC)})


def _dated(eid: str, day: int, location: str, confidence: float) -> Event:
    return ev(eid, day, location).model_copy(update={"confidence": confidence,
                                                     "received_at": datetime(2024, 1, 5, tzinfo=UTC)})


def test_an_undated_report_joins_its_best_incident_and_never_bridges_two(
    monkeypatch: pytest.MonkeyPatch, redis_client: redis.Redis
) -> None:
    """"On Friday" fits the Friday incident of this week and of last week: it must not merge them."""
    monkeypatch.setattr(clustering, "match", _scored)
    events = [_dated("week1", 13, "Mandera", 0.6), _dated("week2", 20, "Mandera", 0.9),
              _undated("u1", "Mandera", 0.9), _undated("u2", "Mandera", 0.8)]
    partitions = set()
    for n, order in enumerate(itertools.permutations(events)):
        store: IncidentStore = MemoryStore()
        if n % 6 == 0:  # the Redis store too, on a sample of the orders
            redis_client.flushall()
            store = RedisStore(redis_client)
        for e in order:
            handle_event(e, store, NOW)
        partitions.add(frozenset(partition(store)))
    # Both undated reports match both incidents, and belong to the better-matching one; undated reports
    # are never linked to each other.
    assert partitions == {frozenset({frozenset({"week1"}), frozenset({"week2", "u1", "u2"})})}


def test_a_better_dated_report_takes_an_undated_one_from_its_incident(store: IncidentStore,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clustering, "match", _scored)
    first = _dated("first", 13, "Mandera", 0.5)
    undated = _undated("u", "Mandera", 1.0)
    handle_event(first, store, NOW)
    handle_event(undated, store, NOW)
    assert partition(store) == {frozenset({"first", "u"})}
    changes = handle_event(_dated("better", 20, "Mandera", 0.9), store, NOW)
    assert partition(store) == {frozenset({"first"}), frozenset({"better", "u"})}
    # Consumers hear of both: the incident that gained the report and the one that lost it.
    by_id = {c.incident.incident_id: c for c in changes}
    loser = next(i for i in store.all_incidents() if i.article_ids == ["first"])
    assert by_id[loser.incident_id].incident.version == 3 and by_id[loser.incident_id].kind == "updated"


def test_an_undated_singleton_is_merged_into_the_incident_that_takes_its_report(
    store: IncidentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clustering, "match", _scored)
    alone = handle_event(_undated("u", "Mandera", 1.0), store, NOW)[0].incident
    handle_event(_dated("d", 13, "Mandera", 0.5), store, NOW)
    assert partition(store) == {frozenset({"d", "u"})}
    gone = store.incident(alone.incident_id)
    assert gone is not None
    live = next(i for i in store.all_incidents() if i.merged_into is None)
    assert live.incident_id in (gone.incident_id, gone.merged_into)
