"""A Kafka wire-protocol broker for one machine: librdkafka's mock cluster, hosted by this process.

The mock cluster is created through librdkafka's C API (ctypes, on the library confluent-kafka ships)
because that is the only way to create its topics with a chosen partition count: the mock answers
no CreateTopics request (it names no controller) and auto-creates unknown topics with 4 partitions.
The partition counts are those of infra/compose.yml, so consumer groups spread the same way here as on
Apache Kafka. It keeps data in memory only (about 5 MB per partition): fine for development and tests,
never a substitute for Apache Kafka's durability (see infra/compose.yml).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import signal
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

from sitrep_cli.devstack.parent_death import guarded

READY_PREFIX = "SITREP_BROKER bootstrap="
# As created by kafka-init in infra/compose.yml: 6 partitions bound the replicas of each consumer group.
TOPIC_PARTITIONS = {
    "articles.v1": 6, "events.v1": 6, "incidents.v1": 6,
    "articles.v1.dlq": 1, "events.v1.dlq": 1, "incidents.v1.dlq": 1,
}


def _librdkafka() -> ctypes.CDLL:
    """The librdkafka confluent-kafka itself loads (its wheel bundles one), else the system's."""
    spec = importlib.util.find_spec("confluent_kafka")
    if spec and spec.origin:
        bundled = sorted((Path(spec.origin).parent.parent / "confluent_kafka.libs").glob("librdkafka*.so*"))
        if bundled:
            return ctypes.CDLL(str(bundled[0]))
    found = ctypes.util.find_library("rdkafka")
    if found is None:
        raise RuntimeError("librdkafka not found (neither in the confluent-kafka wheel nor on the system)")
    return ctypes.CDLL(found)


class MockCluster:
    """A mock cluster with its own I/O thread; the client handle that owns it must outlive it."""

    def __init__(self, num_brokers: int = 1) -> None:
        lib = _librdkafka()
        lib.rd_kafka_conf_new.restype = ctypes.c_void_p
        lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                          ctypes.c_char_p, ctypes.c_size_t]
        lib.rd_kafka_new.restype = ctypes.c_void_p
        lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
        lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
        lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
        lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
        lib.rd_kafka_mock_topic_create.restype = ctypes.c_int
        lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
        lib.rd_kafka_err2str.restype = ctypes.c_char_p
        lib.rd_kafka_err2str.argtypes = [ctypes.c_int]
        lib.rd_kafka_mock_cluster_destroy.argtypes = [ctypes.c_void_p]
        lib.rd_kafka_destroy.argtypes = [ctypes.c_void_p]
        self._lib = lib
        errstr = ctypes.create_string_buffer(512)
        conf = lib.rd_kafka_conf_new()
        # The owning client connects nowhere; without this it warns about bootstrap.servers.
        lib.rd_kafka_conf_set(conf, b"log_level", b"3", errstr, len(errstr))
        self._rk = lib.rd_kafka_new(0, conf, errstr, len(errstr))  # 0 = RD_KAFKA_PRODUCER
        if not self._rk:
            raise RuntimeError(f"librdkafka client not created: {errstr.value.decode()}")
        self._cluster = lib.rd_kafka_mock_cluster_new(self._rk, num_brokers)
        if not self._cluster:
            raise RuntimeError("librdkafka mock cluster not created")
        self.bootstrap = (lib.rd_kafka_mock_cluster_bootstraps(self._cluster) or b"").decode()

    def create_topic(self, name: str, partitions: int) -> None:
        err = self._lib.rd_kafka_mock_topic_create(self._cluster, name.encode(), partitions, 1)
        if err:
            raise RuntimeError(f"topic {name} not created: {self._lib.rd_kafka_err2str(err).decode()}")

    def close(self) -> None:
        self._lib.rd_kafka_mock_cluster_destroy(self._cluster)
        self._lib.rd_kafka_destroy(self._rk)


def serve(num_brokers: int = 1) -> None:
    """Run the broker until SIGTERM/SIGINT; prints its bootstrap address on stdout first."""
    cluster = MockCluster(num_brokers)
    for name, partitions in TOPIC_PARTITIONS.items():
        cluster.create_topic(name, partitions)
    stop = threading.Event()

    def _stop(_sig: int, _frame: types.FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(READY_PREFIX + cluster.bootstrap, flush=True)
    while not stop.wait(0.5):
        pass
    cluster.close()


def start(timeout_s: float = 30.0) -> tuple[subprocess.Popen[str], str]:
    """Start the broker in its own process; returns it and its bootstrap address."""
    proc = subprocess.Popen(
        guarded([sys.executable, "-m", "sitrep_cli.devstack.broker"]),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
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
