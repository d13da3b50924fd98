"""The ingest HTTP contract against a real broker and a real Redis."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

from tests.topic_reader import find_on_topic

KEY = "test-key-123"
ARTICLE = {"id": "ext-1", "url": "https://e.com/a1", "outlet": "E", "published": "2022-02-02",
           "title": "Bomb kills two",
           "text": "A roadside bomb killed two soldiers near the town on Monday, police said."}


def _client(publisher: Publisher, client: redis.Redis, max_body: int = 10_000) -> TestClient:
    def make() -> Ingestor:
        return Ingestor(publisher, ArticleRecords(client))

    app = create_app(IngestSettings(max_body_bytes=max_body), KEY, make)
    return TestClient(app)


@pytest.fixture
def ingest(kafka_bootstrap: str, redis_client: redis.Redis) -> Iterator[TestClient]:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-ingest")
    with _client(publisher, redis_client) as c:
        yield c


def test_accepted_article_is_on_the_topic_and_a_repeat_is_a_duplicate(
    ingest: TestClient, kafka_bootstrap: str, unique: str
) -> None:
    first = ingest.post("/v1/articles", json=ARTICLE | {"url": f"https://e.com/{unique}"}, headers={"X-API-Key": KEY})
    assert first.status_code == 202, first.text
    [result] = first.json()
    assert result["status"] == "accepted" and result["external_id"] == "ext-1"
    again = ingest.post("/v1/articles", json=ARTICLE | {"url": f"https://e.com/{unique}"}, headers={"X-API-Key": KEY})
    assert again.json()[0]["status"] == "duplicate"

    raw = find_on_topic(kafka_bootstrap, "articles.v1", result["article_id"].encode(), f"g-{unique}")
    found = Article.model_validate_json(raw) if raw else None
    assert found is not None and found.external_id == "ext-1" and found.outlet == "E"


def test_text_plain_with_metadata_in_query(ingest: TestClient, unique: str) -> None:
    resp = ingest.post(f"/v1/articles?title=T&outlet=O&url=https://e.com/p-{unique}", content=ARTICLE["text"],
                       headers={"X-API-Key": KEY, "Content-Type": "text/plain"})
    assert resp.status_code == 202, resp.text


@pytest.mark.parametrize(
    ("body", "headers", "status", "says"),
    [
        (b"", {"Content-Type": "application/json"}, 400, "empty body"),
        (b"{not json", {"Content-Type": "application/json"}, 400, "not valid JSON"),
        (b'{"title": "only a title"}', {"Content-Type": "application/json"}, 422, "text"),
        (b"\xff\xfe\x00binary", {"Content-Type": "text/plain"}, 400, "UTF-8"),
        (b"<p>x</p>", {"Content-Type": "application/xml"}, 415, "application/json"),
        (b"x" * 20_000, {"Content-Type": "text/plain"}, 413, "over"),
        (b"[]", {"Content-Type": "application/json"}, 400, "empty list"),
        (b'{"text": "tiny"}', {"Content-Type": "application/json"}, 422, "fewer than 5 words"),
    ],
)
def test_bad_input_gets_a_4xx_that_says_why(
    ingest: TestClient, body: bytes, headers: dict[str, str], status: int, says: str
) -> None:
    resp = ingest.post("/v1/articles", content=body, headers=headers | {"X-API-Key": KEY})
    assert resp.status_code == status, resp.text
    assert says in resp.text


def test_writing_needs_the_key(ingest: TestClient) -> None:
    assert ingest.post("/v1/articles", json=ARTICLE).status_code == 401
    assert ingest.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": "wrong"}).status_code == 401


def test_broker_unreachable_answers_503_and_records_nothing(redis_client: redis.Redis) -> None:
    # Nothing listens on port 9: Kafka never acknowledges, so ingest must not claim the article.
    publisher = Publisher.connect(KafkaSettings(bootstrap="127.0.0.1:9", flush_timeout_s=1.0), "test-down")
    with _client(publisher, redis_client) as c:
        resp = c.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": KEY})
    assert resp.status_code == 503 and resp.headers["Retry-After"]
    assert redis_client.dbsize() == 0


def test_an_article_too_big_for_a_message_gets_413_and_nothing_of_the_request_is_accepted(
    kafka_bootstrap: str, redis_client: redis.Redis, unique: str
) -> None:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap, max_message_bytes=128 * 1024), "t-big")
    big = ARTICLE | {"url": f"https://e.com/big-{unique}", "text": "word " * 30_000}  # 150 kB of text
    small = ARTICLE | {"url": f"https://e.com/small-{unique}"}
    with _client(publisher, redis_client, max_body=1_000_000) as c:
        resp = c.post("/v1/articles", json=[small, big], headers={"X-API-Key": KEY})
    assert resp.status_code == 413 and "message limit" in resp.text
    assert redis_client.dbsize() == 0, "the small article of the same request was not accepted either"


def test_the_key_is_never_logged(ingest: TestClient, caplog: pytest.LogCaptureFixture, unique: str) -> None:
    with caplog.at_level("DEBUG"):
        ingest.post("/v1/articles", json=ARTICLE | {"url": f"https://e.com/log-{unique}"}, headers={"X-API-Key": KEY})
        ingest.post("/v1/articles", json=ARTICLE, headers={"X-API-Key": "a-wrong-key"})
    logged = " ".join(str(r.__dict__) for r in caplog.records)
    assert "article accepted" in caplog.text, "the records looked at are the ingest's own"
    assert KEY not in logged and "a-wrong-key" not in logged


def test_writing_is_never_open_ingest_refuses_to_start_without_a_key() -> None:
    with pytest.raises(ValueError, match="API key"):
        create_app(IngestSettings(), "", lambda: None)
