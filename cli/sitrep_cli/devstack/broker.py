"""A Kafka wire-protocol broker for one machine: librdkafka's mock cluster, hosted by this process.

The mock cluster lives inside a client; it serves other processes over TCP for as long as that
client is polled. It keeps data in memory only (about 5 MB per partition): fine for development and
tests, never a substitute for Apache Kafka's durability (see infra/compose.yml).
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import threading
import time
import types

from confluent_kafka import Producer

_BOOTSTRAP = re.compile(r"bootstrap\.servers=(\S+)")
READY_PREFIX = "SITREP_BROKER bootstrap="


class _AddressCatcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.address: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        found = _BOOTSTRAP.search(record.getMessage())
        if found and self.address is None:
            self.address = found.group(1).rstrip(",")


def serve(num_brokers: int = 1) -> None:
    """Run the broker until SIGTERM/SIGINT; prints its bootstrap address on stdout first."""
    catcher = _AddressCatcher()
    mock_log = logging.getLogger("sitrep.mockbroker")
    mock_log.addHandler(catcher)
    mock_log.setLevel(logging.DEBUG)
    mock_log.propagate = False
    host = Producer({"test.mock.num.brokers": num_brokers, "debug": "mock", "logger": mock_log})
    deadline = time.monotonic() + 20
    while catcher.address is None and time.monotonic() < deadline:
        host.poll(0.05)
    if catcher.address is None:
        sys.exit("mock broker did not report its address")
    stop = threading.Event()

    def _stop(_sig: int, _frame: types.FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(READY_PREFIX + catcher.address, flush=True)
    # The mock's own debug lines are noise once it is up.
    mock_log.removeHandler(catcher)
    mock_log.setLevel(logging.WARNING)
    while not stop.is_set():
        host.poll(0.5)


def start(timeout_s: float = 30.0) -> tuple[subprocess.Popen[str], str]:
    """Start the broker in its own process; returns it and its bootstrap address."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitrep_cli.devstack.broker"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(READY_PREFIX):
            return proc, line[len(READY_PREFIX):].strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("mock Kafka broker did not start")


if __name__ == "__main__":
    serve()
