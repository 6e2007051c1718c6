"""The HTML pages of `serve` over real HTTP (waitress on 127.0.0.1) on a real crawled index.

What a browser is not needed for: status codes, headers, escaping in the HTML as sent, counts
against the JSON API's, errors as pages, the token rules. tests/test_web_browser.py drives
Chromium over the same pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import requests

import run
from pipeline.core.config import ApiSettings
from pipeline.faces.web.pages import CSP
from tests.apiserver import running_api
from tests.webdata import MARKER, make_web_data


@pytest.fixture(scope="module")
def web_data(crawled, hub, tmp_path_factory):
    _, data_dir = crawled
    return make_web_data(data_dir, tmp_path_factory.mktemp("web") / "data", hub.hub_url)


@pytest.fixture(scope="module")
def base(web_data):
    with running_api(web_data, sites=("sample-hub",)) as url:
        yield url


def page(base: str, path: str, status: int = 200, **params) -> lxml.html.HtmlElement:
    r = requests.get(base + path, params=params, timeout=10)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "Traceback" not in r.text
    return lxml.html.fromstring(r.text)


def api(base: str, path: str, **params) -> dict:
    r = requests.get(base + path, params=params, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def group(doc, name: str) -> dict[str, int]:
    """label -> count of one filter group of the search page."""
    out = {}
    for a in doc.xpath(f'//section[@aria-labelledby="group-{name}"]//a'):
        label = "".join(a.xpath("text()")).strip()
        count = int(a.xpath('string(.//span[@class="count"]/text()[normalize-space()])').replace(",", ""))
        out[label] = count
    return out


def total(doc) -> int:
    heading = doc.xpath('string(//h2[@id="results-heading"])')
    m = re.search(r"([\d,]+) articles?", heading)
    return int(m.group(1).replace(",", "")) if m else 0


# ---------------------------------------------------------------- pages and headers


@pytest.mark.parametrize("path", ["/", "/?q=engineering+manager", "/status", "/static/style.css"])
def test_pages_send_a_strict_content_security_policy(base, path):
    r = requests.get(base + path, timeout=10)
    assert r.status_code == 200
    assert r.headers["Content-Security-Policy"] == CSP
    assert "script-src" not in CSP and "default-src 'none'" in CSP     # no script at all
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_pages_load_nothing_from_elsewhere_and_have_no_script(base):
    doc = page(base, "/", q="engineering")
    assert not doc.xpath("//script")
    for attr in doc.xpath("//link/@href | //img/@src | //form/@action"):
        assert attr.startswith("/"), attr
    assert doc.xpath("//link[@rel='stylesheet']/@href") == ["/static/style.css"]


def test_search_page_shows_what_the_api_finds(base):
    doc = page(base, "/", q="engineering manager")
    found = api(base, "/search", q="engineering manager")
    assert total(doc) == found["total"] > 10
    titles = [t.text_content() for t in doc.xpath('//ol[@class="hits"]//h3/a')]
    assert titles == [h["title"] for h in found["results"]]
    first = doc.xpath('//li[@class="hit"]')[0]
    assert first.xpath(".//mark")                                    # highlighted snippet
    assert first.xpath(".//time/@datetime")[0] == found["results"][0]["published"][:10]
    assert first.xpath('.//ul[@class="tags"]/li')                     # tag chips
    assert first.xpath('.//h3/a/@href')[0] == f"/articles/{found['results'][0]['id']}"
    topics = group(doc, "topic")
    # every value but the hostile slug with spaces, which no filter URL can carry
    assert topics == {_label(base, "topic", slug): n for slug, n in found["facets"]["topic"].items() if " " not in slug}


def test_the_page_applies_the_synonyms_table_as_the_api_does(web_data, base):
    """The same search, the same synonyms: the page's total and its filter counts are the API's."""
    without = total(page(base, "/", q="grad school"))
    with running_api(web_data, sites=("sample-hub",), synonyms={"grad": ["graduate"]}) as url:
        doc = page(url, "/", q="grad school")
        found = api(url, "/search", q="grad school")
        assert total(doc) == found["total"] > without
        titles = [t.text_content() for t in doc.xpath('//ol[@class="hits"]//h3/a')]
        assert titles == [h["title"] for h in found["results"]]
        assert group(doc, "site")["sample-hub"] == api(url, "/search", q="grad school", site="sample-hub")["total"]


def _label(base: str, facet: str, slug: str) -> str:
    return {e["slug"]: e["label"] for e in api(base, "/facets")["facets"][facet]}[slug]


def test_filter_counts_are_real_and_picking_a_value_keeps_the_others(base):
    doc = page(base, "/", q="engineering", topic="career-advancement")
    assert total(doc) == api(base, "/search", q="engineering", topic="career-advancement")["total"]
    topics = group(doc, "topic")
    # a topic's count is what the results would be with that topic instead (topics combine with OR)
    for slug in ("industry-trends", "online-learning"):
        label = _label(base, "topic", slug)
        if label in topics:
            assert topics[label] == api(base, "/search", q="engineering", topic=slug)["total"]
    for name, n in group(doc, "author").items():
        assert n == api(base, "/search", q="engineering", topic="career-advancement", author=name)["total"]
    for year, n in group(doc, "dates").items():
        assert n == api(base, "/search", q="engineering", topic="career-advancement",
                        since=f"{year}-01-01", until=f"{year}-12-31")["total"]
    assert group(doc, "site") == {"sample-hub": api(base, "/search", q="engineering", topic="career-advancement",
                                                    site="sample-hub")["total"]}
    remove = doc.xpath('//div[@class="active-filters"]//a[contains(@class, "chip-active")]/@href')
    assert remove == ["/?q=engineering"]


def test_the_url_holds_the_whole_state(base):
    doc = page(base, "/", q="engineering", topic="career-advancement", sort="newest", limit="5")
    nxt = doc.xpath('//nav[@class="pager"]//a[@rel="next"]/@href')[0]
    assert parse_qs(urlsplit(nxt).query) == {"q": ["engineering"], "topic": ["career-advancement"],
                                               "sort": ["newest"], "limit": ["5"], "page": ["2"]}
    second = page(base, nxt)
    assert second.xpath('//nav[@class="pager"]//a[@aria-current="page"]')[0].text_content().strip() == "Page 2"
    hidden = {(i.get("name"), i.get("value")) for i in doc.xpath('//form[@role="search"]//input[@type="hidden"]')}
    assert hidden == {("topic", "career-advancement"), ("sort", "newest"), ("limit", "5")}
    found = api(base, "/search", q="engineering", topic="career-advancement", sort="newest", limit=5, page=2)
    assert [a.text_content() for a in second.xpath('//ol[@class="hits"]//h3/a')] == \
        [h["title"] for h in found["results"]]


def test_empty_fields_of_the_forms_count_as_not_given(base):
    doc = page(base, "/", q="engineering", since="", until="")
    assert total(doc) == api(base, "/search", q="engineering")["total"]


def test_a_misspelling_that_finds_nothing_shows_results_for_the_suggestion(base):
    found = api(base, "/search", q="scholarshp")     # the API shows the suggestion's results itself
    assert found["corrected"] == found["suggestions"][0] and found["query"] == "scholarshp" and found["total"]
    fixed = found["suggestions"][0]
    doc = page(base, "/", q="scholarshp")
    notice = doc.xpath('string(//p[@class="notice"])')
    assert "Showing results for" in notice and fixed in notice
    assert total(doc) == api(base, "/search", q=fixed)["total"] > 0
    again = page(base, doc.xpath('//p[@class="notice"]/a/@href')[0])      # the words as typed
    assert total(again) == 0
    assert "Did you mean" in again.xpath('string(//p[@class="notice"])')
    assert again.xpath('//p[@class="notice"]/a/@href') == [f"/?q={fixed}"]


def test_a_misspelling_among_good_words_shows_their_results_and_asks(base):
    found = api(base, "/search", q="tuiton assistance")
    assert found["total"] and found["matched"] == "partial" and found["suggestions"]
    doc = page(base, "/", q="tuiton assistance")
    notices = [n.text_content() for n in doc.xpath('//p[@class="notice"]')]
    assert any("Did you mean" in n and found["suggestions"][0] in n for n in notices)
    assert any("some of them" in n for n in notices)
    assert total(doc) == found["total"]


def test_an_empty_result_helps(base):
    doc = page(base, "/", q="qwxzzvkj", topic="career-advancement")
    assert doc.xpath('string(//h2[@id="results-heading"])').strip() == "No articles found"
    empty = doc.xpath('//div[@class="empty"]')[0]
    links = empty.xpath(".//a/@href")
    assert "/?q=qwxzzvkj" in links                     # the same words without the filter
    assert "/?topic=career-advancement" in links       # somewhere to start from


def test_article_page_shows_every_field_and_related_with_reasons(base):
    hit = api(base, "/search", q="engineering manager", limit=1)["results"][0]
    doc = page(base, f"/articles/{hit['id']}")
    article = api(base, "/article", id=hit["id"])
    assert doc.xpath("string(//h1)") == article["title"]
    assert doc.xpath('//p[@class="original"]/a/@href') == [article["url"]]
    fields = [dt.text_content() for dt in doc.xpath('//dl[@class="fields"]/dt')]
    for name in article:
        assert any(f.startswith(name) for f in fields), name
    related = api(base, "/related", id=hit["id"], limit=8)["results"]
    items = doc.xpath('//ul[@class="related"]/li')
    assert [i.xpath("string(a)") for i in items] == [r["title"] for r in related]
    for item, r in zip(items, related):
        why = item.xpath('string(p[@class="why"])')
        assert why.startswith("Why: ")
        if r["reason"] == "editor":
            assert "editors" in why
    assert {s.text for s in doc.xpath('//table[@class="sources"]//td[1]')} == set(article["sources"])


def test_hostile_text_is_escaped_everywhere(base):
    r = requests.get(base + "/", params={"q": MARKER}, timeout=10)
    pages = [r.text]
    ids = re.findall(r'href="/articles/([0-9a-f]{12})"', r.text)
    assert len(ids) == 2
    pages += [requests.get(f"{base}/articles/{i}", timeout=10).text for i in ids]
    pages.append(requests.get(base + "/status", timeout=10).text)
    for html in pages:
        low = html.lower()
        assert "<script" not in low and "<img" not in low and "<style" not in low and "<b>" not in low
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//script | //img | //style | //iframe | //object | //b | //i")
        assert not doc.xpath("//@*[starts-with(name(), 'on')]")              # no event handler attribute
        assert not [h for h in doc.xpath("//@href | //@src | //@action")
                    if not h.startswith(("/", "http://", "https://", "#"))]  # javascript: never a link
    assert "&lt;script&gt;window.__pwned" in pages[0]
    assert "<mark>Zebracorn</mark>" in pages[0] or "<mark>zebracorn</mark>" in pages[0]
    doc = lxml.html.fromstring(pages[1] if "Mallory &lt;script" in pages[1] else pages[2])
    assert doc.xpath("string(//h1)").startswith("<script>window.__pwned")       # shown as text
    assert not [h for h in doc.xpath("//a/@href") if not h.startswith(("/", "http://", "https://", "#"))]


# ---------------------------------------------------------------- errors, writing, tokens


@pytest.mark.parametrize("path, params, status, words", [
    ("/", {"limit": "0"}, 400, "limit must be between 1 and 100"),
    ("/", {"bogus": "1"}, 400, "unknown parameter 'bogus'"),
    ("/", {"page": "x"}, 400, "page must be a whole number"),
    ("/", {"since": "2024-02-30"}, 400, "not a real date"),
    ("/", {"since": "2024-05-01", "until": "2024-01-01"}, 400, "since must not be after until"),
    ("/", {"q": "x" * 501}, 400, "q may be at most 500 characters"),
    ("/", {"sort": "best"}, 400, "sort must be one of"),
    ("/articles/nothex", {}, 404, "ids are 12 hexadecimal digits"),
    ("/articles/000000000000", {}, 404, "not in the index"),
    ("/articles/000000000000", {"x": "1"}, 400, "unknown parameter"),
    ("/status", {"x": "1"}, 400, "unknown parameter"),
    ("/static/nothing.js", {}, 404, "no file"),
])
def test_bad_input_is_a_clear_page_never_a_traceback(base, path, params, status, words):
    doc = page(base, path, status, **params)
    assert words in doc.xpath('string(//p[@class="error-message"])')


def test_unknown_paths_answer_browsers_with_a_page_and_apps_with_json(base):
    r = requests.get(base + "/nowhere", headers={"Accept": "text/html,application/xhtml+xml"}, timeout=10)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = requests.get(base + "/nowhere", timeout=10)
    assert r.status_code == 404 and r.json()["error"]["status"] == 404
    r = requests.post(base + "/", data={"q": "x"}, timeout=10)
    assert r.status_code == 405 and r.headers["content-type"].startswith("text/html")


def _files(root: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every file but SQLite's `-shm` (the shared-memory index of
    the write-ahead log, which every reader of the database maps and marks)."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in Path(root).rglob("*")
            if p.is_file() and not p.name.endswith("-shm")}


def test_pages_write_nothing(base, web_data):
    requests.get(base + "/health", timeout=10)            # the index's readers are open and cached
    before = _files(web_data)
    for path in ("/", f"/?q={MARKER}", "/status", "/?topic=career-advancement&page=2"):
        assert requests.get(base + path, timeout=10).status_code == 200
    after = _files(web_data)
    assert after == before


def test_status_page_shows_each_sites_runs_and_a_chart(base, web_data, capsys, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[index]\ndir = "{Path(web_data).as_posix()}"\n\n[sites.sample-hub]\n'
                      f'start_url = "https://hub.example.edu/knowledge-hub/"\n', encoding="utf-8")
    assert run.main(["--config", str(config), "status", "--json", "--history", "5"]) == 0
    status = json.loads(capsys.readouterr().out)
    doc = page(base, "/status")
    site = doc.xpath('//section[@class="site"]')[0]
    assert site.xpath("string(h2)") == "sample-hub"
    last = status["sites"][0]["last_run"]
    row = site.xpath('.//table[@class="runs"]/tbody/tr')[0]
    cells = [c.text_content().strip() for c in row.xpath("td")]
    assert cells[3].startswith(last["outcome"])
    assert cells[4:] == [str(last["counts"][k]) for k in ("new", "updated", "unchanged", "removed", "failed")]
    svg = site.xpath('.//*[local-name()="svg"]')[0]
    assert svg.get("role") == "img"
    assert len(svg.xpath('.//*[local-name()="rect"]')) >= 1
    assert f"{status['index']['articles']}" in doc.xpath('string(//div[@class="summary-cards"])')


def test_with_a_token_pages_need_it_unless_made_public(web_data):
    with running_api(web_data, ApiSettings(token="s3cret")) as url:
        r = requests.get(url + "/", timeout=10)
        assert r.status_code == 401 and r.headers["content-type"].startswith("text/html")
        assert "Bearer" in r.text
        ok = requests.get(url + "/", headers={"Authorization": "Bearer s3cret"}, timeout=10)
        assert ok.status_code == 200
    with running_api(web_data, ApiSettings(token="s3cret", public_pages=True)) as url:
        assert requests.get(url + "/", params={"q": "engineering"}, timeout=10).status_code == 200
        assert requests.get(url + "/status", timeout=10).status_code == 200
        assert requests.get(url + "/static/style.css", timeout=10).status_code == 200
        r = requests.get(url + "/search", params={"q": "engineering"}, timeout=10)
        assert r.status_code == 401 and r.json()["error"]["status"] == 401     # the API still needs it
        assert requests.get(url + "/health", timeout=10).status_code == 401


def test_public_pages_do_not_lift_the_token_rule_for_binding(tmp_path, crawled, capsys):
    config, _ = crawled
    code = run.main(["--config", str(config), "serve", "--host", "0.0.0.0", "--port", "0", "--public-pages"])
    assert code == 78
    assert "needs a token" in capsys.readouterr().err


def test_public_pages_in_the_config(tmp_path):
    from pipeline.core.config import load_settings

    path = tmp_path / "c.toml"
    path.write_text('[api]\ntoken = "t"\npublic_pages = true\n', encoding="utf-8")
    assert load_settings(path).api.public_pages is True
    path.write_text('[api]\npublic_pages = "yes"\n', encoding="utf-8")
    from pipeline.core.errors import ConfigError
    with pytest.raises(ConfigError, match="public_pages"):
        load_settings(path)



def test_the_history_chart_stacks_each_runs_counts_to_scale():
    from pipeline.faces.web.status import HEIGHT, BOTTOM, TOP, chart

    def run(i, **counts):
        full = {k: counts.get(k, 0) for k in ("new", "updated", "unchanged", "removed", "failed")}
        return {"id": i, "started_at": f"2025-01-0{i}T10:00:00+00:00", "outcome": "ok", "counts": full}

    c = chart([run(1, new=40), run(2, updated=3, unchanged=37, failed=2), run(3)])
    assert c.top == 50 and len(c.bars) == 3
    plot = HEIGHT - BOTTOM - TOP
    assert [p[0] for p in c.bars[1].parts] == ["updated", "unchanged", "failed"]
    assert sum(p[2] for p in c.bars[0].parts) == pytest.approx(40 / 50 * plot)
    tops = [p[1] for p in c.bars[1].parts]
    assert tops == sorted(tops, reverse=True)                     # stacked upwards, no overlap
    assert c.bars[2].parts == [] and "run 3" in c.bars[2].title
    assert c.bars[0].x < c.bars[1].x < c.bars[2].x                # oldest on the left
    assert "3 runs from 2025-01-01 to 2025-01-03" in c.summary
    assert chart([]).bars == [] and chart([]).summary == "No runs yet."
