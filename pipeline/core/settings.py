"""The settings as frozen dataclasses with their defaults: what the rest of the program reads.
config.py fills them from config.toml and checks every value; each key is documented in the README."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.core.errors import ConfigError
from pipeline.core.urls import canonicalize, host_of

# Query parameters of tag links that name a facet, and path segments that do
# (WordPress: /tag/x/, /category/x/). A site's config replaces these.
DEFAULT_TAG_PARAMS = {"topic": "topic", "area_of_study": "area_of_study", "tag": "tag", "category": "category"}
DEFAULT_TAG_PATHS = {"tag": "tag", "category": "category", "topic": "topic"}


@dataclass(frozen=True)
class CrawlSettings:
    """Defaults for every site; each is documented in the README under [crawl]."""

    user_agent: str = "hubindex/0.1"
    contact_url: str = "https://github.com/hubindex/hubindex"
    delay: float = 2.0          # seconds between two requests to one host: polite by default
    timeout: float = 20.0       # seconds; never None, so a silent server cannot hang a run
    max_bytes: int = 5_000_000  # a larger body is cut off and the page counted as failed
    retries: int = 2            # extra attempts on 5xx, 429 and network errors
    max_pages: int = 0          # article pages fetched per site and run; 0 means no limit
    max_hosts: int = 32         # hosts crawled at once (one request at a time each); sites on one host take turns
    batch_size: int = 200       # articles per index commit: small commits cost Whoosh more per article
    # Unattended operation (run.py schedule / status; README "Running unattended").
    # More failed pages than this share makes the run a failed one (exit 1). Half, not less: a
    # site's own broken links and a few transient errors are normal and retried next run, while
    # a layout change or an outage fails nearly every page.
    max_failure_ratio: float = 0.2
    heartbeat_url: str = ""     # pinged at start, success and failure; "" means no heartbeat
    every: float = 86400.0      # seconds between scheduled runs of a site (config: "24h")
    jitter: float = 0.0         # up to this many seconds added at random to each due time

    @property
    def full_user_agent(self) -> str:
        return f"{self.user_agent} (+{self.contact_url})" if self.contact_url else self.user_agent


@dataclass(frozen=True)
class SiteConfig:
    """One knowledge hub to crawl."""

    name: str
    start_url: str
    listing_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    delay: float = 2.0
    max_pages: int = 0
    tag_params: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_PARAMS))
    tag_paths: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TAG_PATHS))
    selectors: dict[str, str] = field(default_factory=dict)
    every: float = 86400.0      # scheduler: seconds between runs (ignored when `at` is set)
    at: str | None = None       # scheduler: daily at this local time, "HH:MM:SS"
    jitter: float = 0.0         # scheduler: random delay of up to this many seconds per due time

    def on_allowed_host(self, url: str) -> bool:
        scheme, host = host_of(url)
        return scheme in ("http", "https") and (host or "") in self.allowed_hosts

    def in_scope(self, url: str) -> bool:
        """True when `url` is on an allowed host, matches an include pattern and no exclude one."""
        if not self.on_allowed_host(url):
            return False
        include, exclude = self._patterns
        if not any(p.search(url) for p in include):
            return False
        return not any(p.search(url) for p in exclude)

    @property
    def scope_path(self) -> str:
        """The path of the section that `start_url` names (see section_path)."""
        return section_path(urlsplit(canonicalize(self.start_url)).path)

    @cached_property
    def _patterns(self) -> tuple[list[re.Pattern], list[re.Pattern]]:
        return [re.compile(p) for p in self.include], [re.compile(p) for p in self.exclude]


@dataclass(frozen=True)
class ApiSettings:
    """`run.py serve` (pipeline/faces/api/server.py); each key is documented in the README under [api]."""

    token: str = ""                         # bearer token; required to bind anything but loopback
    cors_origins: tuple[str, ...] = ()      # browser origins allowed to read responses; () = no CORS
    workers: int = 2                        # request threads per process: a bounded pool, never one per client
    processes: int = 0                      # server processes sharing the socket; 0 = one per CPU (POSIX), at most 8
    timeout: float = 30.0                   # seconds a connection may sit idle or trickle before it is closed
    public_pages: bool = False              # the HTML pages answer without the token (the JSON API still needs it)


@dataclass(frozen=True)
class WorkerSettings:
    """`run.py worker` (pipeline/running/worker.py); each key is documented in the README under [worker]."""

    claim_timeout: float = 30.0   # seconds without a worker's heartbeat before another takes over its hosts
    poll: float = 10.0            # seconds between two looks for due sites and stalled claims


@dataclass(frozen=True)
class IndexSettings:
    """Which backend keeps the articles; each key is documented in the README under [index]."""

    backend: str = "whoosh"     # whoosh (files under dir/index/) | postgresql (the database at `url`)
    url: str = ""               # postgresql://user@host:port/dbname; $HUBINDEX_DATABASE_URL replaces it
    pool_size: int = 4          # database connections one open index holds at most

    @property
    def display_url(self) -> str:
        """`url` without its password, for messages and logs."""
        return redact_url(self.url)


def redact_url(url: str) -> str:
    """A connection URL with any password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{netloc[1]}").geturl()


@dataclass(frozen=True)
class SearchSettings:
    """`search`, `related` and the API's searches; each key is documented in the README under [search]."""

    # word or phrase -> its equivalents; each entry and its list form one group (expanded at query time)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    path: Path | None
    index_dir: Path
    crawl: CrawlSettings
    sites: dict[str, SiteConfig]
    api: ApiSettings = field(default_factory=ApiSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    worker: WorkerSettings = field(default_factory=WorkerSettings)

    def with_index(self, index_dir: str | Path | None) -> "Settings":
        return self if index_dir is None else replace(self, index_dir=Path(index_dir))

    def site(self, name: str | None) -> list[SiteConfig]:
        """The named site, or every site when name is None."""
        if name is None:
            return list(self.sites.values())
        if name not in self.sites:
            known = ", ".join(sorted(self.sites)) or "none"
            raise ConfigError(f"no site named {name!r} in the configuration (known: {known})")
        return [self.sites[name]]


def section_path(path: str) -> str:
    """The section a start URL's path names, ending in "/": `/news` and `/news/` alike are
    `/news/`; a file's (`/blog/index.html`) is its folder."""
    if path.endswith("/"):
        return path
    head, _, last = path.rpartition("/")
    return path + "/" if last and "." not in last else head + "/"
