"""Wire copies: the same agency text with each outlet's clutter is linked; other reports are not."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
import redis
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article, ArticleIn
from sitrep_common.settings import KafkaSettings
from sitrep_ingest import copies, copy_store
from sitrep_ingest.copies import (
    CONTAINMENT,
    MAX_BUCKET,
    OPENING,
    CopyIndex,
    MemoryCopyIndex,
    fingerprint,
    link_copy,
)
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.normalise import normalise
from sitrep_ingest.records import ArticleRecords

from tests.topic_reader import find_on_topic

NOW = datetime(2024, 1, 1, tzinfo=UTC)
AGENCY = (
    "PORT LINDEN (Wire) — Gunmen attacked a police checkpoint on the coastal highway outside Port Linden "
    "on Tuesday night, killing three officers and wounding two others before escaping into the hills, "
    "provincial officials said.\n\n"
    "The attackers opened fire from two pickup trucks shortly after midnight and set a patrol car on "
    "fire, according to a statement from the provincial police command, which said a search was under way"
    " in the villages along the road.\n\n"
    "No group immediately claimed responsibility for the attack, the third on security forces in the "
    "province since the start of the year. A separatist movement has been blamed for similar ambushes on "
    "the highway in the past.\n\n"
    "The provincial governor condemned the killings and ordered extra patrols on the road, which links "
    "the port to the mining towns of the interior. Traffic was stopped for several hours while "
    "investigators examined the scene."
)

CLUTTER = {
    "herald": ("World | Asia\n\nThree police officers killed in highway ambush\n\nBy The Wire Service\n\n",
               "\n\nCopyright 2024 The Wire Service. All rights reserved. This material may not be published."),
    "gazette": ("Three officers shot dead at Port Linden checkpoint\n\nLatest news\n\n",
                "\n\nRead more: Governor promises new highway patrols\nSign up for our newsletter"),
    "times": ("Breaking\n\nGunmen kill 3 officers near Port Linden, officials say\n\n",
              "\n\nRelated: Separatists blamed for earlier ambushes\nFollow us on Twitter: @PortTimes"),
}
OTHER_WORDING = (
    "Three policemen were shot dead and two hurt when armed men ambushed a roadblock near Port Linden "
    "late on Tuesday, a police spokesman told reporters on Wednesday.\n\n"
    "According to the spokesman, the assailants arrived in two vehicles, sprayed the post with bullets "
    "and torched a police car before fleeing towards the hills. Security forces have sealed off nearby "
    "villages.\n\n"
    "It was the third such assault in the province this year. Officials suspect separatist fighters, who "
    "have carried out ambushes on the same highway before, but nobody has claimed the killings."
)


def _copies() -> dict[str, Article]:
    arts = {name: normalise(ArticleIn(id=name, text=head + AGENCY + tail), NOW)
            for name, (head, tail) in CLUTTER.items()}
    arts["other"] = normalise(ArticleIn(id="other", text=OTHER_WORDING), NOW)
    return arts


def _groups(index_factory: type[MemoryCopyIndex], order: tuple[str, ...]) -> set[frozenset[str]]:
    arts = _copies()
    index: CopyIndex = index_factory()
    linked = {name: link_copy(arts[name], index) for name in order}
    by_id = {a.article_id: name for name, a in linked.items()}
    groups: dict[str, set[str]] = {}
    for name, a in linked.items():
        groups.setdefault(by_id[a.copy_of] if a.copy_of else name, set()).add(name)
    return {frozenset(g) for g in groups.values()}


def test_copies_with_their_own_clutter_are_linked_and_other_wording_is_not() -> None:
    a, b, c, other = (fingerprint(x.text) for x in _copies().values())
    assert a and b and c and other
    assert min(a.containment(b), a.containment(c), b.containment(c)) >= CONTAINMENT
    assert min(a.opening_share(b), a.opening_share(c), b.opening_share(c)) >= OPENING
    assert max(a.containment(other), b.containment(other)) < 0.1
    assert _groups(MemoryCopyIndex, ("herald", "gazette", "times", "other")) == {
        frozenset({"herald", "gazette", "times"}), frozenset({"other"})}


def test_the_order_of_arrival_does_not_change_the_grouping() -> None:
    results = {frozenset(_groups(MemoryCopyIndex, order))
               for order in itertools.permutations(("herald", "gazette", "times", "other"))}
    assert len(results) == 1


def test_copy_of_names_the_earliest_copy() -> None:
    arts = _copies()
    index = MemoryCopyIndex()
    first = link_copy(arts["times"], index)
    second = link_copy(arts["herald"], index)
    third = link_copy(arts["gazette"], index)
    assert first.copy_of is None and second.copy_of == third.copy_of == first.article_id


def test_short_texts_are_never_linked() -> None:
    assert fingerprint("Gunmen killed three police officers on Tuesday, officials said.") is None


def test_ingestor_links_copies_through_redis_across_requests(
    kafka_bootstrap: str, redis_client: redis.Redis, unique: str
) -> None:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-copies")
    ingestor = Ingestor(publisher, ArticleRecords(redis_client), RedisCopyIndex(redis_client))
    def raw(name: str) -> ArticleIn:
        head, tail = CLUTTER[name]
        return ArticleIn(id=name, url=f"https://{name}.example/{unique}", text=head + AGENCY + tail)

    [first] = ingestor.accept([raw("gazette")])
    later = ingestor.accept([raw("herald"), raw("times"), ArticleIn(id="other", text=OTHER_WORDING)])
    assert all(r.status == "accepted" for r in [first, *later])

    def stored(article_id: str) -> Article:
        return Article.model_validate_json(redis_client.get(redis_keys.article(article_id)) or b"")

    assert stored(first.article_id).copy_of is None
    assert stored(later[0].article_id).copy_of == first.article_id
    assert stored(later[1].article_id).copy_of == first.article_id
    assert stored(later[2].article_id).copy_of is None
    # And on the topic, what extract reads:
    raw = find_on_topic(kafka_bootstrap, "articles.v1", later[1].article_id.encode(), f"g-{unique}")
    found = Article.model_validate_json(raw) if raw else None
    assert found is not None and found.copy_of == first.article_id


def test_redis_index_gives_the_same_groups_as_the_memory_one(redis_client: redis.Redis) -> None:
    arts = _copies()
    for order in (("other", "times", "gazette", "herald"), ("herald", "other", "gazette", "times")):
        redis_client.flushdb()
        index = RedisCopyIndex(redis_client)
        linked = {name: link_copy(arts[name], index) for name in order}
        root = linked[order[1] if order[0] == "other" else order[0]].article_id
        assert {n for n, a in linked.items() if a.copy_of == root} == {"herald", "gazette", "times"} - {
            n for n, a in linked.items() if a.article_id == root}
        assert linked["other"].copy_of is None


def test_redis_index_picks_candidates_as_the_memory_one_most_shared_then_by_id(
    redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one candidate checked, which one is checked decides the answer: the Lua script's choice is
    best_candidates' (most sampled shingles shared, then the lowest id as Python orders str)."""
    monkeypatch.setattr(copies, "MAX_CANDIDATES", 1)
    monkeypatch.setattr(copy_store, "MAX_CANDIDATES", 1)
    full = fingerprint(AGENCY)
    part = fingerprint(AGENCY.rsplit("\n\n", 1)[0])
    assert full and part and len(part.samples()) < len(full.samples())
    redis_index, memory_index = RedisCopyIndex(redis_client), MemoryCopyIndex()
    for aid, fp in (("A-0", part), ("b-1", full), ("a-10", full), ("B-2", full), ("a-9", full)):
        for index in (redis_index, memory_index):
            index.add(aid, fp, None)  # each its own root: the answer names the candidate checked
    assert redis_index.find(full) == memory_index.find(full) == "B-2"


def test_redis_index_add_is_idempotent_and_leaves_full_buckets_alone(redis_client: redis.Redis) -> None:
    fp = fingerprint(AGENCY)
    assert fp is not None
    index = RedisCopyIndex(redis_client, window_days=1)
    index.add("first", fp, None)
    index.add("second", fp, "first")
    index.add("first", fp, None)  # replayed: keeps its place in the order
    entry = redis_keys.copy_entry("first")
    assert redis_client.hmget(entry, "seq", "root") == [b"1", b"first"]
    assert redis_client.hmget(redis_keys.copy_entry("second"), "seq", "root") == [b"2", b"first"]
    assert 0 < redis_client.ttl(entry) <= 86400
    full, *others = fp.samples()
    redis_client.sadd(redis_keys.copy_sample(full), *(f"stock-{i}" for i in range(MAX_BUCKET - 2)))
    index.add("third", fp, "first")
    assert redis_client.scard(redis_keys.copy_sample(full)) == MAX_BUCKET
    assert b"third" not in redis_client.smembers(redis_keys.copy_sample(full))
    assert all(b"third" in redis_client.smembers(redis_keys.copy_sample(h)) for h in others)
    assert 0 < redis_client.ttl(redis_keys.copy_sample(others[0])) <= 86400
    assert index.find(fp) == "first"


def test_redis_index_reloads_its_scripts_after_a_flush(redis_client: redis.Redis) -> None:
    arts = _copies()
    index = RedisCopyIndex(redis_client)
    first = link_copy(arts["times"], index)
    redis_client.script_flush()  # as after a Redis restart: EVALSHA answers NOSCRIPT
    second = link_copy(arts["herald"], index)
    assert second.copy_of == first.article_id
