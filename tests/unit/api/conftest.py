"""API fixtures: a private redis-server for the session, a clean database and an app per test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import redis
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sitrep_api.app import create_app
from sitrep_cli.devstack.redis_server import RedisServer, free_port
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


class LiveServer:
    """The app under a real uvicorn in a thread: TestClient buffers whole bodies, an SSE stream never ends."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_config=None,
                                                     access_log=False, timeout_graceful_shutdown=1))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self, timeout_s: float = 15.0) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.05)
        raise AssertionError("uvicorn did not start")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture
def live_api(r: redis.Redis, api_redis_url: str) -> Iterator[str]:
    """Base URL of the app served by uvicorn; SSE heartbeats every 0.3 s so tests see them soon."""
    settings = ApiSettings(stream_heartbeat_s=0.3)
    server = LiveServer(create_app(settings, RedisSettings(url=api_redis_url), SecuritySettings())).start()
    yield server.url
    server.stop()
