"""Exports of the incident list, for any filter of GET /v1/incidents: CSV (ACLED columns) and GeoJSON."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from sitrep_api import exports
from sitrep_api.deps import RepositoryDep
from sitrep_api.schemas import IncidentFilterParams

router = APIRouter(prefix="/v1", tags=["exports"])

_CSV_DOC: dict[int | str, dict[str, Any]] = {200: {
    "description": "ACLED-compatible CSV, one row per live incident, streamed",
    "content": {"text/csv": {"schema": {"type": "string"}}}}}
_GEOJSON_DOC: dict[int | str, dict[str, Any]] = {200: {
    "description": "GeoJSON FeatureCollection of Points; incidents without coordinates are left out",
    "content": {"application/geo+json": {"schema": {"type": "object"}}}}}
_EXPORT_NOTE = ("Takes every filter and sort of GET /v1/incidents (no paging: all matches). Streamed as it is read, "
                "so memory stays bounded whatever the size.")


@router.get("/incidents.csv", response_class=StreamingResponse, responses=_CSV_DOC,
            summary="Live incidents as CSV with ACLED's columns",
            description=f"{_EXPORT_NOTE} Columns ACLED has and Sitrep does not know are left empty; "
            "`iso` is the ISO 3166-1 numeric code; `source` lists the outlets; `notes` is the first source "
            "quote; `fatalities` is killed.best, empty when no figure was reported. Cells of article text "
            "that start like a spreadsheet formula get a leading apostrophe.")
def incidents_csv(repository: RepositoryDep, params: Annotated[IncidentFilterParams, Query()]) -> StreamingResponse:
    rows = exports.incidents(repository, params.to_filter(), params.sort)
    return StreamingResponse(exports.csv_chunks(rows), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="sitrep-incidents.csv"'})


@router.get("/incidents.geojson", response_class=StreamingResponse, responses=_GEOJSON_DOC,
            summary="Live incidents with coordinates as a GeoJSON FeatureCollection",
            description=f"{_EXPORT_NOTE} Each Feature's id is the incident id; its properties hold the main "
            "fields and killed/injured best figures.")
def incidents_geojson(repository: RepositoryDep,
                      params: Annotated[IncidentFilterParams, Query()]) -> StreamingResponse:
    rows = exports.incidents(repository, params.to_filter(), params.sort)
    return StreamingResponse(exports.geojson_chunks(rows), media_type="application/geo+json")
