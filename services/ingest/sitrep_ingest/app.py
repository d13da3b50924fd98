"""HTTP adapter of ingest: parse and check the request, call Ingestor.accept, map errors to status codes."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import TypeAdapter, ValidationError
from sitrep_common.errors import MessageTooLarge, TransientError
from sitrep_common.models import ArticleIn, IngestResult
from sitrep_common.settings import IngestSettings

from sitrep_ingest.html import HtmlWithoutText, article_from_html
from sitrep_ingest.normalise import RejectedArticle
from sitrep_ingest.rate_limit import RateLimiter, retry_after_header

_ARTICLES = TypeAdapter(list[ArticleIn])


def create_app(settings: IngestSettings, api_key: str, make_ingestor: Any) -> FastAPI:
    """`make_ingestor()` builds the Ingestor (connections) in the lifespan, never at import."""
    if not api_key:
        raise ValueError("ingest needs an API key (SITREP_API_KEY): writing is never open")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ingestor = make_ingestor()
        yield

    app = FastAPI(title="Sitrep ingest", version="1", lifespan=lifespan)

    limiter = RateLimiter(settings.rate_limit_per_s, settings.rate_limit_burst)

    async def require_key(request: Request, x_api_key: Annotated[str | None, Header()] = None) -> None:
        valid = x_api_key is not None and hmac.compare_digest(x_api_key.encode(), api_key.encode())
        host = request.client.host if request.client else "unknown"
        # Per key and client; wrong keys share their client's one bucket, which also slows key guessing.
        who = (hashlib.sha256(x_api_key.encode()).hexdigest()[:16] if valid and x_api_key else "anonymous")
        wait = limiter.take(f"{who}@{host}")
        if wait:
            raise HTTPException(429, f"over {limiter.rate_per_s:g} requests/s (burst {limiter.burst}) from this "
                                     "client; slow down", headers={"Retry-After": retry_after_header(wait)})
        if not valid:
            raise HTTPException(401, "missing or wrong X-API-Key header")

    @app.post(
        "/v1/articles",
        status_code=202,
        response_model=list[IngestResult],
        dependencies=[Depends(require_key)],
        summary="Submit one article or a batch (JSON), or one article as text/plain or a text/html page with "
                "metadata in the query (a page's own metadata fills what the query leaves out)",
    )
    async def post_articles(
        request: Request,
        title: Annotated[str | None, Query(max_length=1000)] = None,
        url: Annotated[str | None, Query(max_length=2000)] = None,
        outlet: Annotated[str | None, Query(max_length=300)] = None,
        published: Annotated[date | None, Query()] = None,
        id: Annotated[str | None, Query(max_length=200)] = None,
    ) -> list[IngestResult]:
        body = await _read_limited(request, settings.max_body_bytes)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/json":
            raws = _parse_json(body, settings.max_batch)
        elif ctype == "text/plain":
            text = _decode_utf8(body)
            raws = _validate([{"id": id, "url": url, "outlet": outlet, "published": published,
                               "title": title, "text": text}])
        elif ctype in ("text/html", "application/xhtml+xml"):
            raws = [await run_in_threadpool(_from_page, body, {"id": id, "url": url, "outlet": outlet,
                                                               "published": published, "title": title})]
        else:
            raise HTTPException(415, "send application/json (an article or a list), text/plain or text/html")
        try:
            return await run_in_threadpool(request.app.state.ingestor.accept, raws)
        except RejectedArticle as exc:
            raise HTTPException(422, str(exc)) from exc
        except MessageTooLarge as exc:
            raise HTTPException(413, str(exc)) from exc
        except TransientError as exc:
            return JSONResponse(  # type: ignore[return-value]
                {"detail": f"pipeline unavailable, nothing was accepted: {exc}"},
                status_code=503, headers={"Retry-After": str(settings.retry_after_s)},
            )

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


async def _read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"body over {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"body over {limit} bytes")
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body.strip():
        raise HTTPException(400, "empty body")
    return body


def _decode_utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, f"body is not UTF-8 text: {exc}") from exc


def _from_page(body: bytes, meta: dict[str, Any]) -> ArticleIn:
    # Bytes, not str: trafilatura reads the page's own <meta charset> when the header has none.
    try:
        return article_from_html(body, **meta)
    except HtmlWithoutText as exc:
        raise HTTPException(422, str(exc)) from exc
    except ValidationError as exc:
        raise HTTPException(422, "; ".join(e["msg"] for e in exc.errors(include_url=False))) from exc


def _parse_json(body: bytes, max_batch: int) -> list[ArticleIn]:
    try:
        data = json.loads(_decode_utf8(body))
    except json.JSONDecodeError as exc:
        raise HTTPException(400, f"body is not valid JSON: {exc}") from exc
    except RecursionError as exc:  # "[[[[..." deeper than the parser's stack
        raise HTTPException(400, "body is not valid JSON: nested too deeply") from exc
    items = data if isinstance(data, list) else [data]
    if not items:
        raise HTTPException(400, "empty list: nothing to ingest")
    if len(items) > max_batch:
        raise HTTPException(413, f"batch of {len(items)} articles; at most {max_batch} per request")
    return _validate(items)


def _validate(items: list[Any]) -> list[ArticleIn]:
    try:
        return _ARTICLES.validate_python(items)
    except ValidationError as exc:
        detail = [{"loc": e["loc"], "msg": e["msg"]} for e in exc.errors(include_url=False, include_input=False)]
        raise HTTPException(422, detail) from exc
