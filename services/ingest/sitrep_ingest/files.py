"""Read articles from files and folders: .txt (one article), .json (one or a list), .jsonl (one a line),
.html/.htm (a saved page: text and metadata read from the markup)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sitrep_common.models import ArticleIn

from sitrep_ingest.html import HtmlWithoutText, article_from_html

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")


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
    for _, item in read_located(path):
        yield item


def read_located(path: Path) -> Iterator[tuple[str, ArticleIn | FileProblem]]:
    """(where: file, file:line or file[index], article or problem) for every article under `path`."""
    for p in iter_paths(path):
        suffix = p.suffix.lower()
        if suffix in (".html", ".htm"):
            yield str(p), _page(p)
            continue
        try:
            raw = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield str(p), FileProblem(str(p), f"unreadable: {exc}")
            continue
        if suffix == ".txt":
            yield str(p), _validated({"id": p.stem, "text": raw}, str(p))
        elif suffix == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield str(p), FileProblem(str(p), f"invalid JSON: {exc}")
                continue
            for i, item in enumerate(data if isinstance(data, list) else [data]):
                yield f"{p}[{i}]", _validated(item, f"{p}[{i}]")
        elif suffix == ".jsonl":
            for n, line in enumerate(raw.splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    yield f"{p}:{n}", _validated(json.loads(line), f"{p}:{n}")
                except json.JSONDecodeError as exc:
                    yield f"{p}:{n}", FileProblem(f"{p}:{n}", f"invalid JSON: {exc}")
        else:
            yield str(p), FileProblem(str(p), f"unsupported file type {suffix!r}; use one of {', '.join(SUFFIXES)}")


def _page(p: Path) -> ArticleIn | FileProblem:
    try:
        # Bytes: the page's <meta charset> says how it is encoded, not this machine's default.
        return article_from_html(p.read_bytes(), id=p.stem)
    except OSError as exc:
        return FileProblem(str(p), f"unreadable: {exc}")
    except HtmlWithoutText as exc:
        return FileProblem(str(p), str(exc))
    except ValidationError as exc:
        return FileProblem(str(p), "; ".join(e["msg"] for e in exc.errors()))


def _validated(item: object, where: str) -> ArticleIn | FileProblem:
    try:
        return ArticleIn.model_validate(item)
    except ValidationError as exc:
        return FileProblem(where, "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))
