"""Token buckets per client: a steady rate with a burst, answered 429 + Retry-After when spent.

In memory, per ingest process: each replica limits on its own (N replicas allow N times the rate).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(self, rate_per_s: float, burst: int, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._max_clients = max_clients
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate_per_s > 0

    def take(self, client: str) -> float:
        """Spends one token of `client`'s bucket: 0.0 when allowed, else the seconds until one is back."""
        if not self.enabled:
            return 0.0
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate_per_s)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return (1.0 - tokens) / self.rate_per_s
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > self._max_clients:
                self._forget_full(now)
            return 0.0

    def _forget_full(self, now: float) -> None:
        # A full bucket is the same as none: dropping those bounds memory whatever the number of clients.
        for client, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self.rate_per_s >= self.burst:
                del self._buckets[client]


def retry_after_header(wait_s: float) -> str:
    """Retry-After takes whole seconds; never 0, which would invite an immediate retry."""
    return str(max(1, math.ceil(wait_s)))
