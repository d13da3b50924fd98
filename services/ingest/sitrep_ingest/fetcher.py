"""Fetching feeds and pages from URLs that users gave, without becoming a way into private networks (SSRF).

Every hop (the first request and each redirect) is checked before any connection is made: http(s) only,
the host resolved here, and every address it resolves to must be public unless `allow_private_fetch`.
The connection then goes to the checked address itself (TLS still verified against the host name), so
a DNS answer that changes between the check and the connection (rebinding) cannot redirect it. Size,
time and redirects are capped.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from sitrep_common.settings import FeedSettings
from urllib3.exceptions import HTTPError

_REDIRECTS = {301, 302, 303, 307, 308}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """The URL could not be fetched; the message says why."""


class FetchRefused(FetchError):
    """The URL is not one we fetch (scheme, private address); no connection was made."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""


def is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def allowed_address(ip: IPAddress, allow_private: bool) -> bool:
    if allow_private:
        return not (ip.is_multicast or ip.is_unspecified)
    return is_public(ip)


def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's addresses; an IP literal is its own answer (no lookup)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))


def checked_target(url: str, allow_private: bool) -> tuple[str, str, int, IPAddress]:
    """(scheme, host, port, address to connect to), or FetchRefused before any connection."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchRefused(f"no host in URL {url!r}")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefused(f"bad port in URL {url!r}") from exc
    addresses = resolve(host, port)
    # All of them, not the first: a name answering one public and one private address is refused.
    bad = [str(a) for a in addresses if not allowed_address(a, allow_private)]
    if bad or not addresses:
        raise FetchRefused(f"{host} resolves to a non-public address ({', '.join(bad) or 'none'}); refused")
    return scheme, host, port, addresses[0]


class Fetcher:
    def __init__(self, settings: FeedSettings) -> None:
        self._s = settings

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        """GET with redirects followed (each hop re-checked); 3xx other than redirects and 4xx/5xx are
        returned, not raised: the caller decides (a feed's 304 is good news)."""
        deadline = time.monotonic() + self._s.total_timeout_s
        for _ in range(self._s.max_redirects + 1):
            resp = self._one(url, headers or {}, deadline)
            location = resp.headers.get("location")
            if resp.status not in _REDIRECTS or not location:
                return resp
            url = urljoin(url, location)
        raise FetchError(f"more than {self._s.max_redirects} redirects")

    def _one(self, url: str, headers: Mapping[str, str], deadline: float) -> Fetched:
        scheme, host, port, address = checked_target(url, self._s.allow_private_fetch)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        default_port = 443 if scheme == "https" else 80
        bracketed = f"[{host}]" if ":" in host else host  # an IPv6 literal
        host_header = bracketed if port == default_port else f"{bracketed}:{port}"
        timeout = urllib3.Timeout(connect=self._s.connect_timeout_s, read=self._s.read_timeout_s)
        pool: urllib3.HTTPConnectionPool
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(str(address), port, timeout=timeout, retries=False,
                                               cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(),
                                               server_hostname=host, assert_hostname=host)
        else:
            pool = urllib3.HTTPConnectionPool(str(address), port, timeout=timeout, retries=False)
        request_headers = {"User-Agent": self._s.user_agent, "Accept-Encoding": "gzip, deflate",
                           **headers, "Host": host_header}
        try:
            resp = pool.urlopen("GET", path, headers=request_headers, redirect=False, retries=False,
                                preload_content=False)
            try:
                body = self._read_capped(resp, deadline)
                return Fetched(url=url, status=resp.status,
                               headers={k.lower(): v for k, v in resp.headers.items()}, body=body)
            finally:
                resp.release_conn()
        except HTTPError as exc:
            raise FetchError(f"GET {url}: {exc}") from exc
        finally:
            pool.close()

    def _read_capped(self, resp: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
        limit = self._s.max_fetch_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"response of {declared} bytes is over the {limit}-byte cap")
        chunks: list[bytes] = []
        size = 0
        # Decoded bytes are counted, so a small gzip bomb is stopped at the cap too.
        for chunk in resp.stream(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"response is over the {limit}-byte cap")
            if time.monotonic() > deadline:
                raise FetchError(f"response took over {self._s.total_timeout_s} s")
            chunks.append(chunk)
        return b"".join(chunks)
