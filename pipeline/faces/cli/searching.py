"""The commands that read the index: search, related, facets, show and export."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.core.errors import HubindexError
from pipeline.core.files import atomic_file
from pipeline.core.models import article_id

from index.querytext import shorten
from index.types import MAX_PAGE

from pipeline.faces.cli.arguments import check_limit, open_store, search_filters, settings_for, unknown_is_usage
from pipeline.faces.cli.exits import EXIT_OK, UsageError
from pipeline.faces.cli.output import plural, print_hits, print_json, tag_line

log = logging.getLogger("hubindex")


def cmd_search(args: argparse.Namespace) -> int:
    check_limit(args.limit)
    if not 1 <= args.page <= MAX_PAGE:
        raise UsageError(f"--page must be between 1 and {MAX_PAGE}")
    filters = search_filters(args)
    settings = settings_for(args, need_config=False)
    store = open_store(args)
    try:
        result = unknown_is_usage(store.search, " ".join(args.query), filters, limit=args.limit, page=args.page,
                                  sort=args.sort, synonyms=settings.search.synonyms, highlight=args.highlight)
    finally:
        store.close()
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    shown = f'"{shorten(result.query)}"' if result.query else "all articles"
    if result.message:
        print(result.message)
        return EXIT_OK
    if result.corrected:
        print(f'no results for {shown}; showing results for "{shorten(result.corrected)}", '
              f'search instead for {shown} (it finds nothing)')
        shown = f'"{shorten(result.corrected)}"'
    elif result.suggestions:
        print("did you mean: " + " | ".join(shorten(s) for s in result.suggestions) + "?")
    if result.total == 0:
        print(f"no results for {shown}")
        return EXIT_OK
    first = (result.page - 1) * result.limit + 1
    note = ""
    if result.matched == "partial":
        note = (f" ({result.all_words} with every word, then the others)" if result.all_words
                else " (none has every word: showing the closest)")
    if not result.hits:
        print(f"{plural(result.total, 'result')} for {shown}{note}; page {result.page} is past the last one")
        return EXIT_OK
    print(f"{plural(result.total, 'result')} for {shown}{note}; showing {first}-{first + len(result.hits) - 1}")
    print_hits(result.hits, start=first)
    for facet, counts in result.facets.items():
        top = ", ".join(f"{slug} ({n})" for slug, n in list(counts.items())[:8])
        print(f"{facet}: {top}")
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    check_limit(args.limit)
    filters = search_filters(args)
    store = open_store(args)
    try:
        hits = unknown_is_usage(store.related, args.url, filters, limit=args.limit)
        article = store.get(args.url)
        about = {"id": article_id(article.url), "url": article.url, "title": article.title}
    finally:
        store.close()
    if args.json:
        print_json({**about, "results": [h.to_dict() for h in hits]})
        return EXIT_OK
    print(f"related to: {about['title']} <{about['url']}>")
    if not hits:
        print("no related articles")
    else:
        print_hits(hits)
    return EXIT_OK


def cmd_facets(args: argparse.Namespace) -> int:
    filters = search_filters(args)
    store = open_store(args)
    try:
        facets = unknown_is_usage(store.facets, filters)
    finally:
        store.close()
    if args.json:
        print_json({"facets": facets})
        return EXIT_OK
    if not facets:
        print("no facets in the index" if filters.is_empty else "no facets among the matching articles")
    for facet, values in facets.items():
        print(f"{facet}:")
        for v in values:
            print(f"  {v['slug']:<36} {v['count']:>7}  {v['label']}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        article = store.show(args.url)
    finally:
        store.close()
    if args.json:
        print_json(article)
        return EXIT_OK
    sources = article.get("sources") or {}
    for key, value in article.items():
        if key in ("sources", "body", "related", "tags"):
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        src = f"  [{sources[key]}]" if key in sources else ""
        print(f"{key + ':':<14}{value if value not in (None, '') else '-'}{src}")
    src = f"  [{sources['tags']}]" if "tags" in sources else ""
    print(f"{'tags:':<14}{tag_line(article.get('tags') or []) or '-'}{src}")
    src = f"  [{sources['related']}]" if "related" in sources else ""
    print(f"{'related:':<14}{len(article.get('related') or [])} links{src}")
    for link in article.get("related") or []:
        print(f"  - {link.get('title', '')} <{link.get('url', '')}>")
    body = article.get("body") or ""
    src = f"  [{sources['body']}]" if "body" in sources else ""
    print(f"{'body:':<14}{len(body.split())} words{src}")
    print()
    print(body)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.faces.api.export import export

    filters = search_filters(args)
    store = open_store(args)
    try:
        if not args.output:
            n = export(store, args.format, sys.stdout, filters)
            sys.stdout.flush()
        else:
            target = Path(args.output)
            try:
                with atomic_file(target, newline="") as f:
                    n = export(store, args.format, f, filters)
            except OSError as exc:
                raise HubindexError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        store.close()
    log.info("exported %d articles", n)
    return EXIT_OK
