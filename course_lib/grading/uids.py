"""Sandbox uids: leased with a lock file each, so concurrent graders on one machine never share one."""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import time
from pathlib import Path

__all__ = ["FIRST_UID", "UID_COUNT", "UID_LOCK_DIR", "lease_uid", "kill_uid"]

FIRST_UID = 61000        # sandbox uids are FIRST_UID .. FIRST_UID + UID_COUNT - 1, leased with a lock file
UID_COUNT = 256
UID_LOCK_DIR = "/run/course-grading-uids"


@contextlib.contextmanager
def lease_uid(preferred: int | None = None):
    """A sandbox uid nobody else on this machine uses meanwhile (a lock file per uid).

    Yields ``None`` when not running as root (no uid switch then). Processes
    left over by the uid are killed before and after use.
    """
    if os.geteuid() != 0:
        yield None
        return
    lock_dir = Path(os.environ.get("COURSE_UID_LOCK_DIR", UID_LOCK_DIR))
    lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    order = list(range(FIRST_UID, FIRST_UID + UID_COUNT))
    if preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    for uid in order:
        fd = os.open(lock_dir / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            kill_uid(uid)
            yield uid
        finally:
            kill_uid(uid)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return
    raise RuntimeError(f"no free sandbox uid in {FIRST_UID}..{FIRST_UID + UID_COUNT - 1}")


def processes_of(uid: int) -> list:
    """PIDs of the processes running as ``uid`` (real uid), read from ``/proc``."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid_line = next(l for l in status.read_text().splitlines() if l.startswith("Uid:"))
        except (OSError, StopIteration):
            continue
        if int(uid_line.split()[1]) == uid:
            found.append(int(status.parent.name))
    return found


def kill_uid(uid: int) -> None:
    """Kill every process left running as ``uid`` (a sandbox uid is never shared)."""
    for _ in range(3):
        found = processes_of(uid)
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not found:
            return
        time.sleep(0.05)
