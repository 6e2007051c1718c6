"""`run.py export`: JSON Lines, CSV and Atom of every matching article, to stdout or a file."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import pytest

import run
from pipeline.faces.api.export import CSV_COLUMNS, export, matching_articles
from index import Filters, open_index
from pipeline.core.models import Article
from pipeline.core.workspace import Workspace
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
MODEL_FIELDS = {"id"} | {f.name for f in dataclasses.fields(Article)}


def run_export(capsys, config, *argv):
    code = run.main(["--config", str(config), "export", *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def test_jsonl_has_every_article_with_every_field(crawled, hub, capsys):
    config, _ = crawled
    lines = run_export(capsys, config, "--format", "jsonl").splitlines()
    assert len(lines) == len(hub.hub.curated)
    rows = [json.loads(line) for line in lines]
    assert all(set(r) == MODEL_FIELDS for r in rows)
    assert len({r["url"] for r in rows}) == len(rows)
    assert all(r["body"] and r["title"] for r in rows)


def test_filters_match_the_search_filters(crawled, capsys):
    config, data_dir = crawled
    argv = ["--topic", "career-advancement", "--area", "engineering", "--since", "2023-01-01"]
    rows = [json.loads(x) for x in run_export(capsys, config, *argv).splitlines()]
    search = json.loads((run.main(["--config", str(config), "search", *argv, "--limit", "100", "--json"]),
                         capsys.readouterr().out)[1])
    assert rows and {r["url"] for r in rows} == {h["url"] for h in search["results"]}
    for r in rows:
        tags = {(t["facet"], t["slug"]) for t in r["tags"]}
        assert ("topic", "career-advancement") in tags and ("area_of_study", "engineering") in tags
        assert r["published"] >= "2023-01-01"


def test_csv_has_the_documented_columns(crawled, hub, capsys):
    config, _ = crawled
    rows = list(csv.reader(io.StringIO(run_export(capsys, config, "--format", "csv", "--topic", "online-learning"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, r)) for r in rows[1:]]
    expected = [e for e in hub.hub.curated if "online-learning" in e["topics"]]
    assert len(body) == len(expected) > 0
    for r in body:
        assert "online-learning" in r["topic"].split("; ")
        assert json.loads(r["tags"]) and isinstance(json.loads(r["related"]), list)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{c}`" in readme for c in CSV_COLUMNS)


def test_atom_export_is_a_valid_feed_newest_first(crawled, capsys):
    config, _ = crawled
    feed = ET.fromstring(run_export(capsys, config, "--format", "atom", "--area", "business").encode())
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + name) is not None
    entries = feed.findall(ATOM + "entry")
    assert entries
    published = [e.findtext(ATOM + "published") for e in entries]
    assert published == sorted(published, reverse=True)
    for e in entries:
        assert e.findtext(ATOM + "id") and e.findtext(ATOM + "title") and e.findtext(ATOM + "updated")
        assert ("urn:hubindex:facet:area_of_study", "business") in {
            (c.get("scheme"), c.get("term")) for c in e.findall(ATOM + "category")}


def test_output_file_is_written_whole(crawled, tmp_path, capsys):
    config, _ = crawled
    target = tmp_path / "out.jsonl"
    assert run_export(capsys, config, "--output", str(target)) == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) > 0
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize("argv, code, words", [
    (["--format", "xml"], run.EXIT_USAGE, "invalid choice"),
    (["--since", "last week"], run.EXIT_USAGE, "--since takes a date"),
    (["--facet", "nope"], run.EXIT_USAGE, "--facet takes NAME=SLUG"),
    (["--output", "/nonexistent-dir/x.csv"], run.EXIT_ERROR, "cannot write"),
])
def test_bad_input_is_one_error_line(crawled, capsys, argv, code, words):
    config, _ = crawled
    assert run.main(["--config", str(config), "export", *argv]) == code
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and err.count("\n") == 1


def test_export_without_an_index_is_one_error_line(tmp_path, capsys):
    assert run.main(["--index", str(tmp_path / "none"), "export"]) == run.EXIT_ERROR
    err = capsys.readouterr().err
    assert err.startswith("error: no index at") and err.count("\n") == 1


def test_articles_are_streamed_one_at_a_time(crawled):
    """The export is a generator: the first article is out before the rest are read."""
    _, data_dir = crawled
    store = open_index(Workspace(data_dir).index_path)
    try:
        it = matching_articles(store, Filters())
        first = next(it)
        assert set(first) == MODEL_FIELDS
        assert sum(1 for _ in it) == store.stats().articles - 1
        out = io.StringIO()
        assert export(store, "jsonl", out, Filters(facets={"topic": ["no-such-topic"]})) == 0
        assert out.getvalue() == ""
    finally:
        store.close()
