"""Faults mid-stream lose nothing and duplicate nothing: the result still equals `sitrep batch`.

Each test runs its own stack, because it kills, pauses or restarts parts of it. `make test` streams
SITREP_FAULT_ARTICLES articles (120 by default); `make soak` runs the same tests with 2,000.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sitrep_cli.batch import read_rows, run_batch
from sitrep_cli.devstack.stack import Stack
from sitrep_extract.extractor import Extractor

from tests.integration.conftest import running_stack
from tests.integration.stack_helpers import api_partition, pipeline_idle, wait_until
from tests.integration.synthetic_articles import variants

pytestmark = pytest.mark.integration
KEY = "fault-key"
COUNT = int(os.environ.get("SITREP_FAULT_ARTICLES", "120"))
PAUSE_S = float(os.environ.get("SITREP_BROKER_PAUSE_S", "30"))
# Extraction runs at about 13 articles/s on 2 cores: the backlog of 2,000 takes minutes to drain.
CATCH_UP_S = max(240.0, 0.3 * COUNT)
# Ingest waits produce_timeout_s (5 s) for the broker's ack and as long again for the request ahead of it.
ANSWER_WITHIN_S = 2 * 5.0 + 5.0


@pytest.fixture
def own_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    yield from running_stack(tmp_path_factory.mktemp("faults"), KEY)


def stream(stack: Stack, articles: list[dict[str, Any]], at: dict[int, Callable[[], None]]) -> None:
    """Post articles in small batches; run at[n] once n articles have been accepted (the fault)."""
    posted = 0
    with httpx.Client(timeout=60) as client:
        for start in range(0, len(articles), 10):
            batch = articles[start:start + 10]
            for _ in range(60):
                resp = client.post(stack.ingest_url + "/v1/articles", json=batch, headers={"X-API-Key": KEY})
                if resp.status_code == 202:
                    break
                assert resp.status_code == 503, resp.text  # only "try again" is acceptable
                time.sleep(1.0)  # ingest said 503: back off before trying again
            else:
                raise AssertionError("ingest never accepted the batch")
            posted += len(batch)
            for n in [n for n in at if n <= posted]:
                at.pop(n)()


def expected_partition(articles: list[dict[str, Any]], tmp: Any) -> set[frozenset[str]]:
    path = tmp / "in.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles))
    result = run_batch(read_rows(path), Extractor.load())
    return {frozenset(inc["article_ids"]) for inc in result.incidents}


def test_kill_9_extract_dedupe_api_mid_stream_loses_and_duplicates_nothing(own_stack: Stack, tmp_path: Any) -> None:
    articles = variants(COUNT, seed=11)
    sup = own_stack.supervisor
    faults = {COUNT // 4: lambda: sup.kill("extract"), COUNT // 2: lambda: sup.kill("dedupe"),
              3 * COUNT // 4: lambda: sup.kill("api")}
    stream(own_stack, articles, faults)
    assert not faults, "every fault was injected"
    wait_until(lambda: all(sup.restarts(s) >= 1 for s in ("extract", "dedupe", "api")), 30,
               "the supervisor to restart every killed service")
    wait_until(lambda: pipeline_idle(own_stack.bootstrap), CATCH_UP_S, "the pipeline to catch up after the crashes")
    own_stack.wait_http(own_stack.api_url + "/health", 60)
    assert api_partition(own_stack.api_url) == expected_partition(articles, tmp_path)


def test_redis_restart_mid_stream_services_reconnect_and_lose_nothing(own_stack: Stack, tmp_path: Any) -> None:
    articles = variants(COUNT, seed=12)

    def bounce_redis() -> None:
        # SIGTERM: redis-server writes its AOF before exiting; the services must ride it out.
        assert own_stack.redis.proc is not None
        own_stack.redis.proc.send_signal(signal.SIGTERM)
        own_stack.redis.proc.wait(timeout=15)
        own_stack.redis.start()

    stream(own_stack, articles, {COUNT // 2: bounce_redis})
    wait_until(lambda: pipeline_idle(own_stack.bootstrap), CATCH_UP_S, "the pipeline to catch up after the restart")
    assert api_partition(own_stack.api_url) == expected_partition(articles, tmp_path)


def test_broker_paused_30s_ingest_answers_503_never_drops_and_the_pipeline_resumes(
    own_stack: Stack, tmp_path: Any
) -> None:
    """SIGSTOP the broker process (it keeps its data in memory, so it is paused, not killed)."""
    articles = variants(COUNT, seed=13)
    third = COUNT // 3
    stream(own_stack, articles[:third], {})
    broker = own_stack.broker_proc
    assert broker is not None
    answers: list[tuple[int, str | None, float]] = []
    os.kill(broker.pid, signal.SIGSTOP)
    paused_at = time.monotonic()
    try:
        with httpx.Client(timeout=60) as client:
            start = third
            # Keep posting new batches while the broker is away (each answer arrives within ANSWER_WITHIN_S).
            while time.monotonic() - paused_at < PAUSE_S - ANSWER_WITHIN_S:
                batch = articles[start:start + 10] or articles[third:third + 10]
                sent = time.monotonic()
                resp = client.post(own_stack.ingest_url + "/v1/articles", json=batch, headers={"X-API-Key": KEY})
                answers.append((resp.status_code, resp.headers.get("Retry-After"), time.monotonic() - sent))
                start += 10
        time.sleep(max(0.0, PAUSE_S - (time.monotonic() - paused_at)))
    finally:
        os.kill(broker.pid, signal.SIGCONT)
    assert answers, "ingest was asked while the broker was paused"
    assert {(code, bool(retry)) for code, retry, _ in answers} == {(503, True)}, answers
    assert max(took for _, _, took in answers) < ANSWER_WITHIN_S, answers
    own_stack.wait_http(own_stack.ingest_url + "/health", 10)
    # The batches answered 503 are posted again, as a client must (some may have reached the broker
    # anyway: posting them twice must change nothing).
    stream(own_stack, articles[third:], {})
    wait_until(lambda: pipeline_idle(own_stack.bootstrap), CATCH_UP_S, "the pipeline to catch up after the pause")
    assert api_partition(own_stack.api_url) == expected_partition(articles, tmp_path)
