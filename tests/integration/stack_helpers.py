"""Waiting on the running stack by condition, never by fixed sleeps."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
from confluent_kafka import Consumer, TopicPartition


def group_caught_up(bootstrap: str, group: str, topic: str) -> bool:
    """True when the group's committed offset is at the high watermark of every partition."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        meta = consumer.list_topics(topic, timeout=5).topics.get(topic)
        if meta is None or meta.error is not None:
            return False
        parts = [TopicPartition(topic, p) for p in meta.partitions]
        committed = {tp.partition: tp.offset for tp in consumer.committed(parts, timeout=5)}
        for tp in parts:
            low, high = consumer.get_watermark_offsets(tp, timeout=5)
            done = committed.get(tp.partition, -1)
            if high > low and done < high:
                return False
        return True
    finally:
        consumer.close()


def wait_until(condition: object, timeout_s: float, what: str, every_s: float = 0.5) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(every_s)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")


def pipeline_idle(bootstrap: str) -> bool:
    return (group_caught_up(bootstrap, "sitrep-extract", "articles.v1")
            and group_caught_up(bootstrap, "sitrep-dedupe", "events.v1"))


def api_partition(api_url: str) -> set[frozenset[str]]:
    """Live incidents from the API as sets of the articles' ids (as users know them)."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:  # every page: the soak runs have more incidents than one page holds
        page = httpx.get(f"{api_url}/v1/incidents", params={"limit": 500} | ({"cursor": cursor} if cursor else {}),
                         timeout=30).json()
        items += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    alias = {}
    for inc in items:
        for src in inc["sources"]:
            alias[src["article_id"]] = src.get("external_id") or src["article_id"]
    return {frozenset(alias[a] for a in inc["article_ids"]) for inc in items}


def log_entries(log_path: Path, msg: str) -> list[dict[str, Any]]:
    """The JSON log lines of one service process with this message (other lines are skipped)."""
    found = []
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        if f'"msg": "{msg}"' in line:
            found.append(json.loads(line))
    return found


def owned_partitions(log_path: Path, topic: str) -> set[int]:
    """The partitions of `topic` a consumer holds now, replayed from its assigned/revoked log lines."""
    owned: set[int] = set()
    lines = (log_path.read_text(encoding="utf-8", errors="replace").splitlines() if log_path.exists() else [])
    for line in lines:
        if '"partitions assigned"' not in line and '"partitions revoked"' not in line:
            continue
        entry = json.loads(line)
        if entry.get("topic") != topic:
            continue
        if entry["msg"] == "partitions assigned":
            owned |= set(entry["partitions"])
        else:
            owned -= set(entry["partitions"])
    return owned


def messages_committed(log_path: Path, topic: str) -> int:
    """Messages of `topic` this consumer process handled and committed, from its 'batch committed' lines."""
    return sum(e["messages"] for e in log_entries(log_path, "batch committed") if e.get("topic") == topic)


def group_settled(log_dir: Path, labels: tuple[str, ...], topic: str, partitions: int) -> bool:
    """True when the replicas `labels` each hold some partitions of `topic`, none twice, all covered."""
    held = [owned_partitions(log_dir / f"{label}.log", topic) for label in labels]
    if not all(held):
        return False
    covered = set().union(*held)
    return sum(len(h) for h in held) == len(covered) == partitions
