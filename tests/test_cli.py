"""The command line: exact error lines and exit codes, and in-process use through main()."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys

import pytest

import run
from tests.conftest import ROOT, write_config


def call(capsys, *argv):
    code = run.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unknown_subcommand_is_a_usage_error(capsys):
    code, out, err = call(capsys, "frobnicate")
    assert code == 2
    assert err.startswith("error: argument COMMAND: invalid choice: 'frobnicate'")
    assert len(err.strip().splitlines()) == 1


def test_no_command_prints_help(capsys):
    code, _, err = call(capsys)
    assert code == 2 and "search" in err and "crawl" in err


def test_help_exits_zero(capsys):
    code, out, _ = call(capsys, "search", "--help")
    assert code == 0 and "--topic" in out and "--area" in out


def test_every_command_has_help(capsys):
    """`--help` of every command (taken from the parser, so a new one is covered) exits 0 and
    prints its usage; a `%` in a help text once made argparse raise instead."""
    import argparse

    from pipeline.faces.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert len(commands) >= 16
    for name in commands:
        code, out, err = call(capsys, name, "--help")
        assert code == 0 and out.startswith(f"usage: run.py {name}") and not err, (name, err)


def test_missing_index(capsys, tmp_path):
    code, out, err = call(capsys, "--index", str(tmp_path / "nothing"), "search", "x")
    assert code == 1
    assert err == f"error: no index at {tmp_path / 'nothing' / 'index'}; crawl first (`run.py crawl`) or pass --index PATH\n"


def test_missing_config(capsys, tmp_path):
    code, _, err = call(capsys, "--config", str(tmp_path / "none.toml"), "crawl")
    assert code == 78          # EX_CONFIG: every configuration error
    assert err.startswith(f"error: config file not found: {tmp_path / 'none.toml'}")


def test_malformed_config(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\ndelay = = 3\n")
    code, _, err = call(capsys, "--config", str(bad), "crawl")
    assert code == 78
    assert err.startswith(f"error: {bad}: malformed TOML:") and "line 2" in err
    assert len(err.strip().splitlines()) == 1


def test_invalid_config_value_names_line_and_key(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[crawl]\nuser_agent = "x"\ndelay = -1\n')
    code, _, err = call(capsys, "--config", str(bad), "crawl")
    assert code == 78
    assert err == f"error: {bad}, line 3: crawl.delay: must be at least 0\n"


def test_config_from_environment(capsys, tmp_path, monkeypatch):
    bad = tmp_path / "env.toml"
    bad.write_text("[crawl]\nbogus = 1\n")
    monkeypatch.setenv("HUBINDEX_CONFIG", str(bad))
    code, _, err = call(capsys, "crawl")
    assert code == 78 and "crawl.bogus: unknown key" in err


def test_unreachable_site(capsys, tmp_path):
    config = write_config(tmp_path / "c.toml", f"http://127.0.0.1:{free_port()}/knowledge-hub/", tmp_path / "data")
    code, out, err = call(capsys, "--config", str(config), "crawl")
    assert code == 1
    assert "failed 1" in out
    assert err == "error: nothing could be crawled from site sample-hub: robots.txt unavailable (connection refused), host skipped\n"


def test_unknown_site_name(capsys, crawled):
    config, _ = crawled
    code, _, err = call(capsys, "--config", str(config), "crawl", "--site", "nope")
    assert code == 78 and err == "error: no site named 'nope' in the configuration (known: sample-hub)\n"


@pytest.mark.parametrize("argv, message", [
    (["search", "x", "--limit", "0"], "error: --limit must be between 1 and 100"),
    (["search", "x", "--page", "0"], "error: --page must be between 1 and 1000"),
    (["search", "x", "--page", "1001"], "error: --page must be between 1 and 1000"),
    (["search", "x", "--topic", "nope"], "error: unknown topic 'nope'; known: career-advancement, "),
    (["search", "x", "--area", "nope"], "error: unknown area 'nope'; known: "),
    (["search", "x", "--site", "nope"], "error: unknown site 'nope'; sites in the index: sample-hub"),
    (["search", "x", "--facet", "colour=red"], "error: unknown facet 'colour'; known facets: area_of_study, topic"),
    (["facets", "--topic", "nope"], "error: unknown topic 'nope'; known: career-advancement, "),
    (["related", "x", "--area", "nope"], "error: unknown area 'nope'; known: "),
    (["search", "x", "--highlight", "bold"], "error: argument --highlight: invalid choice: 'bold'"),
    (["search", "x", "--since", "last week"], "error: --since takes a date like 2024-07-25, not 'last week'"),
    (["search", "x", "--facet", "topic"], "error: --facet takes NAME=SLUG, not 'topic'"),
    (["search", "x", "--sort", "random"], "error: argument --sort: invalid choice: 'random'"),
    (["search", "x", "--limit", "ten"], "error: argument --limit: invalid int value: 'ten'"),
])
def test_bad_search_arguments(capsys, crawled, argv, message):
    config, _ = crawled
    code, _, err = call(capsys, "--config", str(config), *argv)
    assert code == 2
    assert err.startswith(message)


def test_related_of_unknown_url(capsys, crawled):
    config, _ = crawled
    code, _, err = call(capsys, "--config", str(config), "related", "https://elsewhere.example/x/")
    assert code == 1
    assert err.startswith("error: not in the index: https://elsewhere.example/x/")


def test_hostile_queries_never_raise(capsys, crawled):
    config, _ = crawled
    for q in ['"unbalanced', "title:x AND (", "*a*", "word~5", "(" * 3000 + "x", "a" * 5000, "OR NOT AND", "[a TO z]", "^2"]:
        code, out, err = call(capsys, "--config", str(config), "search", q)
        assert code == 0, (q, err)


def test_text_output_of_search(capsys, crawled):
    config, _ = crawled
    code, out, _ = call(capsys, "--config", str(config), "search", "engineering manager skills", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert re.match(r'\d+ results for "engineering manager skills" \(\d+ with every word, then the others\); '
                    r'showing 1-2$', lines[0]), lines[0]
    assert lines[1] == " 1. 7 Emerging Skills Engineering Managers Need to Stay Competitive"
    assert lines[2].startswith("    2024-01-02 · Theo Marchetti · Engineering | Career Advancement")


def test_demo_runs_offline_in_a_real_process(tmp_path):
    """The README's first command, as a user runs it (a real process, its own sample hub)."""
    proc = subprocess.run([sys.executable, "run.py", "demo", "engineering manager skills", "--limit", "3"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout.splitlines()
    assert any(line.startswith("site sample-hub: discovered") for line in out)
    first = next(line for line in out if line.startswith(" 1. "))
    assert first == " 1. 7 Emerging Skills Engineering Managers Need to Stay Competitive"


def test_console_script_is_the_same_program():
    exe = shutil.which("hubindex", path=os.path.dirname(sys.executable))
    if exe is None:
        pytest.skip("the package is not installed (pip install -e .)")
    proc = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "sample-hub" in proc.stdout


def test_sample_hub_command_serves(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "run.py", "sample-hub", "--port", str(port), "--articles", "10000"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith(f"sample hub: 10047 articles at http://127.0.0.1:{port}/knowledge-hub/")
        import requests
        r = requests.get(f"http://127.0.0.1:{port}/post-sitemap10.xml", timeout=10)
        assert r.status_code == 200 and r.text.count("<url>") == 1000
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_sample_hub_port_in_use(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        code, _, err = call(capsys, "sample-hub", "--port", str(s.getsockname()[1]))
    assert code == 1 and err.startswith("error: cannot listen on 127.0.0.1:")


def test_progress_bar_on_a_terminal_only(hub, tmp_path):
    """The crawl's progress bar is drawn when stderr is a terminal and never when it is piped."""
    import pty

    config = write_config(tmp_path / "c.toml", hub.hub_url, tmp_path / "data")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "run.py", "--config", str(config), "crawl"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=slave, timeout=120)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert b"crawl [" in seen and b"1/1 sites" in seen and b"now: sample-hub" in seen and b"\r" in seen
    piped = subprocess.run([sys.executable, "run.py", "--config", str(config), "crawl", "--full"], cwd=ROOT,
                           capture_output=True, timeout=120)
    assert piped.returncode == 0 and b"[" not in piped.stderr


@pytest.mark.parametrize("source, message", [
    ("http://example.org:99999/a/", "error: not a usable URL: 'http://example.org:99999/a/' (Port out of range 0-65535)\n"),
    ("http://[::1/a/", "error: not a usable URL: 'http://[::1/a/' (Invalid IPv6 URL)\n"),
    ("http:///a/", "error: not a usable URL: 'http:///a/' (no host)\n"),
])
def test_extract_of_an_unusable_url_is_a_usage_error(capsys, source, message):
    assert run.main(["extract", source]) == 2
    assert capsys.readouterr().err == message


def test_unquoted_words_are_one_query(capsys, crawled):
    config, _ = crawled
    code, unquoted, err = call(capsys, "--config", str(config), "search", "engineering", "manager", "skills",
                               "--limit", "3")
    assert code == 0, err
    _, quoted, _ = call(capsys, "--config", str(config), "search", "engineering manager skills", "--limit", "3")
    assert unquoted == quoted and 'for "engineering manager skills"' in unquoted


def test_one_result_is_one_result(capsys, crawled):
    config, _ = crawled
    code, out, _ = call(capsys, "--config", str(config), "search", '"Emerging Skills Engineering Managers Need"')
    assert code == 0
    assert out.splitlines()[0] == '1 result for ""Emerging Skills Engineering Managers Need""; showing 1-1'


def test_later_pages_are_numbered_from_where_they_start(capsys, crawled):
    config, _ = crawled
    code, out, _ = call(capsys, "--config", str(config), "search", "--page", "3", "--limit", "20")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "47 results for all articles; showing 41-47"
    numbers = [int(line.split(".")[0]) for line in lines if re.match(r"\s*\d+\. ", line)]
    assert numbers == list(range(41, 48))


def test_a_long_query_is_cut_in_what_is_printed(capsys, crawled):
    config, _ = crawled
    query = "engineering " + "management " * 400
    code, out, _ = call(capsys, "--config", str(config), "search", query, "--limit", "1")
    assert code == 0
    first = out.splitlines()[0]
    assert len(first) < 200 and "\u2026" in first


@pytest.mark.parametrize("query", ["c++", "A.I.", "\U0001F600", "the of and"])
def test_a_query_with_nothing_to_search_says_so(capsys, crawled, query):
    config, _ = crawled
    code, out, err = call(capsys, "--config", str(config), "search", query)
    assert code == 0 and not err
    assert out.startswith(f'nothing to search for in "{query}"') and len(out.splitlines()) == 1
    code, out, _ = call(capsys, "--config", str(config), "search", query, "--json")
    data = json.loads(out)
    assert data["total"] == 0 and data["results"] == [] and data["message"].startswith("nothing to search for")


def test_related_names_its_article_and_gives_its_url(capsys, crawled):
    config, _ = crawled
    _, out, _ = call(capsys, "--config", str(config), "search", "statement of purpose", "--json", "--limit", "1")
    hit = json.loads(out)["results"][0]
    code, out, _ = call(capsys, "--config", str(config), "related", hit["id"], "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert data["url"] == hit["url"] and data["id"] == hit["id"] and data["title"] == hit["title"]
    code, out, _ = call(capsys, "--config", str(config), "related", hit["id"], "--limit", "3")
    assert out.splitlines()[0] == f"related to: {hit['title']} <{hit['url']}>"


def test_highlights_as_escaped_html(capsys, crawled):
    from index.whoosh_engine.snippets import _stem, snippet

    config, _ = crawled
    code, out, _ = call(capsys, "--config", str(config), "search", "scholarships", "--highlight", "html", "--json")
    assert code == 0
    highlights = [h["highlight"] for h in json.loads(out)["results"]]
    assert highlights and all("<mark>" in h and "[[" not in h for h in highlights)
    text = 'Fees <script>alert("x")</script> & a scholarship for "you"'
    assert snippet(text, {_stem("scholarship")}, style="html") == \
        'Fees &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; a <mark>scholarship</mark> for &quot;you&quot;'
    assert snippet(text, {_stem("scholarship")}) == 'Fees <script>alert("x")</script> & a [[scholarship]] for "you"'


def test_facets_take_the_search_filters(capsys, crawled):
    config, _ = crawled
    code, out, _ = call(capsys, "--config", str(config), "facets", "--topic", "career-advancement",
                        "--area", "engineering", "--json")
    assert code == 0
    facets = json.loads(out)["facets"]
    _, out, _ = call(capsys, "--config", str(config), "search", "--topic", "career-advancement",
                     "--area", "engineering", "--json")
    result = json.loads(out)
    assert {f: {e["slug"]: e["count"] for e in v} for f, v in facets.items()} == result["facets"]
    assert facets["topic"][0]["label"] and max(e["count"] for e in facets["topic"]) == result["total"]
    code, out, _ = call(capsys, "--config", str(config), "facets", "--topic", "career-advancement")
    assert code == 0 and "career-advancement" in out
