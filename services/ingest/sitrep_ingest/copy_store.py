"""The wire-copy index in Redis, shared by every ingest replica (see sitrep_ingest.copies).

Layout (sitrep_common.redis_keys): one set per sampled shingle holding article ids (at most
MAX_BUCKET: a fuller one is a stock phrase), one hash per article with its packed shingle hashes and
those of its opening lines, its group root and the order it was indexed in. Every key expires after `window_days`
(refreshed when a set gains an article): agencies' copies appear within days, and an index that
forgets old stories stays small (about 4 bytes a shingle, at most 4 KB an article).

find() and add() are each one Lua script, one round trip: the per-shingle work (reading the ~30 sampled
shingles' sets and counting candidates, or the bucket sizes and the additions) is done in Redis, and
only the few candidates' entries come back. redis-py's Script loads a script again after NOSCRIPT (a
restarted or flushed server).
"""

from __future__ import annotations

from operator import itemgetter

import redis
from sitrep_common import redis_keys
from sitrep_common.errors import TransientError

from sitrep_ingest.copies import MAX_BUCKET, MAX_CANDIDATES, OPENING_LINES, Fingerprint

OPENING_FIELDS = [f"o{i}" for i in range(OPENING_LINES)]
ENTRY_FIELDS = ["root", "seq", "sh", *OPENING_FIELDS]

# KEYS: the sampled shingles' sets. ARGV: MAX_BUCKET, MAX_CANDIDATES, the entry key prefix, ENTRY_FIELDS.
# Returns the HMGET of ENTRY_FIELDS of each of the MAX_CANDIDATES ids found in the most sets (sets of
# MAX_BUCKET ids or more skipped), ties by id: best_candidates (sitrep_ingest.copies) in Lua. Ids are
# compared byte by byte (Python's order of the decoded str), not with Lua's `<`, which follows the
# server's locale.
_FIND = """
local max_bucket, max_candidates, prefix = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local counts, ids = {}, {}
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  if #members < max_bucket then
    for j = 1, #members do
      local m = members[j]
      local c = counts[m]
      if c then counts[m] = c + 1 else counts[m] = 1; ids[#ids + 1] = m end
    end
  end
end
if #ids > max_candidates then
  table.sort(ids, function(a, b)
    local ca, cb = counts[a], counts[b]
    if ca ~= cb then return ca > cb end
    for k = 1, math.min(#a, #b) do
      local x, y = string.byte(a, k), string.byte(b, k)
      if x ~= y then return x < y end
    end
    return #a < #b
  end)
end
local entries = {}
for i = 1, math.min(#ids, max_candidates) do
  entries[i] = redis.call('HMGET', prefix .. ids[i], unpack(ARGV, 4))
end
return entries
"""

# KEYS: the article's entry, COPY_SEQ, then its sampled shingles' sets. ARGV: ttl_s, MAX_BUCKET, article id,
# then the entry's fields and values except seq (root, sh, o0 ...). Does nothing for an article already
# indexed (a replayed add must not move the article later in the order); a set of MAX_BUCKET ids is left
# to expire: the phrase is stock, not news.
_ADD = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local ttl, max_bucket, article_id = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'seq', seq, unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], ttl)
for i = 3, #KEYS do
  if redis.call('SCARD', KEYS[i]) < max_bucket then
    redis.call('SADD', KEYS[i], article_id)
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return seq
"""


class RedisCopyIndex:
    def __init__(self, client: redis.Redis, window_days: float = 30.0) -> None:
        self._redis = client
        self._ttl_s = int(window_days * 86400)
        self._find = client.register_script(_FIND)
        self._add = client.register_script(_ADD)
        # copy_entry(id) is this prefix followed by the id.
        self._find_args: list[str | int] = [MAX_BUCKET, MAX_CANDIDATES, redis_keys.copy_entry(""), *ENTRY_FIELDS]

    def find(self, fp: Fingerprint) -> str | None:
        samples = fp.samples()
        if not samples:
            return None
        try:
            entries = self._find(keys=[redis_keys.copy_sample(h) for h in samples], args=self._find_args)
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
        # The earliest-indexed match's root is the group's root (roots never change): the candidates are
        # checked in the order they were indexed, and the first match answers.
        found: list[tuple[int, str, bytes, list[bytes | None]]] = sorted(
            [(int(seq), root.decode(), shingles, opening) for root, seq, shingles, *opening in entries
             if shingles is not None and root is not None and seq is not None],  # else expired since
            key=itemgetter(0, 1))
        for _, root, shingles, opening in found:
            if Fingerprint.from_fields(shingles, [line for line in opening if line is not None]).is_copy(fp):
                return root
        return None

    def add(self, article_id: str, fp: Fingerprint, copy_of: str | None) -> None:
        fields: list[str | bytes | int] = ["root", copy_of or article_id]
        for name, value in fp.to_fields().items():
            fields += [name, value]
        keys = [redis_keys.copy_entry(article_id), redis_keys.COPY_SEQ,
                *(redis_keys.copy_sample(h) for h in fp.samples())]
        try:
            self._add(keys=keys, args=[self._ttl_s, MAX_BUCKET, article_id, *fields])
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
