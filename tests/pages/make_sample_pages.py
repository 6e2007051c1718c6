"""Regenerate the saved sample-hub pages used by test_extract.py:  python tests/pages/make_sample_pages.py"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from pipeline.samplehub import render  # noqa: E402
from pipeline.samplehub.hub import Hub  # noqa: E402

BASE = "https://hub.example"
ARTICLES = ("what-can-i-do-with-a-masters-in-engineering-management", "emerging-engineering-manager-skills",
            "value-of-masters-degree")


def pages() -> dict[str, str]:
    hub = Hub()
    out = {f"sample-{slug}.html": render.article_page(hub, hub.by_slug[slug], BASE) for slug in ARTICLES}
    two_authors = next(e for e in hub.curated if len(e["authors"]) > 1)
    out["sample-two-authors.html"] = render.article_page(hub, two_authors, BASE)
    out["sample-listing.html"] = render.listing_page(hub, BASE, 2, "career-advancement", None)
    out["sample-home.html"] = render.hub_home(hub, BASE)
    out["sample-404.html"] = render.not_found_page()
    return out


if __name__ == "__main__":
    for name, text in pages().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(name)
