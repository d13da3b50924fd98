"""API fixtures: a private redis-server for the session, a clean database and an app per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient
from sitrep_api.app import create_app
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_common.models import Incident
from sitrep_common.settings import ApiSettings, RedisSettings, SecuritySettings

from tests.unit.api import seed


@pytest.fixture(scope="session")
def api_redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """redis-server --port <free> --save '' --appendonly no --dir <tmp>; start() polls PING with a deadline."""
    server = RedisServer(data_dir=tmp_path_factory.mktemp("api-redis"), appendonly=False).start()
    yield server.url
    server.stop(kill=True)


@pytest.fixture
def r(api_redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(api_redis_url)
    client.flushdb()
    yield client
    client.close()


def make_client(url: str) -> TestClient:
    return TestClient(create_app(ApiSettings(), RedisSettings(url=url), SecuritySettings()))


@pytest.fixture
def client(r: redis.Redis, api_redis_url: str) -> Iterator[TestClient]:
    with make_client(api_redis_url) as test_client:  # runs the lifespan: Redis client on app.state
        yield test_client


@pytest.fixture
def world(r: redis.Redis) -> list[Incident]:
    incidents = seed.world()
    for inc in incidents:
        seed.write_incident(r, inc)
    return incidents
