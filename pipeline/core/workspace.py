"""Where a configuration keeps its data: the Whoosh index and the crawl state, side by side."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    """`dir/index/` holds the Whoosh index, `dir/state.sqlite` the crawl state and stored articles.

    Keeping both under one directory means `--index PATH` can never pair an index with
    another index's crawl state (which would skip articles as "unchanged" that it lacks).
    """

    dir: Path

    @property
    def index_path(self) -> Path:
        return self.dir / "index"

    @property
    def state_path(self) -> Path:
        return self.dir / "state.sqlite"

    @property
    def lock_path(self) -> Path:
        """The one-writer-at-a-time lock shared by `crawl` and `schedule` (see pipeline/running/lock.py)."""
        return self.dir / "writer.lock"
