"""Progress lines for long runs: count, rate and errors, at most one line every few seconds."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, label: str, total: int | None = None, every_s: float = 2.0,
                 stream: TextIO | None = None) -> None:
        self.label = label
        self.total = total
        self.every_s = every_s
        self.stream = stream or sys.stderr
        self.done = 0
        self.errors = 0
        self._start = time.monotonic()
        self._last = self._start

    def advance(self, n: int = 1, errors: int = 0) -> None:
        self.done += n
        self.errors += errors
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            self._print()

    def finish(self) -> None:
        self._print(final=True)

    def _print(self, final: bool = False) -> None:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        word = "done" if final else "…"
        print(f"{self.label}: {self.done}{of} {word} in {elapsed:.1f}s, {self.done / elapsed:.1f}/s, "
              f"{self.errors} errors", file=self.stream, flush=True)
