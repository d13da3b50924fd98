"""Incident exports as streamed text: ACLED-compatible CSV and GeoJSON.

Rows are produced while incidents are read, one repository page at a time (PAGE incidents), so an
export of any size holds one page in memory. The first page is read before the response starts:
a bad query is still a 422 and Redis being down a 503; a failure later can only cut the body short.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import pycountry
from sitrep_common.models import Incident

from sitrep_api.query import IncidentFilter, IncidentQuery, Sort
from sitrep_api.repository import Repository

PAGE = 500
FLUSH_CHARS = 64 * 1024  # send the CSV in chunks of about this size, not row by row

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# ACLED codes: time_precision 1 = day, 2 = week, 3 = month or coarser; geo_precision 1 = the place
# itself, 2 = near it or a part of a region, 3 = only the province (or coarser) is known.
TIME_PRECISION = {"day": "1", "week": "2", "month": "3", "year": "3"}
GEO_PRECISION = {"location": "1", "admin1": "3", "country": "3"}
# Only the unambiguous ACLED disorder types; Riots depend on the sub-event type and are left empty.
DISORDER_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Text from articles could start a spreadsheet formula; such cells get a leading apostrophe (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def incidents(repository: Repository, flt: IncidentFilter, sort: Sort) -> Iterator[Incident]:
    """Every live incident matching `flt`, in `sort` order, read PAGE at a time through the cursor.

    The first page is read now (errors surface before the response starts), the rest lazily."""
    first = repository.list_incidents(IncidentQuery(filter=flt, sort=sort, limit=PAGE))

    def pages() -> Iterator[Incident]:
        page = first
        while True:
            yield from page.items
            if page.next_cursor is None:
                return
            page = repository.list_incidents(IncidentQuery(filter=flt, sort=sort, limit=PAGE,
                                                           after=page.next_cursor))

    return pages()


@lru_cache(maxsize=512)
def iso_numeric(alpha2: str | None) -> str:
    """ISO 3166-1 numeric code as ACLED writes it ("818" for EG -> 818), or "" if unknown."""
    found = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return str(int(found.numeric)) if found is not None else ""


def _cell(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def acled_row(inc: Incident) -> list[str]:
    outlets = list(dict.fromkeys(s.outlet for s in inc.sources if s.outlet))
    first_quote = next((ev.text for s in inc.sources for ev in s.evidence), None)
    values: dict[str, str] = {
        "event_id_cnty": inc.incident_id,
        "event_date": inc.date.isoformat() if inc.date else "",
        "year": str(inc.date.year) if inc.date else "",
        "time_precision": TIME_PRECISION.get(inc.date_precision or "", ""),
        "disorder_type": DISORDER_TYPE.get(inc.event_type, ""),
        "event_type": _cell(inc.event_type),
        "sub_event_type": _cell(inc.sub_event_type),
        "actor1": _cell(inc.perpetrator),
        "actor2": _cell(inc.target),
        "civilian_targeting": "Civilian targeting" if inc.event_type == "Violence against civilians" else "",
        "iso": iso_numeric(inc.country_code),
        "country": _cell(inc.country),
        "admin1": _cell(inc.admin1),
        "location": _cell(inc.location),
        "latitude": "" if inc.lat is None else f"{inc.lat:.4f}",
        "longitude": "" if inc.lon is None else f"{inc.lon:.4f}",
        "geo_precision": GEO_PRECISION.get(inc.geo_precision or "", ""),
        "source": _cell("; ".join(outlets)),
        "notes": _cell(first_quote),
        # Unknown stays empty rather than ACLED's 0: "no figure reported" is not "nobody killed".
        "fatalities": "" if inc.killed.best is None else str(inc.killed.best),
        "timestamp": str(int(inc.updated_at.timestamp())),
    }
    return [values.get(column, "") for column in ACLED_COLUMNS]


def csv_chunks(rows: Iterator[Incident]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ACLED_COLUMNS)
    for inc in rows:
        writer.writerow(acled_row(inc))
        if buffer.tell() >= FLUSH_CHARS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def feature(inc: Incident) -> dict[str, Any] | None:
    """A GeoJSON Point Feature (RFC 7946: [lon, lat]), or None when the incident has no coordinates."""
    if inc.lat is None or inc.lon is None:
        return None
    properties = inc.model_dump(mode="json", include={
        "incident_id", "version", "event_type", "sub_event_type", "date", "date_precision", "country",
        "country_code", "admin1", "location", "geo_precision", "perpetrator", "target",
        "independent_sources", "updated_at"})
    properties |= {"killed": inc.killed.best, "killed_min": inc.killed.min, "killed_max": inc.killed.max,
                   "injured": inc.injured.best, "sources": len(inc.sources)}
    return {"type": "Feature", "id": inc.incident_id,
            "geometry": {"type": "Point", "coordinates": [inc.lon, inc.lat]}, "properties": properties}


def geojson_chunks(rows: Iterator[Incident]) -> Iterator[str]:
    parts, size, separator = ['{"type":"FeatureCollection","features":['], 0, ""
    for inc in rows:
        found = feature(inc)
        if found is None:
            continue
        parts.append(separator + json.dumps(found, separators=(",", ":")))
        separator, size = ",", size + len(parts[-1])
        if size >= FLUSH_CHARS:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("]}\n")
    yield "".join(parts)
