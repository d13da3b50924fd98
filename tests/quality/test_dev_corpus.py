"""The acceptance figures of extraction and dedupe on the shared dev corpus (real articles, gold labels).

The corpus sits beside the checkout (../shared/corpus/dev, or SITREP_DEV_CORPUS); it is not copied into the
repo. These tests guard the figures the README reports: a change that loses them fails here.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from sitrep_cli.batch import BatchResult, read_rows, run_batch
from sitrep_common.models import Event
from sitrep_dedupe.evaluation import ClusterReport, evaluate_clusters
from sitrep_dedupe.handler import handle_event
from sitrep_dedupe.store import MemoryStore
from sitrep_extract.evaluation import evaluate
from sitrep_extract.extractor import Extractor

CORPUS = Path(os.environ.get("SITREP_DEV_CORPUS", Path(__file__).resolve().parents[3] / "shared/corpus/dev"))
pytestmark = pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason=f"no dev corpus at {CORPUS}")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def batch() -> BatchResult:
    return run_batch(read_rows(CORPUS / "articles.jsonl"), Extractor.load())


def _clusters(events: dict[str, list[dict[str, Any]]]) -> ClusterReport:
    return evaluate_clusters(_jsonl(CORPUS / "articles.jsonl"), _jsonl(CORPUS / "incidents.jsonl"), events)


def test_primary_event_fields_reach_the_extraction_targets(batch: BatchResult) -> None:
    events = {a["id"]: [Event.model_validate(e) for e in a["events"]] for a in batch.articles}
    acc = evaluate(_jsonl(CORPUS / "articles.jsonl"), events).accuracy
    assert acc["event_type"] >= 0.85 and acc["country"] >= 0.95 and acc["admin1"] >= 0.80, acc
    assert acc["date"] >= 0.85 and acc["date_pm1"] >= 0.90, acc
    assert acc["killed"] >= 0.80 and acc["perpetrator"] >= 0.75, acc


def test_incidents_reach_the_dedupe_targets(batch: BatchResult) -> None:
    report = _clusters({a["id"]: a["events"] for a in batch.articles})
    # 0.931 with the hand-set match fitted on this corpus; the learned match gives 0.932 here (2026-12-08) and far
    # more elsewhere (README, quality table).
    assert report.bcubed_f1 >= 0.91, report
    assert report.lookalikes_merged == [], report.lookalikes_merged
    # Background mentions land in the incident of the articles whose main incident they are.
    assert report.mentions_linked >= 0.5 * report.mentions_total, (report.mentions_linked, report.mentions_total)


def test_shuffled_arrival_orders_give_the_same_score(batch: BatchResult) -> None:
    """The events batch extracted, replayed through dedupe in five seeded random orders."""
    rows = [(a["id"], Event.model_validate({**e, **_own_claim(e)})) for a in batch.articles for e in a["events"]]
    in_order = _replay(rows)
    for seed in range(5):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert abs(_replay(shuffled) - in_order) <= 0.02


def _own_claim(row: dict[str, Any]) -> dict[str, Any]:
    undo: dict[str, Any] = {"incident_id": None}
    if row.get("date_source") == "incident":  # shown with its incident's date: replay what extract produced
        undo |= {"date": None, "date_precision": None, "date_source": None}
    return undo


def _replay(rows: list[tuple[str, Event]]) -> float:
    store = MemoryStore()
    for _, event in rows:
        handle_event(event, store)
    events: dict[str, list[dict[str, Any]]] = {}
    for shown, event in rows:
        events.setdefault(shown, []).append({"primary": event.primary,
                                             "incident_id": store.event_incident(event.event_id)})
    return _clusters(events).bcubed_f1
