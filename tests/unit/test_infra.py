"""Static checks of the production deployment files in infra/ (no Docker engine needed)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import prometheus_client
import pytest
import sitrep_common.metrics  # noqa: F401  (registers the metrics this file checks against)
import yaml

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
COMPOSE = INFRA / "compose.yml"
DASHBOARD = INFRA / "grafana" / "dashboards" / "sitrep.json"

SITREP_SERVICES = ("ingest", "extract", "dedupe", "api")
TOPICS = ("articles.v1", "events.v1", "incidents.v1", "articles.v1.dlq", "events.v1.dlq", "incidents.v1.dlq")
CONTRACT_METRICS = (
    "sitrep_articles_ingested_total",
    "sitrep_events_extracted_total",
    "sitrep_incident_changes_total",
    "sitrep_consumer_lag",
    "sitrep_dead_letters_total",
    "sitrep_http_request_duration_seconds_bucket",
    "sitrep_processing_seconds_bucket",
)
REQUIRED_VARS = {"SITREP_API_KEY": "test-key", "GRAFANA_ADMIN_PASSWORD": "test-password"}


def _load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _load_yaml(COMPOSE)


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    data = json.loads(DASHBOARD.read_text())
    assert isinstance(data, dict)
    return data


def _all_panels(dash: dict[str, Any]) -> list[dict[str, Any]]:
    panels: list[dict[str, Any]] = []
    for panel in dash["panels"]:
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    return panels


def _exprs(dash: dict[str, Any]) -> list[str]:
    return [t["expr"] for p in _all_panels(dash) for t in p.get("targets", [])]


def _compose_config(env_overrides: dict[str, str], drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        pytest.skip("docker-compose binary not installed (Debian package docker-compose)")
    env = {k: v for k, v in os.environ.items() if k not in drop and k not in REQUIRED_VARS}
    env.update(env_overrides)
    return subprocess.run(
        [binary, "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )


# --- (a) docker-compose itself accepts the file -----------------------------------------------------


def test_compose_config_is_valid() -> None:
    result = _compose_config(REQUIRED_VARS)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED_VARS))
def test_compose_config_requires_secret(missing: str) -> None:
    result = _compose_config({k: v for k, v in REQUIRED_VARS.items() if k != missing})
    assert result.returncode != 0
    assert missing in result.stderr


# --- (b) compose.yml structure ------------------------------------------------------------------------


def test_compose_spec_without_version_key(compose: dict[str, Any]) -> None:
    assert "version" not in compose
    assert set(SITREP_SERVICES) <= set(compose["services"])


def test_no_secret_is_hard_coded(compose: dict[str, Any]) -> None:
    for name in ("ingest", "api"):
        assert compose["services"][name]["environment"]["SITREP_API_KEY"].startswith("${SITREP_API_KEY:?")
    password = compose["services"]["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]
    assert password.startswith("${GRAFANA_ADMIN_PASSWORD:?")


def test_kafka_is_apache_kraft_single_node(compose: dict[str, Any]) -> None:
    kafka = compose["services"]["kafka"]
    assert re.fullmatch(r"apache/kafka:\d+\.\d+\.\d+", kafka["image"])
    env = kafka["environment"]
    assert env["KAFKA_PROCESS_ROLES"] == "broker,controller"
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "healthcheck" in kafka
    assert any(v.endswith(":/var/lib/kafka/data") for v in kafka["volumes"])


def test_every_image_is_pinned(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if "build" in service:
            continue
        image = service["image"]
        assert ":" in image, f"{name}: {image} has no tag"
        assert not image.endswith(":latest"), f"{name}: {image} is not pinned"


def test_redis_persists_with_aof(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert "--appendfsync everysec" in command
    assert any(v.endswith(":/data") for v in redis["volumes"])
    assert "redis-cli" in redis["healthcheck"]["test"]


@pytest.mark.parametrize("name", SITREP_SERVICES)
def test_sitrep_service_waits_for_healthy_dependencies(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    assert service["build"] == {"context": "..", "dockerfile": "infra/Dockerfile"}
    assert service["healthcheck"]["test"]
    assert service["restart"] == "unless-stopped"
    depends = service["depends_on"]
    assert depends["kafka"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["kafka-init"]["condition"] == "service_completed_successfully"
    env = service["environment"]
    assert env["SITREP_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert env["SITREP_REDIS_URL"].startswith("redis://redis:6379/")


@pytest.mark.parametrize("name", ["extract", "dedupe"])
def test_workers_are_replicated_and_expose_metrics(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    assert service["deploy"]["replicas"] == 2
    assert service["environment"]["SITREP_METRICS_PORT"] == "9100"
    assert "ports" not in service, "replicas cannot share a published host port"
    assert service["healthcheck"]["test"] == ["CMD", "python", "-m", "sitrep_cli.healthcheck", name]


def test_http_services_are_published(compose: dict[str, Any]) -> None:
    assert compose["services"]["api"]["ports"] == ["8000:8000"]
    assert compose["services"]["ingest"]["ports"] == ["8001:8001"]


def test_kafka_init_creates_every_topic(compose: dict[str, Any]) -> None:
    init = compose["services"]["kafka-init"]
    assert init["image"] == compose["services"]["kafka"]["image"]
    assert init["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert init["restart"] == "no"
    script = "\n".join(init["command"])
    created = dict(re.findall(r"^create (\S+) (\d+)", script, flags=re.MULTILINE))
    assert set(created) == set(TOPICS)
    for topic in ("articles.v1", "events.v1", "incidents.v1"):
        assert created[topic] == "6"
    assert "--if-not-exists" in script
    incidents_line = next(line for line in script.splitlines() if line.startswith("create incidents.v1 "))
    assert "cleanup.policy=compact" in incidents_line


# --- (c) Grafana --------------------------------------------------------------------------------------


def _exposed_metric_names() -> set[str]:
    """Names as Prometheus scrapes them, for every sitrep_* metric registered by the code."""
    suffixes = {"counter": ("_total",), "gauge": ("",), "histogram": ("_bucket", "_sum", "_count")}
    names: set[str] = set()
    for family in prometheus_client.REGISTRY.collect():
        if family.name.startswith("sitrep_"):
            names.update(family.name + s for s in suffixes.get(family.type, ("",)))
    return names


def test_dashboard_shows_every_contract_metric(dashboard: dict[str, Any]) -> None:
    text = "\n".join(_exprs(dashboard))
    for metric in CONTRACT_METRICS:
        assert metric in text, f"no panel queries {metric}"
    assert "sitrep_incident_changes_total" in text and "by (kind)" in text
    for q in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({q}, sum by (le, service) (rate(sitrep_http_request_duration" in text


def test_dashboard_uses_only_metrics_the_code_defines(dashboard: dict[str, Any]) -> None:
    used = {m for expr in _exprs(dashboard) for m in re.findall(r"\bsitrep_\w+", expr)}
    assert used <= _exposed_metric_names()
    assert set(CONTRACT_METRICS) <= _exposed_metric_names()


def test_dashboard_panels_are_well_formed(dashboard: dict[str, Any]) -> None:
    datasource = _load_yaml(INFRA / "grafana" / "provisioning" / "datasources" / "prometheus.yml")
    uid = datasource["datasources"][0]["uid"]
    panels = _all_panels(dashboard)
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    for panel in panels:
        assert {"h", "w", "x", "y"} <= set(panel["gridPos"])
        assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == uid, panel["title"]
            assert panel["targets"], panel["title"]


def test_dashboard_provider_points_at_mounted_folder(compose: dict[str, Any]) -> None:
    provider = _load_yaml(INFRA / "grafana" / "provisioning" / "dashboards" / "dashboards.yml")
    path = provider["providers"][0]["options"]["path"]
    assert f"./grafana/dashboards:{path}:ro" in compose["services"]["grafana"]["volumes"]


def test_readme_documents_the_metric_contract() -> None:
    readme = (INFRA / "README.md").read_text()
    for metric in CONTRACT_METRICS:
        base = metric.removesuffix("_bucket")
        assert base in readme, f"{base} missing from infra/README.md"


# --- (d) Prometheus ----------------------------------------------------------------------------------


def test_prometheus_scrapes_every_service() -> None:
    config = _load_yaml(INFRA / "prometheus" / "prometheus.yml")
    static: set[str] = set()
    dns: set[tuple[str, int]] = set()
    for job in config["scrape_configs"]:
        assert job.get("metrics_path", "/metrics") == "/metrics"
        for sc in job.get("static_configs", []):
            static.update(sc["targets"])
        for sd in job.get("dns_sd_configs", []):
            dns.update((name, sd["port"]) for name in sd["names"])
    assert {"api:8000", "ingest:8001"} <= static
    assert {("extract", 9100), ("dedupe", 9100)} <= dns


# --- build context ------------------------------------------------------------------------------------


def _patterns(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_dockerignore_copies_agree_and_admit_what_the_dockerfile_copies() -> None:
    patterns = _patterns(INFRA / "Dockerfile.dockerignore")
    assert patterns == _patterns(INFRA / "dockerignore.txt")
    copied = re.findall(r"^COPY (?!--from)(\S+)", (INFRA / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert copied
    for src in copied:
        assert f"!{src.rstrip('/')}" in patterns or f"!{src.rstrip('/')}/" in patterns, src
