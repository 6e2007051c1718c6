"""config.toml to frozen dataclasses: the one place that knows defaults and validates them.

Every key documented here is also documented in the README (a test checks that).
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.errors import ConfigError
from pipeline.core.timespec import parse_clock, parse_duration
from pipeline.core.urls import canonicalize, host_of, split_url

DEFAULT_CONFIG = "config.toml"
CONFIG_ENV = "HUBINDEX_CONFIG"
DATABASE_URL_ENV = "HUBINDEX_DATABASE_URL"   # replaces [index] url: keeps a password out of config files
BACKENDS = ("whoosh", "postgresql")

# Query parameters of tag links that name a facet, and path segments that do
# (WordPress: /tag/x/, /category/x/). A site's config replaces these.
DEFAULT_TAG_PARAMS = {"topic": "topic", "area_of_study": "area_of_study", "tag": "tag", "category": "category"}
DEFAULT_TAG_PATHS = {"tag": "tag", "category": "category", "topic": "topic"}
SELECTOR_FIELDS = ("title", "author", "published", "updated", "summary", "body", "tags", "related")


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


def resolve_config_path(explicit: str | None) -> Path:
    """--config, else $HUBINDEX_CONFIG, else ./config.toml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_settings(path: str | Path) -> Settings:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path} (use --config PATH or set {CONFIG_ENV})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    return parse_settings(data, text=text, path=path)


def parse_settings(data: dict[str, Any], text: str = "", path: Path | None = None) -> Settings:
    """Validate a parsed TOML document; errors name the file, line and key."""
    v = _Validator(text, path)
    v.only_keys(data, "", {"index", "crawl", "sites", "api", "search", "worker"})
    index = v.table(data, "", "index")
    v.only_keys(index, "index", {"dir", "backend", "url", "pool_size"})
    base = path.parent if path else Path.cwd()
    index_dir = Path(v.get(index, "index", "dir", str, "data"))
    if not index_dir.is_absolute():
        index_dir = Path(os.path.normpath(base / index_dir))

    crawl_t = v.table(data, "", "crawl")
    defaults = CrawlSettings()
    v.only_keys(crawl_t, "crawl", set(CrawlSettings.__dataclass_fields__))
    crawl = CrawlSettings(
        user_agent=v.get(crawl_t, "crawl", "user_agent", str, defaults.user_agent, nonempty=True),
        contact_url=v.get(crawl_t, "crawl", "contact_url", str, defaults.contact_url),
        delay=v.number(crawl_t, "crawl", "delay", defaults.delay, minimum=0),
        timeout=v.number(crawl_t, "crawl", "timeout", defaults.timeout, minimum=0.1),
        max_bytes=v.integer(crawl_t, "crawl", "max_bytes", defaults.max_bytes, minimum=1024),
        retries=v.integer(crawl_t, "crawl", "retries", defaults.retries, minimum=0),
        max_pages=v.integer(crawl_t, "crawl", "max_pages", defaults.max_pages, minimum=0),
        max_hosts=v.integer(crawl_t, "crawl", "max_hosts", defaults.max_hosts, minimum=1, maximum=256),
        batch_size=v.integer(crawl_t, "crawl", "batch_size", defaults.batch_size, minimum=1),
        max_failure_ratio=v.number(crawl_t, "crawl", "max_failure_ratio", defaults.max_failure_ratio, minimum=0),
        heartbeat_url=v.get(crawl_t, "crawl", "heartbeat_url", str, defaults.heartbeat_url),
        every=v.duration(crawl_t, "crawl", "every", defaults.every, minimum=1),
        jitter=v.duration(crawl_t, "crawl", "jitter", defaults.jitter, minimum=0),
    )

    if crawl.heartbeat_url:
        v.url("crawl", "heartbeat_url", crawl.heartbeat_url)
    sites_t = v.table(data, "", "sites")
    sites = {name: _parse_site(v, name, value, crawl) for name, value in sites_t.items()}
    return Settings(path=path, index_dir=index_dir, crawl=crawl, sites=sites, api=_parse_api(v, data),
                    index=parse_index_settings(v, index), search=_parse_search(v, data),
                    worker=_parse_worker(v, data))


def parse_index_settings(v: "_Validator", t: dict[str, Any], env: dict[str, str] | None = None) -> IndexSettings:
    """[index] backend, url and pool_size; $HUBINDEX_DATABASE_URL replaces `url`."""
    env = os.environ if env is None else env
    d = IndexSettings()
    backend = v.get(t, "index", "backend", str, d.backend)
    if backend not in BACKENDS:
        raise v.error("index", "backend", f"must be one of {', '.join(BACKENDS)}, not {backend!r}")
    url = env.get(DATABASE_URL_ENV) or v.get(t, "index", "url", str, d.url)
    pool_size = v.integer(t, "index", "pool_size", d.pool_size, minimum=1, maximum=100)
    if backend == "postgresql":
        where = f"${DATABASE_URL_ENV}" if env.get(DATABASE_URL_ENV) else "index.url"
        if not url:
            raise v.error("index", "url", f"backend \"postgresql\" needs a url = \"postgresql://...\" "
                                          f"(or ${DATABASE_URL_ENV})")
        try:
            scheme = urlsplit(url).scheme
        except ValueError:
            scheme = ""
        if scheme not in ("postgresql", "postgres"):
            message = f"must start with postgresql://, not {redact_url(url)!r}"
            if where == "index.url":
                raise v.error("index", "url", message)
            raise ConfigError(f"{where} {message}")
    return IndexSettings(backend=backend, url=url, pool_size=pool_size)




def _parse_search(v: "_Validator", data: dict[str, Any]) -> SearchSettings:
    t = v.table(data, "", "search")
    v.only_keys(t, "search", set(SearchSettings.__dataclass_fields__))
    table = v.table(t, "search", "synonyms")
    synonyms: dict[str, tuple[str, ...]] = {}
    for key, values in table.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not values or not all(isinstance(x, str) and x.strip() for x in values):
            raise v.error("search.synonyms", key, "must be a word or phrase, or a list of them, "
                                                  'like grad = ["graduate", "graduate school"]')
        if not key.strip():
            raise v.error("search.synonyms", key, "an empty word has no synonyms")
        synonyms[key] = tuple(values)
    return SearchSettings(synonyms=synonyms)


def _parse_api(v: "_Validator", data: dict[str, Any]) -> ApiSettings:
    t = v.table(data, "", "api")
    v.only_keys(t, "api", set(ApiSettings.__dataclass_fields__))
    d = ApiSettings()
    return ApiSettings(
        token=v.get(t, "api", "token", str, d.token),
        cors_origins=tuple(v.str_list(t, "api", "cors_origins", list(d.cors_origins))),
        workers=v.integer(t, "api", "workers", d.workers, minimum=1),
        processes=v.integer(t, "api", "processes", d.processes, minimum=0, maximum=64),
        timeout=v.number(t, "api", "timeout", d.timeout, minimum=1),
        public_pages=v.get(t, "api", "public_pages", bool, d.public_pages),
    )


def _parse_worker(v: "_Validator", data: dict[str, Any]) -> WorkerSettings:
    t = v.table(data, "", "worker")
    v.only_keys(t, "worker", set(WorkerSettings.__dataclass_fields__))
    d = WorkerSettings()
    return WorkerSettings(claim_timeout=v.number(t, "worker", "claim_timeout", d.claim_timeout, minimum=1),
                          poll=v.number(t, "worker", "poll", d.poll, minimum=0.1))


def section_path(path: str) -> str:
    """The section a start URL's path names, ending in "/": `/news` and `/news/` alike are
    `/news/`; a file's (`/blog/index.html`) is its folder."""
    if path.endswith("/"):
        return path
    head, _, last = path.rpartition("/")
    return path + "/" if last and "." not in last else head + "/"


def site_from_url(url: str, crawl: CrawlSettings, name: str = "adhoc", delay: float | None = None) -> SiteConfig:
    """A site with the default rules whose scope is the URL's path (for `crawl --url` and the demo)."""
    v = _Validator("", None)
    table: dict[str, Any] = {"start_url": url}
    if delay is not None:
        table["delay"] = delay
    return _parse_site(v, name, table, crawl)


_SITE_KEYS = {
    "start_url", "listing_urls", "sitemaps", "allowed_hosts", "include", "exclude",
    "delay", "max_pages", "tag_params", "tag_paths", "selectors", "every", "at", "jitter",
}


def _parse_site(v: "_Validator", name: str, t: Any, crawl: CrawlSettings) -> SiteConfig:
    where = f"sites.{name}"
    if not isinstance(t, dict):
        raise v.error(where, None, "must be a table")
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise v.error(where, None, "site names may hold only letters, digits, '-' and '_'")
    v.only_keys(t, where, _SITE_KEYS)
    start = v.get(t, where, "start_url", str, None, required=True)
    v.url(where, "start_url", start)
    parts = urlsplit(canonicalize(start))   # scope patterns match canonical URLs
    host = (parts.hostname or "").lower()
    path = section_path(parts.path)
    scope = re.escape(f"{parts.scheme}://{parts.netloc}{path}")
    listing = v.str_list(t, where, "listing_urls", [start])
    for u in listing:
        v.url(where, "listing_urls", u)
    sitemaps = v.str_list(t, where, "sitemaps", [])
    for u in sitemaps:
        v.url(where, "sitemaps", u)
    include = v.str_list(t, where, "include", ["^" + scope])
    exclude = v.str_list(t, where, "exclude", [])
    for key, patterns in (("include", include), ("exclude", exclude)):
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise v.error(where, key, f"invalid regular expression {p!r}: {exc}") from None
    selectors = v.str_map(t, where, "selectors", {})
    if selectors:
        from cssselect import GenericTranslator, SelectorError   # slow to import; only sites with selectors need it
    for field_name, css in selectors.items():
        try:
            GenericTranslator().css_to_xpath(css)      # checked now, not after a crawl's first pages
        except SelectorError as exc:
            raise v.error(where, "selectors", f"{field_name}: {css!r} is not a valid CSS selector ({exc})") from None
    bad = set(selectors) - set(SELECTOR_FIELDS)
    if bad:
        raise v.error(where, "selectors", f"unknown field {sorted(bad)[0]!r} (fields: {', '.join(SELECTOR_FIELDS)})")
    return SiteConfig(
        name=name,
        start_url=start,
        listing_urls=tuple(listing),
        sitemaps=tuple(sitemaps),
        allowed_hosts=tuple(h.lower() for h in v.str_list(t, where, "allowed_hosts", [host])),
        include=tuple(include),
        exclude=tuple(exclude),
        delay=v.number(t, where, "delay", crawl.delay, minimum=0),
        max_pages=v.integer(t, where, "max_pages", crawl.max_pages, minimum=0),
        tag_params=v.str_map(t, where, "tag_params", dict(DEFAULT_TAG_PARAMS)),
        tag_paths=v.str_map(t, where, "tag_paths", dict(DEFAULT_TAG_PATHS)),
        selectors=selectors,
        **_site_schedule(v, where, t, crawl),
    )


def _site_schedule(v: "_Validator", where: str, t: dict, crawl: CrawlSettings) -> dict[str, Any]:
    """`every` or `at` (not both) and `jitter`; defaults from [crawl]."""
    if "every" in t and "at" in t:
        raise v.error(where, "at", "give either `every` or `at`, not both")
    at = None
    if "at" in t:
        try:
            at = parse_clock(v.get(t, where, "at", str, None))
        except ValueError as exc:
            raise v.error(where, "at", str(exc)) from None
    return {"every": v.duration(t, where, "every", crawl.every, minimum=1), "at": at,
            "jitter": v.duration(t, where, "jitter", crawl.jitter, minimum=0)}


# Python type names as a config file's author knows them (TOML's words)
_TOML_TYPES = {"int": "whole number", "str": "string", "float": "number", "bool": "boolean", "list": "list",
               "dict": "table"}


class _Validator:
    """Type checks whose messages point at the file, line and key."""

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = text.splitlines()
        self.path = path

    def _line(self, table: str, key: str | None) -> int | None:
        """Line of `key =` inside [table], else of a [table.key] sub-table header, else of [table]."""
        current = ""
        header_line = sub_table_line = None
        sub_table = f"{table}.{key}" if table and key else key
        for no, raw in enumerate(self.lines, 1):
            line = raw.strip()
            m = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if m:
                current = m.group(1).replace('"', "").replace(" ", "")
                if current == table and header_line is None:
                    header_line = no
                if sub_table and sub_table_line is None and (current == sub_table or current.startswith(sub_table + ".")):
                    sub_table_line = no
                continue
            if key and current == table and re.match(rf'^"?{re.escape(key)}"?\s*=', line):
                return no
        return sub_table_line or header_line

    def error(self, table: str, key: str | None, message: str) -> ConfigError:
        name = ".".join(p for p in (table, key) if p)
        line = self._line(table, key) if self.lines else None
        where = str(self.path) if self.path else "config"
        if line:
            where += f", line {line}"
        return ConfigError(f"{where}: {name}: {message}")

    def only_keys(self, t: dict, table: str, allowed: set[str]) -> None:
        for key in t:
            if key not in allowed:
                raise self.error(table, key, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def table(self, t: dict, table: str, key: str) -> dict:
        value = t.get(key, {})
        if not isinstance(value, dict):
            raise self.error(table, key, "must be a table")
        return value

    def get(self, t: dict, table: str, key: str, typ: type | tuple, default: Any, required: bool = False, nonempty: bool = False) -> Any:
        if key not in t:
            if required:
                raise self.error(table, key, "is required")
            return default
        value = t[key]
        if not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
            expected = _TOML_TYPES.get(typ.__name__, typ.__name__) if isinstance(typ, type) else "number"
            got = _TOML_TYPES.get(type(value).__name__)
            raise self.error(table, key, f"must be a {expected}, not " + (f"a {got}" if got else type(value).__name__))
        if nonempty and not value:
            raise self.error(table, key, "must not be empty")
        return value

    def number(self, t: dict, table: str, key: str, default: float, minimum: float) -> float:
        value = self.get(t, table, key, (int, float), default)  # type: ignore[arg-type]
        if not math.isfinite(value):          # TOML allows nan and inf; no setting means either
            raise self.error(table, key, f"must be a finite number, not {value}")
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum}")
        return float(value)

    def integer(self, t: dict, table: str, key: str, default: int, minimum: int, maximum: int | None = None) -> int:
        value = self.get(t, table, key, int, default)
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise self.error(table, key, f"must be at most {maximum}")
        return value

    def str_list(self, t: dict, table: str, key: str, default: list[str]) -> list[str]:
        value = self.get(t, table, key, list, default)
        if not all(isinstance(x, str) and x for x in value):
            raise self.error(table, key, "must be a list of non-empty strings")
        return list(value)

    def str_map(self, t: dict, table: str, key: str, default: dict[str, str]) -> dict[str, str]:
        value = self.get(t, table, key, dict, default)
        if not all(isinstance(x, str) and x for x in value.values()):
            raise self.error(table, key, "must map names to non-empty strings")
        return dict(value)

    def duration(self, t: dict, table: str, key: str, default: float, minimum: float) -> float:
        """Seconds from "6h", "1h30m", "45s" or a number of seconds."""
        if key not in t:
            return default
        try:
            value = parse_duration(t[key])
        except (ValueError, TypeError) as exc:
            raise self.error(table, key, str(exc) if isinstance(t[key], str) else
                             f"must be a duration like \"6h\", not {type(t[key]).__name__}") from None
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum:g} seconds")
        return value

    def url(self, table: str, key: str, value: str) -> None:
        try:
            parts = split_url(value)
        except ValueError as exc:
            raise self.error(table, key, f"not a usable URL: {value!r} ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.error(table, key, f"not an http(s) URL: {value!r}")
