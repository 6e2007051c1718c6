"""The PostgreSQL backend through the faces: `migrate`, a crawl, every reading command, the API,
`reindex` and `status`, compared with the Whoosh backend on the same hub; configuration and
errors (one line, never the password). Each test that needs the server has a schema of its own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg
import pytest
import requests

import run
from pipeline.core.config import DATABASE_URL_ENV, IndexSettings, parse_settings
from pipeline.core.errors import ConfigError, StoreError
from index import open_index
from index.postgres.migrations import LATEST, MIGRATIONS
from tests.apiserver import running_api
from tests.pgserver import fresh_schema


FETCHED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00")   # fetch times (two crawls)


def pg_config(path: Path, hub_url: str, data_dir: Path, url: str) -> Path:
    path.write_text(
        f'[index]\ndir = "{data_dir.as_posix()}"\nbackend = "postgresql"\nurl = "{url}"\npool_size = 3\n\n'
        f'[crawl]\ndelay = 0.0\nretries = 0\ntimeout = 5.0\n\n'
        f'[sites.sample-hub]\nstart_url = "{hub_url}"\n', encoding="utf-8")
    return path


def cli(capsys, config: Path, *argv: str, code: int = 0) -> str:
    got = run.main(["--quiet", "--config", str(config), *argv])
    out, err = capsys.readouterr()
    assert got == code, (out, err)
    return out if code == 0 else err


def cli_json(capsys, config: Path, *argv: str):
    return json.loads(cli(capsys, config, *argv, "--json"))


def without_scores(result: dict) -> dict:
    return {**{k: v for k, v in result.items() if k != "all_words"},
            "results": [{k: v for k, v in h.items() if k not in ("score", "highlight")} for h in result["results"]]}


SEARCHES = [
    ["", "--limit", "100"],
    ["", "--sort", "oldest", "--since", "2022-01-01", "--until", "2024-12-31", "--limit", "100"],
    ["career", "--topic", "career-advancement", "--area", "engineering", "--sort", "newest"],
    ["degree", "--facet", "topic=financing-your-education", "--sort", "oldest", "--limit", "100"],
]
RANKED = ["engineering manager skills", "online degree", '"career advancement"', "cybersecurity xylophoneword",
          "how do I pay for graduate school", "cybersecurty"]


def test_a_crawl_into_postgresql_answers_every_command_as_the_whoosh_backend_does(hub, crawled, tmp_path, pg_url,
                                                                                  capsys):
    whoosh_config, whoosh_data = crawled
    config = pg_config(tmp_path / "pg.toml", hub.hub_url, tmp_path / "data", pg_url)
    assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
    capsys.readouterr()
    for argv in SEARCHES:                  # orders by date: the very same answers
        assert without_scores(cli_json(capsys, config, "search", *argv)) == \
               without_scores(cli_json(capsys, whoosh_config, "search", *argv)), argv
    for text in RANKED:
        # ranked: the same results, the same first group (the articles with every word), the
        # same corrections and facet counts; only the order within a group may differ
        ours, theirs = (cli_json(capsys, c, "search", text, "--limit", "100") for c in (config, whoosh_config))
        for key in ("total", "all_words", "matched", "corrected", "facets", "suggestions"):
            assert ours[key] == theirs[key], (text, key)
        first = theirs["all_words"]
        assert {h["url"] for h in ours["results"][:first]} == {h["url"] for h in theirs["results"][:first]}, text
        assert {h["url"] for h in ours["results"]} == {h["url"] for h in theirs["results"]}, text
        assert all("[[" in h["highlight"] for h in ours["results"][:3] if h.get("highlight") is not None)
    assert cli_json(capsys, config, "facets") == cli_json(capsys, whoosh_config, "facets")
    some = cli_json(capsys, config, "search", "", "--limit", "1")["results"][0]
    shown = [cli_json(capsys, c, "show", some["url"]) for c in (config, whoosh_config)]
    assert [{**x, "fetched_at": None} for x in shown][0] == {**shown[1], "fetched_at": None}
    related = cli_json(capsys, config, "related", some["id"], "--limit", "8")["results"]
    theirs = cli_json(capsys, whoosh_config, "related", some["id"], "--limit", "8")["results"]
    editors = [h["url"] for h in theirs if h["reason"] == "editor"]
    assert [h["url"] for h in related][:len(editors)] == editors and len(related) == len(theirs)
    for fmt in ("jsonl", "csv", "atom"):
        ours_out = cli(capsys, config, "export", "--format", fmt, "--topic", "career-advancement")
        theirs_out = cli(capsys, whoosh_config, "export", "--format", fmt, "--topic", "career-advancement")
        if fmt == "atom":      # the feed's own updated time and id follow the index generation
            ours_out, theirs_out = (x.split("<entry>", 1)[1] for x in (ours_out, theirs_out))
        assert sorted(FETCHED.sub("T", ours_out).splitlines()) == sorted(FETCHED.sub("T", theirs_out).splitlines())
    status = cli_json(capsys, config, "status")
    assert status["index"]["articles"] == len(hub.hub.curated) and status["index"]["exists"]
    assert status["index"]["path"].startswith("postgresql://")

    # the API (two servers on one database) answers as the CLI does
    settings = IndexSettings(backend="postgresql", url=pg_url)
    with running_api(tmp_path / "data", index=settings) as one, running_api(tmp_path / "data", index=settings) as two:
        for params, argv in (({"q": "engineering manager skills"}, ["engineering manager skills"]),
                             ({"q": "", "topic": "career-advancement", "limit": "5"},
                              ["", "--topic", "career-advancement", "--limit", "5"])):
            a = requests.get(one + "/search", params=params, timeout=10).json()
            b = requests.get(two + "/search", params=params, timeout=10).json()
            assert a == b == cli_json(capsys, config, "search", *argv)
        health = requests.get(one + "/health", timeout=10).json()
        assert health["index"]["articles"] == len(hub.hub.curated)
        assert health["index"]["generation"].startswith("pg/")

    out = cli_json(capsys, config, "reindex")
    assert out["articles"] == len(hub.hub.curated) and "postgresql://" in out["index"]
    assert cli_json(capsys, config, "facets") == cli_json(capsys, whoosh_config, "facets")


def test_migrate_makes_and_checks_the_schema(tmp_path, capsys):
    with fresh_schema() as url:
        config = pg_config(tmp_path / "pg.toml", "http://127.0.0.1:9/hub/", tmp_path / "data", url)
        err = cli(capsys, config, "search", "anything", code=1)
        assert len(err.strip().splitlines()) == 1 and "run.py migrate" in err and "has no hubindex schema" in err
        every = ", ".join(str(n) for n, _, _ in MIGRATIONS)
        assert f"applied migration{'s' if len(MIGRATIONS) > 1 else ''} {every} to" in cli(capsys, config, "migrate")
        assert "nothing to do" in cli(capsys, config, "migrate")
        assert cli_json(capsys, config, "migrate") == {"database": url, "version": LATEST, "applied": []}
        assert cli_json(capsys, config, "search", "anything")["total"] == 0
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO hub_schema (version, description) VALUES (99, 'from the future')")
        err = cli(capsys, config, "search", "anything", code=1)
        assert "newer than this hubindex knows" in err and len(err.strip().splitlines()) == 1
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DELETE FROM hub_schema")
        with pytest.raises(StoreError, match="run `run.py migrate`"):
            open_index(tmp_path, settings=IndexSettings(backend="postgresql", url=url))


def test_migrate_twice_at_once_applies_each_migration_once(tmp_path):
    import threading

    from index import migrate_index

    with fresh_schema() as url:
        settings = IndexSettings(backend="postgresql", url=url)
        results = []
        threads = [threading.Thread(target=lambda: results.append(migrate_index(settings))) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(applied for _, applied in results) == [[], [], [n for n, _, _ in MIGRATIONS]]
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM hub_schema").fetchone()[0] == len(MIGRATIONS)


def test_an_index_analysed_by_an_earlier_version_asks_for_reindex_and_reindex_repairs_it(tmp_path, capsys):
    """Words stored by another version of the text analysis would silently miss searches (an
    accented word stored unfolded): reading refuses with one line naming `reindex`, which fixes it."""
    from dataclasses import replace

    from index import rebuild_index
    from tests.relevance.corpus import curated_articles

    articles = curated_articles()[:6]
    articles[0] = replace(articles[0], title="Writing a résumé that gets read")
    with fresh_schema() as url:
        config = pg_config(tmp_path / "pg.toml", "http://127.0.0.1:9/hub/", tmp_path / "data", url)
        cli(capsys, config, "migrate")
        settings = IndexSettings(backend="postgresql", url=url)
        rebuild_index(tmp_path, articles, settings)
        assert cli_json(capsys, config, "search", "resume")["total"] >= 1
        with psycopg.connect(url, autocommit=True) as conn:     # as an index of the earlier analysis
            conn.execute("UPDATE hub_meta SET analysis = 1")
        err = cli(capsys, config, "search", "resume", code=1)
        assert len(err.strip().splitlines()) == 1 and "run `run.py reindex`" in err
        assert "index: cannot be read: " in cli(capsys, config, "status") and "run.py reindex" in err
        with pytest.raises(StoreError, match="reindex"):
            open_index(tmp_path, settings=settings)
        rebuild_index(tmp_path, articles, settings)              # what `reindex` does, from the crawl state
        assert cli_json(capsys, config, "search", "résumé")["total"] == cli_json(capsys, config, "search",
                                                                                   "resume")["total"] >= 1


def test_the_password_is_never_shown(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    config = pg_config(tmp_path / "pg.toml", "http://127.0.0.1:9/hub/", tmp_path / "data",
                       "postgresql://hub:sekrit-pw@127.0.0.1:9/hub")
    for argv in (["search", "x"], ["migrate"], ["facets"], ["serve", "--port", "0"]):
        err = cli(capsys, config, *argv, code=1)
        assert "sekrit" not in err and len(err.strip().splitlines()) == 1 and "hub:***@127.0.0.1:9" in err, err
    status = cli_json(capsys, config, "status")
    assert "sekrit" not in json.dumps(status) and "error" in status["index"]


def test_the_environment_replaces_the_configured_url(tmp_path, capsys, monkeypatch, pg_url):
    config = pg_config(tmp_path / "pg.toml", "http://127.0.0.1:9/hub/", tmp_path / "data",
                       "postgresql://nobody:pw@127.0.0.1:9/nothing")
    monkeypatch.setenv(DATABASE_URL_ENV, pg_url)
    assert cli_json(capsys, config, "search", "")["total"] == 0


def test_index_settings_are_validated(monkeypatch):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    ok = parse_settings({"index": {"backend": "postgresql", "url": "postgresql://u:p@db/hub"}})
    assert ok.index.backend == "postgresql" and ok.index.display_url == "postgresql://u:***@db/hub"
    assert parse_settings({}).index == IndexSettings()
    for table, words in (({"backend": "mysql"}, "index.backend: must be one of whoosh, postgresql"),
                         ({"backend": "postgresql"}, "index.url: backend \"postgresql\" needs a url"),
                         ({"backend": "postgresql", "url": "mysql://u:secret@h/d"}, "must start with postgresql://"),
                         ({"pool_size": 0}, "index.pool_size: must be at least 1"),
                         ({"url": 5}, "index.url: must be a string")):
        with pytest.raises(ConfigError, match=words.replace("(", r"\(")) as err:
            parse_settings({"index": table})
        assert "secret" not in str(err.value)
    monkeypatch.setenv(DATABASE_URL_ENV, "postgresql://env@db/hub")
    assert parse_settings({"index": {"backend": "postgresql"}}).index.url == "postgresql://env@db/hub"
    monkeypatch.setenv(DATABASE_URL_ENV, "http://x:secret@db/")
    with pytest.raises(ConfigError, match=f"\\${DATABASE_URL_ENV} must start with postgresql://") as err:
        parse_settings({"index": {"backend": "postgresql"}})
    assert "secret" not in str(err.value)


def test_migrate_refuses_the_whoosh_backend(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text(f'[index]\ndir = "{(tmp_path / "d").as_posix()}"\n', encoding="utf-8")
    assert run.main(["--config", str(config), "migrate"]) == 78
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "needs no migration" in err and len(err.strip().splitlines()) == 1
