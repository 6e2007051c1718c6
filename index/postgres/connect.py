"""Connections: a bounded psycopg pool per open index, and errors said without the password."""

from __future__ import annotations

from typing import Callable

import psycopg
from psycopg_pool import ConnectionPool

from pipeline.core.config import redact_url
from pipeline.core.errors import StoreError

CONNECT_TIMEOUT = 5       # seconds to reach the server before saying it cannot be reached
POOL_TIMEOUT = 30.0       # seconds a caller waits for a free connection of a busy pool


def describe(exc: BaseException, url: str) -> str:
    """One line about a driver error, with the URL's password left out."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.replace(url, redact_url(url))


def connect(url: str) -> psycopg.Connection:
    """One connection (for `migrate`), or StoreError saying why there is none."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL at {redact_url(url)}: {describe(exc, url)}") from None


def open_pool(url: str, size: int, check: Callable[[psycopg.Connection], None] | None = None) -> ConnectionPool:
    """A pool of at most `size` connections. One connection is made first, here, so that a
    server that cannot be reached (or a schema that `check` refuses) is one clear StoreError
    now rather than the pool's retries in the background."""
    conn = connect(url)
    try:
        if check is not None:
            check(conn)
    finally:
        conn.close()
    return ConnectionPool(url, min_size=1, max_size=max(1, size), open=True, timeout=POOL_TIMEOUT,
                          kwargs={"connect_timeout": CONNECT_TIMEOUT}, configure=_configure, name="hubindex")


def _configure(conn: psycopg.Connection) -> None:
    """Searches read their matches through the GIN indexes, never by a sequential scan: for a
    query matching most articles the planner prefers scanning the table, which evaluates the
    query on every row and so reads every article's whole tsvector from TOAST storage (ten
    times slower here); through the index an AND of words needs no row's tsvector at all.
    JIT compilation is off: the statements here are short, and the costs that discouraging
    sequential scans adds to plans would otherwise make each one pay a compilation."""
    conn.execute("SET enable_seqscan = off")
    conn.execute("SET jit = off")
    conn.commit()
