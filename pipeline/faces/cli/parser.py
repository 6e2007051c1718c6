"""The command line's grammar: every command and option, their help texts, and argument types
that check a value while parsing, so that a typo is one line of usage error (exit 2)."""

from __future__ import annotations

import argparse

from index import SORTS
from index.types import HIGHLIGHTS

from pipeline.faces.cli.exits import UsageError
from pipeline.faces.cli.upkeep import SHRINK_FLOOR

DEMO_QUERY = "engineering manager skills"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump, exit 2
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _sample_style(text: str) -> str:
    """A --style value, checked now so that a typo is one line of usage error."""
    from pipeline.samplehub.styles import parse_styles

    try:
        parse_styles(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="run.py", description=("Crawl knowledge-hub articles into an index (Whoosh on this "
                                             "machine, or PostgreSQL shared by many) and search them."))
    p.add_argument("--config", metavar="PATH", help="configuration file (default: $HUBINDEX_CONFIG or ./config.toml)")
    p.add_argument("--index", metavar="PATH", help="data directory holding the index and crawl state "
                                                   "(overrides [index] dir of the config)")
    p.add_argument("-v", "--verbose", action="store_true", help="log every fetch and decision")
    p.add_argument("-q", "--quiet", action="store_true", help="log errors only; no progress bar")
    p.add_argument("--log-format", choices=("text", "json"), default="text",
                   help="log lines as text (default) or one JSON object per line, for log shippers")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def filters(sp: argparse.ArgumentParser, limit: bool = True, json: bool = True) -> None:
        sp.add_argument("--topic", action="append", default=[], metavar="SLUG", help="only this topic (repeatable: any of them)")
        sp.add_argument("--area", action="append", default=[], metavar="SLUG", help="only this area of study (repeatable)")
        sp.add_argument("--facet", action="append", default=[], metavar="NAME=SLUG", help="only this value of any facet (repeatable)")
        sp.add_argument("--author", action="append", default=[], metavar="NAME", help="only articles by this author (repeatable)")
        sp.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD)")
        sp.add_argument("--until", metavar="DATE", help="published on or before DATE (YYYY-MM-DD)")
        sp.add_argument("--site", metavar="NAME", help="only articles of this configured site")
        if limit:
            sp.add_argument("--limit", type=int, default=10, metavar="N", help="results per page (1-100, default 10)")
        if json:
            sp.add_argument("--json", action="store_true", help="print JSON instead of text")

    s = sub.add_parser("search", help="full-text search of the index", description="Search indexed articles.")
    s.add_argument("query", nargs="*", default=[], metavar="QUERY",
                   help='words (quotes optional) or "a phrase"; none lists filtered articles newest first')
    filters(s)
    s.add_argument("--page", type=int, default=1, metavar="N", help="page of results (1-1000, default 1)")
    s.add_argument("--sort", choices=SORTS, default="relevance", metavar="ORDER",
                   help=f"result order: {', '.join(SORTS)}")
    s.add_argument("--highlight", choices=HIGHLIGHTS, default="brackets",
                   help="mark matched words [[like this]] (default) or as escaped HTML with <mark>")

    r = sub.add_parser("related", help="articles related to one article",
                       description="The editors' related links first, then backlinks and content-similar "
                                   "articles by a combined score; each result says why it is there.")
    r.add_argument("url", metavar="URL|ID", help="the article's URL (any variant of it) or its 12-character id")
    filters(r)

    fa = sub.add_parser("facets", help="every topic, area and other facet value with its label and count",
                        description="List every facet value in the index (or among the articles passing the "
                                    "filters) with its label and article count.")
    filters(fa, limit=False)

    sh = sub.add_parser("show", help="one indexed article with every field and the source of each",
                        description="Print one indexed article: every field, and which extraction source gave it.")
    sh.add_argument("url", metavar="URL|ID", help="the article's URL (any variant of it) or its 12-character id")
    sh.add_argument("--json", action="store_true", help="print JSON instead of text")

    mg = sub.add_parser("migrate", help="create or upgrade the PostgreSQL schema ([index] backend = \"postgresql\")",
                        description="Apply the pending schema migrations to the database named by [index] url "
                                    "(or $HUBINDEX_DATABASE_URL); safe to run again and from several machines.")
    mg.add_argument("--import-state", nargs="?", const="", metavar="STATE", dest="import_state",
                    help="then copy a one-machine deployment's crawl state (default: state.sqlite in "
                         "[index] dir) into the empty database and index its articles, so that the next "
                         "crawl asks every page conditionally instead of downloading it again")
    mg.add_argument("--json", action="store_true", help="print the outcome as JSON")

    ri = sub.add_parser("reindex", help="rebuild the index from the stored articles, switching atomically",
                        description="Rebuild the whole index from the articles kept in the crawl state (no "
                                    "refetch) into a new directory, then switch to it atomically.")
    ri.add_argument("--allow-shrink", action="store_true",
                    help=f"rebuild even when the new index would hold under {SHRINK_FLOOR:.0%}% of the live one's articles")
    ri.add_argument("--json", action="store_true", help="print the outcome as JSON")

    ck = sub.add_parser("check", help="verify the index and the crawl state; say what is wrong and what fixes it",
                        description="Verify the index (its pointer, version, the checksums of what was committed, "
                                    "every stored article, the search cache), the crawl state (SQLite's integrity "
                                    "check) and that both hold the same articles. Exit 0 only when all is healthy.")
    ck.add_argument("--repair", action="store_true",
                    help="repair what needs no rebuild (a missing or damaged CURRENT, a damaged search cache)")
    ck.add_argument("--json", action="store_true", help="print the findings as JSON")

    c = sub.add_parser("crawl", help="crawl the configured sites into the index",
                       description="Discover, fetch and extract articles, and upsert them into the index.")
    c.add_argument("--site", metavar="NAME", help="crawl only this configured site")
    c.add_argument("--max-pages", type=int, metavar="N", help="fetch at most N article pages per site")
    c.add_argument("--full", action="store_true",
                   help="refetch every page (no validators, no lastmod shortcut); reindex what changed")
    c.add_argument("--url", metavar="URL", help="crawl a hub that is not in the config: default rules, "
                                                "scope = the URL's path, same index")
    c.add_argument("--delay", type=float, metavar="SECONDS", help="with --url: seconds between requests "
                                                                  "(default: [crawl] delay)")
    c.add_argument("--json", action="store_true", help="print the crawl report as JSON")

    d = sub.add_parser("demo", help="offline demo: start the sample hub, crawl it, search it",
                       description="Start the sample hub on a free loopback port, crawl it into a temporary "
                                   "index (or --index PATH) and print the search results for QUERY.")
    d.add_argument("query", nargs="?", default=DEMO_QUERY, help=f'what to search for (default: "{DEMO_QUERY}")')
    d.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add to the curated ones")
    d.add_argument("--limit", type=int, default=5, metavar="N", help="results to show (default 5)")
    d.add_argument("--json", action="store_true", help="print the crawl report and results as JSON")
    d.add_argument("--style", default="wordpress", type=_sample_style, metavar="STYLE",
                   help="the system the sample hub imitates (default wordpress; see sample-hub)")

    x = sub.add_parser("extract", help="show what would be indexed from a saved page or a live URL",
                       description="Extract one page (a saved HTML file or a live URL) and show every field "
                                   "with the source it came from; the way to check a new site before crawling it.")
    x.add_argument("source", metavar="FILE|URL", help="a saved HTML page or an http(s) URL")
    x.add_argument("--url", help="the address of a saved page (for relative links and the canonical URL)")
    x.add_argument("--site", metavar="NAME", help="use this configured site's tag mapping and selectors")
    x.add_argument("--json", action="store_true", help="print the article as the index stores it, with sources")

    sc = sub.add_parser("schedule", help="run every site on its own interval, in the foreground",
                        description="Run each configured site when it is due (`every` / `at` in config.toml), "
                                    "remembering runs in the crawl state so a restart catches up once.")
    sc.add_argument("--once", action="store_true", help="run whatever is due now, then exit (for cron and timers)")

    wk = sub.add_parser("worker", help="crawl due sites with other workers sharing the PostgreSQL database",
                        description="Crawl the configured sites when they are due, sharing the work with every "
                                    "other worker on the same database ([index] backend = \"postgresql\"): hosts "
                                    "are claimed through a job queue, one worker at a time per host, and a dead "
                                    "worker's hosts are taken over after [worker] claim_timeout.")
    wk.add_argument("--once", action="store_true",
                    help="exit once nothing is due, queued or being crawled (for cron and timers)")

    st = sub.add_parser("status", help="last run, next due time and index size per site",
                        description="Show per site the last run, its counts and outcome, the next due time, "
                                    "the articles in the index, and whether a run is in progress.")
    st.add_argument("--history", type=int, default=0, metavar="N", help="also list the last N runs")
    st.add_argument("--json", action="store_true", help="print JSON instead of text")

    h = sub.add_parser("sample-hub", help="serve the sample knowledge hub on loopback",
                       description="Serve a realistic sample knowledge hub (for tests, demos and benchmarks).")
    h.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    h.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    h.add_argument("--articles", type=int, default=0, metavar="N", help="generated articles to add (default 0)")
    h.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the generated articles (default 1)")
    h.add_argument("--style", default="wordpress", type=_sample_style, metavar="STYLE",
                   help="the system whose markup, URLs, sitemaps and robots.txt the hub imitates: wordpress "
                        "(default), drupal, hubspot, ghost, or a comma list for sections side by side on one host")

    sv = sub.add_parser("serve", help="serve the read-only JSON API and the search pages over HTTP",
                        description="Serve the index as a read-only JSON API (/openapi.json describes it) and "
                                    "as web pages for people (search at /, articles, /status). Binding anything "
                                    "but loopback needs [api] token in the config.")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    sv.add_argument("--processes", type=int, metavar="N",
                    help="server processes (default [api] processes: one per CPU; 1 on Windows)")
    sv.add_argument("--public-pages", action="store_true",
                    help="with a token, let the read-only HTML pages answer without it (the JSON API still "
                         "needs it); same as [api] public_pages = true")

    ex = sub.add_parser("export", help="write every matching article as JSON Lines, CSV or an Atom feed",
                        description="Stream every article matching the filters, with all its fields, "
                                    "to stdout or --output FILE, in constant memory.")
    ex.add_argument("--format", choices=("jsonl", "csv", "atom"), default="jsonl", help="output format (default jsonl)")
    ex.add_argument("--output", metavar="FILE", help="write to FILE (replaced only when the export is complete)")
    filters(ex, limit=False, json=False)      # the filters of search, the same options
    return p
