"""Finding one message on a topic of the shared test broker, where other tests' messages come first."""

from __future__ import annotations

import time

from confluent_kafka import Consumer


def find_on_topic(bootstrap: str, topic: str, key: bytes, group: str, timeout_s: float = 60.0) -> bytes | None:
    """The value of the first message with `key`, reading the topic from the start until `timeout_s`."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            for msg in consumer.consume(num_messages=500, timeout=0.5):
                if not msg.error() and msg.key() == key:
                    value = msg.value()
                    return value if isinstance(value, bytes) else None
        return None
    finally:
        consumer.close()
