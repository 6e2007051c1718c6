"""A site that renumbers its posts: a post id that now names another article makes that
article new, never an update of the old one, and no two stored articles share a post id."""

from __future__ import annotations

import json
import sqlite3

import run
from index import open_index
from pipeline.core.workspace import Workspace
from pipeline.samplehub import start_sample_hub
from tests.conftest import write_config


def _crawl(capsys, config) -> dict:
    code = run.main(["--quiet", "--config", str(config), "crawl", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)["sites"][0]


def test_renumbered_post_ids_lose_no_article(tmp_path, capsys):
    first = start_sample_hub(port=0, articles=30, seed=3)
    port = first.server_address[1]
    config = write_config(tmp_path / "c.toml", first.hub_url, tmp_path / "data")
    try:
        before = _crawl(capsys, config)
    finally:
        first.shutdown()
        first.server_close()
    assert before["new"] == 47 + 30
    # The same site, now with more generated articles: WordPress-style ids follow publication
    # order, so most articles' ids moved to other articles.
    second = start_sample_hub(port=port, articles=40, seed=3)
    try:
        after = _crawl(capsys, config)
        again = _crawl(capsys, config)
    finally:
        second.shutdown()
        second.server_close()
    index = open_index(Workspace(tmp_path / "data").index_path)
    try:
        assert index.stats().articles == 47 + 40
    finally:
        index.close()
    assert after["new"] >= 10 and again["new"] == 0 and again["updated"] == 0
    db = sqlite3.connect(tmp_path / "data" / "state.sqlite")
    try:
        dupes = db.execute("SELECT post_id, COUNT(*) FROM articles WHERE post_id IS NOT NULL "
                           "GROUP BY site, post_id HAVING COUNT(*) > 1").fetchall()
    finally:
        db.close()
    assert dupes == []
