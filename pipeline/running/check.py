"""`run.py check`: is the data directory healthy, and if not, what fixes it.

Three parts are checked: the index (index.check_index: pointer, version, checksums of what was
committed, every stored article, the search cache), the crawl state (SQLite's own integrity
check), and that the two agree (the same articles in both; the index is rebuilt from the crawl
state, so when they differ `reindex` is the fix, as long as the state itself is sound).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from pipeline.core.workspace import Workspace
from pipeline.crawling.state import open_read_only

from index import Problem, check_index

MAX_EXAMPLES = 3


@dataclass
class Health:
    problems: list[Problem] = field(default_factory=list)
    index_articles: int = 0
    state_articles: int = 0

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"healthy": self.healthy, "index_articles": self.index_articles,
                "state_articles": self.state_articles, "problems": [p.to_dict() for p in self.problems]}


def check(workspace: Workspace, repair: bool = False) -> Health:
    """Check (and with `repair`, mend what needs no rebuild) the data directory."""
    health = Health()
    verified = check_index(workspace.index_path, repair=repair)
    health.problems += verified.problems
    health.index_articles = verified.articles
    state_urls, state_problems = _state(workspace)
    health.problems += state_problems
    health.state_articles = len(state_urls or ())
    if not verified.problems and not state_problems and state_urls is not None:
        missing = sorted(state_urls - verified.urls)
        extra = sorted(verified.urls - state_urls)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"{len(missing)} stored articles are not in the index (e.g. {', '.join(missing[:MAX_EXAMPLES])})")
            if extra:
                parts.append(f"{len(extra)} indexed articles are not in the crawl state (e.g. {', '.join(extra[:MAX_EXAMPLES])})")
            # the index is rebuilt from the crawl state, unless the state is the one that lost articles
            fix = ("run `run.py crawl --full` (the crawl state lacks articles the index holds)" if extra
                   else "run `run.py reindex`")
            health.problems.append(Problem("agreement", "; ".join(parts), fix))
    return health


def _state(workspace: Workspace) -> tuple[set[str] | None, list[Problem]]:
    path = workspace.state_path
    if not path.exists():
        return None, []            # an index built without a crawl state (tests, imports): nothing to compare
    fix = f"restore {path.name} from a backup, or remove it and run `run.py crawl --full`"
    try:
        db = open_read_only(path, timeout=10)
    except sqlite3.Error as exc:
        return set(), [Problem("crawl state", f"{path} cannot be opened: {exc}", fix)]
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            detail = "; ".join(str(r[0]) for r in rows[:MAX_EXAMPLES])
            return set(), [Problem("crawl state", f"{path} fails SQLite's integrity check: {detail}", fix)]
        urls = {url for (url,) in db.execute("SELECT url FROM articles")}
        return urls, []
    except sqlite3.Error as exc:
        return set(), [Problem("crawl state", f"{path} cannot be read: {exc}", fix)]
    finally:
        db.close()
