"""Incidents: the filtered, cursor-paged list; one incident (merged ids redirect); its history."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from fastapi.responses import JSONResponse
from sitrep_common.models import Incident

from sitrep_api.deps import RepositoryDep
from sitrep_api.query import Cursor, IncidentQuery, parse_fields
from sitrep_api.schemas import IncidentHistory, IncidentListParams, IncidentPage

router = APIRouter(prefix="/v1/incidents", tags=["incidents"])

MERGED_FROM_HEADER = "X-Sitrep-Merged-From"


@router.get(
    "",
    response_model=IncidentPage,
    summary="A page of live incidents, newest first by default",
    description="Filters combine with AND. `cursor` continues strictly after the last item of the previous "
    "page (same sort), so incidents that arrive in between never make an item repeat or go missing. "
    "With `fields`, items carry only the fields named (and incident_id).",
)
def list_incidents(
    repository: RepositoryDep, params: Annotated[IncidentListParams, Query()]
) -> IncidentPage | JSONResponse:
    p = params
    selected = parse_fields(p.fields)
    query = IncidentQuery(
        filter=p.to_filter(),
        sort=p.sort,
        limit=p.limit,
        after=Cursor.decode(p.cursor, p.sort) if p.cursor else None,
    )
    page = repository.list_incidents(query)
    next_cursor = page.next_cursor.encode() if page.next_cursor else None
    if selected is None:
        return IncidentPage(items=page.items, next_cursor=next_cursor, count=len(page.items))
    items: list[dict[str, Any]] = [inc.model_dump(mode="json", include=set(selected)) for inc in page.items]
    return JSONResponse({"items": items, "next_cursor": next_cursor, "count": len(items)})


@router.get(
    "/{incident_id}",
    response_model=Incident,
    responses={404: {"description": "Unknown incident"}},
    summary="One incident; a merged id answers with the incident it became",
    description=f"When the id was merged into another incident, that incident is returned and the "
    f"`{MERGED_FROM_HEADER}` header carries the id asked for.",
)
def get_incident(incident_id: str, repository: RepositoryDep, response: Response) -> Incident:
    resolved = repository.incident(incident_id)
    if resolved is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    if resolved.redirected:
        response.headers[MERGED_FROM_HEADER] = incident_id
    return resolved.incident


@router.get("/{incident_id}/history", response_model=IncidentHistory,
            responses={404: {"description": "Unknown incident"}},
            summary="How the incident changed: created, updated, merged, oldest first")
def get_history(incident_id: str, repository: RepositoryDep) -> IncidentHistory:
    items = repository.history(incident_id)
    if items is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return IncidentHistory(incident_id=incident_id, items=items)
