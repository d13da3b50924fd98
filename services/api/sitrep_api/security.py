"""The optional read key: with ApiSettings.read_api_key_required, data routes need X-API-Key.

Only the data routers get the dependency (see app.py); /health, /ready, /metrics, the docs and the
dashboard's static files stay open, so probes and the page itself load without a key.
The key is compared in constant time and never logged or echoed.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import HTTPException, Security
from fastapi.security import APIKeyHeader
from pydantic import SecretStr

HEADER = "X-API-Key"
_scheme = APIKeyHeader(name=HEADER, auto_error=False, description="SITREP_API_KEY; needed when reads are closed")


def read_key_check(key: SecretStr) -> Callable[[str | None], None]:
    """A dependency that answers 401 unless the request's X-API-Key equals `key`."""
    expected = key.get_secret_value().encode()

    def require_read_key(given: Annotated[str | None, Security(_scheme)]) -> None:
        if given is None or not hmac.compare_digest(given.encode(), expected):
            raise HTTPException(401, f"this API needs the {HEADER} header with a valid key",
                                headers={"WWW-Authenticate": HEADER})

    return require_read_key
