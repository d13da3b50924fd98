"""What a client can ask of the incident list: filters, sort order, cursor, field selection.

Pure code, no Redis: parsing (errors are InvalidQuery, answered 422) and matching one Incident.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from sitrep_common.errors import SitrepError
from sitrep_common.models import Incident


class InvalidQuery(SitrepError):
    """A query parameter that parses but makes no sense (bad bbox, cursor, field name...).

    `loc` names it as FastAPI's own 422s do (("query", "bbox")), so every 422 has one shape."""

    def __init__(self, message: str, loc: tuple[str, ...] = ("query",)) -> None:
        super().__init__(message)
        self.loc = loc


_BBOX, _CURSOR, _FIELDS, _DATE_TO = ("query", "bbox"), ("query", "cursor"), ("query", "fields"), ("query", "date_to")


class Sort(StrEnum):
    date_asc = "date"
    date_desc = "-date"
    updated_asc = "updated"
    updated_desc = "-updated"
    killed_asc = "killed"
    killed_desc = "-killed"

    @property
    def descending(self) -> bool:
        return self.value.startswith("-")

    @property
    def key(self) -> str:
        return self.value.lstrip("-")


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str) -> BBox:
        parts = text.split(",")
        if len(parts) != 4:
            raise InvalidQuery("bbox must be four numbers: minlon,minlat,maxlon,maxlat", loc=_BBOX)
        try:
            min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
        except ValueError as exc:
            raise InvalidQuery(f"bbox must be four numbers: minlon,minlat,maxlon,maxlat ({exc})",
                               loc=_BBOX) from exc
        if not all(-180.0 <= v <= 180.0 for v in (min_lon, max_lon)):
            raise InvalidQuery("bbox longitudes must be within -180..180", loc=_BBOX)
        if not all(-90.0 <= v <= 90.0 for v in (min_lat, max_lat)):
            raise InvalidQuery("bbox latitudes must be within -90..90", loc=_BBOX)
        if min_lat > max_lat:
            raise InvalidQuery("bbox minlat is greater than maxlat", loc=_BBOX)
        return cls(min_lon, min_lat, max_lon, max_lat)

    def contains(self, lon: float, lat: float) -> bool:
        if not self.min_lat <= lat <= self.max_lat:
            return False
        if self.min_lon <= self.max_lon:
            return self.min_lon <= lon <= self.max_lon
        return lon >= self.min_lon or lon <= self.max_lon  # crosses the antimeridian


@dataclass(frozen=True)
class Cursor:
    """Position after the last item of a page: its sort key and id. Continue strictly after it."""

    sort: Sort
    score: float
    incident_id: str

    def encode(self) -> str:
        fields = {"s": self.sort.value, "k": self.score, "i": self.incident_id}
        raw = json.dumps(fields, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, sort: Sort) -> Cursor:
        try:
            raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            cur = cls(Sort(raw["s"]), float(raw["k"]), str(raw["i"]))
        except (binascii.Error, ValueError, KeyError, TypeError) as exc:
            raise InvalidQuery("cursor is not one this API gave out", loc=_CURSOR) from exc
        if cur.sort != sort:
            raise InvalidQuery(f"cursor was made for sort={cur.sort.value}, not sort={sort.value}",
                               loc=_CURSOR)
        return cur


def parse_fields(text: str | None) -> frozenset[str] | None:
    """`fields=a,b` -> the set of top-level Incident fields to return (incident_id always included)."""
    if text is None or not text.strip():
        return None
    names = {f.strip() for f in text.split(",") if f.strip()}
    unknown = sorted(names - set(Incident.model_fields))
    if unknown:
        known = ", ".join(Incident.model_fields)
        raise InvalidQuery(f"unknown field(s) {', '.join(unknown)}; choose from {known}", loc=_FIELDS)
    return frozenset(names | {"incident_id"})


def _fold(value: str | None) -> str:
    return value.casefold() if value else ""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class IncidentFilter:
    date_from: date | None = None
    date_to: date | None = None
    updated_since: datetime | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_killed: int | None = None
    bbox: BBox | None = None
    q: str | None = None
    _terms: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidQuery("date_from is after date_to", loc=_DATE_TO)
        object.__setattr__(self, "_terms", tuple(_fold(self.q).split()))

    def matches(self, inc: Incident) -> bool:
        checks = (
            self._dates_ok(inc),
            self.updated_since is None or _aware(inc.updated_at) >= _aware(self.updated_since),
            self.country is None or _fold(self.country) in {_fold(inc.country), _fold(inc.country_code)},
            self.admin1 is None or _fold(self.admin1) == _fold(inc.admin1),
            self.event_type is None or _fold(self.event_type) == _fold(inc.event_type),
            self.sub_event_type is None or _fold(self.sub_event_type) == _fold(inc.sub_event_type),
            self.actor is None or self._actor_ok(inc),
            self.min_killed is None or (inc.killed.best is not None and inc.killed.best >= self.min_killed),
            self.bbox is None or (inc.lat is not None and inc.lon is not None
                                  and self.bbox.contains(inc.lon, inc.lat)),
            not self._terms or self._text_ok(inc),
        )
        return all(checks)

    def _dates_ok(self, inc: Incident) -> bool:
        if self.date_from is None and self.date_to is None:
            return True
        if inc.date is None:
            return False
        return (self.date_from is None or inc.date >= self.date_from) and (
            self.date_to is None or inc.date <= self.date_to)

    def _actor_ok(self, inc: Incident) -> bool:
        needle = _fold(self.actor)
        return any(needle in _fold(v) for v in (inc.perpetrator, inc.target, inc.perpetrator_id))

    def _text_ok(self, inc: Incident) -> bool:
        parts = [inc.location, inc.admin1, inc.perpetrator, inc.target]
        parts += [ev.text for src in inc.sources for ev in src.evidence]
        haystack = "\n".join(_fold(p) for p in parts if p)
        return all(term in haystack for term in self._terms)


@dataclass(frozen=True)
class IncidentQuery:
    filter: IncidentFilter
    sort: Sort = Sort.date_desc
    limit: int = 50
    after: Cursor | None = None
