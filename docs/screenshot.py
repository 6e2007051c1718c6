"""Makes docs/search-page.png, the README's picture of the search page.

    python docs/screenshot.py

Indexes the curated sample-hub articles into a temporary directory, serves them on a free
loopback port and photographs one search with Debian's Chromium (`apt-get install chromium`)
driven by Playwright (from the `test` extra).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import rebuild_index  # noqa: E402
from tests import browser  # noqa: E402
from tests.apiserver import running_api  # noqa: E402
from tests.relevance.corpus import curated_articles  # noqa: E402

QUERY = "/?q=engineering+manager&topic=career-advancement"


def main() -> None:
    reason = browser.missing()
    if reason:
        raise SystemExit(reason)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="hubindex-shot-") as tmp:
        data = Path(tmp) / "data"
        rebuild_index(data / "index", curated_articles())
        with running_api(data, sites=("sample-hub",)) as base, sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.ARGS)
            page = chromium.new_page(viewport={"width": 1200, "height": 1180})
            page.goto(base + QUERY)
            out = ROOT / "docs" / "search-page.png"
            page.screenshot(path=str(out))
            chromium.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
