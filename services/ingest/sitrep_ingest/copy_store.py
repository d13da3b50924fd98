"""The wire-copy index in Redis, shared by every ingest replica (see sitrep_ingest.copies).

Layout (sitrep_common.redis_keys): one set per sampled shingle holding article ids (at most
MAX_BUCKET: a fuller one is a stock phrase), one hash per article with its packed shingle hashes and
those of its opening lines, its group root and the order it was indexed in. Every key expires after `window_days`
(refreshed when a set gains an article): agencies' copies appear within days, and an index that
forgets old stories stays small (about 4 bytes a shingle, at most 4 KB an article).
"""

from __future__ import annotations

from collections import Counter

import redis
from sitrep_common import redis_keys
from sitrep_common.errors import TransientError

from sitrep_ingest.copies import MAX_BUCKET, OPENING_LINES, Fingerprint, best_candidates

OPENING_FIELDS = [f"o{i}" for i in range(OPENING_LINES)]


class RedisCopyIndex:
    def __init__(self, client: redis.Redis, window_days: float = 30.0) -> None:
        self._redis = client
        self._ttl_s = int(window_days * 86400)

    def find(self, fp: Fingerprint) -> str | None:
        try:
            pipe = self._redis.pipeline(transaction=False)
            for h in fp.samples():
                pipe.smembers(redis_keys.copy_sample(h))
            counts = Counter(m.decode() for members in pipe.execute() if len(members) < MAX_BUCKET
                             for m in members)
            candidates = best_candidates(counts)
            if not candidates:
                return None
            pipe = self._redis.pipeline(transaction=False)
            for aid in candidates:
                pipe.hmget(redis_keys.copy_entry(aid), "root", "seq", "sh", *OPENING_FIELDS)
            entries = pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        best: tuple[int, str] | None = None
        for root, seq, shingles, *opening in entries:
            if shingles is None or root is None or seq is None:
                continue  # expired between the two round trips
            if Fingerprint.from_fields(shingles, [line for line in opening if line is not None]).is_copy(fp):
                # The earliest-indexed match's root is the group's root: roots never change.
                best = min(best, (int(seq), root.decode())) if best else (int(seq), root.decode())
        return best[1] if best else None

    def add(self, article_id: str, fp: Fingerprint, copy_of: str | None) -> None:
        entry = redis_keys.copy_entry(article_id)
        samples = fp.samples()
        try:
            if self._redis.exists(entry):
                return  # a replayed add must not move the article later in the order
            seq = int(self._redis.incr(redis_keys.COPY_SEQ))
            pipe = self._redis.pipeline(transaction=False)
            for h in samples:
                pipe.scard(redis_keys.copy_sample(h))
            sizes = pipe.execute()
            pipe = self._redis.pipeline(transaction=True)
            fields: dict[str, str | bytes | int] = {"root": copy_of or article_id, "seq": seq}
            fields.update(fp.to_fields())
            pipe.hset(entry, mapping=fields)  # type: ignore[arg-type]  # the stub's key type is invariant
            pipe.expire(entry, self._ttl_s)
            for h, size in zip(samples, sizes, strict=True):
                if size < MAX_BUCKET:  # a full set is left to expire: the phrase is stock, not news
                    pipe.sadd(redis_keys.copy_sample(h), article_id)
                    pipe.expire(redis_keys.copy_sample(h), self._ttl_s)
            pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
