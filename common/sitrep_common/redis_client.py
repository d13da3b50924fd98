"""Redis connection with retries built in: services reconnect by themselves after a restart."""

from __future__ import annotations

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from sitrep_common.settings import RedisSettings


def connect(settings: RedisSettings) -> redis.Redis:
    """A client; it connects lazily, on first command, and retries connection errors with backoff."""
    return redis.Redis.from_url(
        settings.url,
        decode_responses=False,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), retries=5),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
        socket_connect_timeout=2.0,
        socket_timeout=5.0,
        health_check_interval=15,
    )
