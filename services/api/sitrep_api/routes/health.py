"""Liveness (/health) and readiness (/ready: Redis, and Kafka with dedupe's lag when a broker is set)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from sitrep_api.deps import ReadinessDep
from sitrep_api.schemas import Health, Readiness

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}},
            summary="Ready to serve: Redis answers; with a broker configured, Kafka answers and dedupe keeps up",
            description="Checked at most every ~2 s; a 503 lists the reasons.")
def ready(readiness: ReadinessDep) -> Readiness | JSONResponse:
    status = readiness.status()
    body = Readiness(status="ready" if status.ready else "unavailable", redis=status.redis, kafka=status.kafka,
                     dedupe_lag=status.dedupe_lag, reasons=status.reasons)
    if not status.ready:
        return JSONResponse(body.model_dump(), status_code=503)
    return body
