"""Feeds to poll and what the poller knows of each, in Redis (layout in sitrep_common.redis_keys)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import redis
from sitrep_common import redis_keys
from sitrep_common.errors import TransientError

from sitrep_ingest.normalise import canonical_url


def feed_id(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FeedState:
    url: str
    every_s: int
    etag: str | None = None
    last_modified: str | None = None
    last_poll: float | None = None  # epoch seconds
    last_status: str | None = None
    items_seen: int = 0
    errors: int = 0

    @property
    def id(self) -> str:
        return feed_id(self.url)

    def due(self, now: float) -> bool:
        return self.last_poll is None or now - self.last_poll >= self.every_s


def _text(value: bytes | str | None) -> str | None:
    return (value.decode() if isinstance(value, bytes) else value) or None


class FeedStore:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    def add(self, url: str, every_s: int) -> FeedState:
        """Adds the feed, or changes its interval; what was learnt of it (ETag, items) is kept."""
        state = FeedState(url=url, every_s=every_s)
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.hset(redis_keys.feed(state.id), mapping={"url": url, "every_s": every_s})
            pipe.sadd(redis_keys.FEEDS, state.id)
            pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        return self.get(url) or state

    def remove(self, url: str) -> bool:
        fid = feed_id(url)
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.srem(redis_keys.FEEDS, fid)
            pipe.delete(redis_keys.feed(fid), redis_keys.feed_items(fid))
            removed, _ = pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        return bool(removed)

    def get(self, url: str) -> FeedState | None:
        return self._load(feed_id(url))

    def all(self) -> list[FeedState]:
        try:
            ids = sorted(_text(m) or "" for m in self._redis.smembers(redis_keys.FEEDS))
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        states = [self._load(fid) for fid in ids]
        return sorted((s for s in states if s is not None), key=lambda s: s.url)

    def _load(self, fid: str) -> FeedState | None:
        try:
            h = self._redis.hgetall(redis_keys.feed(fid))
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        f = {_text(k): _text(v) for k, v in h.items()}
        url = f.get("url")
        if not url:
            return None
        last_poll = f.get("last_poll")
        return FeedState(
            url=url, every_s=int(f.get("every_s") or 900), etag=f.get("etag"),
            last_modified=f.get("last_modified"), last_poll=float(last_poll) if last_poll else None,
            last_status=f.get("last_status"), items_seen=int(f.get("items_seen") or 0),
            errors=int(f.get("errors") or 0),
        )

    def polled(self, state: FeedState, status: str, *, etag: str | None = None,
               last_modified: str | None = None, error: bool = False) -> None:
        """Records a poll's outcome; validators are replaced only when the server sent new ones."""
        key = redis_keys.feed(state.id)
        try:
            pipe = self._redis.pipeline(transaction=True)
            pipe.hset(key, mapping={"last_poll": time.time(), "last_status": status[:500]})
            if etag:
                pipe.hset(key, "etag", etag)
            if last_modified:
                pipe.hset(key, "last_modified", last_modified)
            if error:
                pipe.hincrby(key, "errors", 1)
            pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc

    def is_new(self, state: FeedState, item_key: str) -> bool:
        try:
            return not self._redis.sismember(redis_keys.feed_items(state.id), item_key)
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc

    def remember(self, state: FeedState, item_key: str) -> None:
        """The item was ingested (or cannot ever be): not fetched again."""
        try:
            if self._redis.sadd(redis_keys.feed_items(state.id), item_key):
                self._redis.hincrby(redis_keys.feed(state.id), "items_seen", 1)
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
