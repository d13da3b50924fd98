"""Read articles from files and folders: .txt (one article), .json (one or a list), .jsonl (one a line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sitrep_common.models import ArticleIn

SUFFIXES = (".txt", ".json", ".jsonl")


@dataclass(frozen=True)
class FileProblem:
    where: str
    reason: str


def iter_paths(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    else:
        yield path


def read_articles(path: Path) -> Iterator[ArticleIn | FileProblem]:
    """Every article under `path`, or a FileProblem saying where and why one could not be read."""
    for p in iter_paths(path):
        suffix = p.suffix.lower()
        try:
            raw = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield FileProblem(str(p), f"unreadable: {exc}")
            continue
        if suffix == ".txt":
            yield _validated({"id": p.stem, "text": raw}, str(p))
        elif suffix == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield FileProblem(str(p), f"invalid JSON: {exc}")
                continue
            for i, item in enumerate(data if isinstance(data, list) else [data]):
                yield _validated(item, f"{p}[{i}]")
        elif suffix == ".jsonl":
            for n, line in enumerate(raw.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    yield _validated(json.loads(line), f"{p}:{n}")
                except json.JSONDecodeError as exc:
                    yield FileProblem(f"{p}:{n}", f"invalid JSON: {exc}")
        else:
            yield FileProblem(str(p), f"unsupported file type {suffix!r}; use one of {', '.join(SUFFIXES)}")


def _validated(item: object, where: str) -> ArticleIn | FileProblem:
    try:
        return ArticleIn.model_validate(item)
    except ValidationError as exc:
        return FileProblem(where, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
