"""Dependencies of the routes, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, Request

from sitrep_api.readiness import ReadinessCheck
from sitrep_api.repository import Repository


def get_repository(request: Request) -> Repository:
    repository: Repository = request.app.state.repository
    return repository


def get_changes_redis(request: Request) -> aioredis.Redis:
    """The asyncio client of /v1/stream: XREAD BLOCK waits without holding a worker thread."""
    client: aioredis.Redis = request.app.state.changes_redis
    return client


def get_readiness(request: Request) -> ReadinessCheck:
    check: ReadinessCheck = request.app.state.readiness
    return check


RepositoryDep = Annotated[Repository, Depends(get_repository)]
ChangesRedisDep = Annotated[aioredis.Redis, Depends(get_changes_redis)]
ReadinessDep = Annotated[ReadinessCheck, Depends(get_readiness)]
