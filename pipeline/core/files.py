"""Writing a file so that readers see the old content or the new, never a part."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


@contextmanager
def atomic_file(target: str | Path, mode: str = "w", durable: bool = False, **open_args) -> Iterator[IO]:
    """Open a temporary file beside `target`; when the block ends without an error it replaces
    `target` in one rename, otherwise it is removed and `target` is untouched.

    `durable`: flush the file and its directory to disk before returning, so the new content
    survives a power cut (the index's `CURRENT` pointer needs that; caches do not).
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(3)}.tmp")
    try:
        with open(tmp, mode, **({"encoding": "utf-8"} if "b" not in mode else {}) | open_args) as f:
            yield f
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    if durable:
        _sync_directory(target.parent)


def _sync_directory(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return                    # directories cannot be opened on Windows; the rename is enough there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
