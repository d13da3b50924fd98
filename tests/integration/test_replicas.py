"""Two extract and two dedupe replicas over the broker give the same incidents as `sitrep batch` (issue 4).

The replicas form one consumer group per stage on topics of 6 partitions; events.v1 is keyed by
country, so each dedupe replica owns whole countries (the synthetic articles are Kenyan and Nigerian:
their keys land on partitions 2 and 4, one in each replica's half). The test reads each replica's log
to check it held partitions and committed messages itself: a stack where one replica idled while the
other did all the work fails it, as does any difference from `sitrep batch`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sitrep_cli.batch import read_rows, run_batch
from sitrep_cli.devstack.broker import TOPIC_PARTITIONS
from sitrep_cli.devstack.stack import Stack
from sitrep_extract.extractor import Extractor

from tests.integration.conftest import running_stack
from tests.integration.stack_helpers import (
    api_partition,
    group_settled,
    messages_committed,
    owned_partitions,
    pipeline_idle,
    wait_until,
)
from tests.integration.synthetic_articles import variants

pytestmark = pytest.mark.integration
KEY = "replica-key"
COUNT = int(os.environ.get("SITREP_REPLICA_ARTICLES", "80"))
EXTRACT = ("extract", "extract-1")
DEDUPE = ("dedupe", "dedupe-1")


@pytest.fixture
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    yield from running_stack(tmp_path_factory.mktemp("replicas"), KEY, extract_replicas=2, dedupe_replicas=2)


def post(stack: Stack, articles: list[dict[str, Any]]) -> None:
    with httpx.Client(timeout=60) as client:
        for start in range(0, len(articles), 10):
            for _ in range(60):
                resp = client.post(stack.ingest_url + "/v1/articles", json=articles[start:start + 10],
                                   headers={"X-API-Key": KEY})
                if resp.status_code == 202:
                    break
                assert resp.status_code == 503, resp.text
                time.sleep(1.0)  # ingest said 503: back off before trying again
            else:
                raise AssertionError("ingest never accepted the batch")


def batch_partition(articles: list[dict[str, Any]], tmp: Any) -> set[frozenset[str]]:
    path = tmp / "in.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles))
    return {frozenset(inc["article_ids"]) for inc in run_batch(read_rows(path), Extractor.load()).incidents}


def test_two_extract_and_two_dedupe_replicas_give_the_same_incidents_as_batch(replicated: Stack,
                                                                                tmp_path: Any) -> None:
    logs = replicated.supervisor.log_dir
    assert set(EXTRACT + DEDUPE) <= set(replicated.supervisor.names())
    for topic, labels in (("articles.v1", EXTRACT), ("events.v1", DEDUPE)):
        wait_until(lambda t=topic, ls=labels: group_settled(logs, ls, t, TOPIC_PARTITIONS[t]), 120,
                   f"the partitions of {topic} to be split between {labels}")
    articles = variants(COUNT, seed=21)
    post(replicated, articles)
    wait_until(lambda: pipeline_idle(replicated.bootstrap), 240, "both stages to catch up")

    # Each replica held partitions and did part of the work itself.
    for topic, labels in (("articles.v1", EXTRACT), ("events.v1", DEDUPE)):
        done = {label: messages_committed(logs / f"{label}.log", topic) for label in labels}
        assert all(n > 0 for n in done.values()), f"a replica of {topic} committed nothing: {done}"
        assert all(owned_partitions(logs / f"{label}.log", topic) for label in labels)
    assert api_partition(replicated.api_url) == batch_partition(articles, tmp_path)
