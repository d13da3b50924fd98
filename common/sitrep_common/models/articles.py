"""Articles: what sources send (ArticleIn) and the canonical form on articles.v1 (Article)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_TEXT_CHARS = 1_000_000


class ArticleIn(BaseModel):
    """An article as a source sends it. Only `text` is required; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str | None = Field(default=None, max_length=200, description="The source's own id for the article")
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=300)
    published: dt.date | None = Field(default=None, description="Publication date (ISO), if known")
    title: str | None = Field(default=None, max_length=1000)
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)

    @field_validator("published", mode="before")
    @classmethod
    def _date_part_of_timestamps(cls, value: object) -> object:
        # Feeds send full timestamps; the date is what the pipeline reasons with.
        if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and value[10:11] in "T ":
            return value[:10]
        if value == "":
            return None
        return value


class Article(BaseModel):
    """The canonical article on articles.v1, keyed by article_id."""

    schema_version: Literal[1] = 1
    article_id: str = Field(description="Canonical id: from the URL when there is one, else from the text")
    external_id: str | None = Field(default=None, description="The id the source gave, if any")
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_inferred: bool = Field(default=False, description="True when the date was read from the text")
    published_basis: Literal["label", "dateline", "mentioned"] | None = Field(
        default=None, description="What an inferred date rests on; 'mentioned': the latest date a photo caption "
        "gives, which the report follows (a lower bound)")
    title: str | None = None
    text: str
    received_at: dt.datetime
    language: str | None = Field(default=None, description="ISO 639-1, detected when not given")
    outlet_inferred: bool = Field(default=False, description="True when the outlet was read from the text/URL")
    copy_of: str | None = Field(
        default=None, description="article_id of the first-seen copy of the same (wire) text; None if original"
    )

    @property
    def display_id(self) -> str:
        """The id users know the article by: theirs if they gave one."""
        return self.external_id or self.article_id


class IngestResult(BaseModel):
    """What ingest answers for one article."""

    article_id: str
    external_id: str | None = None
    status: Literal["accepted", "duplicate"]
