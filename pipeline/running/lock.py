"""One writer at a time, across processes: an OS file lock next to the index.

`crawl`, `schedule` and any cron-started run take `WriterLock(workspace.lock_path)` before they
open the index for writing. It is `flock(2)`: the kernel drops it when the holding process dies,
however it dies (kill -9 included), so a stale lock file never blocks the next run; the file's
contents (who holds it, since when) are information for humans and `status`, never the lock.
Taking it never waits: a run that finds it held raises `LockHeld` (exit code 75).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import Any

from pipeline.core.errors import HubindexError
from pipeline.core.models import iso, utcnow

# A `status` probe holds a shared lock for a few microseconds; a writer that collides with one
# retries for this long before deciding another run holds the lock.
PROBE_GRACE = 0.25


class LockHeld(HubindexError):
    """Another process holds the writer lock (exit code 75: try again later)."""

    def __init__(self, path: Path, holder: dict[str, Any] | None) -> None:
        self.path = path
        self.holder = holder or {}
        who = ""
        if self.holder.get("pid"):
            who = f" (pid {self.holder['pid']}, {self.holder.get('command', 'a run')} since {self.holder.get('since', '?')})"
        super().__init__(f"another hubindex run holds the lock {path}{who}; try again later")


class WriterLock:
    """Exclusive, non-blocking, released on close or on process death.

    >>> with WriterLock(ws.lock_path, command="crawl"):
    ...     crawl()
    """

    def __init__(self, path: str | Path, command: str = "run") -> None:
        self.path = Path(path)
        self.command = command
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> "WriterLock":
        if self._fd is not None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise HubindexError(f"cannot create the lock file {self.path}: {exc.strerror or exc}") from None
        deadline = time.monotonic() + PROBE_GRACE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockHeld(self.path, read_holder(self.path)) from None
                time.sleep(0.05)
        self._fd = fd
        info = {"pid": os.getpid(), "command": self.command, "since": iso(utcnow())}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)       # nobody holds it now; the file itself stays (see module doc)
        finally:
            os.close(fd)              # closing the descriptor drops the flock

    def __enter__(self) -> "WriterLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_holder(path: str | Path) -> dict[str, Any]:
    """What the holder wrote into the lock file ({} when unreadable or mid-write)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def lock_holder(path: str | Path) -> dict[str, Any] | None:
    """None when no process holds the lock at `path`, else what the holder wrote (maybe {})."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return read_holder(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
