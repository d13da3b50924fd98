"""Floors under the figures the README reports for the world corpora (real news outside the dev corpus).

The corpora sit beside the checkout (../shared/corpus/world-a and world-b, or SITREP_CORPORA); they are not
copied into the repo. Each floor is the figure measured when it was set, less a small margin: a change that
loses ground on news the rules were not written for fails here. Raise a floor when the figure rises.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sitrep_cli.batch import read_rows, run_batch
from sitrep_common.models import Event
from sitrep_dedupe.evaluation import evaluate_clusters
from sitrep_extract.evaluation import evaluate
from sitrep_extract.extractor import Extractor

CORPORA = Path(os.environ.get("SITREP_CORPORA", Path(__file__).resolve().parents[3] / "shared/corpus"))

# Measured 2026-12-08 (bench/quality.py), less about 0.03.
FLOORS: dict[str, dict[str, float]] = {
    "world-a": {"country": 0.94, "admin1": 0.84, "date_pm1": 0.83, "killed": 0.81, "injured": 0.88,
                "perpetrator": 0.67, "bcubed_f1": 0.86},
    "world-b": {"country": 0.93, "admin1": 0.85, "date_pm1": 0.88, "killed": 0.76, "injured": 0.71,
                "perpetrator": 0.67, "bcubed_f1": 0.85},
}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.load()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_figures_stay_above_their_floors(name: str, extractor: Extractor) -> None:
    corpus = CORPORA / name
    if not (corpus / "articles.jsonl").exists():
        pytest.skip(f"no corpus at {corpus}")
    rows = _jsonl(corpus / "articles.jsonl")
    result = run_batch(read_rows(corpus / "articles.jsonl"), extractor)
    events = {a["id"]: a["events"] for a in result.articles}
    fields = evaluate(rows, {aid: [Event.model_validate(e) for e in evs] for aid, evs in events.items()})
    clusters = evaluate_clusters(rows, _jsonl(corpus / "incidents.jsonl"), events)
    measured = {**fields.accuracy, "bcubed_f1": clusters.bcubed_f1}
    below = {k: (measured.get(k), floor) for k, floor in FLOORS[name].items() if measured.get(k, 0.0) < floor}
    assert not below, f"{name}: (measured, floor) {below}"
