"""Ingest's write API driven by hypothesis (real broker, real Redis): whatever the body, content type,
query or headers, the answer is 202 or a 4xx that says why, never a 5xx; the service stays healthy.
Also: a flood of one article is published once, and dates in the future are refused."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import redis
from confluent_kafka import Consumer
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_common.kafka import Publisher
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

KEY = "fuzz-key"
TEXT = "Gunmen attacked a police post in the northern town on Tuesday, killing three officers, officials said."
CLEAR_4XX = {400, 401, 413, 415, 422}


@pytest.fixture(scope="module")
def client(kafka_bootstrap: str, redis_server: RedisServer) -> Iterator[TestClient]:
    r = redis.Redis.from_url(redis_server.url)
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap, flush_timeout_s=10), "fuzz")

    def make() -> Ingestor:
        return Ingestor(publisher, ArticleRecords(r), busy_timeout_s=10)

    # No rate limit here: the fuzzer sends far more than a client should (the limit has its own tests).
    app = create_app(IngestSettings(max_body_bytes=20_000, rate_limit_per_s=0), KEY, make)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    r.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
field_values = st.none() | st.integers() | st.text(max_size=120) | st.sampled_from(
    [TEXT, "", "   ", "2022-02-30", "2024-01-01T10:00:00Z", "9999-12-31", "http://x", "javascript:alert(1)",
     "<html><body><p>" + TEXT + "</p></body></html>", "\x00\x01", "😀" * 10, "a" * 3000])
article_like = st.fixed_dictionaries(
    {}, optional={k: field_values for k in ("id", "url", "outlet", "published", "title", "text")}
    | {"extra": json_values})
bodies = st.one_of(
    st.binary(max_size=2_000),
    st.text(max_size=2_000).map(str.encode),
    json_values.map(lambda v: json.dumps(v).encode()),
    article_like.map(lambda v: json.dumps(v).encode()),
    st.lists(article_like, max_size=5).map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"", b"\xff\xfe\x00", b"{", b"[" * 5000, b"x" * 30_000, TEXT.encode(),
                     b"<html><head><title>T</title></head><body><p>" + TEXT.encode() + b"</p></body></html>"]),
)
content_types = st.one_of(
    st.sampled_from(["application/json", "text/plain", "text/html", "application/xhtml+xml", "application/xml",
                     "multipart/form-data; boundary=x", "application/json; charset=latin-1", "TEXT/PLAIN",
                     "text/plain; charset=utf-16", "application/x-www-form-urlencoded", ""]),
    st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=40),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
queries = st.dictionaries(st.sampled_from(["title", "url", "outlet", "published", "id", "other"]),
                          st.text(max_size=60) | st.sampled_from(["2020-01-01", "9999-12-31", "x" * 3000]),
                          max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(body=bodies, ctype=content_types, query=queries, key=st.sampled_from([KEY, KEY, KEY, None, "wrong", ""]),
       extra=st.dictionaries(st.sampled_from(["Content-Encoding", "Transfer-Encoding", "Accept", "X-Forwarded-For",
                                              "Content-Length", "Expect", "X-Other"]), header_text, max_size=2))
def test_any_request_gets_202_or_a_clear_4xx_never_a_5xx(
    client: TestClient, body: bytes, ctype: str, query: dict[str, str], key: str | None, extra: dict[str, str]
) -> None:
    headers = extra | {"Content-Type": ctype}
    if key is not None:
        headers["X-API-Key"] = key
    resp = client.post("/v1/articles", content=body, params=query, headers=headers)
    event(f"HTTP {resp.status_code}")  # shown by --hypothesis-show-statistics: every path is exercised
    assert resp.status_code == 202 or resp.status_code in CLEAR_4XX, (resp.status_code, resp.text[:500])
    if resp.status_code != 202:
        assert resp.json()["detail"], "a refusal says why"
    else:
        assert all(r["status"] in ("accepted", "duplicate") for r in resp.json())


usable_texts = st.builds(lambda head, tail: f"{head} {tail}",
                        st.sampled_from([TEXT, TEXT.upper(), f"<p>{TEXT}</p>", f"{TEXT}\n\n{TEXT}"]),
                        st.text(max_size=300))
near_articles = st.fixed_dictionaries(
    {"text": usable_texts},
    optional={k: field_values for k in ("id", "url", "outlet", "published", "title")} | {"extra": json_values})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(near_articles, min_size=1, max_size=4), single=st.booleans(), query=queries)
def test_article_shaped_json_gets_202_or_a_clear_4xx(
    client: TestClient, batch: list[dict[str, Any]], single: bool, query: dict[str, str]
) -> None:
    """Mostly usable articles with odd fields: the paths past validation (normalise, publish) get fuzzed too."""
    resp = client.post("/v1/articles", json=batch[0] if single else batch, params=query, headers={"X-API-Key": KEY})
    event(f"HTTP {resp.status_code}")
    assert resp.status_code == 202 or resp.status_code in CLEAR_4XX, (resp.status_code, resp.text[:500])


def test_still_healthy_and_accepting_after_the_fuzzing(client: TestClient) -> None:
    assert client.get("/health").status_code == 200
    resp = client.post("/v1/articles", json={"text": TEXT, "url": "https://e.com/after-fuzz"},
                       headers={"X-API-Key": KEY})
    assert resp.status_code == 202, resp.text


def test_a_flood_of_one_article_is_published_once(client: TestClient, kafka_bootstrap: str, unique: str) -> None:
    article = {"text": TEXT, "url": f"https://e.com/flood-{unique}", "title": "Flood"}

    def post(_: int) -> Any:
        return client.post("/v1/articles", json=article, headers={"X-API-Key": KEY})

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(post, range(200)))
    assert {a.status_code for a in answers} == {202}
    statuses = [a.json()[0]["status"] for a in answers]
    assert statuses.count("accepted") == 1 and statuses.count("duplicate") == 199
    article_id = answers[0].json()[0]["article_id"]

    consumer = Consumer({"bootstrap.servers": kafka_bootstrap, "group.id": f"flood-{unique}",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe(["articles.v1"])
    copies, deadline, last = 0, time.monotonic() + 30, time.monotonic()
    # Read to the end of the topic: until 3 s pass without a message once the first copy is found.
    while time.monotonic() < deadline and (not copies or time.monotonic() - last < 3):
        msg = consumer.poll(0.3)
        if msg is None or msg.error():
            continue
        last = time.monotonic()
        if msg.key() == article_id.encode():
            copies += 1
    consumer.close()
    assert copies == 1


@pytest.mark.parametrize(("days_ahead", "status"), [(0, 202), (1, 202), (2, 422), (365 * 30, 422)])
def test_dates_in_the_future_are_refused_beyond_a_day_of_time_zones(
    client: TestClient, unique: str, days_ahead: int, status: int
) -> None:
    published = date.today() if days_ahead == 0 else datetime.now(UTC).date() + timedelta(days=days_ahead)
    resp = client.post("/v1/articles", json={"text": TEXT, "published": published.isoformat(),
                                             "url": f"https://e.com/future-{days_ahead}-{unique}"},
                       headers={"X-API-Key": KEY})
    assert resp.status_code == status, resp.text
    if status == 422:
        assert "in the future" in resp.text
