"""ConsumeLoop against the real broker: dead letters, commit after flush, replay after transient errors."""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from confluent_kafka import Consumer, Producer
from sitrep_common.errors import TransientError
from sitrep_common.kafka import ConsumeLoop, LoopStats, Outcome, Output, Publisher, consumer_config
from sitrep_common.models import Article, DeadLetter
from sitrep_common.settings import KafkaSettings
from sitrep_common.topics import Topic


def _article(n: int, title: str = "fine") -> bytes:
    return Article(article_id=f"a{n}", title=title, text="some text", received_at=datetime.now(UTC)
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
              wait_s: float = 30.0) -> LoopStats:
    settings = KafkaSettings(bootstrap=bootstrap, poll_batch=10)
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
