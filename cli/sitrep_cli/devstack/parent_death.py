"""Children of `sitrep up` die with it, however it dies (a closed terminal, kill -9).

`guarded(argv)` runs argv through this module, which asks Linux to send SIGTERM to the process when the
thread that started it dies (prctl PR_SET_PDEATHSIG, kept across exec), then execs argv in place (same pid).
Setting it here rather than in a preexec_fn keeps fork free of Python code in a threaded parent.
Elsewhere than Linux argv runs as is (and an orderly stop is the only cleanup).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def guarded(argv: list[str]) -> list[str]:
    if not sys.platform.startswith("linux"):
        return argv
    return [sys.executable, "-m", "sitrep_cli.devstack.parent_death", str(os.getpid()), "--", *argv]


def main(args: list[str]) -> None:
    parent, command = int(args[0]), args[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        sys.exit(f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    # The parent may have died before prctl took effect: then nobody would ever signal us.
    if os.getppid() != parent:
        sys.exit(0)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
