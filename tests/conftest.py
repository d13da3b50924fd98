"""Shared fixtures: a real redis-server and a real Kafka wire-protocol broker, started per test session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from subprocess import Popen

import pytest
import redis
from sitrep_cli.devstack import broker
from sitrep_cli.devstack.redis_server import RedisServer

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(data_dir=tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    proc: Popen[str]
    proc, address = broker.start()
    yield address
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def unique() -> str:
    """A suffix for per-test topic and group names, so tests never see each other's messages."""
    return uuid.uuid4().hex[:10]
