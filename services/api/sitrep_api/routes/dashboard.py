"""The dashboard: three static files, no build step, nothing fetched from outside the API."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)

_FILES = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
# The page only talks to its own origin and runs only its own script: untrusted article text
# that slipped into the DOM could not load or run anything.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def _read(name: str) -> bytes:
    return resources.files("sitrep_api.dashboard").joinpath(name).read_bytes()


@router.get("/")
@router.get("/dashboard")
def index() -> Response:
    return Response(_read("index.html"), media_type="text/html; charset=utf-8", headers=_HEADERS)


@router.get("/dashboard/{name}")
def asset(name: str) -> Response:
    if name not in _FILES:
        raise HTTPException(404, "no such dashboard file")
    return Response(_read(name), media_type=_FILES[name], headers=_HEADERS)
