"""Liveness (/health) and readiness (/ready: Redis answers PING)."""

from __future__ import annotations

import logging

import redis
from fastapi import APIRouter
from fastapi.responses import JSONResponse

from sitrep_api.deps import RepositoryDep
from sitrep_api.schemas import Health, Readiness

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
def ready(repository: RepositoryDep) -> Readiness | JSONResponse:
    try:
        ok = repository.ping()
    except redis.RedisError as exc:
        log.warning("redis not ready", extra={"error": str(exc)})
        ok = False
    if not ok:
        return JSONResponse(Readiness(status="unavailable", redis=False).model_dump(), status_code=503)
    return Readiness(status="ready", redis=True)
