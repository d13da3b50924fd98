"""`sitrep dlq`: look at dead letters and, after a fix, replay them onto the topic they came from."""

from __future__ import annotations

import base64
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer
from pydantic import ValidationError
from sitrep_common.models import DeadLetter

from sitrep_cli.progress import Progress


def read_letters(bootstrap: str, dlq_topic: str, group: str, idle_s: float = 5.0) -> tuple[Consumer, list[DeadLetter]]:
    """Everything not yet replayed by `group` (a consumer left open so the caller can commit)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    consumer.subscribe([dlq_topic])
    letters: list[DeadLetter] = []
    last = time.monotonic()
    while time.monotonic() - last < idle_s:
        msg = consumer.poll(0.3)
        if msg is None or msg.error():
            continue
        last = time.monotonic()
        try:
            letters.append(DeadLetter.model_validate_json(msg.value() or b""))
        except ValidationError as exc:
            print(f"  offset {msg.offset()}: not a dead letter ({exc.error_count()} errors), skipped", file=sys.stderr)
    return consumer, letters


def list_letters(bootstrap: str, dlq_topic: str) -> int:
    consumer, letters = read_letters(bootstrap, dlq_topic, f"sitrep-dlq-peek-{uuid.uuid4().hex[:8]}")
    consumer.close()
    for d in letters:
        print(f"{d.topic}[{d.partition}]@{d.offset} key={d.key} by {d.service} at {d.failed_at:%Y-%m-%d %H:%M:%S}:"
              f" {d.error[:200]}")
    print(f"{len(letters)} dead letter(s) in {dlq_topic}", file=sys.stderr)
    return 0


def replay(bootstrap: str, dlq_topic: str, group: str = "sitrep-dlq-replay") -> int:
    """Re-produce each letter's original bytes to its topic; the group's offsets make it replay once."""
    consumer, letters = read_letters(bootstrap, dlq_topic, group)
    # The services' partitioner: a replayed event must land on its country's partition (single writer).
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                         "partitioner": "murmur2_random"})
    progress = Progress(f"replay {dlq_topic}", total=len(letters))
    for d in letters:
        if d.payload_truncated:
            # Only the first bytes were kept (the message was over the size limit): replaying would re-poison.
            print(f"  {d.topic}[{d.partition}]@{d.offset}: payload of {d.payload_bytes} bytes was cut, not replayed",
                  file=sys.stderr)
        else:
            producer.produce(d.topic, key=d.key, value=base64.b64decode(d.payload_b64))
        progress.advance()
    remaining = producer.flush(30)
    if remaining:
        print(f"{remaining} message(s) not delivered; nothing committed, run again", file=sys.stderr)
        consumer.close()
        return 1
    if letters:
        consumer.commit(asynchronous=False)
    consumer.close()
    progress.finish()
    return 0
