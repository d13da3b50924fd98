"""`sitrep up` never leaks its stack: a closed terminal (HUP), kill (TERM) or kill -9 of it leaves no process of
the stack alive, and a second `sitrep up` on taken ports says which port and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sitrep_cli.devstack.redis_server import free_port

from tests.integration.stack_helpers import wait_until

pytestmark = pytest.mark.integration


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Field 4 of /proc/PID/stat is the parent pid (after "pid (comm) state"; comm may hold spaces).
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its exit status waits to be read


def _start_up(tmp_path: Path, api_port: int, ingest_port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SITREP_API_KEY": "signals-key"}
    empty = tmp_path / "no-articles"
    empty.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, "-m", "sitrep_cli.main", "up", str(empty), "--port", str(api_port),
                             "--ingest-port", str(ingest_port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=(tmp_path / "up.log").open("wb"))


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL], ids=["HUP", "TERM", "KILL"])
def test_signal_to_sitrep_up_leaves_no_process(tmp_path: Path, sig: signal.Signals) -> None:
    api_port, ingest_port = free_port(), free_port()
    up = _start_up(tmp_path, api_port, ingest_port)
    try:
        wait_until(lambda: _healthy(f"http://127.0.0.1:{api_port}/health"), 120, "sitrep up to serve the API")
        stack = _descendants(up.pid)
        # broker, redis-server, ingest, extract, dedupe, api, feeds poller
        assert len(stack) >= 7, f"expected the whole stack under sitrep up, found {len(stack)} processes"
        if sig == signal.SIGTERM:
            # While it runs, a second one on the same ports names the port and exits non-zero.
            second = subprocess.run([sys.executable, "-m", "sitrep_cli.main", "up", str(tmp_path / "no-articles"),
                                     "--port", str(api_port), "--ingest-port", str(ingest_port)],
                                    check=False, capture_output=True, text=True, timeout=60,
                                    env={**os.environ, "SITREP_API_KEY": "signals-key"})
            assert second.returncode != 0
            assert f"port {api_port}" in second.stderr and "in use" in second.stderr
        up.send_signal(sig)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in stack | {up.pid}):
            time.sleep(0.2)
            up.poll()
        left = sorted(p for p in stack if _alive(p))
        assert not left, f"still running 10 s after {sig.name}: " + ", ".join(
            Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ")[:80] for p in left if _alive(p))
        assert not _healthy(f"http://127.0.0.1:{api_port}/health")
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
