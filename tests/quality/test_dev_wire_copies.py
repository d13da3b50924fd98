"""Wire copies on the shared dev corpus: ingest links the copies of one agency text and nothing else, and
incidents count them as one independent source while listing every report.

The pairs (ids only, with how they were found) are in tests/data/dev_wire_copies.json. The corpus sits
beside the checkout (../shared/corpus/dev, or SITREP_DEV_CORPUS); it is never copied into the repo.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import redis
from sitrep_cli.batch import BatchResult, run_batch
from sitrep_common import redis_keys
from sitrep_common.kafka import Publisher
from sitrep_common.models import Article, ArticleIn
from sitrep_common.settings import KafkaSettings
from sitrep_dedupe.outlets import fold
from sitrep_extract.extractor import Extractor
from sitrep_ingest.copy_store import RedisCopyIndex
from sitrep_ingest.handlers import Ingestor
from sitrep_ingest.records import ArticleRecords

CORPUS = Path(os.environ.get("SITREP_DEV_CORPUS", Path(__file__).resolve().parents[3] / "shared/corpus/dev"))
GOLD = json.loads((Path(__file__).resolve().parents[1] / "data" / "dev_wire_copies.json").read_text())
pytestmark = pytest.mark.skipif(not (CORPUS / "articles.jsonl").exists(), reason=f"no dev corpus at {CORPUS}")

COPY_PAIRS = {frozenset(c["pair"]) for c in GOLD["copies"]}


def _rows() -> list[dict[str, Any]]:
    lines = (CORPUS / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _without_agency(outlet: str | None) -> str | None:
    """'National Post (AP)' -> 'National Post': only the texts can tell the copies apart then."""
    return re.sub(r"\s*\([^)]*\)", "", outlet).strip() or None if outlet else None


def _article_in(row: dict[str, Any]) -> ArticleIn:
    return ArticleIn.model_validate({**row, "outlet": _without_agency(row.get("outlet"))})


def _groups(copy_of: dict[str, str | None], ids: dict[str, str]) -> set[frozenset[str]]:
    """Dev ids grouped by the root their copy_of names (an article without one is its own root)."""
    by_root: dict[str, set[str]] = {}
    for dev_id, root in copy_of.items():
        by_root.setdefault(root or ids[dev_id], set()).add(dev_id)
    return {frozenset(g) for g in by_root.values()}


def _linked_pairs(groups: set[frozenset[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(sorted(g), 2)}


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_ingest_links_exactly_the_copies_of_one_agency_text(
    seed: int | None, redis_client: redis.Redis, kafka_bootstrap: str
) -> None:
    rows = _rows()
    if seed is not None:
        random.Random(seed).shuffle(rows)
    publisher = Publisher.connect(KafkaSettings(bootstrap=kafka_bootstrap), "test-dev-copies")
    ingestor = Ingestor(publisher, ArticleRecords(redis_client), RedisCopyIndex(redis_client))
    ids: dict[str, str] = {}
    copy_of: dict[str, str | None] = {}
    for row in rows:  # one request each, as a feed or a client posting articles one by one would
        [result] = ingestor.accept([_article_in(row)])
        assert result.status == "accepted"
        stored = Article.model_validate_json(redis_client.get(redis_keys.article(result.article_id)) or b"")
        ids[row["id"]] = result.article_id
        copy_of[row["id"]] = stored.copy_of
    linked = _linked_pairs(_groups(copy_of, ids))
    assert linked - COPY_PAIRS == set(), "linked pairs that are not copies"
    assert COPY_PAIRS - linked == set(), "copies not linked"


@pytest.fixture(scope="module")
def batch() -> BatchResult:
    rows: list[tuple[str, ArticleIn | str]] = [(row["id"], _article_in(row)) for row in _rows()]
    return run_batch(rows, Extractor.load())


def test_incidents_count_copies_as_one_independent_source(batch: BatchResult) -> None:
    dev_of = {e["article_id"]: a["id"] for a in batch.articles for e in a["events"]}
    outlet = {row["id"]: fold(_without_agency(row.get("outlet")) or row["id"]) for row in _rows()}
    copies_in_one_incident = 0
    for incident in batch.incidents:
        keys = {dev_of[s["article_id"]]: s["source_key"] for s in incident["sources"]}
        assert incident["independent_sources"] == len(set(keys.values())) <= len(incident["sources"])
        for x, y in combinations(sorted(keys), 2):
            copies = frozenset((x, y)) in COPY_PAIRS
            # One source when one text (a copy) or one outlet; two outlets' own reports are two sources.
            assert (keys[x] == keys[y]) == (copies or outlet[x] == outlet[y]), (incident["incident_id"], x, y)
            copies_in_one_incident += copies
    # Most copy pairs report their main incident alike and land in one incident: not a vacuous check.
    assert copies_in_one_incident >= 6


def test_an_ap_story_and_its_republication_count_once(batch: BatchResult) -> None:
    """Arabs Today's edited AP text and the National Post's AP story: one source, two reports listed."""
    dev_of = {e["article_id"]: a["id"] for a in batch.articles for e in a["events"]}
    [incident] = [i for i in batch.incidents
                  if {"dev-0025", "dev-0026"} <= {dev_of[s["article_id"]] for s in i["sources"]}]
    keys = {dev_of[s["article_id"]]: s["source_key"] for s in incident["sources"]}
    assert keys["dev-0025"] == keys["dev-0026"]
    assert incident["independent_sources"] == len(set(keys.values())) < len(incident["sources"])
