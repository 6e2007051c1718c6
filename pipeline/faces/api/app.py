"""The read-only JSON API as a Falcon WSGI application (served by waitress, see pipeline/faces/api/server.py).

Every route is a GET registered from `api.openapi.ROUTES`; its parameters are validated by
`api.params.parse_query` from the same tables the OpenAPI document is generated from. The
bodies of `/search` and `/related` are exactly what `run.py search --json` and `run.py related
--json` print, because both call `index.search.search` and `index.related.related`.

Every error, ours or Falcon's (unknown route, wrong method), has one shape:
`{"error": {"status": 400, "message": "...", "parameter": "limit"}}`. An unexpected exception
is logged with its traceback and answered with a 500 in that shape, never the traceback.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from pathlib import Path
from typing import Any, Callable, Iterable

import falcon

from pipeline.core.config import IndexSettings
from pipeline.core.errors import HubindexError, StoreError, UnknownValue
from pipeline.core.models import article_id

from pipeline.faces.api import readers
from pipeline.faces.api.feeds import CONTENT_TYPE as ATOM_TYPE, atom_feed, describe, feed_id
from pipeline.faces.api.openapi import ROUTES, build_document
from pipeline.faces.api.params import ParamError, filters_from, parse_query, target_from
from pipeline.faces.web.pages import HEADERS as PAGE_HEADERS, HTML, add_pages, error_page, is_page_path, wants_html

log = logging.getLogger("hubindex.api")

SLOW_REQUEST = 0.5    # seconds: a request slower than this is logged as a warning
UNCACHED = {"/health", "/openapi.json"}   # answers that do not depend on the index generation alone


def _error_body(status: int, message: str, **extra: Any) -> str:
    return json.dumps({"error": {"status": status, "message": message, **extra}}, ensure_ascii=False)


class _Auth:
    """Bearer-token check, in constant time, when a token is configured (OPTIONS preflights pass,
    and so do the HTML pages when they are made public)."""

    def __init__(self, token: str, public_pages: bool = False) -> None:
        self.token = token.encode("utf-8")
        self.public_pages = public_pages

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.method == "OPTIONS" or (self.public_pages and is_page_path(req.path)):
            return
        scheme, _, given = (req.get_header("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), self.token):
            raise falcon.HTTPUnauthorized(title="Unauthorized",
                                          description="this server needs `Authorization: Bearer TOKEN`",
                                          challenges=["Bearer"])


class _VaryOrigin:
    """With an allowlist, the answer's CORS headers depend on the request's Origin: caches must
    keep one copy per origin (`Vary: Origin`), or a shared cache hands one origin's copy to another."""

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        resp.append_header("Vary", "Origin")


class _Timing:
    """Logs each request's duration (debug) and the slow ones (warning), and tells the client in a
    `Server-Timing` header (`app;dur=MS`, with `desc="cached"` for an answer from the cache)."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.started = time.perf_counter()

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        took = time.perf_counter() - getattr(req.context, "started", time.perf_counter())
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.set_header("Cache-Control", "no-cache")
        cached = ';desc="cached"' if getattr(req.context, "cached", False) else ""
        resp.set_header("Server-Timing", f"app;dur={took * 1000:.2f}{cached}")
        level = logging.WARNING if took > SLOW_REQUEST else logging.DEBUG
        log.log(level, "%s %s?%s -> %s in %.1f ms", req.method, req.path, req.query_string, resp.status, took * 1000)


class _Route:
    """One GET endpoint: validate the query string, run the handler with this thread's store."""

    def __init__(self, api: "Api", path: str, handler: Callable[[dict[str, Any], falcon.Request], tuple[str, str]]):
        self.api, self.path, self.handler = api, path, handler

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        params = parse_query(self.path, req.query_string or "")
        if self.path in UNCACHED:
            content_type, body = self._answer(params, req)
        else:
            key = (self.api.generation(), req.uri)
            answer = self.api.responses.get(key)
            if answer is None:
                answer = self._answer(params, req)
                self.api.responses.put(key, answer)
            else:
                req.context.cached = True
            content_type, body = answer
        resp.content_type = content_type
        resp.text = body


    def _answer(self, params: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        try:
            return self.handler(params, req)
        except UnknownValue as exc:         # a filter value no article has: the parameter is at fault
            raise ParamError(str(exc), exc.option) from None


class Api:
    """The application's state: the data directory and its per-thread readers."""

    def __init__(self, data_dir: str | Path, index: IndexSettings | None = None, synonyms: dict | None = None) -> None:
        self.pool = readers.StorePool(data_dir, index)
        self.synonyms = synonyms or {}
        self.responses = readers.ResponseCache()
        self._openapi = json.dumps(build_document(), ensure_ascii=False)

    def generation(self) -> str:
        """The index generation this thread's next read sees (reopening its reader if stale)."""
        return self.pool.get().generation()

    def _json(self, data: Any) -> tuple[str, str]:
        return falcon.MEDIA_JSON, json.dumps(data, ensure_ascii=False)

    # ------------------------------------------------------------ endpoints

    def search(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        result = self.pool.get().search(p["q"], filters_from(p), limit=p["limit"], page=p["page"], sort=p["sort"],
                                        synonyms=self.synonyms, highlight=p["highlight"])
        return self._json(result.to_dict())

    def related(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        target = target_from(p)
        ref = target.url or target.id
        filters = filters_from(p)
        index = self.pool.get()
        readers.require(index, ref)
        hits = index.related(ref, filters, limit=p["limit"])
        article = index.get(ref)
        return self._json({"id": article_id(article.url), "url": article.url, "title": article.title,
                           "results": [h.to_dict() for h in hits]})

    def article(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        target = target_from(p)
        return self._json(readers.article(self.pool.get(), target.url or target.id))

    def facets(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        return self._json(readers.facets(self.pool.get(), filters_from(p)))

    def _newest(self, p: dict[str, Any]):
        return self.pool.get().search("", filters_from(p), limit=p["limit"], sort="newest", with_facets=False,
                                      with_highlights=False, with_suggestions=False)

    def recent(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        result = self._newest(p)
        return self._json({"total": result.total, "limit": result.limit,
                           "results": [h.to_dict() for h in result.hits]})

    def feed(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        filters = filters_from(p)
        result = self._newest(p)
        what = describe(filters.facets, filters.site, filters.authors)
        chunks = atom_feed((h.to_dict() for h in result.hits),
                           title="hubindex: newest articles" + (f" ({what})" if what else ""),
                           id=feed_id("feed|" + what), self_url=req.uri)
        return ATOM_TYPE, "".join(chunks)

    def health(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        return self._json({"status": "ok", "index": readers.index_info(self.pool.get()),
                           "last_crawl": readers.last_crawl(self.pool.workspace, self.pool.runlog())})

    def openapi(self, p: dict[str, Any], req: falcon.Request) -> tuple[str, str]:
        return falcon.MEDIA_JSON, self._openapi

    def close(self) -> None:
        self.pool.close()


# ---------------------------------------------------------------- errors


def _serialize_error(req: falcon.Request, resp: falcon.Response, exc: falcon.HTTPError) -> None:
    message = exc.description
    if not message and exc.status_code == 404:
        message = f"no endpoint at {req.path}; /openapi.json lists them"
    elif not message and exc.status_code == 405:
        message = f"{req.method} is not allowed: every endpoint is read-only and takes GET"
    message = message or exc.title or "error"
    if wants_html(req):           # a page, or a browser that asked for one: the error as a page
        resp.content_type = HTML
        resp.set_headers(PAGE_HEADERS)
        resp.text = error_page(exc.status_code, message)
        return
    resp.content_type = falcon.MEDIA_JSON
    resp.text = _error_body(exc.status_code, message)


def _handler(status: int, log_traceback: bool = False):
    def handle(req: falcon.Request, resp: falcon.Response, exc: Exception, params: dict) -> None:
        if log_traceback:
            log.error("unexpected error on %s?%s", req.path, req.query_string, exc_info=exc)
            message = "internal error; the server log has the details"
        else:
            message = str(exc)
        extra = {"parameter": exc.parameter} if isinstance(exc, ParamError) and exc.parameter else {}
        resp.status = status
        resp.content_type = falcon.MEDIA_JSON
        resp.text = _error_body(status, message, **extra)
    return handle


class HubApp(falcon.App):
    """The Falcon app, holding its `Api` (for shutdown and tests)."""

    api: Api


def create_app(data_dir: str | Path, token: str = "", cors_origins: Iterable[str] = (), public_pages: bool = False,
               sites: Iterable[str] = (), index: IndexSettings | None = None,
               synonyms: dict | None = None) -> HubApp:
    """The WSGI application over the index in `data_dir` (the directory holding `index/`): the
    JSON endpoints of `ROUTES` and the HTML pages of `pipeline.faces.web.pages.PAGE_ROUTES`.

    `token`: when set, every request needs `Authorization: Bearer TOKEN`, except the HTML pages'
    when `public_pages`. `cors_origins`: the origins allowed to read responses from a browser;
    none means no CORS headers at all. `sites`: the configured site names (the status page lists
    them even before their first run). `synonyms`: the `[search] synonyms` table searches expand.
    """
    middleware: list[Any] = [_Timing()]
    origins = list(cors_origins)
    if origins:
        middleware.append(falcon.CORSMiddleware(allow_origins="*" if origins == ["*"] else origins))
        if origins != ["*"]:
            middleware.append(_VaryOrigin())
    if token:
        middleware.append(_Auth(token, public_pages=public_pages))
    app = HubApp(middleware=middleware)
    api = app.api = Api(data_dir, index, synonyms)
    for path, (op_id, _summary, _schema) in ROUTES.items():
        app.add_route(path, _Route(api, path, getattr(api, op_id)))
    add_pages(app, api, tuple(sites))
    # Most specific first: Falcon picks the handler of the nearest class in the MRO.
    app.add_error_handler(Exception, _handler(500, log_traceback=True))
    app.add_error_handler(HubindexError, _handler(400))
    app.add_error_handler(StoreError, _handler(503))
    app.add_error_handler(readers.NotFound, _handler(404))
    app.add_error_handler(ParamError, _handler(400))
    # Falcon's own errors (unknown route, wrong method, 401) keep its default HTTPError handler,
    # more specific than `Exception`, which renders them through this serializer.
    app.set_error_serializer(_serialize_error)
    return app
