"""Container healthcheck of a worker: exit 0 while its loop heartbeat file is fresh."""

from __future__ import annotations

import sys
import time

from sitrep_common.worker import alive_file

MAX_AGE_S = 30.0


def main() -> None:
    service = sys.argv[1]
    path = alive_file(service)
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        sys.exit(f"{path} missing: {service} has not started consuming")
    if age > MAX_AGE_S:
        sys.exit(f"{service} loop stalled: heartbeat {age:.0f}s old")


if __name__ == "__main__":
    main()
