"""The read API as a FastAPI app: routers, error mapping, metrics; Redis is connected in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.backoff import NoBackoff
from redis.retry import Retry
from sitrep_common.errors import SitrepError
from sitrep_common.redis_client import connect
from sitrep_common.settings import ApiSettings, KafkaSettings, RedisSettings, SecuritySettings

from sitrep_api.http_metrics import MetricsMiddleware
from sitrep_api.query import InvalidQuery
from sitrep_api.readiness import KafkaProbe, ReadinessCheck
from sitrep_api.repository import Repository
from sitrep_api.routes import articles, dashboard, exports, health, incidents, stats, stream
from sitrep_api.security import read_key_check

log = logging.getLogger(__name__)


def create_app(settings: ApiSettings, redis_settings: RedisSettings, security: SecuritySettings,
               kafka: KafkaSettings | None = None) -> FastAPI:
    """Build the app; nothing connects until the lifespan starts.

    `security.api_key` is needed only when settings.read_api_key_required; `kafka`, when given, adds
    the broker and dedupe's lag to /ready (main passes it only if SITREP_KAFKA_BOOTSTRAP is set).
    """
    read_deps = _read_dependencies(settings, security)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = connect(redis_settings)
        # Readiness must answer within a probe's timeout, so its PING does not retry.
        probe = redis.Redis.from_url(redis_settings.url, socket_connect_timeout=1.0, socket_timeout=1.0,
                                     retry=Retry(NoBackoff(), 0))
        # The stream's XREAD BLOCK waits up to one heartbeat: the socket timeout must be longer.
        changes_redis = aioredis.Redis.from_url(redis_settings.url, socket_connect_timeout=2.0,
                                                socket_timeout=settings.stream_heartbeat_s + 10.0)
        app.state.repository = Repository(client, probe)
        app.state.changes_redis = changes_redis
        app.state.stream_heartbeat_s = settings.stream_heartbeat_s
        kafka_probe = KafkaProbe(kafka.bootstrap) if kafka is not None else None
        app.state.readiness = ReadinessCheck(app.state.repository.ping, kafka_probe, settings.ready_max_lag)
        try:
            yield
        finally:
            app.state.readiness.close()
            await changes_redis.aclose()
            client.close()
            probe.close()

    app = FastAPI(
        title="Sitrep API",
        version="1",
        summary="Deduplicated incidents from the news, with every source's claim",
        lifespan=lifespan,
    )
    app.add_middleware(MetricsMiddleware, service="api")
    if settings.cors_origins:  # closed by default: browsers on other origins cannot read the API
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET"],
                           allow_headers=["X-API-Key", "Last-Event-ID"])
    app.add_exception_handler(InvalidQuery, _invalid_query)
    app.add_exception_handler(redis.RedisError, _storage_down)
    # exports before incidents only for readability: /v1/incidents.csv never matches /v1/incidents/{id}.
    for module in (exports, incidents, articles, stats, stream):
        app.include_router(module.router, dependencies=read_deps)
    for module in (health, dashboard):
        app.include_router(module.router)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


def _read_dependencies(settings: ApiSettings, security: SecuritySettings) -> list[Any]:
    if not settings.read_api_key_required:
        return []
    if security.api_key is None or not security.api_key.get_secret_value():
        # Closed reads without a key would lock everyone out; refuse to start instead.
        raise SitrepError("SITREP_API_READ_API_KEY_REQUIRED is set but SITREP_API_KEY is empty")
    return [Depends(read_key_check(security.api_key))]


async def _invalid_query(request: Request, exc: Exception) -> JSONResponse:
    # The shape of FastAPI's validation errors (HTTPValidationError), as the schema documents for 422.
    loc = list(exc.loc) if isinstance(exc, InvalidQuery) else ["query"]
    return JSONResponse({"detail": [{"type": "value_error", "loc": loc, "msg": str(exc)}]}, status_code=422)


async def _storage_down(request: Request, exc: Exception) -> JSONResponse:
    log.warning("redis unavailable", extra={"path": request.url.path, "error": str(exc)})
    return JSONResponse({"detail": "storage unavailable, retry shortly"}, status_code=503,
                        headers={"Retry-After": "5"})
