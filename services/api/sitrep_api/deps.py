"""Dependencies of the routes, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sitrep_api.repository import Repository


def get_repository(request: Request) -> Repository:
    repository: Repository = request.app.state.repository
    return repository


RepositoryDep = Annotated[Repository, Depends(get_repository)]
