"""The database schema as numbered migrations, applied by `run.py migrate` and checked at open.

Each migration is a list of statements run in one transaction with the version row that
records it; `migrate` holds an advisory lock so two machines never apply one twice. An index
refuses to open on a schema older (or newer) than the last migration here, with a one-line
error naming `run.py migrate`.

Tables (all names start with `hub_`, so the schema can share a database):

- hub_articles: the whole record of each article (`record` is every field but the body, as
  JSON), its body, the URLs its related block links to, and its title and summary words;
- hub_search:   the narrow row searches read: weighted tsvector, facet values, authors, site,
  publication time (narrow, so a scan over many matches reads few pages); GIN indexes on the
  tsvectors, on the title's words alone, the facet values and the authors;
- hub_facets:   facet value -> label and article count, kept by every commit (the facet
  list and the counts of an unfiltered listing are read, not computed);
- hub_combos:   each distinct set of facet values articles carry, numbered: a search row holds
  its set's number (`combo`), so facet counts are a GROUP BY of one integer over the matches,
  expanded into values afterwards (a hub has far fewer sets than articles);
- hub_words:    the words of titles and summaries with their article counts, the "did you
  mean" vocabulary (a trigram index on it when pg_trgm is available);
- hub_meta:     the generation, bumped by every commit and rebuild, and the version of the
  text analysis the stored words went through (a rebuild sets it);
- hub_schema:   the applied migrations.

The crawl state and the schedule (crawlstate.py, runlog.py; migration 4), shared by every machine
that crawls:

- hub_urls, hub_stored: every known URL with its validators and outcome, and the stored
  articles the index can be rebuilt from (the SQLite crawl state's `urls` and `articles`);
- hub_hosts:    cached robots.txt and a host's request to be left alone (`not_before`);
- hub_turns:    when each host's last request ended, and whether one is in flight, so that
  the delay holds across machines and after a worker dies mid-request;
- hub_runs, hub_schedule: each run of each site, and each site's next due time;
- hub_kept_pages: sitemaps, feeds and listing pages as they last answered 200, with their
  validators (migration 6), for conditional requests.

The crawl workers' job queue is procrastinate's own schema (`procrastinate_*` tables and
functions), applied by migration 5 at the version hubindex pins.
"""

from __future__ import annotations

from typing import Callable

import psycopg

from pipeline.core.errors import StoreError

from index.postgres.analysis import ANALYSIS

TS_CONFIG = "english"      # the text search configuration of highlights (analysis.py stems with its dictionary)
LOCK_KEY = 0x6875_6269     # pg_advisory_lock key of schema changes and rebuilds ("hubi")
# ...paired with the schema the tables live in: indexes in other schemas of one database (another
# deployment, a test) never wait for each other. Use as f"pg_advisory_lock{LOCK}" with (LOCK_KEY,).
LOCK = "(%s, hashtext(current_schema()))"

ARTICLES_DDL = """
CREATE TABLE {name} (
  doc     bigint PRIMARY KEY,
  url     text NOT NULL,
  id      text NOT NULL,
  record  json NOT NULL,
  body    text NOT NULL,
  links   text[] NOT NULL,
  words   text[] NOT NULL
)"""
SEARCH_DDL = """
CREATE TABLE {name} (
  doc       bigint PRIMARY KEY,
  site      text NOT NULL,
  published timestamptz,
  authors   text[] NOT NULL,
  facets    text[] NOT NULL,
  combo     integer NOT NULL,
  head      tsvector NOT NULL,
  tsv       tsvector NOT NULL
)"""


def article_indexes(name: str) -> list[str]:
    return [f"CREATE UNIQUE INDEX ON {name} (url)", f"CREATE INDEX ON {name} (id)",
            f"CREATE INDEX ON {name} USING gin (links)"]


def base_search_indexes(name: str) -> list[str]:
    return [f"CREATE INDEX ON {name} USING gin (tsv)", f"CREATE INDEX ON {name} USING gin (head)",
            f"CREATE INDEX ON {name} USING gin (facets)",
            f"CREATE INDEX ON {name} USING gin (authors)", f"CREATE INDEX ON {name} (published DESC NULLS LAST, doc DESC)",
            f"CREATE INDEX ON {name} (site)"]


# The title's lexemes alone (weight A of the head tsvector), for "every word in the title" and
# related articles' key words in titles: a query with weights (`'word':A`) on the head index
# must re-read each candidate row to check the weight, thousands of rows for a common word;
# on this index the same question is answered by the index alone. Queries write the
# expression exactly as here (`titles`), so the planner can use it.
def titles(alias: str = "") -> str:
    """The title-only tsvector expression, its column read through `alias` ("s." or "")."""
    return f"ts_filter({alias}head, '{{a}}')"


def title_index(name: str) -> str:
    return f"CREATE INDEX ON {name} USING gin ({titles()})"


def search_indexes(name: str) -> list[str]:
    return [*base_search_indexes(name), title_index(name)]


MIGRATIONS: list[tuple[int, str, list[str] | Callable[[], list[str]]]] = [
    (1, "articles, search rows, facet counts, vocabulary, generation", [
        "CREATE SEQUENCE hub_doc_seq",
        ARTICLES_DDL.format(name="hub_articles"),
        *article_indexes("hub_articles"),
        # the body and the tsvector go to TOAST storage: the rows a search scans stay narrow
        "ALTER TABLE hub_articles ALTER COLUMN body SET STORAGE EXTERNAL",
        SEARCH_DDL.format(name="hub_search"),
        *base_search_indexes("hub_search"),
        "CREATE TABLE hub_facets (facet text NOT NULL, slug text NOT NULL, label text NOT NULL, "
        "count integer NOT NULL, PRIMARY KEY (facet, slug))",
        "CREATE TABLE hub_words (word text PRIMARY KEY, ndoc integer NOT NULL)",
        "CREATE SEQUENCE hub_combo_seq",
        "CREATE TABLE hub_combos (id integer PRIMARY KEY, facets text[] NOT NULL UNIQUE)",
        "CREATE TABLE hub_meta (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
        "generation bigint NOT NULL DEFAULT 0, trigram boolean NOT NULL DEFAULT false)",
        "INSERT INTO hub_meta DEFAULT VALUES",
    ]),
    (2, "the analysis version of the stored words", [
        "ALTER TABLE hub_meta ADD COLUMN analysis integer NOT NULL DEFAULT 1",
        # an index with no article yet has nothing analysed the old way
        f"UPDATE hub_meta SET analysis = {ANALYSIS} WHERE NOT EXISTS (SELECT 1 FROM hub_articles)",
    ]),
    (3, "an index of the titles' words", [title_index("hub_search")]),
]


def _queue_schema() -> list[str]:
    """procrastinate's schema (the job queue of `run.py worker`), as its package ships it."""
    from procrastinate.schema import SchemaManager   # only `migrate` needs it

    return [SchemaManager.get_schema()]


MIGRATIONS += [
    (4, "crawl state, run log and schedule", [
        "CREATE TABLE hub_urls (url text PRIMARY KEY, site text NOT NULL, article_url text, etag text, "
        "last_modified text, lastmod text, status text NOT NULL DEFAULT 'new', last_error text, "
        "attempts integer NOT NULL DEFAULT 0, fetched_at timestamptz, next_due timestamptz)",
        "CREATE INDEX ON hub_urls (site)",
        "CREATE TABLE hub_stored (url text PRIMARY KEY, site text NOT NULL, content_hash text NOT NULL, "
        "data text NOT NULL, stored_at timestamptz NOT NULL, post_id text)",
        "CREATE INDEX ON hub_stored (site, post_id)",
        "CREATE TABLE hub_hosts (origin text PRIMARY KEY, robots_status integer, robots_body text, "
        "robots_fetched_at timestamptz, not_before timestamptz, not_before_reason text)",
        "CREATE TABLE hub_turns (host text PRIMARY KEY, busy_since timestamptz, last_end timestamptz)",
        "CREATE TABLE hub_runs (id bigserial PRIMARY KEY, site text NOT NULL, command text NOT NULL, "
        "pid integer, machine text, started_at timestamptz NOT NULL, finished_at timestamptz, "
        "outcome text NOT NULL DEFAULT 'running', exit_code integer, reason text, report text)",
        "CREATE INDEX ON hub_runs (site, id)",
        "CREATE TABLE hub_schedule (site text PRIMARY KEY, spec text NOT NULL, last_start timestamptz, "
        "last_finish timestamptz, outcome text, next_due timestamptz, runs integer NOT NULL DEFAULT 0, "
        "errors integer NOT NULL DEFAULT 0)",
    ]),
    (5, "the crawl workers' job queue (procrastinate)", _queue_schema),
    (6, "kept copies of sitemaps, feeds and listing pages", [
        "CREATE TABLE hub_kept_pages (url text PRIMARY KEY, etag text, last_modified text, content bytea NOT NULL, "
        "kept_at timestamptz NOT NULL)",
    ]),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: psycopg.Connection) -> int:
    """The schema version of the database (0: none applied)."""
    row = conn.execute("SELECT to_regclass('hub_schema') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM hub_schema").fetchone()[0]


def check(conn: psycopg.Connection, where: str) -> None:
    """Raise StoreError unless the schema is exactly the one this code needs."""
    version = current_version(conn)
    if version < LATEST:
        state = "has no hubindex schema" if version == 0 else f"has schema version {version}, this hubindex needs {LATEST}"
        raise StoreError(f"the database at {where} {state}: run `run.py migrate`")
    if version > LATEST:
        raise StoreError(f"the database at {where} has schema version {version}, newer than this hubindex "
                         f"knows ({LATEST}): upgrade hubindex")


def check_analysis(conn: psycopg.Connection, where: str) -> None:
    """Raise StoreError when the stored words were analysed by another version of the analysis
    (analysis.ANALYSIS): searches would miss what they should find until a rebuild."""
    stored = conn.execute("SELECT analysis FROM hub_meta").fetchone()[0]
    if stored != ANALYSIS:
        raise StoreError(f"the index in the database at {where} was built by another version of hubindex's "
                         "text analysis (words are now case- and accent-folded): run `run.py reindex`")


def migrate(conn: psycopg.Connection) -> list[int]:
    """Apply every pending migration, each in its own transaction; returns the versions applied."""
    applied = []
    with conn.transaction():
        conn.execute(f"SELECT pg_advisory_xact_lock{LOCK}", (LOCK_KEY,))
        conn.execute("CREATE TABLE IF NOT EXISTS hub_schema (version integer PRIMARY KEY, "
                     "description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        version = current_version(conn)
        for number, description, statements in MIGRATIONS:
            if number <= version:
                continue
            for sql in statements() if callable(statements) else statements:
                conn.execute(sql)
            conn.execute("INSERT INTO hub_schema (version, description) VALUES (%s, %s)", (number, description))
            applied.append(number)
        if applied:
            trigram = _enable_trigram(conn)
            conn.execute("UPDATE hub_meta SET trigram = %s", (trigram,))
    return applied


def _enable_trigram(conn: psycopg.Connection) -> bool:
    """pg_trgm for "did you mean" candidates, when the server has it and we may use it; without
    it suggestions come from a slower scan of the vocabulary (suggest.py)."""
    try:
        with conn.transaction():
            if not conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone():
                conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute("CREATE INDEX IF NOT EXISTS hub_words_trgm ON hub_words USING gin (word gin_trgm_ops)")
        return True
    except psycopg.Error:
        return False
