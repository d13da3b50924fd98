"""Feed polling against a local web server, a real broker and a real Redis."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import redis
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article
from sitrep_common.settings import FeedSettings, KafkaSettings
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.feed_store import FeedStore
from sitrep_ingest.feeds import poll_feed
from sitrep_ingest.fetcher import Fetcher
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

from tests.unit.ingest.conftest import Site


@pytest.fixture
def ingestor(kafka_bootstrap: str, redis_client: redis.Redis) -> Ingestor:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-feeds")
    return Ingestor(publisher, ArticleRecords(redis_client), RedisCopyIndex(redis_client))


def _articles(client: redis.Redis) -> dict[str, Article]:
    ids = [m.decode() for m in client.zrange(redis_keys.ARTICLES_BY_RECEIVED, 0, -1)]
    arts = [Article.model_validate_json(client.get(redis_keys.article(i)) or b"") for i in ids]
    return {a.title or "": a for a in arts}


def test_rss_items_are_fetched_read_and_ingested_once(site: Site, ingestor: Ingestor,
                                                       redis_client: redis.Redis) -> None:
    store = FeedStore(redis_client)
    fetcher = Fetcher(FeedSettings(allow_private_fetch=True))
    state = store.add(site.base + "/feeds/courier_rss.xml", 60)

    report = poll_feed(state, store, fetcher, ingestor)
    assert (report.accepted, report.errors) == (3, 0), report
    arts = _articles(redis_client)
    flood = arts["Flood waters cut off six river villages"]
    assert flood.url == "https://www.riversidecourier.example/news/2023/04/12/flood-villages"  # rel=canonical
    assert flood.published == date(2023, 4, 12) and flood.outlet == "The Riverside Courier"
    assert flood.text.startswith("Flood waters cut off at least six villages")
    ferry = arts["Ferry runs aground near Osby, passengers taken off by lifeboat"]
    assert "all 84 passengers and five crew" in ferry.text
    # The bridge item's page is a 404: the feed's own content:encoded text stands in.
    bridge = arts["Bridge inspection finds cracks in two supports"]
    assert bridge.text.startswith("Engineers inspecting the old Wend bridge") and "<p>" not in bridge.text
    assert bridge.outlet == "The Riverside Courier - Region"

    saved = store.get(state.url)
    assert saved is not None and saved.items_seen == 3 and saved.etag and saved.last_modified
    assert saved.last_status and saved.last_status.startswith("200")

    # Second poll: conditional GET answered 304, no page fetched again, nothing ingested.
    pages_before = site.count("/feeds/pages/ferry_aground.html")
    again = poll_feed(saved, store, fetcher, ingestor)
    assert again.status == "not modified (304)" and again.accepted == 0
    feed_requests = [h for p, h in site.requests if p == "/feeds/courier_rss.xml"]
    assert feed_requests[-1]["if-none-match"] == saved.etag
    assert feed_requests[-1]["if-modified-since"] == saved.last_modified
    assert site.count("/feeds/pages/ferry_aground.html") == pages_before


def test_feed_changed_only_new_items_are_fetched(site: Site, ingestor: Ingestor, redis_client: redis.Redis) -> None:
    store = FeedStore(redis_client)
    fetcher = Fetcher(FeedSettings(allow_private_fetch=True))
    state = store.add(site.base + "/feeds/littoral_atom.xml", 60)
    first = poll_feed(state, store, fetcher, ingestor)
    assert first.accepted == 1
    [fire] = _articles(redis_client).values()
    assert fire.language == "fr" and fire.published == date(2022, 9, 3)

    # The feed gains an item (a new ETag): the known one is not fetched again.
    atom = Path(__file__).resolve().parents[2] / "data" / "feeds" / "littoral_atom.xml"
    extra = f"""<entry><title>Ferry aground</title><id>urn:new-item</id>
      <link rel="alternate" href="{site.base}/feeds/pages/ferry_aground.html"/>
      <published>2023-04-11T19:45:00Z</published></entry></feed>"""
    site.extra["/feeds/littoral_atom.xml"] = atom.read_text().replace("{BASE}", site.base).replace(
        "</feed>", extra).encode()
    second = poll_feed(store.get(state.url) or state, store, fetcher, ingestor)
    assert second.accepted == 1
    assert site.count("/html/harbour_fire_fr.html") == 1


def test_a_feed_on_a_private_address_is_refused_with_default_settings(
    ingestor: Ingestor, redis_client: redis.Redis
) -> None:
    store = FeedStore(redis_client)
    fetcher = Fetcher(FeedSettings())
    for url in ("http://127.0.0.1:9/feed.xml", "http://10.0.0.8/rss", "http://169.254.169.254/", "http://[::1]/"):
        report = poll_feed(store.add(url, 60), store, fetcher, ingestor)
        assert report.status.startswith("error") and "non-public" in report.status
        saved = store.get(url)
        assert saved is not None and saved.errors == 1 and "refused" in (saved.last_status or "")


def test_items_whose_pages_are_refused_fall_back_to_the_feed_text(
    site: Site, ingestor: Ingestor, redis_client: redis.Redis
) -> None:
    # The feed is allowed (loopback, test setting) but points an item at an address refused even then
    # (0.0.0.0): the page is refused before any connection, and the feed's own text is used.
    site.extra["/evil.xml"] = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Evil</title>
      <item><title>Metadata grab</title><link>http://0.0.0.0/latest/meta-data/</link><guid>e1</guid>
      <description>A teaser long enough to stand in for the article when the page is refused.</description>
      </item></channel></rss>"""
    store = FeedStore(redis_client)
    report = poll_feed(store.add(site.base + "/evil.xml", 60), store, Fetcher(FeedSettings(allow_private_fetch=True)),
                       ingestor)
    assert report.accepted == 1
    assert _articles(redis_client)["Metadata grab"].text.startswith("A teaser long enough")


def test_feed_store_add_list_remove(redis_client: redis.Redis) -> None:
    store = FeedStore(redis_client)
    store.add("https://feeds.example/a.xml", 300)
    store.add("https://feeds.example/b.xml", 600)
    store.add("https://feeds.example/a.xml", 120)  # changes the interval, no second feed
    assert [(s.url, s.every_s) for s in store.all()] == [("https://feeds.example/a.xml", 120),
                                                         ("https://feeds.example/b.xml", 600)]
    assert store.remove("https://feeds.example/a.xml") and not store.remove("https://feeds.example/a.xml")
    assert [s.url for s in store.all()] == ["https://feeds.example/b.xml"]
