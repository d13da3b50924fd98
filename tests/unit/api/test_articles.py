"""GET /v1/articles/{id}: by canonical or external id, with events and their current incident."""

from __future__ import annotations

import redis
from fastapi.testclient import TestClient
from sitrep_common.models import Article, Event

from tests.unit.api import seed


def stored(r: redis.Redis) -> Article:
    art = seed.article("art-abc", external_id="feed-42")
    seed.write_article(r, art, [(seed.event("ev-2", art.article_id, primary=False, killed=None), "inc-9"),
                                (seed.event("ev-1", art.article_id), "inc-1")])
    return art


def test_article_by_canonical_id_with_events(client: TestClient, r: redis.Redis) -> None:
    art = stored(r)
    body = client.get("/v1/articles/art-abc").json()
    assert Article.model_validate(body["article"]) == art
    events = [Event.model_validate(e) for e in body["events"]]
    assert [(e.event_id, e.primary, e.incident_id) for e in events] == [("ev-1", True, "inc-1"),
                                                                         ("ev-2", False, "inc-9")]


def test_article_by_external_id(client: TestClient, r: redis.Redis) -> None:
    stored(r)
    body = client.get("/v1/articles/feed-42").json()
    assert body["article"]["article_id"] == "art-abc"
    assert len(body["events"]) == 2


def test_events_show_their_current_incident_after_a_merge(client: TestClient, r: redis.Redis) -> None:
    stored(r)
    r.hset("sitrep:event_incident", "ev-1", "inc-2")  # what dedupe does when inc-1 merges into inc-2
    events = client.get("/v1/articles/art-abc").json()["events"]
    assert events[0]["incident_id"] == "inc-2"


def test_article_without_events(client: TestClient, r: redis.Redis) -> None:
    seed.write_article(r, seed.article("quiet"), [])
    assert client.get("/v1/articles/quiet").json()["events"] == []


def test_unknown_article_is_404(client: TestClient, r: redis.Redis) -> None:
    resp = client.get("/v1/articles/nope")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "no article 'nope'"}
