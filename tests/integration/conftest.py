"""One running stack per test session (broker, redis-server, four services), with the samples ingested.

Tests that kill or pause parts of the pipeline start their own Stack instead of using this one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sitrep_cli.devstack.redis_server import free_port
from sitrep_cli.devstack.stack import Stack, StackConfig
from sitrep_cli.ingest_files import ingest_path

from tests.integration.stack_helpers import pipeline_idle, wait_until

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "articles"
TEST_ARTICLES = REPO / "tests" / "data" / "articles.jsonl"
KEY = "integration-key"


def running_stack(work_dir: Path, api_key: str = KEY, extract_replicas: int = 1,
                  dedupe_replicas: int = 1) -> Iterator[Stack]:
    """A started stack on free ports, stopped when the generator is closed (for fixtures)."""
    running = Stack(StackConfig(api_key=api_key, api_port=free_port(), ingest_port=free_port(),
                                extract_replicas=extract_replicas, dedupe_replicas=dedupe_replicas,
                                work_dir=work_dir)).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    yield from running_stack(tmp_path_factory.mktemp("stack"))


@pytest.fixture(scope="session")
def ingested(stack: Stack) -> Stack:
    """The stack after the seeds and tests/data/articles.jsonl went through the whole pipeline."""
    for path in (SAMPLES, TEST_ARTICLES):
        accepted, errors = ingest_path(path, stack.ingest_url, KEY)
        assert errors == 0 and accepted > 0
    wait_until(lambda: pipeline_idle(stack.bootstrap), 120, "extract and dedupe to catch up")
    return stack
