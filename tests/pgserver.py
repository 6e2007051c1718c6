"""A real PostgreSQL server for the tests: each test gets a schema of its own, dropped afterwards.

The server is the one at $HUBINDEX_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test
(then the same as user root). Where none answers, the tests that need it are skipped with one line
saying so, and every other test still runs.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import quote

import pytest

CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")
_found: dict[str, str | None] = {}


def server_url() -> str | None:
    """The URL of a reachable server (looked up once per test session), or None."""
    if "url" in _found:
        return _found["url"]
    _found["url"] = None
    try:
        import psycopg
    except ImportError:
        _found["why"] = "psycopg is not installed (pip install -e '.[postgresql]')"
        return None
    env = os.environ.get("HUBINDEX_TEST_DATABASE_URL")
    errors = []
    for url in ([env] if env else CANDIDATES):
        try:
            with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
                try:   # trusted since PostgreSQL 13; the tests' schemas find it through search_path
                    conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
                except psycopg.Error:
                    pass
            _found["url"] = url
            return url
        except psycopg.Error as exc:
            errors.append(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    _found["why"] = f"no PostgreSQL server at {env or CANDIDATES[0]} ({errors[-1]})"
    return None


def require_server() -> str:
    url = server_url()
    if url is None:
        pytest.skip(_found.get("why", "no PostgreSQL server"))
    return url


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema},public')}"


@contextmanager
def fresh_schema() -> Iterator[str]:
    """The URL of an empty schema of its own on the test server; the schema is dropped afterwards."""
    import psycopg

    base = require_server()
    schema = f"hubtest_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
