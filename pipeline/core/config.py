"""config.toml to the settings (settings.py): the one place that reads the file and validates it.

Every key documented here is also documented in the README (a test checks that).
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.core.errors import ConfigError
from pipeline.core.settings import (
    DEFAULT_TAG_PARAMS, DEFAULT_TAG_PATHS, ApiSettings, CrawlSettings, IndexSettings, SearchSettings, Settings,
    SiteConfig, WorkerSettings, redact_url, section_path)
from pipeline.core.timespec import parse_clock
from pipeline.core.tomlcheck import Validator
from pipeline.core.urls import canonicalize

DEFAULT_CONFIG = "config.toml"
CONFIG_ENV = "HUBINDEX_CONFIG"
DATABASE_URL_ENV = "HUBINDEX_DATABASE_URL"   # replaces [index] url: keeps a password out of config files
BACKENDS = ("whoosh", "postgresql")

SELECTOR_FIELDS = ("title", "author", "published", "updated", "summary", "body", "tags", "related")


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
    v = Validator(text, path)
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


def parse_index_settings(v: Validator, t: dict[str, Any], env: dict[str, str] | None = None) -> IndexSettings:
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


def _parse_search(v: Validator, data: dict[str, Any]) -> SearchSettings:
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


def _parse_api(v: Validator, data: dict[str, Any]) -> ApiSettings:
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


def _parse_worker(v: Validator, data: dict[str, Any]) -> WorkerSettings:
    t = v.table(data, "", "worker")
    v.only_keys(t, "worker", set(WorkerSettings.__dataclass_fields__))
    d = WorkerSettings()
    return WorkerSettings(claim_timeout=v.number(t, "worker", "claim_timeout", d.claim_timeout, minimum=1),
                          poll=v.number(t, "worker", "poll", d.poll, minimum=0.1))


def site_from_url(url: str, crawl: CrawlSettings, name: str = "adhoc", delay: float | None = None) -> SiteConfig:
    """A site with the default rules whose scope is the URL's path (for `crawl --url` and the demo)."""
    v = Validator("", None)
    table: dict[str, Any] = {"start_url": url}
    if delay is not None:
        table["delay"] = delay
    return _parse_site(v, name, table, crawl)


_SITE_KEYS = {
    "start_url", "listing_urls", "sitemaps", "allowed_hosts", "include", "exclude",
    "delay", "max_pages", "tag_params", "tag_paths", "selectors", "every", "at", "jitter",
}


def _parse_site(v: Validator, name: str, t: Any, crawl: CrawlSettings) -> SiteConfig:
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


def _site_schedule(v: Validator, where: str, t: dict, crawl: CrawlSettings) -> dict[str, Any]:
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
