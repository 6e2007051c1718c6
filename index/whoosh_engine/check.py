"""Verifying a Whoosh index directory, and the checksums that make damage visible.

Whoosh checks nothing it reads: garbage in a segment gives fewer hits, not an error. So every
commit records a checksum of each file the live generation holds (`record_checksums`, in
`hubindex-checksums.json` beside them; a file is hashed once, when it first appears), and
`checksum_problems` compares them (backend.verify also opens the index, reads every stored
article and checks the search cache). Each problem comes with the one command that fixes it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.core.files import atomic_file

from index.types import Problem
from index.whoosh_engine.cache import CACHE_PREFIX
from index.whoosh_engine.layout import REPAIR, VERSION_FILE
from index.whoosh_engine.sealed import Unsealed, read_sealed

CHECKSUMS = "hubindex-checksums.json"
REINDEX = "run `run.py reindex`"
_NOT_INDEX_FILES = (VERSION_FILE, CHECKSUMS)


def _index_files(gen: Path) -> dict[str, int]:
    """name -> size of the files Whoosh keeps in a generation (not ours, not locks or temporaries)."""
    out = {}
    for p in gen.iterdir():
        name = p.name
        if (p.is_file() and name not in _NOT_INDEX_FILES and not name.startswith((".", CACHE_PREFIX))
                and not name.endswith((".lock", ".tmp", "WRITELOCK"))):
            out[name] = p.stat().st_size
    return out


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _recorded(gen: Path) -> dict[str, dict]:
    try:
        data = json.loads((gen / CHECKSUMS).read_text(encoding="utf-8"))
        return data["files"] if isinstance(data.get("files"), dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def record_checksums(gen: str | Path) -> None:
    """After a commit: hash the files that appeared since the last record, forget the ones gone."""
    gen = Path(gen)
    known = _recorded(gen)
    files = _index_files(gen)
    out = {}
    for name, size in files.items():
        entry = known.get(name)
        if entry is None or entry.get("size") != size:
            entry = {"size": size, "blake2b": _digest(gen / name)}
        out[name] = entry
    with atomic_file(gen / CHECKSUMS) as f:
        json.dump({"files": out}, f, sort_keys=True)


def checksum_problems(gen: Path) -> list[Problem]:
    """Files of generation `gen` that are missing or differ from the checksums recorded at commit."""
    problems = []
    recorded = _recorded(gen)
    present = _index_files(gen)
    for name, entry in sorted(recorded.items()):
        if name.endswith("WRITELOCK"):
            continue                    # a lock, not index data
        if name not in present:
            problems.append(Problem("index", f"{gen.name}/{name} is missing", REINDEX))
        elif present[name] != entry.get("size") or _digest(gen / name) != entry.get("blake2b"):
            problems.append(Problem("index", f"{gen.name}/{name} does not match its checksum (damaged)", REINDEX))
    return problems


def cache_problems(gen: Path) -> list[Path]:
    """The search-cache files of `gen` that do not check out."""
    bad = []
    for cache in gen.glob(f"{CACHE_PREFIX}*.pickle"):
        try:
            read_sealed(cache)
        except Unsealed:
            bad.append(cache)
    return bad


__all__ = ["record_checksums", "checksum_problems", "cache_problems", "CHECKSUMS", "REINDEX", "REPAIR"]
