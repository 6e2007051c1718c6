"""The sample hub's HTTP server (stdlib, threaded), with ETag/Last-Modified and 304s.

Articles carry validators of their content (ETag and Last-Modified); every other page that
answers 200 (listings, sitemaps, feeds, basic pages) an ETag of its body, as a web server or a
CDN in front of the common systems gives it, and a matching If-None-Match gets a 304."""

from __future__ import annotations

import email.utils
import hashlib
import re
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from pipeline.samplehub import render
from pipeline.samplehub.hub import HUB_PATH, LISTING_PATH, Hub
from pipeline.samplehub.styles import style_module

_LISTING = re.compile(rf"^{re.escape(LISTING_PATH)}(?:page/(\d+)/)?$")
_ARTICLE = re.compile(rf"^{re.escape(HUB_PATH)}([a-z0-9-]+)/$")
_AUTHOR = re.compile(rf"^{re.escape(HUB_PATH)}author/([a-z0-9-]+)/$")
_POST_SITEMAP = re.compile(r"^/post-sitemap(\d*)\.xml$")


class _Handler(BaseHTTPRequestHandler):
    server: "SampleHubServer"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go out in two writes; no 40 ms stalls

    def log_message(self, format: str, *args) -> None:  # quiet: tests and benchmarks read stdout
        if self.server.verbose:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        hub, base = self.server.hub, self.server.base_url
        self._kind = self.server.count(self.path)
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if self.server.styler is not None:
            return self._styled(path, query, head)
        if path == "/robots.txt":
            return self._send(200, render.robots_txt(base), "text/plain; charset=utf-8", head=head)
        if path == "/sitemap_index.xml":
            return self._send(200, render.sitemap_index(hub, base), "application/xml; charset=utf-8", head=head)
        if path == "/page-sitemap.xml":
            return self._send(200, render.page_sitemap(base), "application/xml; charset=utf-8", head=head)
        m = _POST_SITEMAP.match(path)
        if m:
            xml = render.post_sitemap(hub, base, int(m.group(1) or 1))
            if xml is not None:
                return self._send(200, xml, "application/xml; charset=utf-8", head=head)
        if path == f"{HUB_PATH}feed/":
            return self._send(200, render.rss_feed(hub, base), "application/rss+xml; charset=utf-8", head=head)
        if path in ("/", HUB_PATH):
            return self._send(200, render.hub_home(hub, base), head=head)
        m = _LISTING.match(path)
        if m:
            page = render.listing_page(hub, base, int(m.group(1) or 1),
                                       (query.get("topic") or [None])[0], (query.get("area_of_study") or [None])[0])
            if page is not None:
                return self._send(200, page, head=head)
        m = _AUTHOR.match(path)
        if m:
            page = render.author_page(hub, base, m.group(1))
            if page is not None:
                return self._send(200, page, head=head)
        page = render.site_page(path.strip("/"), base) if path.endswith("/") else None
        if page is not None:
            return self._send(200, page, head=head)
        m = _ARTICLE.match(path)
        if m and m.group(1) in hub.redirects:
            target = f"{base}{HUB_PATH}{hub.redirects[m.group(1)]}/"
            return self._send(301, "", headers={"Location": target}, head=True)
        if m and m.group(1) in hub.by_slug:
            entry = hub.by_slug[m.group(1)]
            etag, modified = hub.etag(entry), hub.modified(entry)
            last_modified = email.utils.format_datetime(modified, usegmt=True)
            headers = {"ETag": etag, "Last-Modified": last_modified}
            if self._not_modified(etag, modified):
                return self._send(304, "", headers=headers, head=True)
            return self._send(200, render.article_page(hub, entry, base), headers=headers, head=head)
        self._send(404, render.not_found_page(), head=head)

    def _styled(self, path: str, query: dict, head: bool) -> None:
        """A page of a style other than WordPress, with the same validators and 304s."""
        styler, hub = self.server.styler, self.server.hub
        reply = styler.route(hub, self.server.base_url, path, query)
        if reply is None:
            return self._send(404, styler.not_found(), head=head)
        headers = dict(reply.headers)
        if reply.entry is not None:
            etag, modified = hub.etag(reply.entry), hub.modified(reply.entry)
            headers.update({"ETag": etag, "Last-Modified": email.utils.format_datetime(modified, usegmt=True)})
            if self._not_modified(etag, modified):
                return self._send(304, "", headers=headers, head=True)
        self._send(reply.status, reply.text, reply.ctype, headers=headers, head=head)

    def _not_modified(self, etag: str, modified) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return modified <= email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status: int, text: str, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None, head: bool = False) -> None:
        data = text.encode("utf-8")
        headers = dict(headers or {})
        if status == 200 and "ETag" not in headers:
            headers["ETag"] = '"%s"' % hashlib.blake2b(data, digest_size=8).hexdigest()
            inm = self.headers.get("If-None-Match")
            if inm is not None and headers["ETag"] in [t.strip() for t in inm.split(",")]:
                status = 304
        self.server.answers.append((self.path, status))
        if status == 304:
            self.server.count(self.path, "not-modified")
        elif status == 200 and not head and data:
            self.server.count(self.path, f"{getattr(self, '_kind', 'other')}-body")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", "0" if status == 304 else str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(data)


class SampleHubServer(ThreadingHTTPServer):
    """A running sample hub; `base_url` is where it answers. Counts requests per path kind in
    `requests`: "article" and "other" for every request, "article-body" and "other-body" for
    each one answered 200 with its body, "not-modified" for each 304; `answers` lists the
    latest (path, status) pairs answered, oldest first."""

    daemon_threads = True

    def __init__(self, host: str = "127.0.0.1", port: int = 0, articles: int = 0, seed: int = 1,
                 verbose: bool = False, style: str = "wordpress") -> None:
        self.hub = Hub(articles=articles, seed=seed)
        self.styler = style_module(style, self.hub)      # None: WordPress, rendered by render.py
        self.style = style
        self.verbose = verbose
        self.requests: dict[str, int] = {}
        self.answers: deque[tuple[str, int]] = deque(maxlen=100_000)
        self._lock = threading.Lock()
        super().__init__((host, port), _Handler)
        shown = f"[{host}]" if ":" in host else host
        self.base_url = f"http://{shown}:{self.server_address[1]}"

    def count(self, path: str, what: str | None = None) -> str:
        """Count a request of `path` (or, with `what`, that kind of answer to it); its kind."""
        if what is None:
            if self.styler is not None:
                kind = "article" if self.styler.article_of(self.hub, urlsplit(path).path) is not None else "other"
            else:
                m = _ARTICLE.match(urlsplit(path).path)
                kind = ("article" if m and (m.group(1) in self.hub.by_slug or m.group(1) in self.hub.redirects)
                        else "other")
            what = kind
        with self._lock:
            self.requests[what] = self.requests.get(what, 0) + 1
        return what

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up mid-answer (a crawler giving up on a 404's body) is normal:
        no traceback on stderr for it; anything else is printed as socketserver does."""
        import sys

        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)

    @property
    def hub_url(self) -> str:
        """Where the hub's articles start: the knowledge hub of the WordPress style, the site's
        root for the others (whose sections sit side by side)."""
        return self.base_url + (HUB_PATH if self.styler is None else "/")


def start_sample_hub(host: str = "127.0.0.1", port: int = 0, articles: int = 0, seed: int = 1,
                     style: str = "wordpress") -> SampleHubServer:
    """Start a sample hub in a daemon thread; call .shutdown() and .server_close() when done.
    `style` is the system whose markup and URLs it imitates (see styles.STYLES)."""
    server = SampleHubServer(host, port, articles, seed, style=style)
    thread = threading.Thread(target=server.serve_forever, name="sample-hub", daemon=True)
    thread.start()
    return server
