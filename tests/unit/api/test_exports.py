"""GET /v1/incidents.csv (ACLED columns) and /v1/incidents.geojson: every filter, streamed, paged inside."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import redis
from fastapi.testclient import TestClient
from sitrep_api import exports
from sitrep_common.models import Incident

from tests.unit.api import seed


def rows(client: TestClient, **params: object) -> list[dict[str, str]]:
    resp = client.get("/v1/incidents.csv", params=params)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(resp.text)))


def test_csv_has_acled_columns_and_our_values(client: TestClient, world: list[Incident]) -> None:
    resp = client.get("/v1/incidents.csv")
    header = next(csv.reader(io.StringIO(resp.text)))
    assert tuple(header) == exports.ACLED_COLUMNS
    by_id = {row["event_id_cnty"]: row for row in rows(client)}
    assert set(by_id) == {inc.incident_id for inc in world}
    ng1 = by_id["ng-1"]
    assert ng1 | {"timestamp": ""} == {column: "" for column in exports.ACLED_COLUMNS} | {
        "event_id_cnty": "ng-1", "event_date": "2024-02-29", "year": "2024", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Violence against civilians",
        "sub_event_type": "Attack", "actor1": "Boko Haram", "actor2": "villagers",
        "civilian_targeting": "Civilian targeting", "iso": "566", "country": "Nigeria", "admin1": "Borno",
        "location": "Maiduguri", "latitude": "11.8500", "longitude": "13.1600", "geo_precision": "1",
        "source": "Reuters; Premium Times", "notes": "Boko Haram fighters killed 12 villagers.",
        "fatalities": "12", "timestamp": ""}
    assert int(ng1["timestamp"]) == int(world[0].updated_at.timestamp())
    assert by_id["xx-1"]["event_date"] == "" and by_id["xx-1"]["fatalities"] == ""
    assert by_id["eg-2"]["disorder_type"] == "Demonstrations" and by_id["eg-2"]["iso"] == "818"
    assert by_id["fj-1"]["fatalities"] == "0" and by_id["fj-1"]["longitude"] == "179.3800"


def test_csv_takes_the_list_filters_and_sort(client: TestClient, world: list[Incident]) -> None:
    assert [r["event_id_cnty"] for r in rows(client, country="eg", sort="date")] == ["eg-2", "eg-1"]
    assert [r["event_id_cnty"] for r in rows(client, min_killed=10, sort="-killed")] == ["ng-3", "eg-1", "ng-1"]
    listed = client.get("/v1/incidents", params={"bbox": "0,0,40,40", "q": "soldiers"}).json()["items"]
    exported = rows(client, bbox="0,0,40,40", q="soldiers")
    assert [r["event_id_cnty"] for r in exported] == [i["incident_id"] for i in listed]


def test_exports_reject_what_the_list_rejects(client: TestClient, world: list[Incident]) -> None:
    for path in ("/v1/incidents.csv", "/v1/incidents.geojson"):
        assert client.get(path, params={"bbox": "1,2,3"}).status_code == 422
        assert client.get(path, params={"date_from": "2024-03-01", "date_to": "2024-01-01"}).status_code == 422
        assert client.get(path, params={"sort": "sideways"}).status_code == 422


def test_spreadsheet_formulas_in_article_text_are_defused(client: TestClient, r: redis.Redis) -> None:
    inc = seed.incident("f-1", when=date(2024, 1, 1), perpetrator="=HYPERLINK(\"http://x\")", location="-Town")
    seed.write_incident(r, inc)
    [row] = rows(client)
    assert row["actor1"] == "'=HYPERLINK(\"http://x\")"
    assert row["location"] == "'-Town"
    assert row["longitude"] == "13.1600"  # numbers are left alone


def test_exports_page_through_more_than_one_repository_page(client: TestClient, r: redis.Redis) -> None:
    total = exports.PAGE * 2 + 7
    pipe_made = []
    for i in range(total):
        inc = seed.incident(f"p-{i:04d}", when=date(2023, 1, 1) + timedelta(days=i % 40),
                            lat=None if i % 10 == 0 else 10.0, lon=None if i % 10 == 0 else 20.0)
        seed.write_incident(r, inc)
        pipe_made.append(inc.incident_id)
    got = [row["event_id_cnty"] for row in rows(client, sort="date")]
    assert sorted(got) == sorted(pipe_made) and len(got) == total
    features = client.get("/v1/incidents.geojson").json()["features"]
    assert len(features) == total - len(range(0, total, 10))


def test_geojson_points_skip_incidents_without_coordinates(client: TestClient, world: list[Incident]) -> None:
    resp = client.get("/v1/incidents.geojson", params={"country": "Nigeria"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/geo+json")
    body = resp.json()
    assert body["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in body["features"]}
    assert set(by_id) == {"ng-1", "ng-2", "ng-3"}  # xx-1 is in Nigeria but has no coordinates
    ng1 = by_id["ng-1"]
    assert ng1["type"] == "Feature"
    assert ng1["geometry"] == {"type": "Point", "coordinates": [13.16, 11.85]}
    props = ng1["properties"]
    assert props["incident_id"] == "ng-1" and props["killed"] == 12
    assert (props["killed_min"], props["killed_max"], props["sources"]) == (12, 15, 2)
    assert props["date"] == "2024-02-29" and props["event_type"] == "Violence against civilians"


def test_empty_exports_are_well_formed(client: TestClient) -> None:
    assert client.get("/v1/incidents.geojson").json() == {"type": "FeatureCollection", "features": []}
    assert rows(client) == []


def test_iso_numeric() -> None:
    assert exports.iso_numeric("EG") == "818"
    assert exports.iso_numeric("ng") == "566"
    assert exports.iso_numeric(None) == ""
    assert exports.iso_numeric("XX") == ""
