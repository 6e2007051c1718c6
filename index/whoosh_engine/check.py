"""Verifying a Whoosh index directory, and the checksums that make damage visible.

Whoosh checks nothing it reads: garbage in a segment gives fewer hits, not an error. So every
commit records a checksum of each file the live generation holds (`record_checksums`, in
`hubindex-checksums.json` beside them; a file is hashed once, when it first appears), and
`checksum_problems` compares them (backend.verify also opens the index, reads every stored
article and checks the search cache). Each problem comes with the one command that fixes it.

Searches cannot afford to hash every segment (hundreds of megabytes at 50,000 articles), so the
record also keeps each file's stat when it was hashed: size, modification and change times
(ctime cannot be set back by any program) and inode. `unchanged_or_damaged`, run by each reader
once per file it has not seen, compares the stat and hashes only a file whose stat moved: any
write to a segment, a truncation or a replacement is caught for the price of a `stat`. What a
stat cannot see (the disk itself flipping bits under an unchanged inode) is left to `check`.
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


def _stat_key(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


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
            stat = _stat_key(gen / name)
            entry = {"size": size, "blake2b": _digest(gen / name), "stat": stat}
        elif "stat" not in entry:
            # Recorded before stats were: hashed once more, and its stat kept only if it still checks out.
            stat = _stat_key(gen / name)
            if _digest(gen / name) == entry.get("blake2b"):
                entry = {**entry, "stat": stat}
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


def restamp(gen: Path) -> None:
    """Record the current stat of each file whose checksum was just verified (`check --repair`
    after a copy or a restore from a backup, which moves every stat): readers then need no hashing."""
    recorded = _recorded(gen)
    if not recorded or checksum_problems(gen):
        return
    present = _index_files(gen)
    out = {name: ({**entry, "stat": _stat_key(gen / name)} if name in present else entry)
           for name, entry in recorded.items()}
    if out != recorded:
        with atomic_file(gen / CHECKSUMS) as f:
            json.dump({"files": out}, f, sort_keys=True)


def unchanged_or_damaged(gen: Path, skip: set[str]) -> tuple[set[str], Problem | None]:
    """For a reader: the recorded files of `gen` (those not in `skip`, already seen) that are
    present and unchanged since they were recorded, and the first one that is damaged, if any.
    A file whose stat matches its record is taken as unchanged; one whose stat moved (a copy, a
    restore from a backup) is hashed. Missing files are left out: Whoosh opening a generation
    finds those itself, and a commit removes the files it merged away before recording."""
    seen: set[str] = set()
    for name, entry in _recorded(gen).items():
        if name in skip or name.endswith("WRITELOCK"):
            continue
        path = gen / name
        try:
            stat = _stat_key(path)
            if stat != entry.get("stat") and (stat[0] != entry.get("size") or _digest(path) != entry.get("blake2b")):
                return seen, Problem("index", f"{gen.name}/{name} does not match its checksum (damaged)", REINDEX)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return seen, Problem("index", f"{gen.name}/{name} cannot be read ({exc.strerror or exc})", REINDEX)
        seen.add(name)
    return seen, None


def cache_problems(gen: Path) -> list[Path]:
    """The search-cache files of `gen` that do not check out."""
    bad = []
    for cache in gen.glob(f"{CACHE_PREFIX}*.pickle"):
        try:
            read_sealed(cache)
        except Unsealed:
            bad.append(cache)
    return bad


__all__ = ["record_checksums", "checksum_problems", "cache_problems", "unchanged_or_damaged", "restamp", "CHECKSUMS", "REINDEX", "REPAIR"]
