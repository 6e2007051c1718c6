"""`run.py status`: what the runs did, what is due, what the index holds, whether a run is on now.

Read-only and lock-free: it reads the state DB (SQLite WAL lets it read while a run writes),
opens the index for reading and only *probes* the writer lock.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from pipeline.core.config import IndexSettings, Settings
from pipeline.core.errors import StoreError
from pipeline.running.lock import lock_holder
from pipeline.running.runlog import KILLED, RUNNING, RunLog
from pipeline.running.runs import open_runlog
from pipeline.running.scheduler import spec_of
from pipeline.crawling.state import open_read_only
from pipeline.core.workspace import Workspace

from index import check_index, open_index

COUNTS = ("new", "updated", "unchanged", "removed", "failed")


def collect_status(settings: Settings, history: int = 0) -> dict[str, Any]:
    """Everything `status` shows, as a JSON-ready dict."""
    ws = Workspace(settings.index_dir)
    holder = lock_holder(ws.lock_path)
    out: dict[str, Any] = {
        "data_dir": str(ws.dir),
        "running": holder is not None,
        "lock": {"path": str(ws.lock_path), "holder": holder},
        "index": None,
        "sites": [],
    }
    postgres = settings.index.backend == "postgresql"
    state = _read_only(ws.state_path) if not postgres and ws.state_path.exists() else None
    # With PostgreSQL the runs are in the database (every machine's); a run shown 'running'
    # there may be a worker's on another machine, so the local lock says nothing about it.
    live = holder is not None or postgres
    runlog = RunLog(state) if state and _has_runs(state) else None
    if postgres:
        try:
            runlog = open_runlog(settings)
        except StoreError:
            pass                    # no database: the index's line says why
    try:
        names = list(settings.sites) + sorted(set(runlog.sites() if runlog else []) - set(settings.sites))
        out["index"] = _index_info(ws, names, settings.index)
        for name in names:
            site = settings.sites.get(name)
            row = runlog.schedule_row(name) if runlog else None
            last = runlog.last(name) if runlog else None
            out["sites"].append({
                "site": name,
                "configured": site is not None,
                "command": last["command"] if last else None,
                "schedule": spec_of(site) if site else None,
                "last_run": _run_info(last, live) if last else None,
                "next_due": row["next_due"] if row else None,
                "scheduled_runs": row["runs"] if row else 0,
                "job_errors": row["errors"] if row else 0,
                "articles": out["index"]["per_site"].get(name, 0),
            })
        if history:
            out["history"] = [_run_info(r, live) for r in runlog.history(history)] if runlog else []
    finally:
        if state:
            state.close()
        elif runlog is not None:
            runlog.close()
    return out


def _index_info(ws: Workspace, sites: list[str], settings: IndexSettings) -> dict[str, Any]:
    postgres = settings.backend == "postgresql"
    info: dict[str, Any] = {"path": settings.display_url if postgres else str(ws.index_path), "exists": False,
                            "articles": 0, "bytes": 0, "per_site": {}}
    if not postgres and not ws.index_path.is_dir():
        return info
    verified = None if postgres else check_index(ws.index_path, deep=False)   # the files of a Whoosh index
    if verified is not None and verified.problems:
        info["error"] = "; ".join(f"{p.what} ({p.fix})" for p in verified.problems)
        info["healthy"] = False
        if not any("there is no index" in p.what for p in verified.problems):
            return info
        info.pop("healthy")
        return info
    info["healthy"] = True
    try:
        index = open_index(ws.index_path, settings=settings)
    except StoreError as exc:          # no server, a schema behind, words analysed by another version
        info.update(error=str(exc), readable=False)
        return info
    try:
        stats = index.stats(sites)
        info.update(exists=True, articles=stats.articles, bytes=stats.bytes_on_disk, per_site=stats.per_site)
    finally:
        index.close()
    return info


def _run_info(row: dict[str, Any], lock_held: bool) -> dict[str, Any]:
    report = row.get("report") or {}
    outcome = row["outcome"]
    if outcome == RUNNING and not lock_held:
        outcome = KILLED           # nobody holds the lock, so the process that began it is gone
    return {
        "id": row["id"],
        "site": row["site"],
        "command": row["command"],
        "started_at": row["started_at"],
        "finished_at": row["finished_at"],
        "seconds": row["seconds"],
        "outcome": outcome,
        "exit_code": row["exit_code"],
        "reason": row["reason"],
        "counts": {k: int(report.get(k, 0)) for k in COUNTS},
        "failed_by_reason": dict(Counter(f["reason"] for f in report.get("failures", [])).most_common()),
        "report": report or None,
    }


def format_status(data: dict[str, Any]) -> str:
    """The text form of `collect_status`."""
    lines = []
    holder = data["lock"]["holder"]
    if data["running"]:
        who = f" (pid {holder['pid']}, {holder.get('command', '?')} since {_when(holder.get('since'))})" \
            if holder and holder.get("pid") else ""
        lines.append(f"run in progress: yes{who}")
    else:
        lines.append("run in progress: no")
    ix = data["index"]
    if ix["exists"]:
        lines.append(f"index: {ix['articles']} articles, {_size(ix['bytes'])} on disk ({ix['path']})")
    else:
        if ix.get("healthy") is False:
            lines.append(f"index: DAMAGED: {ix['error']}")
        elif ix.get("readable") is False:
            lines.append(f"index: cannot be read: {ix['error']}")
        else:
            lines.append(f"index: none yet ({ix.get('error') or ix['path']})")
    for s in data["sites"]:
        lines.append("")
        if s["schedule"]:
            lines.append(f"site {s['site']} ({s['schedule']})")
        elif s.get("command") == "crawl --url":
            lines.append(f"site {s['site']} (crawled with crawl --url; not in the config)")
        else:
            lines.append(f"site {s['site']} (no longer configured)")
        last = s["last_run"]
        if last:
            took = f", took {last['seconds']:.1f}s" if last["seconds"] is not None else ""
            lines.append(f"  last run:  {_when(last['started_at'])}{took}, {last['outcome']}"
                         f" ({last['command']})" + (f": {last['reason']}" if last["reason"] else ""))
            lines.append("  counts:    " + ", ".join(f"{k} {v}" for k, v in last["counts"].items()))
            for reason, n in last["failed_by_reason"].items():
                lines.append(f"  failed x{n}: {reason}")
        else:
            lines.append("  last run:  never")
        if not s["configured"]:
            due = "never (schedule runs only the sites in the config)"
        elif s["next_due"]:
            due = _when(s["next_due"])
        else:
            due = "not scheduled yet (schedule runs it at once)"
        lines.append(f"  next due:  {due}")
        if s["job_errors"]:
            lines.append(f"  job errors: {s['job_errors']}")
        lines.append(f"  articles:  {s['articles']}")
    if "history" in data:
        lines.append("")
        lines.append(f"last {len(data['history'])} runs:")
        for r in data["history"]:
            c = r["counts"]
            took = f"{r['seconds']:.1f}s" if r["seconds"] is not None else "-"
            lines.append(f"  #{r['id']} {_when(r['started_at'])} {r['site']} {r['command']} {r['outcome']} {took}: "
                         + ", ".join(f"{k} {c[k]}" for k in COUNTS) + (f" ({r['reason']})" if r["reason"] else ""))
    return "\n".join(lines)


def _when(iso_text: str | None) -> str:
    if not iso_text:
        return "?"
    return iso_text[:19].replace("T", " ") + " UTC" if iso_text.endswith("+00:00") else iso_text


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} B"


def _read_only(path) -> sqlite3.Connection:
    """The crawl state opened read-only: `status` works on a data directory it may not write to,
    and never creates or changes anything there."""
    try:
        return open_read_only(path, timeout=10)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the crawl state {path}: {exc}") from None


def _has_runs(db: sqlite3.Connection) -> bool:
    """Whether the state has the run tables (a state written before them, or an empty file, has not)."""
    try:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='runs'").fetchone() is not None
    except sqlite3.Error:
        return False
