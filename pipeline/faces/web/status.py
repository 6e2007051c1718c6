"""The status page's data: each site's runs from the crawl state, read-only, and its history chart.

The crawl-state database is opened read-only (`mode=ro`): the page never creates a table,
changes the journal mode or takes the writer lock (it only probes it, as `run.py status`
does). The chart is drawn here as geometry (bars of stacked counts per run) that the template
writes out as inline SVG: nothing is drawn in the browser and no script runs.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.workspace import Workspace
from pipeline.crawling.state import open_read_only
from pipeline.running.lock import lock_holder
from pipeline.running.runlog import KILLED, RUNNING, RunLog
from pipeline.running.status import COUNTS

RECENT_RUNS = 5         # runs listed per site
CHART_RUNS = 30         # runs drawn per site
SERIES = ("new", "updated", "unchanged", "removed", "failed")   # stacked bottom to top
WIDTH, HEIGHT = 640, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 10, 24


@dataclass
class Bar:
    x: float
    width: float
    parts: list[tuple[str, float, float, int]]    # (series, y, height, count)
    title: str


@dataclass
class Chart:
    bars: list[Bar] = field(default_factory=list)
    top: int = 0                      # the y axis' largest value
    first: str = ""                   # dates under the first and last bar
    last: str = ""
    first_x: float = LEFT
    last_x: float = WIDTH - RIGHT
    summary: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM
    top_y: int = TOP
    mid_y: float = TOP + (HEIGHT - BOTTOM - TOP) / 2


def read_runs(workspace: Workspace, sites: list[str], runlog: Any = None) -> dict[str, Any]:
    """Site names (configured first, then any others with runs), each with its recent runs,
    schedule row and chart runs; `running` holds the writer lock's holder when a run is on.
    `runlog`: the database's run log (PostgreSQL backend), else the data directory's crawl state."""
    holder = lock_holder(workspace.lock_path)
    out: dict[str, Any] = {"running": holder, "sites": [], "error": None}
    db = _open(workspace.state_path) if runlog is None else None
    if db is None and runlog is None:
        out["sites"] = [{"site": s, "runs": [], "schedule": None, "chart": chart([])} for s in sites]
        return out
    # a run 'running' in the database may be a worker's on another machine: the local lock says nothing
    live = holder is not None or runlog is not None
    try:
        log = runlog if runlog is not None else RunLog(db)
        names = list(dict.fromkeys(list(sites) + sorted(log.sites())))
        for name in names:
            history = [_run(r, live) for r in log.history(CHART_RUNS, site=name)]
            out["sites"].append({"site": name, "runs": history[:RECENT_RUNS], "schedule": log.schedule_row(name),
                                 "chart": chart(list(reversed(history)))})
    except sqlite3.Error as exc:          # a state file from an older version, or one being replaced
        out["error"] = f"the crawl state could not be read: {exc}"
    finally:
        if db is not None:
            db.close()
    return out


def _open(path: Path) -> sqlite3.Connection | None:
    if not path.exists():
        return None
    try:
        return open_read_only(path)
    except sqlite3.Error:
        return None


def _run(row: dict[str, Any], lock_held: bool) -> dict[str, Any]:
    report = row.get("report") or {}
    outcome = row["outcome"]
    if outcome == RUNNING and not lock_held:
        outcome = KILLED            # nobody holds the lock: the process that began the run is gone
    return {"id": row["id"], "command": row["command"], "started_at": row["started_at"],
            "finished_at": row["finished_at"], "seconds": row["seconds"], "outcome": outcome or "running",
            "reason": row["reason"], "counts": {k: int(report.get(k, 0) or 0) for k in COUNTS}}


def _nice(n: int) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above n (an axis' top)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= n:
                return m * step
        step *= 10


def chart(runs: list[dict[str, Any]]) -> Chart:
    """Stacked bars of each run's counts, oldest run on the left."""
    c = Chart()
    if not runs:
        c.summary = "No runs yet."
        return c
    c.top = _nice(max(1, max(sum(r["counts"][s] for s in SERIES) for r in runs)))
    plot_w, plot_h = c.right_edge - c.left, c.baseline - c.top_y
    slot = plot_w / max(len(runs), 8)
    for i, r in enumerate(runs):
        x = c.left + i * slot + slot * 0.15
        y = float(c.baseline)
        parts = []
        for s in SERIES:
            n = r["counts"][s]
            if n:
                h = max(1.0, n / c.top * plot_h)
                y -= h
                parts.append((s, round(y, 2), round(h, 2), n))
        counts = ", ".join(f"{s} {r['counts'][s]}" for s in SERIES)
        c.bars.append(Bar(x=round(x, 2), width=round(slot * 0.7, 2), parts=parts,
                          title=f"run {r['id']}, {(r['started_at'] or '')[:16].replace('T', ' ')}, "
                                f"{r['outcome']}: {counts}"))
    c.first, c.last = (runs[0]["started_at"] or "")[:10], (runs[-1]["started_at"] or "")[:10]
    c.first_x, c.last_x = c.bars[0].x, round(c.bars[-1].x + c.bars[-1].width, 2)
    totals = {s: sum(r["counts"][s] for r in runs) for s in SERIES}
    c.summary = (f"{len(runs)} runs from {c.first} to {c.last}; pages in all: "
                 + ", ".join(f"{s} {totals[s]}" for s in SERIES) + ".")
    return c
