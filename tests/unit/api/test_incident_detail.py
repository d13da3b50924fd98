"""GET /v1/incidents/{id} (merged ids redirect) and /v1/incidents/{id}/history."""

from __future__ import annotations

import itertools
import json
from datetime import date

import redis
from fastapi.testclient import TestClient
from sitrep_common import redis_keys as k
from sitrep_common.models import Incident

from tests.unit.api import seed


def test_incident_by_id(client: TestClient, world: list[Incident]) -> None:
    resp = client.get("/v1/incidents/ng-1")
    assert resp.status_code == 200
    assert "X-Sitrep-Merged-From" not in resp.headers
    got = Incident.model_validate(resp.json())
    assert got == world[0]
    assert [s.outlet for s in got.sources] == ["Reuters", "Premium Times"]
    assert got.sources[1].match is not None and got.sources[1].match.score == 0.91


def test_merged_id_answers_with_the_incident_it_became(client: TestClient, r: redis.Redis,
                                                       world: list[Incident]) -> None:
    seed.merge(r, world[7], into=world[0])  # ng-3 -> ng-1
    resp = client.get("/v1/incidents/ng-3")
    assert resp.status_code == 200
    assert resp.json()["incident_id"] == "ng-1"
    assert resp.headers["X-Sitrep-Merged-From"] == "ng-3"


def test_merge_chains_are_followed(client: TestClient, r: redis.Redis) -> None:
    chain = [seed.incident(f"c-{i}", when=date(2024, 1, 1)) for i in range(4)]
    for inc in chain:
        seed.write_incident(r, inc)
    for gone, into in itertools.pairwise(chain):
        seed.merge(r, gone, into=into)
    resp = client.get("/v1/incidents/c-0")
    assert resp.json()["incident_id"] == "c-3"
    assert resp.headers["X-Sitrep-Merged-From"] == "c-0"


def test_merge_cycle_or_dangling_target_still_answers(client: TestClient, r: redis.Redis) -> None:
    a, b = seed.incident("a", when=None), seed.incident("b", when=None)
    seed.write_incident(r, a)
    seed.write_incident(r, b)
    seed.merge(r, a, into=b)
    seed.merge(r, b, into=a)
    assert client.get("/v1/incidents/a").status_code == 200
    lone = seed.incident("lone", when=None)
    seed.write_incident(r, lone)
    seed.merge(r, lone, into=seed.incident("never-written", when=None))
    resp = client.get("/v1/incidents/lone")
    assert resp.status_code == 200
    assert resp.json()["merged_into"] == "never-written"


def test_unknown_incident_is_404_json(client: TestClient, world: list[Incident]) -> None:
    resp = client.get("/v1/incidents/nope")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "no incident 'nope'"}


def test_history_oldest_first(client: TestClient, r: redis.Redis, world: list[Incident]) -> None:
    r.rpush(k.incident_history("ng-1"), json.dumps({"kind": "updated", "version": 2, "event_id": "ng-1-e2"}))
    r.rpush(k.incident_history("ng-1"), b"{not json")  # skipped, not a 500
    body = client.get("/v1/incidents/ng-1/history").json()
    assert body["incident_id"] == "ng-1"
    assert [i["kind"] for i in body["items"]] == ["created", "updated"]


def test_history_of_merged_incident_and_404(client: TestClient, r: redis.Redis, world: list[Incident]) -> None:
    seed.merge(r, world[1], into=world[0])
    assert [i["kind"] for i in client.get("/v1/incidents/ng-2/history").json()["items"]] == ["created", "merged"]
    assert client.get("/v1/incidents/nope/history").status_code == 404
