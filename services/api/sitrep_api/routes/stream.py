"""GET /v1/stream: incident created/updated/merged as Server-Sent Events (see sitrep_api.changes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse

from sitrep_api import changes
from sitrep_api.deps import ChangesRedisDep
from sitrep_api.query import IncidentFilter

router = APIRouter(prefix="/v1", tags=["stream"])

_DOC: dict[int | str, dict[str, Any]] = {200: {
    "description": "text/event-stream: `id:` stream entry id, `event:` created | updated | merged (or reset), "
                   "`data:` JSON {kind, incident_id, version, merged_into, incident}",
    "content": {"text/event-stream": {"schema": {"type": "string"}}}}}


@router.get(
    "/stream", response_class=StreamingResponse, responses=_DOC,
    summary="Live incident changes as Server-Sent Events",
    description="Every incident change in commit order. Resume with the `Last-Event-ID` header (EventSource "
    "sends it by itself) or the `last_event_id` parameter: the stream continues strictly after that id. "
    "Without either it starts at the current end, so only changes from now on arrive; read GET /v1/incidents "
    "first for the state. An `event: reset` means changes after your id were trimmed: reload, then follow. "
    "`data.incident` is the incident as it is now (possibly a later version than `data.version`). A `: ping` "
    "comment comes every ~15 s. `country` and `event_type` filter on the current incident.",
)
async def stream(
    request: Request,
    r: ChangesRedisDep,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID", max_length=64)] = None,
    last_event_id: Annotated[str | None, Query(max_length=64, description="For clients without EventSource")] = None,
    country: Annotated[str | None, Query(min_length=1, max_length=200, description="Name or ISO2 code")] = None,
    event_type: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> StreamingResponse:
    flt = IncidentFilter(country=country, event_type=event_type) if country or event_type else None
    heartbeat_s: float = request.app.state.stream_heartbeat_s
    body = await changes.open_stream(r, last_event_id_header or last_event_id, heartbeat_s=heartbeat_s, flt=flt)
    # no-transform and X-Accel-Buffering keep proxies (nginx) from buffering the stream.
    return StreamingResponse(body, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"})
