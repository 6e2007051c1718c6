"""Files of derived data (the search cache, saved impact lists) sealed with a digest.

Derived data is rebuilt from the segments whenever it is missing; a damaged copy must be
treated as missing, never trusted (a few flipped bytes in a bitmask silently drop articles from
every result). Each file is a magic prefix, a BLAKE2b digest of the pickled payload and the
payload; reading checks the digest before unpickling.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

from pipeline.core.files import atomic_file

MAGIC = b"HUBSEAL1"
DIGEST = 16


class Unsealed(Exception):
    """The file is missing, of another format, or its content does not match its digest."""


def write_sealed(path: str | Path, obj: Any) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    with atomic_file(path, "wb") as f:
        f.write(MAGIC + hashlib.blake2b(payload, digest_size=DIGEST).digest())
        f.write(payload)


def read_sealed(path: str | Path) -> Any:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as exc:
        raise Unsealed(str(exc)) from None
    head = len(MAGIC) + DIGEST
    if raw[:len(MAGIC)] != MAGIC or len(raw) < head:
        raise Unsealed("not a sealed file")
    payload = memoryview(raw)[head:]
    if hashlib.blake2b(payload, digest_size=DIGEST).digest() != raw[len(MAGIC):head]:
        raise Unsealed("its content does not match its digest")
    try:
        return pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, ValueError, AttributeError, TypeError) as exc:
        raise Unsealed(f"unreadable: {exc}") from None
