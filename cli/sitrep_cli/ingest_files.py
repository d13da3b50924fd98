"""`sitrep ingest PATH`: post the articles of files and folders to the ingest API, with progress.

A batch answered 422 (one article in it is unusable) is posted again one article at a time, so one bad
article costs only itself; each rejection is reported with its file (and line) and the reason.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

import httpx
from sitrep_common.models import ArticleIn
from sitrep_ingest.files import FileProblem, read_located

from sitrep_cli.progress import Progress

BATCH = 50


def post_batch(client: httpx.Client, url: str, batch: list[ArticleIn], key: str) -> tuple[int, str | None, int]:
    """Posts, retrying while the pipeline answers 503 or the rate limit 429 (after Retry-After); returns
    (accepted count, error, HTTP status)."""
    body = [a.model_dump(mode="json", exclude_none=True) for a in batch]
    for attempt in range(10):
        resp = client.post(url, json=body, headers={"X-API-Key": key})
        if resp.status_code in (429, 503):
            time.sleep(float(resp.headers.get("Retry-After", "1")) * min(attempt + 1, 3))
            continue
        if resp.status_code == 202:
            return sum(1 for r in resp.json() if r["status"] == "accepted"), None, 202
        return 0, f"HTTP {resp.status_code}: {_reason(resp)}", resp.status_code
    return 0, f"still refused (HTTP {resp.status_code}) after 10 tries", resp.status_code


def _reason(resp: httpx.Response) -> str:
    try:
        detail = resp.json().get("detail", resp.text)
    except ValueError:  # not JSON (a proxy's error page)
        detail = resp.text
    return str(detail)[:300]


def ingest_path(path: Path, ingest_url: str, api_key: str, out: TextIO | None = None) -> tuple[int, int]:
    """Returns (articles accepted, errors)."""
    out = out or sys.stderr
    progress = Progress(f"ingest {path}", stream=out)
    accepted = 0
    batch: list[tuple[str, ArticleIn]] = []
    endpoint = ingest_url + "/v1/articles"
    with httpx.Client(timeout=60.0) as client:
        def flush() -> None:
            nonlocal accepted
            if not batch:
                return
            ok, error, status = post_batch(client, endpoint, [a for _, a in batch], api_key)
            errors = 0
            if status == 422 and len(batch) > 1:
                ok = 0
                for where, article in batch:
                    one_ok, one_error, _ = post_batch(client, endpoint, [article], api_key)
                    ok += one_ok
                    if one_error:
                        errors += 1
                        print(f"  rejected {where}: {one_error}", file=out)
            elif error:
                errors = len(batch)
                print(f"  rejected {batch[0][0]} … {batch[-1][0]} ({len(batch)} articles): {error}", file=out)
            accepted += ok
            progress.advance(len(batch), errors=errors)
            batch.clear()

        for where, item in read_located(path):
            if isinstance(item, FileProblem):
                print(f"  skipped {item.where}: {item.reason}", file=out)
                progress.advance(0, errors=1)
                continue
            batch.append((where, item))
            if len(batch) >= BATCH:
                flush()
        flush()
    progress.finish()
    return accepted, progress.errors
