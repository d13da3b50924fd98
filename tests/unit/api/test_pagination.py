"""Cursor paging: no original item is skipped or repeated while new incidents keep arriving."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from tests.unit.api import seed

DAY0 = date(2024, 1, 1)


def originals(r: redis.Redis, n: int = 25) -> list[str]:
    """n incidents over a few days, so many share a date (ties) and killed counts repeat."""
    made = []
    for i in range(n):
        inc = seed.incident(f"orig-{i:02d}", when=DAY0 + timedelta(days=i % 4), killed=(i * 7) % 5 or None,
                            updated=seed.T0 + timedelta(minutes=i % 6))
        seed.write_incident(r, inc)
        made.append(inc.incident_id)
    return made


def walk(client: TestClient, r: redis.Redis, limit: int, insert_between: bool, **params: Any) -> list[str]:
    fresh = itertools.count()
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        query = {"limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        resp = client.get("/v1/incidents", params=query)
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["count"] == len(body["items"]) <= limit
        seen += [i["incident_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
        if insert_between:  # newer, older and same-key incidents land before, after and among the pages
            for offset in (-1, 0, 2, 9):
                n = next(fresh)
                seed.write_incident(r, seed.incident(
                    f"new-{n:02d}", when=DAY0 + timedelta(days=offset), killed=n % 5,
                    updated=seed.T0 + timedelta(minutes=offset)))
    raise AssertionError("paging did not end")


@pytest.mark.parametrize("sort", ["-date", "date", "-updated", "updated", "-killed", "killed"])
def test_pages_cover_every_original_once_while_new_ones_arrive(client: TestClient, r: redis.Redis,
                                                                sort: str) -> None:
    made = originals(r)
    seen = walk(client, r, limit=7, insert_between=True, sort=sort)
    got = [i for i in seen if i.startswith("orig-")]
    assert sorted(got) == sorted(made)  # every original exactly once
    assert len(seen) == len(set(seen))  # and nothing at all twice


@pytest.mark.parametrize("sort", ["-date", "date", "-updated", "updated", "-killed", "killed"])
def test_pages_concatenate_to_the_single_page_answer(client: TestClient, r: redis.Redis, sort: str) -> None:
    originals(r)
    whole = [i["incident_id"] for i in client.get("/v1/incidents", params={"sort": sort, "limit": 500})
             .json()["items"]]
    assert walk(client, r, limit=7, insert_between=False, sort=sort) == whole
    assert walk(client, r, limit=1, insert_between=False, sort=sort) == whole


def test_paging_with_a_filter_and_more_ties_than_a_redis_batch(client: TestClient, r: redis.Redis) -> None:
    for i in range(450):  # one date, one score: continuing after the cursor must use the id
        seed.write_incident(r, seed.incident(f"t-{i:03d}", when=DAY0, killed=i % 3,
                                             country="Mali" if i % 2 else "Niger"))
    seen = walk(client, r, limit=40, insert_between=False, country="mali")
    assert seen == sorted((f"t-{i:03d}" for i in range(1, 450, 2)), reverse=True)


def test_cursor_still_works_when_its_incident_was_merged_away(client: TestClient, r: redis.Redis) -> None:
    originals(r)
    first = client.get("/v1/incidents", params={"limit": 5}).json()
    last = seed.incident(first["items"][-1]["incident_id"], when=None)
    seed.merge(r, last, into=seed.incident("orig-00", when=DAY0))
    rest = client.get("/v1/incidents", params={"limit": 500, "cursor": first["next_cursor"]}).json()
    got = [i["incident_id"] for i in first["items"] + rest["items"]]
    assert len(got) == len(set(got)) == 25


def test_cursor_of_another_sort_is_rejected(client: TestClient, r: redis.Redis) -> None:
    originals(r)
    cursor = client.get("/v1/incidents", params={"limit": 3}).json()["next_cursor"]
    resp = client.get("/v1/incidents", params={"sort": "killed", "cursor": cursor})
    assert resp.status_code == 422
    [error] = resp.json()["detail"]
    assert "sort=-date" in error["msg"] and error["loc"] == ["query", "cursor"]
