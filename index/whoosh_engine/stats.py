"""Read-only numbers about the index for `run.py status`: articles per site, bytes on disk."""

from __future__ import annotations

import os
from pathlib import Path

from whoosh.query import Term


def count_site(store, site: str) -> int:
    """Live (not deleted) articles of one configured site in `store` (an IndexStore)."""
    with store.searcher() as s:
        return sum(1 for _ in s.docs_for_query(Term("site", site)))


def size_on_disk(root: str | Path) -> int:
    """Bytes of every file under the index directory (every generation it holds)."""
    total = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(dirpath, name))
            except OSError:       # a file removed while we walk (a rebuild finishing)
                pass
    return total
