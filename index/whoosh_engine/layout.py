"""Where the live index is and which schema wrote it, read without importing Whoosh (a recrawl
that changes nothing never needs it).

    CURRENT                  one line: the name of the live generation directory
    gen-<stamp>-<rnd>/       a Whoosh index, hubindex-version.json, the search cache
    side-<pid>-<rnd>/        a segment written aside by a crawl, until the live index adopts it
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from pipeline.core.errors import StoreError
from pipeline.core.fields import fingerprint

# Bump when the schema or what goes into it changes; an index of another version
# is refused with a message that says to run `reindex`.
#   1: first schema.
#   2: `id` (short stable article id); per-generation search cache next to the segments.
#   3: "did you mean" vocabulary from titles and summaries, not bodies (halves indexing cost).
# The version written is the engine's, a dot, and the fingerprint of the declared article
# fields (pipeline/core/fields.py): a new field needs a reindex without anyone bumping a number.
ENGINE_VERSION = 3
SCHEMA_VERSION = f"{ENGINE_VERSION}.{fingerprint()}"
VERSION_FILE = "hubindex-version.json"
POINTER_FILE = "CURRENT"
SIDE_PREFIX = "side-"   # directories of segments written aside (store.write_aside)

_POINTERS: dict[str, tuple[tuple[int, int, int, int], str]] = {}   # pointer file -> (its stat, its name)


def _pointer(root: Path) -> str:
    """The generation named by `root`/CURRENT ("" when there is none). Servers ask on every
    request: the file is read again only when its stat changed (it is replaced by rename)."""
    path = os.path.join(root, POINTER_FILE)
    try:
        st = os.stat(path)
        key = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
        known = _POINTERS.get(path)
        if known is not None and known[0] == key:
            return known[1]
        with open(path, encoding="utf-8") as f:
            name = f.read().strip()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    _POINTERS[path] = (key, name)
    return name


def live_dir(root: Path) -> Path | None:
    """The directory of the live index under `root`, or None when there is none."""
    name = _pointer(root)
    if name:
        if "/" in name or "\\" in name or name.startswith("."):
            raise StoreError(f"{root / POINTER_FILE} names {name!r}, not a generation directory; run `run.py reindex`")
        return root / name
    from whoosh import index as whoosh_index   # here: a current index is checked without Whoosh

    if whoosh_index.exists_in(str(root)):
        return root                      # the layout before generations
    return None


def is_current(root: Path) -> bool:
    """Whether `root` holds a live index written with this schema (False: missing or another
    version; opening it with the store says which)."""
    path = live_dir(Path(root))
    return path is not None and read_version(path / VERSION_FILE) == SCHEMA_VERSION


def read_version(path: Path) -> str | None:
    try:
        return str(json.loads(path.read_text())["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_aside(root: Path) -> None:
    """Remove the directories of segments written aside and never adopted (their crawl died).
    Only while no crawl runs on `root`: the caller holds the crawl's writer lock."""
    root = Path(root)
    if root.is_dir():
        for p in root.glob(f"{SIDE_PREFIX}*"):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
