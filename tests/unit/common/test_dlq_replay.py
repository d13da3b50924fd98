"""`sitrep dlq replay` after a fix: parked messages go back to their topic once, and are then handled."""

from __future__ import annotations

from collections.abc import Sequence

from confluent_kafka import Producer
from sitrep_cli.dlq import replay
from sitrep_common.kafka import Outcome, Output
from sitrep_common.models import Article
from sitrep_common.topics import Topic

from tests.unit.common.test_consume_loop import _article, _drain, _run_loop


def test_replay_after_a_fix_processes_the_parked_message_once_and_skips_cut_payloads(
    kafka_bootstrap: str, unique: str
) -> None:
    topic = Topic(f"in-{unique}", Article, "test")
    out = f"out-{unique}"
    limit = 256 * 1024
    producer = Producer({"bootstrap.servers": kafka_bootstrap, "compression.type": "zstd",
                         "message.max.bytes": 12_000_000})
    for value in (_article(1), _article(2, title="boom"), _article(3, text="word " * 200_000)):
        producer.produce(topic.name, key="k", value=value)
    producer.flush(10)
    fixed = {"yet": False}

    def handler(batch: Sequence[Article]) -> list[Outcome]:
        if not fixed["yet"] and any(a.title == "boom" for a in batch):
            raise ValueError("boom is not handled yet")
        return [[Output(out, a.article_id, a.article_id.encode())] for a in batch]

    first = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, handler, until=3, max_message_bytes=limit)
    assert first.dead_letters == 2  # "boom" (handler bug) and the 1 MB article (over the limit)

    fixed["yet"] = True
    assert replay(kafka_bootstrap, topic.dlq, group=f"replay-{unique}") == 0
    again = _run_loop(kafka_bootstrap, topic, f"g-{unique}", out, handler, until=1, max_message_bytes=limit)
    assert again.consumed == 1 and again.dead_letters == 0, "only 'boom' came back; the cut payload did not"
    assert sorted(_drain(kafka_bootstrap, out, 2, f"r-{unique}")) == [b"a1", b"a2"]

    # The replay group's offsets are committed: replaying again re-produces nothing.
    assert replay(kafka_bootstrap, topic.dlq, group=f"replay-{unique}") == 0
    assert len(_drain(kafka_bootstrap, topic.name, 4, f"t-{unique}")) == 4  # 3 originals + 1 replayed
