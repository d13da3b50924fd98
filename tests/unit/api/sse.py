"""A minimal Server-Sent Events reader for tests (the parts of the WHATWG format the API uses)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    id: str | None
    event: str
    data: str
    comment: str | None = None  # set for a comment-only block such as ": ping"

    def json(self) -> Any:
        return json.loads(self.data)


def messages(lines: Iterator[str]) -> Iterator[Message]:
    """Blocks separated by a blank line; yields events and comment-only blocks (heartbeats)."""
    fields: dict[str, str] = {}
    comment = None
    for line in lines:
        if line == "":
            if "data" in fields:
                yield Message(fields.get("id"), fields.get("event", "message"), fields["data"])
            elif comment is not None:
                yield Message(None, "", "", comment=comment)
            fields, comment = {}, None
        elif line.startswith(":"):
            comment = line[1:].strip()
        else:
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            fields[name] = fields[name] + "\n" + value if name == "data" and name in fields else value


def parse(text: str) -> list[Message]:
    return list(messages(iter(text.split("\n"))))
