"""Thin typed wrappers over confluent-kafka, and the one consume loop every worker runs.

Commit order (at-least-once, made exactly-once in effect by idempotent handlers):
  1. consume a batch;
  2. decode each message; undecodable ones become dead letters;
  3. hand the decoded batch to the handler, which returns each message's outputs or its PoisonMessage;
  4. produce outputs and dead letters, then flush: a failed delivery raises and nothing is committed;
  5. commit the batch's offsets synchronously.
A TransientError (Redis down, delivery failed) at any step seeks back to the batch's first offsets and
retries after a backoff, so a crash or outage replays messages and never skips one.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition
from pydantic import BaseModel, ValidationError

from sitrep_common.errors import DeliveryError, MessageTooLarge, PoisonMessage, TransientError
from sitrep_common.metrics import CONSUMER_LAG, DEAD_LETTERS, MESSAGES_CONSUMED, PROCESSING_SECONDS
from sitrep_common.models import DeadLetter
from sitrep_common.settings import DEFAULT_MAX_MESSAGE_BYTES, KafkaSettings
from sitrep_common.topics import Topic

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Output:
    """A message to produce."""

    topic: str
    key: str | None
    value: bytes


Outcome = list[Output] | PoisonMessage
# Room for a dead letter's fields around its base64 payload, and for librdkafka's record overhead.
_ENVELOPE_BYTES = 64 * 1024
_MAX_KEY_CHARS = 1024
_OVERSIZED_KEPT_BYTES = 64 * 1024
BatchHandler = Callable[[Sequence[M]], Sequence[Outcome]]


def producer_config(settings: KafkaSettings, client_id: str) -> dict[str, Any]:
    return {
        "bootstrap.servers": settings.bootstrap,
        "client.id": client_id,
        "enable.idempotence": True,
        "acks": "all",
        "linger.ms": 5,
        # Java's partitioner (murmur2): a key lands on the same partition whichever client produced it,
        # so events.v1's single writer per country holds with Kafka Connect/Streams producers too.
        "partitioner": "murmur2_random",
        "message.timeout.ms": int(settings.flush_timeout_s * 1000),
        # librdkafka's own check also counts headers; Publisher.fits() enforces the exact limit first.
        "message.max.bytes": settings.max_message_bytes + _ENVELOPE_BYTES,
    }


def consumer_config(settings: KafkaSettings, group: str, client_id: str) -> dict[str, Any]:
    return {
        "bootstrap.servers": settings.bootstrap,
        "group.id": group,
        "client.id": client_id,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "session.timeout.ms": settings.session_timeout_ms,
        "heartbeat.interval.ms": settings.heartbeat_interval_ms,
        "max.poll.interval.ms": settings.max_poll_interval_ms,
        "enable.partition.eof": False,
    }


class Publisher:
    """Produces and flushes; delivery errors are collected by the callback and raised by flush()."""

    def __init__(self, producer: Producer, flush_timeout_s: float,
                 max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> None:
        self._producer = producer
        self._flush_timeout_s = flush_timeout_s
        self.max_message_bytes = max_message_bytes
        self._errors: list[str] = []

    @classmethod
    def connect(cls, settings: KafkaSettings, client_id: str) -> Publisher:
        return cls(Producer(producer_config(settings, client_id)), settings.flush_timeout_s,
                   settings.max_message_bytes)

    def fits(self, key: str | None, value: bytes) -> bool:
        return len(value) + len((key or "").encode()) <= self.max_message_bytes

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        """Queues the message; MessageTooLarge (never retried) when it is over the size limit."""
        if not self.fits(key, value):
            raise MessageTooLarge(f"{topic}: message of {len(value)} bytes is over the "
                                  f"{self.max_message_bytes}-byte limit")
        while True:
            try:
                self._producer.produce(topic, key=key, value=value, on_delivery=self._on_delivery)
                return
            except BufferError:
                # Local queue full: let deliveries drain, then try again.
                self._producer.poll(0.1)
            except KafkaException as exc:
                if exc.args and exc.args[0].code() == KafkaError.MSG_SIZE_TOO_LARGE:
                    raise MessageTooLarge(f"{topic}: {exc.args[0].str()}") from exc
                raise

    def flush(self) -> None:
        remaining = self._producer.flush(self._flush_timeout_s)
        errors, self._errors = self._errors, []
        if remaining:
            raise DeliveryError(f"{remaining} message(s) not delivered within {self._flush_timeout_s}s")
        if errors:
            raise DeliveryError("delivery failed: " + "; ".join(errors[:3]))

    def _on_delivery(self, err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            self._errors.append(f"{msg.topic()}: {err.str()}")


def dead_letter(service: str, msg: Message, error: str,
                max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES) -> Output:
    """The message's dead letter. Its original bytes are kept whole when they fit in one message once
    base64-encoded, else cut (payload_truncated): a dead letter must itself always be producible. Of a
    message over the size limit, which no replay could fix, only the opening is kept, to show what it was."""
    topic = msg.topic() or "unknown"
    payload = msg.value() or b""
    room = max(0, (max_message_bytes - _ENVELOPE_BYTES) * 3 // 4)
    if len(payload) > max_message_bytes:
        room = min(room, _OVERSIZED_KEPT_BYTES)
    letter = DeadLetter(
        service=service,
        topic=topic,
        partition=msg.partition() or 0,
        offset=msg.offset() or 0,
        key=_key_text(msg),
        error=error[:2000],
        payload_b64=base64.b64encode(payload[:room]).decode(),
        payload_bytes=len(payload),
        payload_truncated=len(payload) > room,
        failed_at=datetime.now(UTC),
    )
    return Output(f"{topic}.dlq", _key_text(msg), letter.model_dump_json().encode())


def _key_text(msg: Message) -> str | None:
    key = msg.key()
    if key is None:
        return None
    text = key.decode(errors="replace") if isinstance(key, bytes) else str(key)
    return text[:_MAX_KEY_CHARS]


@dataclass
class LoopStats:
    consumed: int = 0
    produced: int = 0
    dead_letters: int = 0
    retries: int = 0
    last_offsets: dict[tuple[str, int], int] = field(default_factory=dict)


class ConsumeLoop(Generic[M]):
    """Consumes `topic` in batches, hands them to `handler`, produces what it returns, then commits."""

    def __init__(
        self,
        *,
        service: str,
        consumer: Consumer,
        publisher: Publisher,
        topic: Topic[M],
        handler: BatchHandler[M],
        settings: KafkaSettings,
        stop: threading.Event,
        alive_file: Path | None = None,
        on_dead_letter: Callable[[int], None] | None = None,
        on_lag: Callable[[int], None] | None = None,
    ) -> None:
        self.service = service
        self.consumer = consumer
        self.publisher = publisher
        self.topic = topic
        self.handler = handler
        self.settings = settings
        self.stop = stop
        self.alive_file = alive_file
        self.on_dead_letter = on_dead_letter
        self.on_lag = on_lag
        self.stats = LoopStats()
        self._backoff_s = 0.2
        self._last_lag_check = 0.0

    def run(self) -> LoopStats:
        self.consumer.subscribe([self.topic.name], on_assign=self._on_assign, on_revoke=self._on_revoke)
        log.info("consuming", extra={"topic": self.topic.name, "service": self.service})
        try:
            while not self.stop.is_set():
                self._touch_alive()
                messages = [m for m in self._next_batch() if self._usable(m)]
                if not messages:
                    self._record_lag()
                    continue
                try:
                    self._process(messages)
                    self._backoff_s = 0.2
                except (TransientError, KafkaException) as exc:
                    self._retry_later(messages, exc)
                self._record_lag()
        finally:
            self.consumer.close()
        return self.stats

    def _on_assign(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        # Logged so that who owns which partition (which countries, on events.v1) can be read back.
        log.info("partitions assigned",
                 extra={"topic": self.topic.name, "partitions": sorted(tp.partition for tp in partitions)})

    def _on_revoke(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.info("partitions revoked",
                 extra={"topic": self.topic.name, "partitions": sorted(tp.partition for tp in partitions)})

    def _next_batch(self) -> list[Message]:
        """Wait for one message, then take what is already buffered, waiting at most poll_linger_ms for more.

        consume(n, timeout) waits until it has n messages or the timeout passes: at a low rate that
        adds the whole timeout to every message's latency, once per stage, so the linger is short and
        off unless a stage gains from batches (extract).
        """
        first = self.consumer.poll(0.5)
        if first is None:
            return []
        linger = self.settings.poll_linger_ms / 1000
        return [first, *self.consumer.consume(num_messages=self.settings.poll_batch - 1, timeout=linger)]

    def _usable(self, msg: Message) -> bool:
        err = msg.error()
        if err is None:
            return True
        log.warning("consumer error", extra={"error": err.str(), "topic": msg.topic()})
        return False

    def _process(self, messages: list[Message]) -> None:
        started = time.perf_counter()
        outputs: list[Output] = []
        decoded: list[tuple[Message, M]] = []
        limit = self.publisher.max_message_bytes
        for msg in messages:
            size = len(msg.value() or b"")
            if size > limit:
                # Never handed to the handler: one giant input must not stall or exhaust a worker.
                outputs.append(self._dead(msg, f"message of {size} bytes is over the {limit}-byte limit"))
                continue
            try:
                decoded.append((msg, self.topic.decode(msg.value() or b"")))
            except (ValidationError, ValueError) as exc:
                outputs.append(self._dead(msg, f"undecodable {self.topic.name} message: {exc}"))
        outcomes = self._handle([value for _, value in decoded])
        for (msg, _), outcome in zip(decoded, outcomes, strict=True):
            if isinstance(outcome, PoisonMessage):
                outputs.append(self._dead(msg, str(outcome)))
                continue
            too_big = [o for o in outcome if not self.publisher.fits(o.key, o.value)]
            if too_big:
                # Refused before any of this message's outputs is produced, so none goes out half-done.
                outputs.append(self._dead(msg, f"output of {len(too_big[0].value)} bytes to {too_big[0].topic} "
                                               f"is over the {limit}-byte limit"))
            else:
                outputs.extend(outcome)
        for out in outputs:
            self.publisher.publish(out.topic, out.key, out.value)
        self.publisher.flush()
        offsets = self._next_offsets(messages)
        self.consumer.commit(offsets=offsets, asynchronous=False)
        self.stats.consumed += len(messages)
        self.stats.produced += len(outputs)
        for tp in offsets:
            self.stats.last_offsets[(tp.topic, tp.partition)] = tp.offset
        MESSAGES_CONSUMED.labels(self.service, self.topic.name).inc(len(messages))
        PROCESSING_SECONDS.labels(self.service).observe((time.perf_counter() - started) / len(messages))
        log.info(
            "batch committed",
            extra={
                "topic": self.topic.name,
                "messages": len(messages),
                "outputs": len(outputs),
                "offsets": {f"{tp.partition}": tp.offset for tp in offsets},
            },
        )

    def _handle(self, values: list[M]) -> Sequence[Outcome]:
        """Run the handler on the batch; if it blows up, isolate the message that did it."""
        if not values:
            return []
        try:
            return self.handler(values)
        except TransientError:
            raise
        except Exception:  # a bug or bad data in one message must not stop the stream
            log.exception("batch failed; retrying one message at a time", extra={"topic": self.topic.name})
        outcomes: list[Outcome] = []
        for value in values:
            try:
                outcomes.extend(self.handler([value]))
            except TransientError:
                raise
            except Exception as exc:  # noqa: BLE001 - parked with its reason; the consumer keeps going
                outcomes.append(PoisonMessage(f"{type(exc).__name__}: {exc}"))
        return outcomes

    def _dead(self, msg: Message, error: str) -> Output:
        self.stats.dead_letters += 1
        DEAD_LETTERS.labels(self.service, msg.topic() or "").inc()
        if self.on_dead_letter:
            self.on_dead_letter(1)
        log.warning(
            "dead letter",
            extra={"topic": msg.topic(), "partition": msg.partition(), "offset": msg.offset(), "error": error},
        )
        return dead_letter(self.service, msg, error, self.publisher.max_message_bytes)

    @staticmethod
    def _next_offsets(messages: list[Message]) -> list[TopicPartition]:
        last: dict[tuple[str, int], int] = {}
        for msg in messages:
            key = (msg.topic() or "", msg.partition() or 0)
            last[key] = max(last.get(key, -1), msg.offset() or 0)
        return [TopicPartition(t, p, o + 1) for (t, p), o in sorted(last.items())]

    def _retry_later(self, messages: list[Message], exc: Exception) -> None:
        """Rewind every partition of the batch to its first message, wait, and let the loop retry."""
        self.stats.retries += 1
        first: dict[tuple[str, int], int] = {}
        for msg in messages:
            key = (msg.topic() or "", msg.partition() or 0)
            first[key] = min(first.get(key, msg.offset() or 0), msg.offset() or 0)
        log.warning(
            "transient failure; will retry batch",
            extra={"error": str(exc), "backoff_s": self._backoff_s, "topic": self.topic.name},
        )
        for (t, p), o in first.items():
            try:
                self.consumer.seek(TopicPartition(t, p, o))
            except KafkaException as seek_exc:
                # Partition revoked meanwhile: its new owner resumes from the committed offset.
                log.info("seek skipped", extra={"partition": p, "error": str(seek_exc)})
        self.stop.wait(self._backoff_s)
        self._backoff_s = min(self._backoff_s * 2, 10.0)

    def _touch_alive(self) -> None:
        if self.alive_file is not None:
            self.alive_file.touch()

    def _record_lag(self) -> None:
        now = time.monotonic()
        if now - self._last_lag_check < 5.0:
            return
        self._last_lag_check = now
        total = 0
        try:
            for tp in self.consumer.position(self.consumer.assignment()):
                _, high = self.consumer.get_watermark_offsets(tp, cached=True)
                if tp.offset >= 0 and high >= 0:
                    CONSUMER_LAG.labels(self.service, tp.topic, str(tp.partition)).set(high - tp.offset)
                    total += high - tp.offset
        except KafkaException as exc:
            log.debug("lag unavailable", extra={"error": str(exc)})
            return
        if self.on_lag:
            self.on_lag(total)
