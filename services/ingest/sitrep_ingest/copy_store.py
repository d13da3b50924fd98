"""The wire-copy index in Redis, shared by every ingest replica (see sitrep_ingest.copies).

Layout (sitrep_common.redis_keys): one set per LSH bucket holding article ids, one hash per article
with its packed signature, its group root and the order it was indexed in. Every key expires after
`window_days` (refreshed when a bucket gains an article): agencies' copies appear within days, and an
index that forgets old stories stays small.
"""

from __future__ import annotations

import redis
from sitrep_common import redis_keys
from sitrep_common.errors import TransientError

from sitrep_ingest.copies import THRESHOLD, Signature

MAX_CANDIDATES = 500  # a bucket shared by hundreds of articles is boilerplate, not a story


class RedisCopyIndex:
    def __init__(self, client: redis.Redis, window_days: float = 30.0) -> None:
        self._redis = client
        self._ttl_s = int(window_days * 86400)

    def find(self, sig: Signature) -> str | None:
        try:
            pipe = self._redis.pipeline(transaction=False)
            for band in sig.bands():
                pipe.smembers(redis_keys.copy_bucket(band))
            candidates = sorted({m.decode() for members in pipe.execute() for m in members})[:MAX_CANDIDATES]
            if not candidates:
                return None
            pipe = self._redis.pipeline(transaction=False)
            for aid in candidates:
                pipe.hmget(redis_keys.copy_entry(aid), "sig", "root", "seq")
            entries = pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        best: tuple[int, str] | None = None
        for raw_sig, root, seq in entries:
            if raw_sig is None or root is None or seq is None:
                continue  # expired between the two round trips
            if Signature.from_bytes(raw_sig).similarity(sig) >= THRESHOLD:
                # The earliest-indexed match's root is the group's root: roots never change.
                best = min(best, (int(seq), root.decode())) if best else (int(seq), root.decode())
        return best[1] if best else None

    def add(self, article_id: str, sig: Signature, copy_of: str | None) -> None:
        entry = redis_keys.copy_entry(article_id)
        try:
            if self._redis.exists(entry):
                return  # a replayed add must not move the article later in the order
            seq = int(self._redis.incr(redis_keys.COPY_SEQ))
            pipe = self._redis.pipeline(transaction=True)
            pipe.hset(entry, mapping={"sig": sig.to_bytes(), "root": copy_of or article_id, "seq": seq})
            pipe.expire(entry, self._ttl_s)
            for band in sig.bands():
                pipe.sadd(redis_keys.copy_bucket(band), article_id)
                pipe.expire(redis_keys.copy_bucket(band), self._ttl_s)
            pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
