"""Where the live index is and which schema wrote it, read without importing Whoosh (a recrawl
that changes nothing never needs it).

    CURRENT                  one line: the name of the live generation directory
    gen-<stamp>-<rnd>/       a Whoosh index, hubindex-version.json, the search cache
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pipeline.core.errors import IndexDamaged, StoreError
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

GENERATION_PREFIX = "gen-"
_GENERATION = re.compile(r"gen-[0-9A-Za-z]+-[0-9a-f]+")
REPAIR = "run `run.py check --repair`"

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
            name = f.read(256).strip()
    except FileNotFoundError:
        return ""
    except UnicodeDecodeError:
        raise IndexDamaged(f"{path} is not a generation name", REPAIR) from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    _POINTERS[path] = (key, name)
    return name


def live_dir(root: Path) -> Path | None:
    """The directory of the live index under `root`, or None when there is none."""
    name = _pointer(root)
    if name:
        if not _GENERATION.fullmatch(name):
            raise IndexDamaged(f"{root / POINTER_FILE} names {name[:80]!r}, not a generation directory", REPAIR)
        path = root / name
        if not path.is_dir():
            raise IndexDamaged(f"{root / POINTER_FILE} names {name}, which is not there", REPAIR)
        return path
    from whoosh import index as whoosh_index   # here: a current index is checked without Whoosh

    if whoosh_index.exists_in(str(root)):
        return root                      # the layout before generations
    if valid_generations(root):
        raise IndexDamaged(f"{root / POINTER_FILE} is missing beside the index's generations", REPAIR)
    return None


def is_current(root: Path) -> bool:
    """Whether `root` holds a live index written with this schema (False: missing or another
    version; opening it with the store says which)."""
    try:
        path = live_dir(Path(root))
    except IndexDamaged:
        return False                     # opening it for writing repairs the pointer, or says why not
    return path is not None and read_version(path / VERSION_FILE) == SCHEMA_VERSION


def valid_generations(root: Path) -> list[Path]:
    """Generation directories under `root` written with this schema and holding a committed
    Whoosh index (a table of contents), newest first."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if _GENERATION.fullmatch(p.name) and p.is_dir()
             and read_version(p / VERSION_FILE) == SCHEMA_VERSION and any(p.glob("_MAIN_*.toc"))]
    return sorted(found, key=lambda p: p.name, reverse=True)


def read_version(path: Path) -> str | None:
    try:
        return str(json.loads(path.read_text())["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
