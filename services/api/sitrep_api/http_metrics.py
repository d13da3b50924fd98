"""ASGI middleware timing every HTTP request into sitrep_http_request_duration_seconds.

The route label is the matched route's template (/v1/incidents/{incident_id}), never the raw path,
so the label set stays small; requests that match no route are labelled "unmatched".
"""

from __future__ import annotations

import time

from sitrep_common.metrics import HTTP_SECONDS
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, service: str = "api") -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) if isinstance(route, BaseRoute) else None
            HTTP_SECONDS.labels(self.service, template or "unmatched", scope["method"], str(status)).observe(
                time.perf_counter() - started)
