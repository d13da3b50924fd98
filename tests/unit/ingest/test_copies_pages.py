"""Wire copies from saved pages (tests/data/copies, made here): one agency story, two outlets' copies
(cut with a caption on top; lightly edited with a paragraph added), another agency's report of the same
attack, and the first agency's later report of other events reusing its background paragraphs.

Through the real ingest handler (Redis copy index, Kafka), the real extractor and the real dedupe
handler on Redis: the copies are linked and count as one independent source of the incident, which
still lists every report.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
import redis
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article, ArticleIn
from sitrep_common.settings import KafkaSettings
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.redis_store import RedisStore
from sitrep_extract.extractor import Extractor
from sitrep_ingest.copies import CONTAINMENT, OPENING, fingerprint, shingles
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.html import article_from_html
from sitrep_ingest.records import ArticleRecords

PAGES = Path(__file__).resolve().parents[2] / "data" / "copies"
COPIES = {"wire_original", "copy_cut_with_caption", "copy_edited"}
OTHERS = ("independent_report", "background_reuse")
# Arrival orders: the agency first; a copy first; the reuse and the other agency before everything.
ORDERS = [
    ("wire_original", "copy_cut_with_caption", "copy_edited", "independent_report", "background_reuse"),
    ("copy_edited", "background_reuse", "wire_original", "independent_report", "copy_cut_with_caption"),
    ("background_reuse", "independent_report", "copy_cut_with_caption", "copy_edited", "wire_original"),
]


def _pages() -> dict[str, ArticleIn]:
    return {name: article_from_html((PAGES / f"{name}.html").read_bytes()) for name in (*COPIES, *OTHERS)}


def test_copies_contain_each_other_and_open_alike_and_the_others_do_not() -> None:
    pages = _pages()
    fps = {name: fingerprint(a.text) for name, a in pages.items()}
    for x, y in combinations(sorted(pages), 2):
        fx, fy = fps[x], fps[y]
        assert fx is not None and fy is not None
        if {x, y} <= COPIES:
            assert fx.containment(fy) >= CONTAINMENT and fx.opening_share(fy) >= OPENING, (x, y)
        else:
            assert not fx.is_copy(fy), (x, y)
    # Why containment: the cut copy shares under half of the union of shingles with its original.
    a, b = shingles(pages["wire_original"].text), shingles(pages["copy_cut_with_caption"].text)
    assert len(a & b) / len(a | b) < 0.5
    # Why the opening: the reuse shares more text with the original than the independent report does.
    orig, reuse = fps["wire_original"], fps["background_reuse"]
    assert orig is not None and reuse is not None and orig.containment(reuse) > CONTAINMENT


def _ingest(order: tuple[str, ...], redis_client: redis.Redis, kafka_bootstrap: str) -> dict[str, Article]:
    pages = _pages()
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-copies-pages")
    ingestor = Ingestor(publisher, ArticleRecords(redis_client), RedisCopyIndex(redis_client))
    stored: dict[str, Article] = {}
    for name in order:  # one request each: the links are found in Redis, across requests
        [result] = ingestor.accept([pages[name]])
        assert result.status == "accepted"
        stored[name] = Article.model_validate_json(redis_client.get(redis_keys.article(result.article_id)) or b"")
    return stored


@pytest.mark.parametrize("order", ORDERS)
def test_ingest_links_the_copies_to_the_first_seen_one_in_any_order(
    order: tuple[str, ...], redis_client: redis.Redis, kafka_bootstrap: str
) -> None:
    stored = _ingest(order, redis_client, kafka_bootstrap)
    first = next(name for name in order if name in COPIES)
    assert stored[first].copy_of is None
    assert {name for name, a in stored.items() if a.copy_of == stored[first].article_id} == COPIES - {first}
    assert all(stored[name].copy_of is None for name in OTHERS)


def test_the_incident_counts_the_copies_as_one_independent_source_and_lists_every_report(
    redis_client: redis.Redis, kafka_bootstrap: str
) -> None:
    stored = _ingest(ORDERS[1], redis_client, kafka_bootstrap)
    store = RedisStore(redis_client)
    names = {a.article_id: name for name, a in stored.items()}
    articles = list(stored.values())
    for events in Extractor.load().extract_many(articles):
        for event in events:
            handle_event(event, store)
    [incident] = [i for i in store.all_incidents()
                  if i.merged_into is None and stored["wire_original"].article_id in i.article_ids]
    keys = {names[s.article_id]: s.source_key for s in incident.sources}
    # The three copies and the other agency's report are all reports of the attack...
    assert COPIES | {"independent_report"} <= set(keys)
    # ...the copies as one source, the other agency as another.
    assert len({keys[name] for name in COPIES}) == 1
    assert keys["independent_report"] != keys["wire_original"]
    assert incident.independent_sources == len(set(keys.values())) < len(incident.sources)
