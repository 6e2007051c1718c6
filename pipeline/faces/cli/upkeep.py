"""The commands that keep the index sound: migrate (the PostgreSQL schema), reindex (a rebuild
from the crawl state, switched to atomically) and check (verify, and repair what needs no rebuild)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from pipeline.core.config import IndexSettings
from pipeline.core.errors import ConfigError, HubindexError, IndexDamaged
from pipeline.core.workspace import Workspace

from index import migrate_index, open_index, rebuild_index

from pipeline.faces.cli.arguments import settings_for, workspace_for
from pipeline.faces.cli.exits import EXIT_ERROR, EXIT_OK
from pipeline.faces.cli.output import plural, print_json

SHRINK_FLOOR = 0.9    # reindex refuses to leave fewer than this share of the live index's articles


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = settings_for(args)
    if settings.index.backend != "postgresql":
        raise ConfigError(f"{settings.path}: migrate applies to [index] backend = \"postgresql\"; "
                          f"the {settings.index.backend} index needs no migration")
    version, applied = migrate_index(settings.index)
    out: dict[str, Any] = {"database": settings.index.display_url, "version": version, "applied": applied}
    if args.import_state is not None:
        out.update(_import_state(settings, args.import_state))
    if args.json:
        print_json(out)
        return EXIT_OK
    if applied:
        print(f"applied migration{'s' if len(applied) > 1 else ''} {', '.join(map(str, applied))} to "
              f"{settings.index.display_url}; schema version {version}")
    elif args.import_state is None:
        print(f"{settings.index.display_url}: schema version {version} is current; nothing to do")
    if args.import_state is not None:
        counts = out["imported"]
        print(f"imported the crawl state at {out['state']} ({plural(counts['articles'], 'stored article')}, "
              f"{plural(counts['urls'], 'URL')}, {plural(counts['runs'], 'run')}) and indexed "
              f"{out['articles']} articles into {settings.index.display_url} in {out['seconds']:.1f}s")
    return EXIT_OK


def _import_state(settings, path: str) -> dict[str, Any]:
    """`migrate --import-state`: the SQLite crawl state into the database, then the index rebuilt
    from it, under the writer lock of the directory whose runs wrote that state."""
    from index.postgres.importstate import import_state
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import close_stores, open_stores

    ws = Workspace(settings.index_dir)
    source = Path(path) if path else ws.state_path
    t0 = time.monotonic()
    with WriterLock(ws.lock_path, command="migrate --import-state"):
        counts = import_state(settings.index.url, source)
        state, runlog = open_stores(settings)
        try:
            n = rebuild_index(ws.index_path, state.articles(), settings=settings.index)
        finally:
            close_stores(state, runlog)
    return {"state": str(source), "imported": counts, "articles": n, "seconds": round(time.monotonic() - t0, 3)}


def cmd_reindex(args: argparse.Namespace) -> int:
    from pipeline.running.lock import WriterLock
    from pipeline.running.runs import close_stores, open_stores

    settings = settings_for(args, need_config=False)
    ws = Workspace(settings.index_dir)
    if settings.index.backend == "whoosh" and not ws.state_path.exists():
        raise HubindexError(f"no crawl state at {ws.state_path}: nothing to rebuild from; crawl first")
    t0 = time.monotonic()
    with WriterLock(ws.lock_path, command="reindex"):
        state, runlog = open_stores(settings)
        try:
            if not args.allow_shrink:
                _refuse_shrinking(ws, state.article_count(), settings.index)
            n = rebuild_index(ws.index_path, state.articles(), settings=settings.index)
            path = ws.index_path if settings.index.backend == "whoosh" else settings.index.display_url
        finally:
            close_stores(state, runlog)
    seconds = time.monotonic() - t0
    if args.json:
        print_json({"articles": n, "index": str(path), "seconds": round(seconds, 3)})
    else:
        print(f"reindexed {n} articles into {path} in {seconds:.1f}s")
    return EXIT_OK


def _refuse_shrinking(ws, stored: int, settings: IndexSettings | None = None) -> None:
    """A rebuild from a crawl state that lost its articles must not empty a good index."""
    try:
        live = open_index(ws.index_path, settings=settings)
    except HubindexError:
        return                           # no readable index to protect: rebuilding is the repair
    try:
        indexed = live.stats().articles
    except IndexDamaged:
        return                           # a damaged index is what reindexing repairs
    finally:
        live.close()
    if stored < indexed * SHRINK_FLOOR:
        raise HubindexError(f"the crawl state holds {stored} articles and the index {indexed}: reindexing would "
                            f"drop {indexed - stored}; check the crawl state (`run.py check`), or pass "
                            f"--allow-shrink to rebuild anyway")


def cmd_check(args: argparse.Namespace) -> int:
    from pipeline.running.check import check
    from pipeline.running.lock import WriterLock

    ws = workspace_for(args)
    if args.repair:
        with WriterLock(ws.lock_path, command="check --repair"):
            health = check(ws, repair=True)
    else:
        health = check(ws)
    if args.json:
        print_json(health.to_dict())
    elif health.healthy:
        print(f"healthy: {health.index_articles} articles in the index, {health.state_articles} in the crawl state")
    else:
        for p in health.problems:
            print(f"{p.part}: {p.what}\n  fix: {p.fix}")
    return EXIT_OK if health.healthy else EXIT_ERROR
