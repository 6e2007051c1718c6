"""What the commands make of their parsed arguments: the settings, the data directory, the open
index, search filters, and the checks of values argparse cannot make."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from pipeline.core.config import CrawlSettings, Settings, load_settings, resolve_config_path
from pipeline.core.errors import UnknownValue
from pipeline.core.workspace import Workspace

from index import Filters, Index, open_index

from pipeline.faces.cli.exits import UsageError


def settings_for(args: argparse.Namespace, need_config: bool = True):
    path = resolve_config_path(args.config)
    if not need_config and args.index and not path.exists():
        return Settings(path=None, index_dir=Path(args.index), crawl=CrawlSettings(), sites={})
    return load_settings(path).with_index(args.index)


def workspace_for(args: argparse.Namespace):
    return Workspace(settings_for(args, need_config=False).index_dir)


def open_store(args: argparse.Namespace, create: bool = False) -> Index:
    settings = settings_for(args, need_config=False)
    return open_index(Workspace(settings.index_dir).index_path, create=create, settings=settings.index)


def _date(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{name} takes a date like 2024-07-25, not {value!r}") from None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def search_filters(args: argparse.Namespace) -> Filters:
    facets: dict[str, list[str]] = {}
    if args.topic:
        facets["topic"] = [t.lower() for t in args.topic]
    if args.area:
        facets["area_of_study"] = [a.lower() for a in args.area]
    for item in args.facet:
        name, sep, slug = item.partition("=")
        if not sep or not name or not slug:
            raise UsageError(f"--facet takes NAME=SLUG, not {item!r}")
        facets.setdefault(name, []).append(slug.lower())
    until = _date(args.until, "--until")
    if until and len(args.until) == 10:
        until = until.replace(hour=23, minute=59, second=59)
    return Filters(facets=facets, authors=args.author, since=_date(args.since, "--since"), until=until, site=args.site)


def check_limit(limit: int) -> None:
    if not 1 <= limit <= 100:
        raise UsageError("--limit must be between 1 and 100")


def unknown_is_usage(call, *args, **kwargs):
    """Run a library call; a filter value no article has is a usage error (exit 2)."""
    try:
        return call(*args, **kwargs)
    except UnknownValue as exc:
        raise UsageError(str(exc)) from None
