"""The web pages in a real browser: Debian's Chromium, headless, driven by Playwright.

A person's paths through the pages (search, filter, page, open an article, follow a related
link), the same by keyboard alone, hostile articles (nothing runs, nothing is injected), and
axe-core's accessibility rules run in the same browser. Each page visited is saved as a
screenshot (see tests/browser.py for where). Skipped, with the reason, without Chromium.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests import browser

REASON = browser.missing()
if REASON:
    pytest.skip(REASON, allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.apiserver import running_api  # noqa: E402
from tests.webdata import MARKER, make_web_data  # noqa: E402

# Rules checked by axe-core: the WCAG 2.0/2.1 A and AA rules (labels, contrast, ARIA, landmarks
# and more) and the best practices, heading order among them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def base(crawled, hub, tmp_path_factory):
    _, data_dir = crawled
    data = make_web_data(data_dir, tmp_path_factory.mktemp("webbrowser") / "data", hub.hub_url)
    with running_api(data, sites=("sample-hub",)) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("HUBINDEX_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.ARGS)
        yield b
        b.close()


@pytest.fixture
def page(chromium, shots):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: problems.append(f"outside request: {r.url}")
          if not r.url.startswith(("http://127.0.0.1:", "data:")) else None)
    pg.problems = problems
    yield pg
    context.close()
    assert not problems, problems


def snap(page: Page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def query_of(page: Page) -> dict[str, list[str]]:
    from urllib.parse import parse_qs, urlsplit
    return parse_qs(urlsplit(page.url).query)


def test_search_filter_page_open_and_follow_related(page: Page, base, shots):
    page.goto(base + "/")
    snap(page, shots, "search-newest")
    page.get_by_label("Search articles").fill("engineering manager")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/\?q=engineering\+manager$"))
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("for “engineering manager”")
    before = int(re.search(r"(\d+) articles", heading.inner_text()).group(1))
    assert page.locator("ol.hits mark").count() > 0
    snap(page, shots, "search")

    topic = page.locator('section[aria-labelledby="group-topic"] a').first
    label = topic.inner_text().splitlines()[0].strip()
    topic.click()
    assert query_of(page)["topic"]
    after = int(re.search(r"(\d+) articles?", heading.inner_text()).group(1))
    assert 0 < after < before
    expect(page.locator(".active-filters")).to_contain_text(label)
    snap(page, shots, "search-filtered")

    page.goto(base + "/")
    page.get_by_role("link", name="Next page").click()
    assert query_of(page)["page"] == ["2"]
    expect(page.locator('.pager a[aria-current="page"]')).to_have_text("Page 2")
    snap(page, shots, "search-page-2")

    first = page.locator("ol.hits h3 a").first
    title = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/articles/[0-9a-f]{12}$"))
    expect(page.locator("h1")).to_have_text(title)
    assert page.get_by_role("link", name="Read the original").get_attribute("href").startswith("http")
    snap(page, shots, "article")

    related = page.locator('ul.related a[href^="/articles/"]').first
    name = related.inner_text()
    related.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("ul.related p.why").first).to_contain_text("Why:")
    snap(page, shots, "article-related")

    page.goto(base + "/status")
    expect(page.locator("section.site h2").first).to_have_text("sample-hub")
    assert page.locator("figure.chart svg rect").count() > 0
    snap(page, shots, "status")


def focused(page: Page) -> str:
    return page.evaluate("() => { const e = document.activeElement; "
                         "return (e.id || '') + '|' + (e.getAttribute('href') || '') + '|' + e.tagName }")


def tab_to(page: Page, wanted, limit: int = 40) -> str:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element (last: {focused(page)})")


def test_keyboard_only(page: Page, base, shots):
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert focused(page) == "|#main|A"                          # the skip link comes first
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"                                    # and the focus can be seen
    tab_to(page, lambda f: f.startswith("q|"))
    page.keyboard.type("nursing leadership")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=nursing\+leadership"))
    tab_to(page, lambda f: f.startswith("q|"))
    hit = tab_to(page, lambda f: "|/articles/" in f)             # the first result's title
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/articles/"))
    assert hit.split("|")[1] in page.url
    tab_to(page, lambda f: f.split("|")[1].startswith("/articles/"))   # a related article
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/articles/"))
    related = page.locator("h1").inner_text()
    assert related

    page.goto(base + "/?q=nursing")
    tab_to(page, lambda f: "topic=" in f)                       # a filter
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"topic="))
    tab_to(page, lambda f: f.startswith("since|"), limit=200)
    page.keyboard.type("01022020")                              # mm dd yyyy, as Chromium's date field takes it
    tab_to(page, lambda f: f.startswith("until|"), limit=5)
    tab_to(page, lambda f: f.endswith("BUTTON"), limit=5)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"since=2020-01-02"))
    assert query_of(page)["topic"] and query_of(page)["q"] == ["nursing"]
    snap(page, shots, "keyboard")


def test_hostile_articles_run_nothing_and_inject_nothing(page: Page, base, shots):
    page.goto(f"{base}/?q={MARKER}")
    visited = ["search"]
    links = page.locator('ol.hits h3 a[href^="/articles/"]')
    assert links.count() == 2
    hrefs = [links.nth(i).get_attribute("href") for i in range(2)]
    for name, target in (("search", None), ("first", hrefs[0]), ("second", hrefs[1])):
        if target:
            page.goto(base + target)
            visited.append(name)
        _assert_inert(page)
        snap(page, shots, f"hostile-{name}")
    page.goto(base + hrefs[0])
    hostile = page.locator("h1").inner_text()
    if "<script>" not in hostile:
        page.goto(base + hrefs[1])
        hostile = page.locator("h1").inner_text()
    assert hostile.startswith("<script>window.__pwned")             # shown as the text it is
    page.locator(".body").get_by_text("javascript link").wait_for()  # text, not a link
    for a in page.locator("a").all():
        a.focus()                                                    # nothing fires on focus either
    _assert_inert(page)


def _assert_inert(page: Page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    counts = page.evaluate("""() => ({
        scripts: document.scripts.length,
        imgs: document.images.length,
        styles: document.querySelectorAll('style').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        js: [...document.querySelectorAll('[href],[src],[action]')].filter(e =>
              /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || '')).length,
    })""")
    assert counts == {"scripts": 0, "imgs": 0, "styles": 0, "handlers": 0, "js": 0}, counts


@pytest.mark.parametrize("name, path", [
    ("search", "/?q=engineering+manager&topic=career-advancement"),
    ("newest", "/"),
    ("empty", "/?q=qwxzzvkj&topic=career-advancement"),
    ("article", None),
    ("status", "/status"),
    ("error", "/?limit=0"),
])
def test_accessibility_with_axe_core(page: Page, base, shots, name, path):
    if path is None:
        page.goto(f"{base}/?q=engineering+manager")
        path = page.locator("ol.hits h3 a").first.get_attribute("href")
    page.goto(base + path)
    page.evaluate(browser.axe_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['html'][:120]})"
                  for v in result["violations"]]
    assert not violations, violations
    checked = {r["id"] for r in result["passes"]} | {r["id"] for r in result["inapplicable"]}
    assert {"label", "color-contrast", "heading-order", "page-has-heading-one"} <= checked
    if name in ("search", "empty"):
        assert "label" in {r["id"] for r in result["passes"]}            # the inputs were there and labelled
    snap(page, shots, f"axe-{name}")
    if name == "error":     # the browser logs the page's own 400, which is what this page is about
        page.problems[:] = [p for p in page.problems if "status of 400" not in p]


def test_small_screens_get_one_column(chromium, base, shots):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    try:
        pg.goto(f"{base}/?q=engineering")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390                                          # nothing wider than the screen
        results, filters = pg.locator("section.results").bounding_box(), pg.locator("aside.filters").bounding_box()
        assert filters["y"] > results["y"]                           # filters below the results
        pg.screenshot(path=str(shots / "search-phone.png"), full_page=False)
    finally:
        context.close()
