"""Fetching safety: private targets refused before any connection; size, redirect caps."""

from __future__ import annotations

import pytest
from sitrep_common.settings import FeedSettings
from sitrep_ingest.fetcher import Fetcher, FetchError, FetchRefused, checked_target

from tests.unit.ingest.conftest import Site

LOCAL = FeedSettings(allow_private_fetch=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://127.8.9.10:8080/",
        "http://10.1.2.3/rss",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://localhost/feed",
    ],
)
def test_private_and_loopback_targets_are_refused_by_default(url: str) -> None:
    # checked_target raises before a socket is opened: these addresses never see a packet.
    with pytest.raises(FetchRefused, match="non-public"):
        checked_target(url, allow_private=False)
    with pytest.raises(FetchRefused):
        Fetcher(FeedSettings()).get(url)


@pytest.mark.parametrize("url", ["ftp://example.org/feed", "file:///etc/passwd", "gopher://x/", "http:///nohost"])
def test_only_http_urls_with_a_host(url: str) -> None:
    with pytest.raises(FetchRefused):
        checked_target(url, allow_private=True)


def test_a_public_address_passes_the_check_without_connecting() -> None:
    assert checked_target("https://93.184.215.14/feed", allow_private=False)[3].is_global


def test_loopback_server_is_fetched_when_allowed(site: Site) -> None:
    resp = Fetcher(LOCAL).get(site.base + "/html/riverside_flood.html")
    assert resp.status == 200 and b"Flood waters" in resp.body and resp.headers["etag"]


def test_redirects_are_followed_and_capped(site: Site) -> None:
    resp = Fetcher(LOCAL).get(site.base + "/redirect/3")
    assert resp.status == 200 and resp.url.endswith("/html/riverside_flood.html")
    with pytest.raises(FetchError, match="redirects"):
        Fetcher(LOCAL).get(site.base + "/redirect/6")
    assert site.count("/redirect/0") == 1  # only the first chain got there; the second stopped at 1


def test_each_redirect_hop_is_checked(site: Site) -> None:
    with pytest.raises(FetchRefused):
        Fetcher(LOCAL).get(site.base + "/redirect-to-unspecified")


def test_responses_over_the_size_cap_are_dropped(site: Site) -> None:
    site.extra["/big"] = b"x" * 50_000
    with pytest.raises(FetchError, match="cap"):
        Fetcher(FeedSettings(allow_private_fetch=True, max_fetch_bytes=20_000)).get(site.base + "/big")
