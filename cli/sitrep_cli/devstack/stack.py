"""The whole pipeline on one machine: broker, redis-server and the four services as processes."""

from __future__ import annotations

import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen

import httpx

from sitrep_cli.devstack import broker
from sitrep_cli.devstack.redis_server import RedisServer
from sitrep_cli.devstack.supervisor import ServiceSpec, Supervisor

SERVICES = ("ingest", "extract", "dedupe", "api")


class PortInUse(RuntimeError):
    """A port the stack must listen on is taken (often by a `sitrep up` that is still running)."""

    def __init__(self, port: int, role: str) -> None:
        super().__init__(f"port {port} ({role}) is already in use on 127.0.0.1: is another `sitrep up` running? "
                         f"Stop it, or choose other ports (--port, --ingest-port).")
        self.port = port


def ensure_free(port: int, role: str) -> None:
    """Raise PortInUse unless `port` can be listened on, as uvicorn will (SO_REUSEADDR: TIME_WAIT is fine)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise PortInUse(port, role) from exc


@dataclass
class StackConfig:
    api_key: str
    api_port: int = 8000
    ingest_port: int = 8001
    extract_replicas: int = 1
    dedupe_replicas: int = 1
    work_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="sitrep-stack-")))


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.broker_proc: Popen[str] | None = None
        self.bootstrap = ""
        self.redis = RedisServer(data_dir=config.work_dir / "redis")
        self.supervisor = Supervisor(config.work_dir / "logs")

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.config.api_port}"

    @property
    def ingest_url(self) -> str:
        return f"http://127.0.0.1:{self.config.ingest_port}"

    def env(self) -> dict[str, str]:
        return {
            "SITREP_KAFKA_BOOTSTRAP": self.bootstrap,
            "SITREP_REDIS_URL": self.redis.url,
            "SITREP_API_KEY": self.config.api_key,
            "SITREP_API_PORT": str(self.config.api_port),
            "SITREP_INGEST_PORT": str(self.config.ingest_port),
            "SITREP_ALIVE_DIR": str(self.config.work_dir),
            # One BLAS thread per process: replicas, not threads, share the cores (extract's matrix products).
            "OPENBLAS_NUM_THREADS": "1",
        }

    def start(self, timeout_s: float = 90.0) -> Stack:
        # Checked before anything starts: services that cannot bind would only crash-loop.
        ensure_free(self.config.api_port, "API and dashboard")
        ensure_free(self.config.ingest_port, "ingest")
        (self.config.work_dir / "redis").mkdir(parents=True, exist_ok=True)
        self.broker_proc, self.bootstrap = broker.start()
        self.redis.start()
        for name in SERVICES:
            for replica in range(self._replicas(name)):
                self.start_service(name, replica)
        # The feed poller: polls the feeds added with `sitrep feeds add` (none at first).
        self.supervisor.start(ServiceSpec("feeds", [sys.executable, "-m", "sitrep_cli.main", "feeds", "poll"],
                                          self.env()))
        self.wait_http(self.ingest_url + "/health", timeout_s)
        self.wait_http(self.api_url + "/health", timeout_s)
        return self

    def _replicas(self, name: str) -> int:
        return {"extract": self.config.extract_replicas, "dedupe": self.config.dedupe_replicas}.get(name, 1)

    def start_service(self, name: str, replica: int = 0) -> None:
        label = name if replica == 0 else f"{name}-{replica}"
        env = self.env() | {"SITREP_ALIVE_DIR": str(self.config.work_dir / label)}
        (self.config.work_dir / label).mkdir(parents=True, exist_ok=True)
        self.supervisor.start(ServiceSpec(label, [sys.executable, "-m", f"sitrep_{name}.main"], env))

    @staticmethod
    def wait_http(url: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{url} not up after {timeout_s}s")

    def stop(self) -> None:
        self.supervisor.stop_all()
        self.redis.stop()
        if self.broker_proc and self.broker_proc.poll() is None:
            self.broker_proc.terminate()
            self.broker_proc.wait(timeout=10)
