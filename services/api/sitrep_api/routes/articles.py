"""One article and the events extracted from it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

from sitrep_api.deps import RepositoryDep
from sitrep_api.schemas import ArticleWithEvents

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get("/{article_id}", response_model=ArticleWithEvents,
            responses={404: {"description": "Unknown article"}},
            summary="An article by its canonical id or the source's own id, with its events")
def get_article(article_id: str, repository: RepositoryDep) -> ArticleWithEvents:
    found = repository.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    article, events = found
    return ArticleWithEvents(article=article, events=events)
