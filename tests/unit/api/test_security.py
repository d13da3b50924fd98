"""The optional read key and CORS: both off by default, on through ApiSettings."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sitrep_api.app import create_app
from sitrep_common.errors import SitrepError
from sitrep_common.models import Incident
from sitrep_common.settings import ApiSettings, RedisSettings, SecuritySettings

KEY = "read-key-7f3a"
DATA_PATHS = ("/v1/incidents", "/v1/incidents/ng-1", "/v1/incidents/ng-1/history", "/v1/stats",
              "/v1/articles/a1", "/v1/incidents.csv", "/v1/incidents.geojson", "/v1/stream")
OPEN_PATHS = ("/health", "/ready", "/metrics", "/", "/dashboard", "/dashboard/app.js", "/openapi.json")


@pytest.fixture
def closed(r: redis.Redis, api_redis_url: str) -> Iterator[TestClient]:
    app = create_app(ApiSettings(read_api_key_required=True), RedisSettings(url=api_redis_url),
                     SecuritySettings(api_key=SecretStr(KEY)))
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize("path", DATA_PATHS)
@pytest.mark.parametrize("key", [None, "wrong", KEY + "x", ""])
def test_reads_need_the_key(closed: TestClient, path: str, key: str | None) -> None:
    headers = {"X-API-Key": key} if key is not None else {}
    resp = closed.get(path, headers=headers)
    assert resp.status_code == 401
    assert KEY not in resp.text


def test_reads_with_the_key_work(closed: TestClient, world: list[Incident]) -> None:
    for path in DATA_PATHS[:-1]:  # the stream never ends; its 401 above shows it is guarded too
        resp = closed.get(path, headers={"X-API-Key": KEY})
        assert resp.status_code in (200, 404), (path, resp.status_code)  # a1 is not seeded
    assert closed.get("/v1/incidents/ng-1", headers={"X-API-Key": KEY}).json()["incident_id"] == "ng-1"


@pytest.mark.parametrize("path", OPEN_PATHS)
def test_health_metrics_and_dashboard_files_stay_open(closed: TestClient, path: str) -> None:
    assert closed.get(path).status_code == 200


def test_the_key_is_never_logged(closed: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        closed.get("/v1/incidents", headers={"X-API-Key": "wrong"})
        closed.get("/v1/incidents", headers={"X-API-Key": KEY})
    assert KEY not in caplog.text and "wrong" not in caplog.text


def test_open_by_default(client: TestClient) -> None:
    assert client.get("/v1/incidents").status_code == 200


def test_closed_reads_without_a_key_refuse_to_start(api_redis_url: str) -> None:
    with pytest.raises(SitrepError, match="SITREP_API_KEY"):
        create_app(ApiSettings(read_api_key_required=True), RedisSettings(url=api_redis_url), SecuritySettings())


def test_no_cors_by_default(client: TestClient) -> None:
    resp = client.get("/v1/incidents", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in resp.headers
    preflight = client.options("/v1/incidents", headers={"Origin": "https://elsewhere.example",
                                                         "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_for_configured_origins_only(r: redis.Redis, api_redis_url: str) -> None:
    app = create_app(ApiSettings(cors_origins=["https://maps.example"]), RedisSettings(url=api_redis_url),
                     SecuritySettings())
    with TestClient(app) as test_client:
        ok = test_client.get("/v1/incidents", headers={"Origin": "https://maps.example"})
        assert ok.headers["access-control-allow-origin"] == "https://maps.example"
        other = test_client.get("/v1/incidents", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = test_client.options("/v1/stream", headers={
            "Origin": "https://maps.example", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "last-event-id"})
        assert preflight.status_code == 200
