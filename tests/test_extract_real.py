"""Extraction on real pages of ../shared/realpages (read at test time; their text is never copied here).

Each case names a page and a field whose value comes from a different kind of source; the
expected value is the set's own truth.jsonl. Skipped where the page set is not beside the project.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from pipeline.extraction.extract import decode_html, extract_html
from tests.conftest import ROOT

REAL = ROOT.parent / "shared" / "realpages"
pytestmark = pytest.mark.skipif(not (REAL / "truth.jsonl").exists(), reason="real page set not available")

sys.path.insert(0, str(ROOT / "bench"))
from extract_real import author_set, norm, tag_set  # noqa: E402  (the benchmark's scoring rules)


def truth() -> dict[str, dict]:
    return {t["id"]: t for t in map(json.loads, (REAL / "truth.jsonl").read_text(encoding="utf-8").splitlines())}


def extract(page: dict):
    raw = gzip.decompress((REAL / page["file"]).read_bytes())
    return extract_html(decode_html(raw), page["url"], require_article=False)


CASES = [  # (page id, field, the source that must supply it)
    ("tf-0afd671fc2b64f3caa83a91537e8d343-0e3bcb", "title", "json-ld"),
    ("tf-0ac0531f1f0543f4a3f68159e5fd1875-aac6bf", "title", "meta"),
    ("tf-anarc.at.cdpath-cfe719", "title", "heuristic"),
    ("tf-1000things.at-wellnessoasen-91f241", "author", "json-ld"),
    ("tf-archive.org.juergenheitmann.com.aggression-225f79", "author", "meta"),
    ("tf-agrarheute.com.abfallholz-5b2797", "author", "microdata"),
    ("tf-achtundvierzig.hypotheses.org.822-147ab9", "author", "rel-author"),
    ("tf-24horas.cl-segundo-569da8", "author", "heuristic"),
    ("tf-0ac0531f1f0543f4a3f68159e5fd1875-aac6bf", "published", "json-ld"),
    ("tf-abc7news.com-napa-f2f285", "published", "meta"),
    ("tf-eurailpress.de-rekordniveau-695b92", "published", "microdata"),
    ("tf-5min.at-villachs-b558c1", "published", "time-element"),
    ("tf-archive.org.nesselsetzer.wordpress.com.antipoden-bab045", "published", "microformat"),
    ("tf-antary.de.wireshark-c52f15", "published", "heuristic"),
    ("tf-archive.org.he.xinhuanet.com.25340717-a5a258", "published", "url"),
    ("tf-achtundvierzig.hypotheses.org.822-147ab9", "tags", "links"),
    ("tf-interscenar.io.hoeren-87c1e5", "tags", "links"),
    ("tf-t3n.de-laufzeit-fcc614", "tags", "json-ld"),
]


@pytest.mark.parametrize("page_id, field, source", CASES, ids=[f"{c[1]}-{c[2]}" for c in CASES])
def test_real_page_field(page_id, field, source):
    page = truth()[page_id]
    article = extract(page)
    assert article.sources.get(field) == source
    if field == "title":
        assert norm(article.title) == norm(page["title"])
    elif field == "author":
        assert author_set("; ".join(article.author)) == author_set(page["author"])
    elif field == "published":
        assert article.published.date().isoformat() == page["date_published"]
    elif field == "tags":
        # Every tag found is one the page shows; the truth may list more (sections and
        # breadcrumbs that no rule reads as tags).
        got = tag_set(t["label"] for t in article.tags)
        assert got and got <= tag_set(page["tags"])


def test_every_real_page_extracts_without_raising():
    for page in truth().values():
        article = extract(page)
        assert article.url.startswith("http")
        assert article.published is None or article.published.tzinfo is not None


STRUCTURE = [  # (page id, field, source): fields the truth file does not annotate, checked by shape
    ("tf-1000things.at-wellnessoasen-91f241", "url", "link-canonical"),
    ("tf-0ac0531f1f0543f4a3f68159e5fd1875-aac6bf", "url", "meta"),
    ("tf-anarc.at.cdpath-cfe719", "url", "url"),
    ("tf-campino2k.de.uberspace-f44888", "related", "container"),
    ("tf-japantimes.co.jp.surgical-c5efa0", "related", "heading"),
    ("tf-0ac0531f1f0543f4a3f68159e5fd1875-aac6bf", "summary", "meta"),
    ("tf-publimetro.cl-ministra-84628f", "summary", "json-ld"),
    ("tf-anarc.at.cdpath-cfe719", "summary", "body"),
]


@pytest.mark.parametrize("page_id, field, source", STRUCTURE, ids=[f"{c[1]}-{c[2]}" for c in STRUCTURE])
def test_real_page_structure(page_id, field, source):
    from pipeline.core.urls import canonicalize

    page = truth()[page_id]
    article = extract(page)
    assert article.sources.get(field) == source
    host = article.url.split("/")[2]
    if field == "url":
        assert article.url == canonicalize(page["url"])
    elif field == "related":
        assert 2 <= len(article.related) <= 8
        for item in article.related:
            assert item["title"] and item["url"].split("/")[2] == host and item["url"] != article.url
            assert item["title"] not in article.body          # the related block is not body text
    elif field == "summary":
        assert len(article.summary.split()) >= 8
    assert len(article.body.split()) >= 50


BODIES = [  # (page id, the structure that used to cost the page most of its text, snippets it may miss)
    ("tf-houzz.de-projekte-1bd5de", "photo descriptions classed as comments", 0),
    ("tf-sports.fr.lorient-a42a21", "live commentary classed as comments", 0),
    ("tf-backen.de.maulwurfkuchen-a61c60", "steps, each beside its picture", 2),    # the header's yield, a product link
    ("tf-ext.theperspective.com.items-0963eb", "a slideshow's hidden pages", 0),
    ("tf-caymancompass.com-prison-a920dc", "a one-paragraph teaser and the headline's picture", 0),
    ("tf-uebermedien.de-israel-41fda3", "readers' comments longer than the article", 0),
]


@pytest.mark.parametrize("page_id, structure, may_miss", BODIES, ids=[b[1] for b in BODIES])
def test_real_page_body_snippets(page_id, structure, may_miss):
    page = truth()[page_id]
    body = " ".join(extract(page).body.split())
    missing = [s for s in page["body_with"] if " ".join(s.split()) not in body]
    assert len(missing) <= may_miss, f"{structure}: {missing} missing"
    for snippet in page["body_without"]:
        if page_id != "tf-houzz.de-projekte-1bd5de":    # its closing question to readers sits in a photo's text
            assert " ".join(snippet.split()) not in body, f"{structure}: {snippet!r} in the body"
