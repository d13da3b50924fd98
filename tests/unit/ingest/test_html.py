"""HTML pages: text and metadata read from saved pages, via files, HTTP and JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article, ArticleIn
from sitrep_common.settings import IngestSettings, KafkaSettings
from sitrep_ingest.app import create_app
from sitrep_ingest.files import read_articles
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.html import HtmlWithoutText, article_from_html, looks_like_html
from sitrep_ingest.normalise import RejectedArticle, article_id_for, normalise
from sitrep_ingest.records import ArticleRecords

HTML = Path(__file__).resolve().parents[2] / "data" / "html"
KEY = "k-html"
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def test_main_text_title_date_outlet_and_canonical_url_are_read_from_a_page() -> None:
    a = article_from_html((HTML / "riverside_flood.html").read_bytes())
    assert a.title == "Flood waters cut off six river villages"
    assert a.published == date(2023, 4, 12)
    assert a.outlet == "The Riverside Courier"
    assert a.url == "https://www.riversidecourier.example/news/2023/04/12/flood-villages"
    assert a.text.startswith("Flood waters cut off at least six villages along the lower Wend river")
    assert "embankments that gave way near the village of Osby" in a.text
    for clutter in ("cookies", "Most read", "Privacy policy", "Share on Facebook", "Subscribe"):
        assert clutter not in a.text


def test_given_metadata_wins_over_the_page() -> None:
    a = article_from_html((HTML / "riverside_flood.html").read_bytes(), outlet="Wire", title="T",
                          published=date(2023, 4, 13))
    assert (a.outlet, a.title, a.published) == ("Wire", "T", date(2023, 4, 13))


def test_non_english_page_is_accepted_and_its_language_marked() -> None:
    article = normalise(article_from_html((HTML / "harbour_fire_fr.html").read_bytes()), NOW)
    assert article.language == "fr" and article.published == date(2022, 9, 3)
    assert not article.published_inferred and article.outlet == "Le Journal du Littoral"


def test_a_page_without_an_article_says_so() -> None:
    with pytest.raises(HtmlWithoutText):
        article_from_html((HTML / "empty_index.html").read_bytes())


def test_html_is_told_from_prose() -> None:
    assert looks_like_html((HTML / "riverside_flood.html").read_text())
    assert looks_like_html("<div><p>One</p><p>Two</p></div>")
    assert not looks_like_html("Police said 3 < 4 people were hurt and the <b>official</b> toll is unclear.")


def test_html_sent_as_json_text_is_read_as_a_page_and_gets_the_canonical_id() -> None:
    page = (HTML / "riverside_flood.html").read_text()
    article = normalise(ArticleIn(text=page, url="https://www.riversidecourier.example/x?utm_source=a"), NOW)
    canonical = "https://www.riversidecourier.example/news/2023/04/12/flood-villages"
    assert article.url == canonical and article.article_id == article_id_for(canonical, "")
    assert "<p>" not in article.text and article.title == "Flood waters cut off six river villages"
    with pytest.raises(RejectedArticle, match="HTML"):
        normalise(ArticleIn(text=(HTML / "empty_index.html").read_text()), NOW)


def test_html_files_are_read_from_a_folder() -> None:
    items = list(read_articles(HTML))
    pages = {i.id: i for i in items if isinstance(i, ArticleIn)}
    assert set(pages) == {"riverside_flood", "harbour_fire_fr"}
    [problem] = [i for i in items if not isinstance(i, ArticleIn)]
    assert "empty_index.html" in problem.where and "no article text" in problem.reason


def test_posting_text_html_with_query_metadata(kafka_bootstrap: str, redis_client: redis.Redis) -> None:
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-html")
    app = create_app(IngestSettings(), KEY, lambda: Ingestor(publisher, ArticleRecords(redis_client)))
    with TestClient(app) as client:
        resp = client.post("/v1/articles?id=page-1&outlet=Courier%20Wire",
                           content=(HTML / "riverside_flood.html").read_bytes(),
                           headers={"X-API-Key": KEY, "Content-Type": "text/html; charset=utf-8"})
        assert resp.status_code == 202, resp.text
        [result] = resp.json()
        stored = Article.model_validate_json(redis_client.get(redis_keys.article(result["article_id"])) or b"")
        assert stored.outlet == "Courier Wire" and stored.external_id == "page-1"
        assert stored.published == date(2023, 4, 12) and stored.title == "Flood waters cut off six river villages"
        assert stored.url == "https://www.riversidecourier.example/news/2023/04/12/flood-villages"
        again = client.post("/v1/articles", content=(HTML / "riverside_flood.html").read_bytes(),
                            headers={"X-API-Key": KEY, "Content-Type": "text/html"})
        assert again.json()[0]["status"] == "duplicate"  # same canonical URL, same article
        empty = client.post("/v1/articles", content=(HTML / "empty_index.html").read_bytes(),
                            headers={"X-API-Key": KEY, "Content-Type": "text/html"})
        assert empty.status_code == 422 and "no article text" in empty.text
        as_json = client.post("/v1/articles", content=json.dumps({"text": (HTML / "empty_index.html").read_text()}),
                              headers={"X-API-Key": KEY, "Content-Type": "application/json"})
        assert as_json.status_code == 422 and "HTML" in as_json.text
