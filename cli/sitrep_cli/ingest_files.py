"""`sitrep ingest PATH`: post the articles of files and folders to the ingest API, with progress."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
from sitrep_common.models import ArticleIn
from sitrep_ingest.files import FileProblem, read_articles

from sitrep_cli.progress import Progress

BATCH = 50


def post_batch(client: httpx.Client, url: str, batch: list[ArticleIn], key: str) -> tuple[int, str | None]:
    """Posts, retrying while the pipeline answers 503; returns (accepted count, error)."""
    body = [a.model_dump(mode="json", exclude_none=True) for a in batch]
    for attempt in range(10):
        resp = client.post(url, json=body, headers={"X-API-Key": key})
        if resp.status_code == 503:
            time.sleep(float(resp.headers.get("Retry-After", "1")) * min(attempt + 1, 3))
            continue
        if resp.status_code == 202:
            return sum(1 for r in resp.json() if r["status"] == "accepted"), None
        return 0, f"HTTP {resp.status_code}: {resp.text[:300]}"
    return 0, "pipeline unavailable (503) after 10 tries"


def ingest_path(path: Path, ingest_url: str, api_key: str) -> tuple[int, int]:
    """Returns (articles accepted, errors)."""
    progress = Progress(f"ingest {path}")
    accepted = 0
    batch: list[ArticleIn] = []
    with httpx.Client(timeout=60.0) as client:
        def flush() -> None:
            nonlocal accepted
            if not batch:
                return
            ok, error = post_batch(client, ingest_url + "/v1/articles", batch, api_key)
            accepted += ok
            if error:
                print(f"  rejected batch of {len(batch)}: {error}", file=sys.stderr)
            progress.advance(len(batch), errors=len(batch) if error else 0)
            batch.clear()

        for item in read_articles(path):
            if isinstance(item, FileProblem):
                print(f"  skipped {item.where}: {item.reason}", file=sys.stderr)
                progress.advance(0, errors=1)
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                flush()
        flush()
    progress.finish()
    return accepted, progress.errors
