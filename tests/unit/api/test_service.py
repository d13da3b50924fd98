"""Stats, health, readiness, metrics, OpenAPI and the dashboard files."""

from __future__ import annotations

import re
import time

import pytest
import redis
from fastapi.testclient import TestClient
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_common import redis_keys as k
from sitrep_common.models import Incident
from sitrep_common.pipeline_status import PipelineStatus

from tests.unit.api import seed
from tests.unit.api.conftest import make_client


def test_stats(client: TestClient, r: redis.Redis, world: list[Incident]) -> None:
    seed.merge(r, world[1], into=world[0])
    seed.write_article(r, seed.article("a1"), [(seed.event("e1", "a1"), "ng-1")])
    r.set(k.counter("events_extracted"), 11)
    r.set(k.counter("dead_letters"), 2)
    body = client.get("/v1/stats").json()
    assert body["incidents"] == {"live": 7, "created": 8}
    assert body["by_country"] == {"Nigeria": 3, "Egypt": 2, "Syria": 1, "Fiji": 1}
    assert body["by_event_type"]["Violence against civilians"] == 3
    assert sum(body["by_event_type"].values()) == 7
    assert body["by_date"]["2024-02-29"] == 3
    assert body["by_date"]["unknown"] == 1
    dated = [d for d in body["by_date"] if d != "unknown"]
    assert dated == sorted(dated, reverse=True)
    assert body["pipeline"]["articles_ingested"] == 1
    assert body["pipeline"]["events_extracted"] == 11
    assert body["pipeline"]["dead_letters"] == 2
    assert body["pipeline"]["articles_stored"] == 1


def test_stats_on_empty_store(client: TestClient) -> None:
    body = client.get("/v1/stats").json()
    assert body["incidents"] == {"live": 0, "created": 0}
    assert body["pipeline"] == {"articles_ingested": 0, "events_extracted": 0, "dead_letters": 0,
                                "articles_skipped_language": 0, "articles_stored": 0, "events_linked": 0,
                                "consumer_lag": {}, "dead_letters_by_service": {}}


def test_health_and_ready(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    resp = client.get("/ready")
    assert resp.status_code == 200
    assert resp.json() == {"status": "ready", "redis": True, "kafka": None, "dedupe_lag": None, "reasons": []}


def test_ready_is_503_and_reads_are_503_when_redis_is_gone(tmp_path: pytest.TempPathFactory) -> None:
    server = RedisServer(data_dir=tmp_path, appendonly=False).start()  # type: ignore[arg-type]
    try:
        with make_client(server.url) as throwaway:
            assert throwaway.get("/ready").status_code == 200
            server.stop(kill=True)
            # /ready reuses its last check for ~2 s: wait for the next one.
            deadline = time.monotonic() + 10
            while (resp := throwaway.get("/ready")).status_code == 200 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert resp.status_code == 503
            assert resp.json() == {"status": "unavailable", "redis": False, "kafka": None, "dedupe_lag": None,
                                   "reasons": ["redis does not answer PING"]}
            resp = throwaway.get("/v1/incidents")
            assert resp.status_code == 503
            assert "storage unavailable" in resp.json()["detail"]
    finally:
        server.stop(kill=True)


def test_metrics_use_route_templates(client: TestClient, world: list[Incident]) -> None:
    client.get("/v1/incidents/ng-1")
    client.get("/v1/incidents/nope")
    client.get("/no/such/page")
    text = client.get("/metrics").text
    assert "sitrep_http_request_duration_seconds" in text
    assert re.search(r'sitrep_http_request_duration_seconds_count\{method="GET",route="/v1/incidents/'
                     r'\{incident_id\}",service="api",status="404"\}', text)
    assert 'route="/v1/incidents/ng-1"' not in text
    assert 'route="unmatched"' in text


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/incidents", "/v1/incidents/{incident_id}", "/v1/incidents/{incident_id}/history",
            "/v1/articles/{article_id}", "/v1/stats", "/health", "/ready"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/v1/incidents"]["get"]["parameters"]}
    assert {"date_from", "bbox", "q", "sort", "cursor", "fields", "limit"} <= params
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize(("path", "ctype"), [("/", "text/html"), ("/dashboard", "text/html"),
                                              ("/dashboard/app.js", "text/javascript"),
                                              ("/dashboard/style.css", "text/css")])
def test_dashboard_files(client: TestClient, path: str, ctype: str) -> None:
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(ctype)
    assert "script-src 'self'" in resp.headers["content-security-policy"]


def test_dashboard_serves_no_other_file(client: TestClient) -> None:
    assert client.get("/dashboard/__init__.py").status_code == 404
    assert client.get("/dashboard/..%2Fapp.py").status_code == 404


def test_dashboard_script_never_writes_html(client: TestClient) -> None:
    script = client.get("/dashboard/app.js").text
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


def test_stats_show_each_workers_lag_and_dead_letters(client: TestClient, r: redis.Redis) -> None:
    PipelineStatus(r, "extract").lag(7)
    PipelineStatus(r, "dedupe").dead_letters(2)
    pipeline = client.get("/v1/stats").json()["pipeline"]
    assert pipeline["consumer_lag"] == {"extract": 7}
    assert pipeline["dead_letters_by_service"] == {"dedupe": 2} and pipeline["dead_letters"] == 2
