"""Dead letters: what a consumer could not process, parked with the reason and the original bytes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class DeadLetter(BaseModel):
    schema_version: Literal[1] = 1
    service: str
    topic: str
    partition: int
    offset: int
    key: str | None
    error: str
    payload_b64: str
    payload_bytes: int | None = Field(default=None, description="Size of the original message")
    payload_truncated: bool = Field(default=False, description="payload_b64 holds only the first bytes")
    failed_at: datetime
