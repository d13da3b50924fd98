"""Events: one incident as one article reports it, on events.v1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

DatePrecision = Literal["day", "week", "month", "year"]
GeoPrecision = Literal["location", "admin1", "country"]


class Evidence(BaseModel):
    """A sentence of the article that supports the event, with its character offsets."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DateHint(BaseModel):
    """What an article without a publication date says of the day ("on Friday", "on 2 September"): not a
    date, but enough to tell which incident of the same days it is."""

    weekday: int | None = Field(default=None, ge=0, le=6, description="0 = Monday")
    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    def fits(self, day: dt.date) -> bool:
        if self.weekday is not None and day.weekday() != self.weekday:
            return False
        if self.month is not None and day.month != self.month:
            return False
        return self.day is None or day.day == self.day


class Event(BaseModel):
    """An incident as one article tells it. Flat fields: this is also the `sitrep batch` output row."""

    schema_version: Literal[1] = 1
    event_id: str
    article_id: str
    external_id: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    copy_of: str | None = Field(default=None, description="The article's copy_of: wire copies are one source")
    received_at: dt.datetime | None = Field(
        default=None, description="When the article reached Sitrep: undated reports are matched by arrival time"
    )
    primary: bool = Field(description="True for the article's main incident")

    event_type: str
    sub_event_type: str
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    date_source: Literal["incident"] | None = Field(
        default=None, description="'incident' when the article gave no date and the incident's is shown"
    )
    date_hint: DateHint | None = Field(default=None, description="Set when the date is unknown but the text names "
                                      "a weekday or a day of a month")
    country: str | None = None
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    admin1: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: GeoPrecision | None = None

    perpetrator: str | None = None
    perpetrator_id: str | None = Field(default=None, description="Normalised actor id, alias-independent")
    target: str | None = None
    target_id: str | None = None
    killed: int | None = Field(default=None, ge=0)
    killed_min: int | None = Field(default=None, ge=0)
    killed_max: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    injured_min: int | None = Field(default=None, ge=0)
    injured_max: int | None = Field(default=None, ge=0)
    reported_by: str | None = Field(default=None, description="Who the article attributes the facts to")
    claimed_by: str | None = Field(default=None, description="Group that claimed responsibility")

    lead: str | None = Field(default=None, description="The article's title and opening, on its main event: "
                             "the wording dedupe compares (see article_lead)")
    evidence: list[Evidence] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list, description="Salient lemmas, for text similarity")
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)

    incident_id: str | None = Field(default=None, description="Set by dedupe")

    def linked_to(
        self, incident_id: str | None, incident_date: dt.date | None, precision: DatePrecision | None,
        source_dates: Sequence[dt.date] = (),
    ) -> Event:
        """This event as users see it: with its incident, and when the article gave no date, the date
        its incident's other sources agree on (flagged by date_source; the source claim stays undated).
        An article's "on Wednesday" picks, among its sources' dates, the one that is a Wednesday."""
        update: dict[str, object] = {"incident_id": incident_id}
        if self.date is None and incident_date is not None:
            shown, shown_precision = incident_date, precision
            hint = self.date_hint
            if hint is not None and not hint.fits(incident_date):
                fitting = [d for d in source_dates if hint.fits(d)]
                if fitting:
                    shown = min(fitting, key=lambda d: (abs((d - incident_date).days), d))
                    shown_precision = "day"
            update |= {"date": shown, "date_precision": shown_precision, "date_source": "incident"}
        return self.model_copy(update=update)

    @property
    def blocking_key(self) -> str:
        """events.v1 key: one dedupe consumer owns a country, so matches within it are single-writer."""
        return self.country_code or "XX"


# Characters of an article's opening that dedupe compares: title and lead say which incident it is.
LEAD_CHARS = 2000


def article_lead(title: str | None, text: str) -> str:
    """An article's title and opening (Event.lead of its main event)."""
    return f"{title or ''}\n{text}".strip()[:LEAD_CHARS]
