"""ConsumeLoop against the real broker: dead letters, commit after flush, replay after transient errors."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import pytest
from confluent_kafka import Consumer, Producer
from sitrep_common.errors import MessageTooLarge, TransientError
from sitrep_common.kafka import ConsumeLoop, LoopStats, Outcome, Output, Publisher, consumer_config
from sitrep_common.models import Article, DeadLetter
from sitrep_common.settings import KafkaSettings
from sitrep_common.topics import Topic


def _article(n: int, title: str = "fine", text: str = "some text") -> bytes:
    return Article(article_id=f"a{n}", title=title, text=text, received_at=datetime.now(UTC)
                   ).model_dump_json().encode()


def _drain(bootstrap: str, topic: str, expect: int, group: str, timeout_s: float = 20.0) -> list[bytes]:
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    got: list[bytes] = []
    deadline = time.monotonic() + timeout_s
    while len(got) < expect and time.monotonic() < deadline:
        msg = consumer.poll(0.2)
        if msg is not None and not msg.error():
            got.append(msg.value() or b"")
    # Keep reading briefly: more than `expect` is a failure too.
    extra_deadline = time.monotonic() + 1.0
    while time.monotonic() < extra_deadline:
        msg = consumer.poll(0.2)
        if msg is not None and not msg.error():
            got.append(msg.value() or b"")
    consumer.close()
    return got


def _run_loop(bootstrap: str, topic: Topic[Article], group: str, out: str,
              handler: Callable[[Sequence[Article]], Sequence[Outcome]], until: int,
              wait_s: float = 30.0, max_message_bytes: int | None = None) -> LoopStats:
    settings = KafkaSettings(bootstrap=bootstrap, poll_batch=10)
    if max_message_bytes is not None:
        settings.max_message_bytes = max_message_bytes
    stop = threading.Event()
    loop = ConsumeLoop(service="test", consumer=Consumer(consumer_config(settings, group, "t")),
                       publisher=Publisher.connect(settings, "t"), topic=topic, handler=handler,
                       settings=settings, stop=stop)
    thread = threading.Thread(target=loop.run)
    thread.start()
    deadline = time.monotonic() + wait_s
    while loop.stats.consumed < until and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=15)
    return loop.stats


def test_poison_goes_to_dlq_with_reason_and_bytes_rest_is_produced_and_committed(
    kafka_bootstrap: str, unique: str
) -> None:
    topic = Topic(f"in-{unique}", Article, "test")
    out = f"out-{unique}"
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    payloads = [_article(1), b"{not json", _article(2, title="boom"),
                _article(3).replace(b'"schema_version":1', b'"schema_version":99'), _article(4)]
    for p in payloads:
        producer.produce(topic.name, key="k", value=p)
    producer.flush(10)

    def handler(batch: Sequence[Article]) -> list[Outcome]:
        if any(a.title == "boom" for a in batch):
            raise ValueError("cannot handle boom")
        return [[Output(out, a.article_id, a.article_id.encode())] for a in batch]

    stats = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, handler, until=5)
    assert stats.consumed == 5 and stats.dead_letters == 3

    assert sorted(_drain(kafka_bootstrap, out, 2, f"r-{unique}")) == [b"a1", b"a4"]
    letters = [DeadLetter.model_validate_json(v) for v in _drain(kafka_bootstrap, topic.dlq, 3, f"d-{unique}")]
    assert len(letters) == 3
    by_payload = {base64.b64decode(d.payload_b64): d for d in letters}
    assert "undecodable" in by_payload[b"{not json"].error
    assert "cannot handle boom" in by_payload[payloads[2]].error
    assert "schema_version" in by_payload[payloads[3]].error

    # Committed: the same group, restarted, gets nothing more to do.
    # 8 s covers a group rejoin (about 3-5 s on this broker).
    again = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, handler, until=1, wait_s=8.0)
    assert again.consumed == 0


def test_transient_failure_replays_the_batch_and_loses_nothing(kafka_bootstrap: str, unique: str) -> None:
    topic = Topic(f"in-{unique}", Article, "test")
    out = f"out-{unique}"
    producer = Producer({"bootstrap.servers": kafka_bootstrap})
    for n in range(6):
        producer.produce(topic.name, key=str(n), value=_article(n))
    producer.flush(10)
    failures = {"left": 2}

    def flaky(batch: Sequence[Article]) -> list[Outcome]:
        if failures["left"]:
            failures["left"] -= 1
            raise TransientError("redis down")
        return [[Output(out, a.article_id, a.article_id.encode())] for a in batch]

    stats = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, flaky, until=6)
    assert stats.retries == 2 and stats.consumed == 6 and stats.dead_letters == 0
    assert sorted(_drain(kafka_bootstrap, out, 6, f"r-{unique}")) == sorted(f"a{n}".encode() for n in range(6))


def test_giant_invalid_utf8_and_oversized_output_go_to_the_dlq_and_the_next_message_is_processed(
    kafka_bootstrap: str, unique: str
) -> None:
    topic = Topic(f"in-{unique}", Article, "test")
    out = f"out-{unique}"
    limit = 256 * 1024
    # zstd carries a 10 MB text as a few kB, as any compressible article would get past a broker's size limit.
    producer = Producer({"bootstrap.servers": kafka_bootstrap, "compression.type": "zstd",
                         "message.max.bytes": 12_000_000})
    giant = _article(1, text="word " * 2_000_000)
    invalid_utf8 = _article(2).replace(b'"title":"fine"', b'"title":"\xff\xfe"')
    payloads = [giant, invalid_utf8, _article(3, title="huge output"), _article(4)]
    for p in payloads:  # one key: one partition, so the good message comes after every poison one
        producer.produce(topic.name, key="k", value=p)
    producer.flush(10)
    handled: list[str] = []

    def handler(batch: Sequence[Article]) -> list[Outcome]:
        handled.extend(a.article_id for a in batch)
        return [[Output(out, a.article_id, b"x" * (limit + 1) if a.title == "huge output" else a.article_id.encode())]
                for a in batch]

    stats = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, handler, until=4, max_message_bytes=limit)
    assert stats.consumed == 4 and stats.dead_letters == 3
    assert "a1" not in handled, "a message over the limit never reaches the handler"
    assert _drain(kafka_bootstrap, out, 1, f"r-{unique}") == [b"a4"]

    letters = {d.offset: d for d in (DeadLetter.model_validate_json(v)
                                     for v in _drain(kafka_bootstrap, topic.dlq, 3, f"d-{unique}"))}
    assert sorted(letters) == [0, 1, 2]
    big = letters[0]
    assert f"message of {len(giant)} bytes is over the {limit}-byte limit" in big.error
    assert big.payload_truncated and big.payload_bytes == len(giant)
    kept = base64.b64decode(big.payload_b64)
    assert len(kept) == 64 * 1024 and giant.startswith(kept)
    assert "undecodable" in letters[1].error and "unicode" in letters[1].error
    assert base64.b64decode(letters[1].payload_b64) == invalid_utf8 and not letters[1].payload_truncated
    assert f"output of {limit + 1} bytes to {out} is over the {limit}-byte limit" in letters[2].error
    assert base64.b64decode(letters[2].payload_b64) == payloads[2]


def test_publisher_refuses_a_message_over_the_limit_with_the_reason(kafka_bootstrap: str, unique: str) -> None:
    settings = KafkaSettings(bootstrap=kafka_bootstrap, max_message_bytes=200_000)
    publisher = Publisher.connect(settings, "t")
    with pytest.raises(MessageTooLarge, match="200001 bytes is over the 200000-byte limit"):
        publisher.publish(f"big-{unique}", None, b"x" * 200_001)
    publisher.publish(f"big-{unique}", None, b"x" * 199_000)
    publisher.flush()
    assert len(_drain(kafka_bootstrap, f"big-{unique}", 1, f"g-{unique}")) == 1
