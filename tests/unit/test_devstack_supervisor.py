"""The devstack supervisor tells the operator which service died and why, and its children die with it."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pytest
from sitrep_cli.devstack.supervisor import ServiceSpec, Supervisor


def test_a_crashing_service_is_named_with_its_last_log_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    supervisor = Supervisor(tmp_path)
    caplog.set_level(logging.WARNING, logger="sitrep_cli.devstack.supervisor")
    script = "import sys; print('cannot bind: address already in use', flush=True); sys.exit(3)"
    supervisor.start(ServiceSpec("ingest", [sys.executable, "-c", script]))
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not caplog.records:
            time.sleep(0.1)
    finally:
        supervisor.stop_all()
    message = caplog.records[0].getMessage()
    assert "service ingest exited with code 3" in message
    assert "address already in use" in message


def test_a_service_runs_under_the_parent_death_guard(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path, restart=False)
    supervisor.start(ServiceSpec("sleeper", [sys.executable, "-c", "import time; time.sleep(30)"]))
    try:
        pid = supervisor.pid("sleeper")
        deadline = time.monotonic() + 10
        cmdline = "parent_death"
        while time.monotonic() < deadline and "parent_death" in cmdline:
            cmdline = Path(f"/proc/{pid}/cmdline").read_text()
            time.sleep(0.05)
        # The guard exec'd the service in place (same pid) after asking for SIGTERM on its parent's death.
        assert "time.sleep" in cmdline and "parent_death" not in cmdline
    finally:
        supervisor.stop_all()
