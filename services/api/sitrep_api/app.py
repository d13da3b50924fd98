"""The read API as a FastAPI app: routers, error mapping, metrics; Redis is connected in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from redis.backoff import NoBackoff
from redis.retry import Retry
from sitrep_common.redis_client import connect
from sitrep_common.settings import ApiSettings, RedisSettings, SecuritySettings

from sitrep_api.http_metrics import MetricsMiddleware
from sitrep_api.query import InvalidQuery
from sitrep_api.repository import Repository
from sitrep_api.routes import articles, dashboard, health, incidents, stats

log = logging.getLogger(__name__)


def create_app(settings: ApiSettings, redis_settings: RedisSettings, security: SecuritySettings) -> FastAPI:
    """Build the app; nothing connects until the lifespan starts.

    The API only reads, so `security` (the write key) is accepted for symmetry and not used yet;
    `settings` (host, port) is for the server that runs the app.
    """
    del settings, security

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = connect(redis_settings)
        # Readiness must answer within a probe's timeout, so its PING does not retry.
        probe = redis.Redis.from_url(redis_settings.url, socket_connect_timeout=1.0, socket_timeout=1.0,
                                     retry=Retry(NoBackoff(), 0))
        app.state.repository = Repository(client, probe)
        try:
            yield
        finally:
            client.close()
            probe.close()

    app = FastAPI(
        title="Sitrep API",
        version="1",
        summary="Deduplicated incidents from the news, with every source's claim",
        lifespan=lifespan,
    )
    app.add_middleware(MetricsMiddleware, service="api")
    app.add_exception_handler(InvalidQuery, _invalid_query)
    app.add_exception_handler(redis.RedisError, _storage_down)
    for module in (incidents, articles, stats, health, dashboard):
        app.include_router(module.router)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


async def _invalid_query(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=422)


async def _storage_down(request: Request, exc: Exception) -> JSONResponse:
    log.warning("redis unavailable", extra={"path": request.url.path, "error": str(exc)})
    return JSONResponse({"detail": "storage unavailable, retry shortly"}, status_code=503,
                        headers={"Retry-After": "5"})
