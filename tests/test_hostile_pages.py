"""Pages built to exhaust a crawler are bounded: parsing time, list sizes, file size."""

from __future__ import annotations

import time

import run
from pipeline.extraction.extract import extract_html
from pipeline.extraction.selectors import MAX_AUTHORS, MAX_RELATED, MAX_TAGS

BODY = "<p>" + "An ordinary sentence about graduate study and careers. " * 40 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return (f"<html><head><title>A hostile page</title>{head}</head><body><article><h1>A hostile page</h1>"
            f"{body}{BODY}</article></body></html>")


def test_an_element_with_200000_attributes_is_parsed_in_seconds():
    attrs = " ".join(f'data-a{i}="x"' for i in range(200_000))
    page = _page(body=f"<div {attrs}>filler</div>")
    assert len(page) > 2_000_000
    t0 = time.monotonic()
    article = extract_html(page, "https://example.org/hostile/")
    assert time.monotonic() - t0 < 20
    assert "ordinary sentence" in article.body


def test_authors_tags_and_related_links_are_capped():
    authors = "".join(f'<meta name="author" content="Person {i}">' for i in range(5000))
    tags = "".join(f'<a rel="tag" href="/tag/t{i}/">Tag {i}</a>' for i in range(5000))
    related = "<section class='related-posts'><h2>Related posts</h2><ul>" + "".join(
        f'<li><a href="/post-{i}/">Another post number {i} about something</a></li>' for i in range(5000)) + "</ul></section>"
    article = extract_html(_page(head=authors, body=tags + related), "https://example.org/hostile/")
    assert len(article.author) <= MAX_AUTHORS
    assert len(article.tags) <= MAX_TAGS
    assert len(article.related) <= MAX_RELATED


def test_extract_file_has_the_fetch_byte_cap(tmp_path, capsys):
    big = tmp_path / "big.html"
    big.write_bytes(_page().encode() + b" " * 6_000_000)
    code = run.main(["extract", str(big)])
    err = capsys.readouterr().err
    assert code == 1 and "byte cap" in err and err.count("\n") == 1
