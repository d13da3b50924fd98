"""Ingest's Redis records: which articles were accepted, so a repeat is answered 'duplicate'."""

from __future__ import annotations

import redis
from sitrep_common import redis_keys
from sitrep_common.errors import TransientError
from sitrep_common.models import Article


class ArticleRecords:
    def __init__(self, client: redis.Redis) -> None:
        self._redis = client

    def seen(self, article_id: str) -> bool:
        try:
            return bool(self._redis.exists(redis_keys.article(article_id)))
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc

    def seen_many(self, article_ids: list[str]) -> set[str]:
        try:
            pipe = self._redis.pipeline(transaction=False)
            for aid in article_ids:
                pipe.exists(redis_keys.article(aid))
            return {aid for aid, n in zip(article_ids, pipe.execute(), strict=True) if n}
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc

    def record(self, articles: list[Article]) -> None:
        try:
            pipe = self._redis.pipeline(transaction=False)
            for a in articles:
                pipe.set(redis_keys.article(a.article_id), a.model_dump_json())
                if a.external_id:
                    pipe.hset(redis_keys.ARTICLE_ALIAS, a.external_id, a.article_id)
                pipe.zadd(redis_keys.ARTICLES_BY_RECEIVED, {a.article_id: a.received_at.timestamp()})
            pipe.incrby(redis_keys.counter("articles_ingested"), len(articles))
            pipe.execute()
        except redis.RedisError as exc:
            raise TransientError(f"redis unavailable: {exc}") from exc
