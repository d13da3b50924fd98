"""Runs the services as child processes, restarts the ones that die, stops them all on request."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sitrep_cli.devstack.parent_death import guarded

log = logging.getLogger(__name__)


@dataclass
class ServiceSpec:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class _Running:
    spec: ServiceSpec
    proc: subprocess.Popen[bytes]
    log_file: IO[bytes]
    restarts: int = 0
    started_at: float = field(default_factory=time.monotonic)


class Supervisor:
    """Each service logs to LOG_DIR/<name>.log; a service that exits is restarted with backoff."""

    def __init__(self, log_dir: Path, restart: bool = True) -> None:
        self.log_dir = log_dir
        self.restart = restart
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        log_dir.mkdir(parents=True, exist_ok=True)

    def start(self, spec: ServiceSpec) -> None:
        with self._lock:
            self._running[spec.name] = self._spawn(spec)
        if self._watcher is None:
            self._watcher = threading.Thread(target=self._watch, name="supervisor", daemon=True)
            self._watcher.start()

    def _spawn(self, spec: ServiceSpec, restarts: int = 0) -> _Running:
        log_file = self.log_path(spec.name).open("ab")
        # Own session: a Ctrl-C reaches `sitrep up` only, which stops the services in order.
        proc = subprocess.Popen(guarded(spec.argv), env={**os.environ, **spec.env}, stdout=log_file,
                                stderr=subprocess.STDOUT, start_new_session=True)
        log.info("service %s started (pid %d)", spec.name, proc.pid,
                 extra={"service": spec.name, "pid": proc.pid, "restarts": restarts})
        return _Running(spec, proc, log_file, restarts)

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def log_tail(self, name: str, lines: int = 5) -> str:
        """The last lines a service wrote: why it exited, for the operator who sees it restart."""
        try:
            with self.log_path(name).open("rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 4096))
                tail = f.read().decode("utf-8", "replace").splitlines()[-lines:]
        except OSError:
            return "  (no log)"
        return "\n".join("  " + line for line in tail) or "  (empty log)"

    def names(self) -> list[str]:
        return list(self._running)

    def pid(self, name: str) -> int:
        return self._running[name].proc.pid

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Send a signal to a service (tests use SIGKILL to simulate a crash)."""
        os.kill(self.pid(name), sig)

    def restarts(self, name: str) -> int:
        return self._running[name].restarts

    def _watch(self) -> None:
        while not self._stop.wait(0.2):
            with self._lock:
                for name, run in list(self._running.items()):
                    code = run.proc.poll()
                    if code is None or not self.restart or self._stop.is_set():
                        continue
                    run.log_file.close()
                    # Crash loops back off: a service that dies right away waits longer each time.
                    quick = time.monotonic() - run.started_at < 5
                    delay = min(0.5 * (2 ** run.restarts), 10.0) if quick else 0.5
                    log.warning("service %s exited with code %s; restarting in %.1f s. Last lines of %s:\n%s",
                                name, code, delay, self.log_path(name), self.log_tail(name),
                                extra={"service": name, "code": code, "delay_s": delay})
                    time.sleep(delay)
                    self._running[name] = self._spawn(run.spec, run.restarts + 1)

    def stop_all(self, timeout_s: float = 15.0) -> None:
        self._stop.set()
        with self._lock:
            runs = list(self._running.values())
        for run in runs:
            if run.proc.poll() is None:
                run.proc.terminate()
        deadline = time.monotonic() + timeout_s
        for run in runs:
            try:
                run.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                run.proc.kill()
                run.proc.wait()
            run.log_file.close()
