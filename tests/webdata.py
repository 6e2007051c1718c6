"""A data directory for the web page tests: a real crawl of the sample hub plus hostile articles.

The hostile articles are upserted through the index's own writer, as a crawl would store them:
their title, summary, authors, tags, body and related links carry markup and `javascript:`
links that would run if a page wrote them out unescaped. Each would set `window.__pwned`.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from index import open_index
from pipeline.core.models import Article
from pipeline.core.workspace import Workspace

MARKER = "zebracorn"     # a word only the hostile articles have
SCRIPT = "<script>window.__pwned = 'script'</script>"
IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"
JS_LINK = "javascript:window.__pwned='link'"


def hostile_articles() -> list[Article]:
    when = datetime(2025, 3, 3, 12, 0, tzinfo=timezone.utc)
    first = Article(
        url="https://evil.example.org/blog/zebracorn-attack/",
        title=f"{SCRIPT}{IMG} Zebracorn <b>bold</b> & “quotes” ]]</mark>",
        author=[f"Mallory {SCRIPT}", "Eve <img src=y onerror=\"window.__pwned='author'\">"],
        published=when, updated=when,
        summary=f"Zebracorn summary {IMG} <a href=\"{JS_LINK}\">click me</a>",
        body=(f"Zebracorn body starts. {SCRIPT} Then an image {IMG} and a link "
              f"<a href=\"{JS_LINK}\">javascript link</a>. [[not a mark]] <style>body{{display:none}}</style>\n"
              "Second paragraph about zebracorn engineering management."),
        tags=[{"facet": "topic", "slug": "career-advancement", "label": f"Career {IMG}"},
              {"facet": "topic", "slug": "x\" onfocus=\"window.__pwned='slug'", "label": f"Bad slug {SCRIPT}"},
              {"facet": "keyword", "slug": "zebra", "label": "<i>zebra</i>"}],
        related=[{"url": JS_LINK, "title": f"Related {IMG}", "tags": []},
                 {"url": "https://evil.example.org/blog/zebracorn-second/", "title": "Second zebracorn", "tags": []}],
        site="evil", fetched_at=when, content_hash="0" * 32,
        sources={"title": f"heuristic {SCRIPT}", "body": "selector"},
    )
    second = Article(
        url="https://evil.example.org/blog/zebracorn-second/",
        title="Second zebracorn article",
        author=["Mallory"], published=when, summary="The second zebracorn article.",
        body="Zebracorn again, with engineering management words.",
        tags=[{"facet": "topic", "slug": "career-advancement", "label": "Career Advancement"}],
        related=[{"url": first.url, "title": "First", "tags": []}],
        site="evil", fetched_at=when, content_hash="1" * 32,
    )
    return [first, second]


def make_web_data(crawled_data: Path, target: Path, hub_url: str) -> Path:
    """A copy of a crawled data directory, crawled once more (a second run for the status page's
    history) from the sample hub at `hub_url`, with the hostile articles added."""
    import run
    from tests.conftest import write_config

    shutil.copytree(crawled_data, target)
    config = write_config(target.parent / "web.toml", hub_url, target)
    assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
    index = open_index(Workspace(target).index_path)
    try:
        index.upsert(hostile_articles())
    finally:
        index.close()
    return target
