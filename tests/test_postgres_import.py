"""Moving a one-machine (Whoosh) deployment to PostgreSQL: `migrate --import-state` copies the
SQLite crawl state into the database and indexes its articles, so the first crawl afterwards is
an unchanged recrawl, not a crawl from scratch. Real sample hub, real SQLite file, real server."""

from __future__ import annotations

import json
import shutil
import sqlite3

import psycopg
import pytest

import run
from pipeline.samplehub import start_sample_hub
from tests.conftest import write_config
from tests.test_postgres import cli, cli_json, pg_config, without_scores


@pytest.fixture
def whoosh_crawl(tmp_path, capsys):
    """A sample hub of its own (nothing else edits it) and a Whoosh crawl of it."""
    server = start_sample_hub(port=0)
    try:
        config = write_config(tmp_path / "whoosh.toml", server.hub_url, tmp_path / "whoosh")
        assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
        capsys.readouterr()
        yield server, config, tmp_path / "whoosh"
    finally:
        server.shutdown()
        server.server_close()


def test_import_moves_the_index_and_its_crawl_state_so_the_next_crawl_downloads_no_article(
        whoosh_crawl, tmp_path, pg_url, capsys):
    server, whoosh_config, whoosh_data = whoosh_crawl
    data = tmp_path / "pg"
    shutil.copytree(whoosh_data, data)                     # the same data directory, now with PostgreSQL
    config = pg_config(tmp_path / "pg.toml", server.hub_url, data, pg_url)
    stored = sqlite3.connect(data / "state.sqlite")
    expect = {t: stored.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("urls", "articles", "hosts", "runs", "schedule", "kept_pages")}
    stored.close()

    out = cli_json(capsys, config, "migrate", "--import-state")
    assert out["imported"] == expect and out["articles"] == expect["articles"] == len(server.hub.curated)
    assert out["state"] == str(data / "state.sqlite") and out["database"].startswith("postgresql://")

    # the index answers as the Whoosh one does
    for argv in (["", "--limit", "100"], ["career", "--topic", "career-advancement", "--sort", "newest"]):
        assert without_scores(cli_json(capsys, config, "search", *argv)) == \
               without_scores(cli_json(capsys, whoosh_config, "search", *argv)), argv
    assert cli_json(capsys, config, "facets") == cli_json(capsys, whoosh_config, "facets")
    status = cli_json(capsys, config, "status")
    assert status["index"]["articles"] == len(server.hub.curated)
    assert [s["last_run"]["outcome"] for s in status["sites"]] == ["ok"]     # the run log came along

    # the first crawl into PostgreSQL asks with the old validators: nothing changed, no body comes
    server.requests.clear()
    report = cli_json(capsys, config, "crawl")["sites"][0]
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 0, len(server.hub.curated))
    assert server.requests.get("article-body", 0) == 0, server.requests

    # and an edit is found as it would have been
    server.hub.edit("value-of-masters-degree", "A summary rewritten after the move.", "2025-11-02")
    report = cli_json(capsys, config, "crawl")["sites"][0]
    assert (report["new"], report["updated"]) == (0, 1)
    shown = cli_json(capsys, config, "show", server.hub_url + "value-of-masters-degree/")
    assert shown["summary"] == "A summary rewritten after the move."


def test_import_refuses_a_database_that_has_a_crawl_state_and_changes_nothing(whoosh_crawl, tmp_path, pg_url,
                                                                              capsys):
    server, _, whoosh_data = whoosh_crawl
    config = pg_config(tmp_path / "pg.toml", server.hub_url, whoosh_data, pg_url)
    assert cli_json(capsys, config, "migrate", "--import-state")["articles"] == len(server.hub.curated)
    with psycopg.connect(pg_url) as conn:
        before = conn.execute("SELECT count(*), max(stored_at) FROM hub_stored").fetchone()
    err = cli(capsys, config, "migrate", "--import-state", code=1)
    assert err.count("\n") == 1 and "already holds a crawl state" in err and "Traceback" not in err
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*), max(stored_at) FROM hub_stored").fetchone() == before


def test_import_of_an_older_state_file_and_of_bad_paths(whoosh_crawl, tmp_path, pg_url, capsys):
    server, _, whoosh_data = whoosh_crawl
    old = tmp_path / "old"
    shutil.copytree(whoosh_data, old)
    db = sqlite3.connect(old / "state.sqlite")              # a state file from before kept copies existed
    db.execute("DROP TABLE kept_pages")
    db.commit()
    db.close()
    config = pg_config(tmp_path / "pg.toml", server.hub_url, tmp_path / "elsewhere", pg_url)

    err = cli(capsys, config, "migrate", "--import-state", str(tmp_path / "missing.sqlite"), code=1)
    assert err.count("\n") == 1 and "no crawl state at" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    err = cli(capsys, config, "migrate", "--import-state", str(junk), code=1)
    assert err.count("\n") == 1 and "cannot read the crawl state" in err
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    err = cli(capsys, config, "migrate", "--import-state", str(other), code=1)
    assert err.count("\n") == 1 and "not a hubindex crawl state" in err

    text = cli(capsys, config, "migrate", "--import-state", str(old / "state.sqlite"))
    assert f"imported the crawl state at {old / 'state.sqlite'}" in text
    assert f"indexed {len(server.hub.curated)} articles" in text
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM hub_kept_pages").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM hub_urls").fetchone()[0] > len(server.hub.curated)


def test_import_needs_the_postgresql_backend(whoosh_crawl, capsys):
    _, whoosh_config, _ = whoosh_crawl
    err = cli(capsys, whoosh_config, "migrate", "--import-state", code=78)
    assert err.count("\n") == 1 and "postgresql" in err
    assert json.loads(cli(capsys, whoosh_config, "search", "", "--json"))["total"] > 0
