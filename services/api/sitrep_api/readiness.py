"""What /ready checks: Redis answers PING and, when a broker is configured, Kafka answers and dedupe
keeps up (its committed offsets on events.v1 are within ApiSettings.ready_max_lag of the high watermarks).

Probes hit /ready often; one check is shared by every request for TTL_S seconds (behind a lock, so
concurrent probes wait for the same check instead of starting their own), and every Kafka call has
a deadline of about TIMEOUT_S, so a down broker makes /ready answer 503 in seconds, not hang.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition
from sitrep_common.topics import EVENTS

log = logging.getLogger(__name__)

TTL_S = 2.0
TIMEOUT_S = 2.0
DEDUPE_GROUP = "sitrep-dedupe"


@dataclass(frozen=True)
class Status:
    redis: bool
    kafka: bool | None = None  # None: no broker configured, not checked
    dedupe_lag: int | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.reasons


class KafkaProbe:
    """Broker reachability and a consumer group's lag, read without joining the group.

    A group member only joins on subscribe(); committed() is a plain OffsetFetch, so this consumer
    never takes partitions from dedupe."""

    def __init__(self, bootstrap: str, group: str = DEDUPE_GROUP, topic: str = EVENTS.name,
                 timeout_s: float = TIMEOUT_S) -> None:
        self._conf = {"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                      "socket.timeout.ms": int(timeout_s * 1000), "logger": log}
        self.topic, self._timeout_s = topic, timeout_s
        self._consumer: Consumer | None = None

    def lag(self) -> int:
        """Sum over partitions of high watermark - committed offset (raises KafkaException if unreachable)."""
        consumer = self._consumer = self._consumer or Consumer(self._conf)
        deadline = time.monotonic() + self._timeout_s

        def left() -> float:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise KafkaException(KafkaError(KafkaError._TIMED_OUT, "readiness check took too long"))
            return remaining

        # All topics, not list_topics(topic): asking for one topic by name can auto-create it.
        meta = consumer.list_topics(timeout=left()).topics.get(self.topic)
        if meta is None or meta.error is not None:
            return 0  # nothing produced yet: nothing to lag behind
        parts = [TopicPartition(self.topic, p) for p in meta.partitions]
        lag = 0
        for tp in consumer.committed(parts, timeout=left()):
            low, high = consumer.get_watermark_offsets(TopicPartition(self.topic, tp.partition), timeout=left())
            done = tp.offset if tp.offset >= 0 else low  # no commit yet: everything retained is pending
            lag += max(0, high - done)
        return lag

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()
            self._consumer = None


class ReadinessCheck:
    def __init__(self, ping: Callable[[], bool], kafka: KafkaProbe | None = None, max_lag: int = 10_000,
                 ttl_s: float = TTL_S) -> None:
        self._ping, self._kafka, self._max_lag, self._ttl_s = ping, kafka, max_lag, ttl_s
        self._lock = threading.Lock()
        self._cached: tuple[float, Status] | None = None

    def status(self) -> Status:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] >= self._ttl_s:
                self._cached = (now, self._check())
            return self._cached[1]

    def _check(self) -> Status:
        reasons = []
        try:
            redis_ok = self._ping()
        except redis.RedisError as exc:
            log.warning("redis not ready", extra={"error": str(exc)})
            redis_ok = False
        if not redis_ok:
            reasons.append("redis does not answer PING")
        if self._kafka is None:
            return Status(redis=redis_ok, reasons=reasons)
        try:
            lag: int | None = self._kafka.lag()
        except KafkaException as exc:
            log.warning("kafka not ready", extra={"error": str(exc)})
            reasons.append(f"kafka unreachable: {_describe(exc)}")
            return Status(redis=redis_ok, kafka=False, reasons=reasons)
        if lag is not None and lag > self._max_lag:
            reasons.append(f"dedupe lags {lag} messages on {self._kafka.topic} (more than {self._max_lag})")
        return Status(redis=redis_ok, kafka=True, dedupe_lag=lag, reasons=reasons)

    def close(self) -> None:
        if self._kafka is not None:
            self._kafka.close()


def _describe(exc: KafkaException) -> str:
    error = exc.args[0] if exc.args else None
    return error.str() if isinstance(error, KafkaError) else str(exc)
