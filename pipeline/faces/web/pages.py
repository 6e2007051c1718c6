"""The HTML pages of `serve`: the search page (`/`), article pages, the status page, their assets.

They run in the API's process, on its worker threads, over the same per-thread index readers
(`pipeline.faces.api.readers.StorePool`) and the same response cache, and ask the same `Index`
methods as the JSON endpoints (`search`, `related`, `show`, `facets`, and `counts` for the
numbers beside each filter).

Indexed pages come from the open web, so every page is written as hostile input would require:
templates escape everything (`pipeline.faces.web.render`), links to other sites must be http(s), and
every page is sent with a Content-Security-Policy that allows no script at all and loads
styles and images from this server only. Pages only read: every form is a GET.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any, Callable

import falcon

from index import Filters, Index
from pipeline.core.errors import HubindexError, StoreError
from pipeline.faces.api import readers
from pipeline.faces.api.params import ParamError, parse_params
from pipeline.faces.web.render import render
from pipeline.faces.web.state import parse_page_query
from pipeline.faces.web.status import SERIES, read_runs
from pipeline.faces.web.views import article_view, search_view

log = logging.getLogger("hubindex.api")

PAGE_ROUTES = ("/", "/articles/{id}", "/status", "/static/{name}")
HTML = "text/html; charset=utf-8"
# No script of any kind, no plugin, no frame; styles, images and form targets from this server
# only. The pages need nothing else, so an injected tag would find nothing it is allowed to do.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",          # a click to an indexed site does not tell it the search
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
ID = re.compile(r"[0-9a-f]{12}")


def is_page_path(path: str) -> bool:
    """Whether `path` is one of the HTML pages (or their assets) rather than a JSON endpoint."""
    return path in ("/", "/status") or path.startswith(("/articles/", "/static/"))


def wants_html(req: falcon.Request) -> bool:
    return is_page_path(req.path) or "text/html" in (req.get_header("Accept") or "")


def error_page(status: int, message: str, detail: str = "") -> str:
    titles = {400: "That address does not work", 401: "A token is needed", 404: "Not found",
              405: "Not allowed", 500: "Something went wrong", 503: "No index yet"}
    return render("error.html", title=titles.get(status, "Error"), status=status, message=message, detail=detail,
                  nav="")


class Pages:
    """The pages over one API's readers; `sites` are the configured site names."""

    def __init__(self, api, sites: tuple[str, ...] = ()) -> None:
        self.api = api
        self.sites = tuple(sites)
        self._memo: dict[str, Any] = {}
        self._memo_generation: tuple | None = None
        self._lock = threading.Lock()
        self.static = {p.name: (STATIC_TYPES[p.suffix], p.read_bytes())
                       for p in STATIC_DIR.iterdir() if p.suffix in STATIC_TYPES}

    def _per_generation(self, name: str, compute: Callable[[], Any]) -> Any:
        """`compute()` once per index generation (facet labels, the sites in the index)."""
        generation = self.api.generation()
        with self._lock:
            if self._memo_generation == generation and name in self._memo:
                return self._memo[name]
        value = compute()
        with self._lock:
            if self._memo_generation != generation:
                self._memo, self._memo_generation = {}, generation
            self._memo[name] = value
        return value

    def _site_names(self, index: Index) -> list[str]:
        """Configured sites and any other site with runs in the crawl state that has articles."""
        runs = read_runs(self.api.pool.workspace, list(self.sites), self.api.pool.runlog())
        names = [s["site"] for s in runs["sites"]]
        numbers = index.counts("", [Filters(site=n) for n in names])
        return [n for n, count in zip(names, numbers) if n in self.sites or count]

    # ------------------------------------------------------------ pages

    def search_page(self, req: falcon.Request) -> str:
        params = parse_page_query(req.query_string or "")
        index = self.api.pool.get()
        labels = self._per_generation("labels", lambda: _labels(index))
        sites = self._per_generation("sites", lambda: self._site_names(index))
        view = search_view(index, params, labels, sites, self.api.synonyms)
        title = f"{params['q']} – search" if params["q"] else "Search"
        return render("search.html", title=title, nav="search", series=SERIES, **view)

    def article_page(self, req: falcon.Request, id: str) -> str:
        parse_params([], req.query_string or "")
        if not ID.fullmatch(id):
            raise readers.NotFound(f"no article has the id {id[:40]!r}: ids are 12 hexadecimal digits")
        index = self.api.pool.get()
        article = readers.article(index, id)
        return render("article.html", title=article.get("title") or article["url"], nav="",
                      **article_view(index, article))

    def status_page(self, req: falcon.Request) -> str:
        parse_params([], req.query_string or "")
        index = self.api.pool.get()
        info = readers.index_info(index)
        runs = read_runs(self.api.pool.workspace, list(self.sites), self.api.pool.runlog())
        numbers = index.counts("", [Filters(site=s["site"]) for s in runs["sites"]])
        for site, n in zip(runs["sites"], numbers):
            site["articles"] = n
        return render("status.html", title="Crawl status", nav="status", index=info, runs=runs, series=SERIES,
                      last_crawl=readers.last_crawl(self.api.pool.workspace, self.api.pool.runlog()))


def _labels(index: Index) -> dict[str, dict[str, str]]:
    """facet -> slug -> label, as the sites show them."""
    return {f: {e["slug"]: e["label"] for e in values} for f, values in index.facets().items()}


class _PageRoute:
    """One HTML page: its errors are HTML pages too (never a traceback), its answers cached per
    index generation like the API's when `cached`."""

    def __init__(self, pages: Pages, page: Callable[..., str], cached: bool) -> None:
        self.pages, self.page, self.cached = pages, page, cached

    def on_get(self, req: falcon.Request, resp: falcon.Response, **kw: str) -> None:
        resp.content_type = HTML
        resp.set_headers(HEADERS)
        try:
            if self.cached:
                api = self.pages.api
                key = (api.generation(), req.uri)
                answer = api.responses.get(key)
                if answer is None:
                    answer = (HTML, self.page(req, **kw))
                    api.responses.put(key, answer)
                else:
                    req.context.cached = True
                resp.text = answer[1]
            else:
                resp.text = self.page(req, **kw)
        except ParamError as exc:
            resp.status, resp.text = falcon.HTTP_400, error_page(400, str(exc))
        except readers.NotFound as exc:
            resp.status, resp.text = falcon.HTTP_404, error_page(404, str(exc))
        except StoreError as exc:
            resp.status, resp.text = falcon.HTTP_503, error_page(
                503, str(exc), "Crawl a site first (python run.py crawl); this page shows the index once it exists.")
        except HubindexError as exc:
            resp.status, resp.text = falcon.HTTP_400, error_page(400, str(exc))
        except Exception:  # noqa: BLE001 - a page answers with a page, and the log gets the traceback
            log.exception("unexpected error on %s?%s", req.path, req.query_string)
            resp.status, resp.text = falcon.HTTP_500, error_page(500, "internal error; the server log has the details")


class _Static:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages

    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        resp.set_headers(HEADERS)
        found = self.pages.static.get(name)
        if found is None or req.query_string:
            resp.status, resp.content_type = falcon.HTTP_404, HTML
            resp.text = error_page(404, f"no file {name[:60]!r} here")
            return
        resp.content_type, resp.data = found


def add_pages(app: falcon.App, api, sites: tuple[str, ...] = ()) -> Pages:
    """Registers the page routes (`PAGE_ROUTES`) on `app` over `api`'s readers and cache."""
    pages = Pages(api, sites)
    app.add_route("/", _PageRoute(pages, pages.search_page, cached=True))
    app.add_route("/articles/{id}", _PageRoute(pages, pages.article_page, cached=True))
    app.add_route("/status", _PageRoute(pages, pages.status_page, cached=False))
    app.add_route("/static/{name}", _Static(pages))
    return pages
