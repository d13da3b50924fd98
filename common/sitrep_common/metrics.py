"""Prometheus metrics shared by every service. Names are a contract (infra/README.md, Grafana)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ARTICLES_INGESTED = Counter("sitrep_articles_ingested_total", "Articles accepted by ingest", ["status"])
EVENTS_EXTRACTED = Counter("sitrep_events_extracted_total", "Events produced by extract")
ARTICLES_SKIPPED = Counter("sitrep_articles_skipped_total", "Articles extract did not read", ["reason"])
INCIDENT_CHANGES = Counter("sitrep_incident_changes_total", "Incident snapshots produced", ["kind"])
DEAD_LETTERS = Counter("sitrep_dead_letters_total", "Messages parked in a DLQ", ["service", "topic"])
MESSAGES_CONSUMED = Counter("sitrep_messages_consumed_total", "Messages handled", ["service", "topic"])
CONSUMER_LAG = Gauge("sitrep_consumer_lag", "High watermark minus position", ["service", "topic", "partition"])
PROCESSING_SECONDS = Histogram("sitrep_processing_seconds", "Time to handle one message", ["service"])
HTTP_SECONDS = Histogram(
    "sitrep_http_request_duration_seconds", "HTTP request latency", ["service", "route", "method", "status"]
)
