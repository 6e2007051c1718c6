"""Headless Chromium for the web page tests, driven by Playwright, or a one-line reason to skip.

Debian's `chromium` package is the browser (Playwright's own browser downloads are never
used); `.ci/run` installs it. Screenshots go to `$HUBINDEX_SCREENSHOTS` when set, else to
`screenshots/` in pytest's temporary directory (its path is printed at the end of the run).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("HUBINDEX_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, as .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (python -m pip install -e '.[test]')"
    return None


def axe_source() -> str:
    """axe-core's browser script, as the axe-playwright-python package (a test dependency) ships it."""
    from importlib.resources import files

    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
