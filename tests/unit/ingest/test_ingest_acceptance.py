"""Issue 8 acceptance, end to end through the commands: the seed files ingested by `sitrep ingest` over
HTTP carry inferred metadata and are accepted once; `sitrep feeds add` refuses private addresses unless
configured to allow them."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import redis
import uvicorn
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_cli.ingest_files import ingest_path
from sitrep_cli.main import main
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.feed_store import FeedStore
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

KEY = "k-acceptance"
SEEDS = Path(__file__).resolve().parents[3] / "samples" / "articles"


@pytest.fixture
def ingest_url(kafka_bootstrap: str, redis_client: redis.Redis) -> Iterator[str]:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-acceptance")
    app = create_app(IngestSettings(), KEY,
                     lambda: Ingestor(publisher, ArticleRecords(redis_client), RedisCopyIndex(redis_client)))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "ingest server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _stored(client: redis.Redis) -> list[Article]:
    members = client.zrange(redis_keys.ARTICLES_BY_RECEIVED, 0, -1)
    ids = [m.decode() if isinstance(m, bytes) else str(m) for m in members]
    return [Article.model_validate_json(client.get(redis_keys.article(i)) or b"") for i in ids]


def test_the_seed_files_ingest_with_inferred_metadata_once(ingest_url: str, redis_client: redis.Redis) -> None:
    out = io.StringIO()
    assert ingest_path(SEEDS, ingest_url, KEY, out=out) == (5, 0)
    assert ": 5 done in" in out.getvalue() and "/s, 0 errors" in out.getvalue()  # count, rate, errors
    articles = _stored(redis_client)
    assert len(articles) == 5 and all(a.url is None and a.language == "en" for a in articles)
    [seed_000] = [a for a in articles if a.external_id and a.external_id.startswith("000_")]
    assert seed_000.published == date(2017, 7, 9) and seed_000.published_inferred
    assert seed_000.title == "Hasm anti-government militants killed in shootout with Egypt police"
    assert {a.outlet for a in articles if a.outlet_inferred} >= {"IBTimes", "The New Arab"}
    # The same files again: every article is a duplicate of the one already accepted.
    assert ingest_path(SEEDS, ingest_url, KEY, out=io.StringIO()) == (0, 0)
    assert len(_stored(redis_client)) == 5


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/feed.xml", "http://localhost/rss", "http://10.0.0.8/rss",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/feed"])
def test_feeds_add_refuses_private_addresses_unless_allowed(
    url: str, redis_server: RedisServer, redis_client: redis.Redis, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SITREP_REDIS_URL", redis_server.url)
    monkeypatch.delenv("SITREP_FEEDS_ALLOW_PRIVATE_FETCH", raising=False)
    with pytest.raises(SystemExit) as refused:
        main(["feeds", "add", url])
    assert refused.value.code == 2 and "non-public" in capsys.readouterr().err
    assert FeedStore(redis_client).all() == []

    monkeypatch.setenv("SITREP_FEEDS_ALLOW_PRIVATE_FETCH", "true")
    with pytest.raises(SystemExit) as added:
        main(["feeds", "add", url])
    assert added.value.code == 0 and [s.url for s in FeedStore(redis_client).all()] == [url]
