"""Counts of live incidents and the pipeline counters."""

from __future__ import annotations

from fastapi import APIRouter

from sitrep_api.deps import RepositoryDep
from sitrep_api.schemas import Stats

router = APIRouter(prefix="/v1", tags=["stats"])


@router.get("/stats", response_model=Stats,
            summary="Live incidents by type, country and day; pipeline counters")
def stats(repository: RepositoryDep) -> Stats:
    return repository.stats()
