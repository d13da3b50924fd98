"""GET /v1/incidents: order, every filter, field selection, validation."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sitrep_common.models import Incident

from tests.unit.api import seed


def ids(client: TestClient, **params: Any) -> list[str]:
    resp = client.get("/v1/incidents", params=params)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["count"] == len(body["items"])
    return [item["incident_id"] for item in body["items"]]


def test_default_is_newest_date_first_with_undated_last(client: TestClient, world: list[Incident]) -> None:
    got = ids(client)
    # Ties on a date are ordered by id (descending here), the same total order the cursor relies on.
    assert got == ["sy-1", "ng-3", "ng-1", "eg-1", "ng-2", "fj-1", "eg-2", "xx-1"]


def test_items_are_full_incidents(client: TestClient, world: list[Incident]) -> None:
    body = client.get("/v1/incidents", params={"limit": 500}).json()
    first = next(i for i in body["items"] if i["incident_id"] == "ng-1")
    assert Incident.model_validate(first) == world[0]
    assert body["next_cursor"] is None


@pytest.mark.parametrize(("params", "expected"), [
    ({"date_from": "2024-02-25"}, {"sy-1", "ng-3", "ng-1", "eg-1"}),
    ({"date_to": "2024-02-10"}, {"fj-1", "eg-2"}),
    ({"date_from": "2024-02-20", "date_to": "2024-02-25"}, {"eg-1", "ng-2"}),
    ({"updated_since": "2024-03-01T13:30:00Z"}, {"sy-1", "ng-3"}),
    ({"updated_since": "2024-03-01T13:30:00"}, {"sy-1", "ng-3"}),  # naive = UTC
    ({"country": "egypt"}, {"eg-1", "eg-2"}),
    ({"country": "eg"}, {"eg-1", "eg-2"}),
    ({"country": "NG"}, {"ng-1", "ng-2", "ng-3", "xx-1"}),
    ({"admin1": "borno"}, {"ng-1", "ng-3"}),
    ({"event_type": "battles"}, {"sy-1"}),
    ({"sub_event_type": "Peaceful protest"}, {"eg-2"}),
    ({"actor": "boko"}, {"ng-1"}),                       # perpetrator
    ({"actor": "SOLDIERS"}, {"eg-1", "ng-3"}),           # target
    ({"actor": "ansar_bayt"}, {"eg-1"}),                 # perpetrator_id
    ({"actor": "hayat tahrir"}, {"sy-1"}),
    ({"min_killed": 12}, {"ng-1", "eg-1", "ng-3"}),
    ({"min_killed": 0}, {"ng-1", "ng-2", "eg-1", "sy-1", "fj-1", "ng-3"}),
    ({"bbox": "13,11,14,12"}, {"ng-1", "ng-3"}),
    ({"bbox": "30,29,37,37"}, {"eg-1", "eg-2", "sy-1"}),
    ({"bbox": "179,-17,-179,-16"}, {"fj-1"}),            # across the antimeridian
    ({"q": "maiduguri"}, {"ng-1"}),                      # location
    ({"q": "at least 15"}, {"ng-1"}),                    # a source's quote, every word
    ({"q": "ansar"}, {"eg-1"}),                          # perpetrator
    ({"q": "farmers"}, {"ng-2"}),                        # target
    ({"q": "maiduguri cairo"}, set()),
    ({"country": "nigeria", "min_killed": 10, "admin1": "Borno", "actor": "iswap"}, {"ng-3"}),
])
def test_each_filter_narrows(client: TestClient, world: list[Incident], params: dict[str, Any],
                             expected: set[str]) -> None:
    assert set(ids(client, **params, limit=500)) == expected


@pytest.mark.parametrize(("sort", "expected"), [
    ("date", ["xx-1", "eg-2", "fj-1", "ng-2", "eg-1", "ng-1", "ng-3", "sy-1"]),
    ("-date", ["sy-1", "ng-3", "ng-1", "eg-1", "ng-2", "fj-1", "eg-2", "xx-1"]),
    ("-updated", ["sy-1", "ng-3", "ng-1", "xx-1", "ng-2", "fj-1", "eg-2", "eg-1"]),
    ("updated", ["eg-1", "eg-2", "fj-1", "ng-2", "xx-1", "ng-1", "ng-3", "sy-1"]),
    ("-killed", ["ng-3", "eg-1", "ng-1", "sy-1", "ng-2", "fj-1", "xx-1", "eg-2"]),
    ("killed", ["eg-2", "xx-1", "fj-1", "ng-2", "sy-1", "ng-1", "eg-1", "ng-3"]),
])
def test_sort_orders(client: TestClient, world: list[Incident], sort: str, expected: list[str]) -> None:
    assert ids(client, sort=sort) == expected


def test_fields_selects_top_level_fields_and_keeps_the_id(client: TestClient, world: list[Incident]) -> None:
    body = client.get("/v1/incidents", params={"fields": "date, killed", "country": "SY"}).json()
    assert body["items"] == [{"incident_id": "sy-1", "date": "2024-02-29",
                              "killed": world[4].killed.model_dump(mode="json")}]
    assert body["count"] == 1


@pytest.mark.parametrize(("params", "fragment"), [
    ({"limit": 0}, "limit"),
    ({"limit": 501}, "limit"),
    ({"sort": "place"}, "sort"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"min_killed": -1}, "min_killed"),
    ({"bbox": "1,2,3"}, "bbox must be four numbers"),
    ({"bbox": "a,b,c,d"}, "bbox must be four numbers"),
    ({"bbox": "0,50,10,40"}, "minlat is greater than maxlat"),
    ({"bbox": "0,0,200,10"}, "longitudes"),
    ({"date_from": "2024-03-01", "date_to": "2024-02-01"}, "date_from is after date_to"),
    ({"fields": "date,colour"}, "unknown field(s) colour"),
    ({"cursor": "not-a-cursor"}, "cursor"),
])
def test_invalid_parameters_are_422_with_a_clear_message(client: TestClient, params: dict[str, Any],
                                                         fragment: str) -> None:
    resp = client.get("/v1/incidents", params=params)
    assert resp.status_code == 422
    assert fragment in resp.text


def test_empty_store_is_an_empty_page(client: TestClient) -> None:
    assert client.get("/v1/incidents").json() == {"items": [], "next_cursor": None, "count": 0}


def test_merged_incidents_are_not_listed(client: TestClient, world: list[Incident], r: Any) -> None:
    seed.merge(r, world[2], into=world[0])
    assert "eg-1" not in ids(client, limit=500)
