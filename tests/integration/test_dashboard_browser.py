"""The dashboard in a real headless Chromium over the running stack: feed, incident page, screenshot.

Chromium is driven through its command line only (--dump-dom, --screenshot): nothing is downloaded.
--virtual-time-budget lets the page run its scripts and fetches before the capture; the page is opened
with ?live=0 (polling) because a capture waits for the network to go quiet, which an open
/v1/stream never does.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from sitrep_cli.devstack.stack import Stack

from tests.integration.conftest import REPO

pytestmark = pytest.mark.integration

HASM_SEED = "000_d0ed58c03cb3e816"
SCREENSHOTS = REPO / "screenshots"
CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                 if (found := shutil.which(name))), None)


def chromium(profile: Path, *args: str) -> str:
    command = [
        CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def figure(f: dict[str, Any]) -> str:
    """As the dashboard's figure(): best, with (min–max) when sources disagree."""
    if f.get("best") is None:
        return "—"
    if f.get("min") is not None and f.get("max") is not None and (f["min"] != f["best"] or f["max"] != f["best"]):
        return f"{f['best']} ({f['min']}–{f['max']})"
    return str(f["best"])


@pytest.fixture(scope="module")
def hasm(ingested: Stack) -> dict[str, Any]:
    items = httpx.get(f"{ingested.api_url}/v1/incidents", params={"limit": 500}, timeout=10).json()["items"]
    found = [i for i in items if any(s.get("external_id") == HASM_SEED and s["primary"] for s in i["sources"])]
    assert len(found) == 1, "the Hasm shootout should be one incident"
    incident: dict[str, Any] = found[0]
    return incident


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")
def test_feed_lists_the_hasm_incident(ingested: Stack, hasm: dict[str, Any], tmp_path: Path) -> None:
    dom = chromium(tmp_path / "profile", "--dump-dom", f"{ingested.api_url}/?live=0#/")
    assert 'id="feed-rows"' in dom
    assert f'href="#/incident/{hasm["incident_id"]}"' in dom
    assert f">{hasm['independent_sources']} / {len(hasm['sources'])}</td>" in dom  # independent / reports
    assert "incidents shown" in dom  # the status line the feed writes after rendering


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")
def test_incident_page_shows_the_seed_source_and_killed(ingested: Stack, hasm: dict[str, Any],
                                                        tmp_path: Path) -> None:
    page = f"{ingested.api_url}/?live=0#/incident/{hasm['incident_id']}"
    dom = html.unescape(chromium(tmp_path / "profile", "--dump-dom", page))
    source = next(s for s in hasm["sources"] if s.get("external_id") == HASM_SEED and s["primary"])
    assert source["outlet"] in dom if source.get("outlet") else source["article_id"] in dom
    assert f"<dt>Killed</dt><dd>{figure(hasm['killed'])}</dd>" in dom
    assert f"<dt>Incident id</dt><dd>{hasm['incident_id']}</dd>" in dom
    assert f"<dt>Independent sources</dt><dd>{hasm['independent_sources']}</dd>" in dom
    assert f"<dt>Reports</dt><dd>{len(hasm['sources'])}</dd>" in dom

    shot = tmp_path / "dashboard-incident.png"
    chromium(tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,1000", page)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, SCREENSHOTS / "dashboard-incident.png")
