"""What workers tell operators through Redis: dead letters parked and consumer lag, per service.

Best effort: a failed write is logged and dropped, because reporting must never stop processing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import redis

from sitrep_common import redis_keys as k

log = logging.getLogger(__name__)


class PipelineStatus:
    def __init__(self, client: redis.Redis, service: str) -> None:
        self._redis = client
        self._service = service

    def dead_letters(self, count: int) -> None:
        self._write(lambda p: (p.incrby(k.counter("dead_letters"), count),
                               p.hincrby(k.DEAD_LETTERS_BY_SERVICE, self._service, count)))

    def lag(self, total: int) -> None:
        self._write(lambda p: (p.hset(k.CONSUMER_LAG, self._service, total),
                               p.hset(k.CONSUMER_LAG_AT, self._service, int(time.time()))))

    def _write(self, commands: Callable[[redis.client.Pipeline], object]) -> None:
        try:
            pipe = self._redis.pipeline(transaction=False)
            commands(pipe)
            pipe.execute()
        except redis.RedisError as exc:
            log.warning("pipeline status not written", extra={"service": self._service, "error": str(exc)})
