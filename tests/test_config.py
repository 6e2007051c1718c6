"""pipeline/core/config.py: TOML to frozen dataclasses, defaults, and errors that name the key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.config import (
    CONFIG_ENV, DEFAULT_TAG_PARAMS, DEFAULT_TAG_PATHS, CrawlSettings, SiteConfig, load_settings,
    resolve_config_path, site_from_url,
)
from pipeline.crawling.discover import canonicalize
from pipeline.core.errors import ConfigError

FULL = """\
[index]
dir = "/srv/hubindex/data"

[crawl]
user_agent = "testbot/1.0"
contact_url = "https://example.org/contact"
delay = 0.5
timeout = 7.5
max_bytes = 2048
retries = 4
max_pages = 30
max_hosts = 3
batch_size = 5

[sites.blog]
start_url = "https://Example.com/hub/"
listing_urls = ["https://example.com/hub/all/"]
sitemaps = ["https://example.com/post-sitemap.xml"]
allowed_hosts = ["Example.com", "www.example.com"]
include = ['^https://(www\\.)?example\\.com/hub/[^/]+/$']
exclude = ['/hub/all/']
delay = 3
max_pages = 7
selectors = { title = "h1.entry-title", body = "div.entry-content" }

[sites.blog.tag_params]
subject = "topic"

[sites.blog.tag_paths]
label = "tag"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for no, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return no
    raise AssertionError(f"{needle!r} not in text")


def config_error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    return str(info.value)


# --- loading -------------------------------------------------------------------------------------


def test_full_config_loads_every_key(tmp_path):
    path = write(tmp_path, FULL)
    settings = load_settings(path)

    assert settings.path == path
    assert settings.index_dir == Path("/srv/hubindex/data")
    assert settings.crawl == CrawlSettings(
        user_agent="testbot/1.0", contact_url="https://example.org/contact", delay=0.5, timeout=7.5,
        max_bytes=2048, retries=4, max_pages=30, max_hosts=3, batch_size=5)
    assert settings.crawl.full_user_agent == "testbot/1.0 (+https://example.org/contact)"

    assert list(settings.sites) == ["blog"]
    site = settings.sites["blog"]
    assert site.name == "blog"
    assert site.start_url == "https://Example.com/hub/"
    assert site.listing_urls == ("https://example.com/hub/all/",)
    assert site.sitemaps == ("https://example.com/post-sitemap.xml",)
    assert site.allowed_hosts == ("example.com", "www.example.com")  # lower-cased
    assert site.include == (r"^https://(www\.)?example\.com/hub/[^/]+/$",)
    assert site.exclude == ("/hub/all/",)
    assert site.delay == 3.0 and isinstance(site.delay, float)
    assert site.max_pages == 7
    assert site.selectors == {"title": "h1.entry-title", "body": "div.entry-content"}
    assert site.tag_params == {"subject": "topic"}     # replaces the defaults, does not merge
    assert site.tag_paths == {"label": "tag"}


def test_settings_are_frozen(tmp_path):
    settings = load_settings(write(tmp_path, FULL))
    with pytest.raises(AttributeError):
        settings.crawl.delay = 0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        settings.sites["blog"].start_url = "https://evil.example/"  # type: ignore[misc]


def test_empty_file_gives_every_default(tmp_path):
    path = write(tmp_path, "")
    settings = load_settings(path)
    assert settings.crawl == CrawlSettings()
    assert settings.sites == {}
    assert settings.index_dir == tmp_path / "data"
    assert settings.site(None) == []


def test_crawl_defaults_are_polite():
    crawl = CrawlSettings()
    assert crawl.delay > 0
    assert crawl.timeout is not None and crawl.timeout > 0
    assert crawl.max_bytes > 0
    assert "+http" in crawl.full_user_agent  # a contact URL rides along with the User-Agent


def test_site_defaults_follow_the_start_url_and_crawl_section(tmp_path):
    path = write(tmp_path, '[crawl]\ndelay = 1.5\nmax_pages = 9\n\n'
                           '[sites.hub]\nstart_url = "https://www.example.com/knowledge-hub/"\n')
    site = load_settings(path).sites["hub"]
    assert site.listing_urls == ("https://www.example.com/knowledge-hub/",)
    assert site.sitemaps == ()
    assert site.allowed_hosts == ("www.example.com",)
    assert site.exclude == ()
    assert site.delay == 1.5           # inherited from [crawl]
    assert site.max_pages == 9
    assert site.tag_params == DEFAULT_TAG_PARAMS
    assert site.tag_paths == DEFAULT_TAG_PATHS
    assert site.selectors == {}
    assert site.in_scope("https://www.example.com/knowledge-hub/an-article/")
    assert not site.in_scope("https://www.example.com/about/")


def test_default_tag_maps_are_not_shared_between_sites(tmp_path):
    path = write(tmp_path, '[sites.a]\nstart_url = "https://a.example/"\n[sites.b]\nstart_url = "https://b.example/"\n')
    sites = load_settings(path).sites
    sites["a"].tag_params["extra"] = "x"
    assert "extra" not in sites["b"].tag_params
    assert "extra" not in DEFAULT_TAG_PARAMS


def test_relative_index_dir_resolves_against_the_config_files_directory(tmp_path, monkeypatch):
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = write(tmp_path, '[index]\ndir = "state/here"\n', name="conf/hubindex.toml")
    settings = load_settings(path)
    assert settings.index_dir == tmp_path / "conf" / "state" / "here"
    assert settings.index_dir.is_absolute()


def test_with_index_overrides_the_directory(tmp_path):
    settings = load_settings(write(tmp_path, ""))
    assert settings.with_index(None) is settings
    assert settings.with_index(tmp_path / "other").index_dir == tmp_path / "other"


# --- errors: each names the key, and the line when the key is in the file -------------------------


def test_missing_file_says_how_to_point_at_one(tmp_path):
    with pytest.raises(ConfigError, match=r"not found.*--config.*" + CONFIG_ENV):
        load_settings(tmp_path / "absent.toml")


def test_malformed_toml_names_the_line(tmp_path):
    message = config_error(tmp_path, '[crawl]\ndelay = 1\nretries = = 2\n')
    assert "malformed TOML" in message
    assert "line 3" in message


BAD = [
    # (toml, key named in the message, needle locating the line, words in the message)
    ('colour = "blue"\n[crawl]\ndelay = 1\n', "colour", 'colour =', "unknown key"),
    ('[index]\ndirectory = "x"\n', "index.directory", "directory =", "unknown key"),
    ('[crawl]\ndelay = 1\nretry = 3\n', "crawl.retry", "retry =", "unknown key"),
    ('[sites.hub]\nstart_url = "https://example.com/"\nstart_ulr = "x"\n', "sites.hub.start_ulr", "start_ulr", "unknown key"),
    ('[crawl]\ntimeout = "fast"\n', "crawl.timeout", "timeout =", "must be a number, not a string"),
    ('[crawl]\nretries = 2.5\n', "crawl.retries", "retries =", "must be a whole number, not a number"),
    ('[crawl]\nretries = true\n', "crawl.retries", "retries =", "not a boolean"),
    ('[crawl]\nuser_agent = ""\n', "crawl.user_agent", "user_agent =", "must not be empty"),
    ('[crawl]\ndelay = -1\n', "crawl.delay", "delay =", "at least 0"),
    ('[crawl]\ndelay = nan\n', "crawl.delay", "delay =", "must be a finite number"),
    ('[crawl]\ntimeout = inf\n', "crawl.timeout", "timeout =", "must be a finite number"),
    ('[crawl]\ndelay = 1\n\n[sites.hub]\nstart_url = "https://example.com/"\nselectors = { title = "h1[" }\n',
     "sites.hub.selectors", "selectors =", "not a valid CSS selector"),
    ('[crawl]\nmax_bytes = 10\n', "crawl.max_bytes", "max_bytes =", "at least 1024"),
    ('[crawl]\nmax_hosts = 0\n', "crawl.max_hosts", "max_hosts =", "at least 1"),
    ('[crawl]\nmax_hosts = 1000\n', "crawl.max_hosts", "max_hosts =", "at most 256"),
    ('[crawl]\nmax_hosts = "many"\n', "crawl.max_hosts", "max_hosts =", "must be a whole number, not a string"),
    ('[crawl]\ndelay = 1\n\n[sites.hub]\nstart_url = "https://example.com/"\ndelay = -0.5\n',
     "sites.hub.delay", "delay = -0.5", "at least 0"),
    ('[sites.hub]\nstart_url = "https://example.com/"\ninclude = ["(unclosed"]\n',
     "sites.hub.include", "include =", "invalid regular expression"),
    ('[sites.hub]\nstart_url = "https://example.com/"\nexclude = ["[a-"]\n',
     "sites.hub.exclude", "exclude =", "invalid regular expression"),
    ('[sites.hub]\nstart_url = "ftp://example.com/hub/"\n', "sites.hub.start_url", "start_url =", "not an http(s) URL"),
    ('[sites.hub]\nstart_url = "https://example.com:70000/hub/"\n', "sites.hub.start_url", "start_url =",
     "not a usable URL"),
    ('[sites.hub]\nstart_url = "https://example.com/"\nlisting_urls = ["/relative/"]\n',
     "sites.hub.listing_urls", "listing_urls =", "not an http(s) URL"),
    ('[sites.hub]\nstart_url = "https://example.com/"\nsitemaps = "https://example.com/sitemap.xml"\n',
     "sites.hub.sitemaps", "sitemaps =", "must be a list"),
    ('[sites.hub]\nstart_url = "https://example.com/"\nselectors = { title = "h1", byline = ".by" }\n',
     "sites.hub.selectors", "selectors =", "unknown field 'byline'"),
    ('[sites.hub]\nstart_url = "https://example.com/"\ntag_params = { topic = "" }\n',
     "sites.hub.tag_params", "tag_params =", "non-empty strings"),
    ('[sites.hub]\nlisting_urls = ["https://example.com/"]\n', "sites.hub.start_url", "[sites.hub]", "is required"),
    ('[sites."bad name"]\nstart_url = "https://example.com/"\n', "sites.bad name", None, "letters, digits"),
    ('sites = 3\n', "sites", "sites =", "must be a table"),
]


@pytest.mark.parametrize("text, key, needle, words", BAD, ids=[b[1] + ":" + b[3][:20] for b in BAD])
def test_invalid_values_raise_config_error_naming_key_and_line(tmp_path, text, key, needle, words):
    message = config_error(tmp_path, text)
    assert str(tmp_path / "config.toml") in message
    assert f" {key}: " in message, message
    assert words in message, message
    if needle is not None:
        assert f"line {line_of(text, needle)}:" in message, message


def test_unknown_table_at_top_level_is_rejected(tmp_path):
    message = config_error(tmp_path, '[crawl]\ndelay = 1\n\n[indx]\ndir = "x"\n')
    assert " indx: unknown key" in message
    assert "crawl" in message and "index" in message and "sites" in message  # says what is allowed


def test_unknown_table_at_top_level_names_its_line(tmp_path):
    message = config_error(tmp_path, '[crawl]\ndelay = 1\n\n[indx]\ndir = "x"\n')
    assert "line 4" in message, message


def test_bad_selector_in_a_sub_table_names_the_sub_tables_line(tmp_path):
    text = ('[sites.hub]\nstart_url = "https://example.com/"\n\n'
            '[sites.hub.selectors]\ntitle = "h1"\nbyline = ".author"\n')
    message = config_error(tmp_path, text)
    assert "unknown field 'byline'" in message
    assert f"line {line_of(text, '[sites.hub.selectors]')}" in message or f"line {line_of(text, 'byline')}" in message, message


def test_line_numbers_track_the_right_table(tmp_path):
    # `delay` appears twice: the bad one is the site's, not [crawl]'s.
    text = '[crawl]\ndelay = 1\n\n[sites.hub]\nstart_url = "https://example.com/"\ndelay = -3\n'
    message = config_error(tmp_path, text)
    assert "line 6:" in message and "sites.hub.delay" in message


def test_unknown_site_names_it_and_lists_the_known_ones(tmp_path):
    settings = load_settings(write(tmp_path, FULL))
    with pytest.raises(ConfigError, match=r"no site named 'x'.*known: blog"):
        settings.site("x")
    assert settings.site("blog") == [settings.sites["blog"]]


def test_unknown_site_with_no_sites_says_none(tmp_path):
    with pytest.raises(ConfigError, match=r"known: none"):
        load_settings(write(tmp_path, "")).site("x")


# --- where the config comes from -------------------------------------------------------------------


def test_resolve_config_path_prefers_explicit_then_env_then_default(monkeypatch, tmp_path):
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "from-env.toml"))
    assert resolve_config_path(str(tmp_path / "explicit.toml")) == tmp_path / "explicit.toml"
    assert resolve_config_path(None) == tmp_path / "from-env.toml"
    monkeypatch.delenv(CONFIG_ENV)
    assert resolve_config_path(None) == Path("config.toml")


def test_empty_env_var_falls_back_to_default(monkeypatch):
    monkeypatch.setenv(CONFIG_ENV, "")
    assert resolve_config_path(None) == Path("config.toml")


# --- scope -----------------------------------------------------------------------------------------


def make_site(**kw) -> SiteConfig:
    base = dict(name="s", start_url="https://example.com/hub/", allowed_hosts=("example.com", "cdn.example.com"),
                include=(r"^https?://[^/]+/hub/[^/]+/$",), exclude=(r"/hub/page/",))
    base.update(kw)
    return SiteConfig(**base)


@pytest.mark.parametrize("url, expected", [
    ("https://example.com/hub/an-article/", True),
    ("http://example.com/hub/an-article/", True),
    ("https://cdn.example.com/hub/an-article/", True),          # second allowed host
    ("https://other.example/hub/an-article/", False),           # host not allowed
    ("https://example.com/hub/", False),                        # include does not match
    ("https://example.com/hub/a/b/", False),
    ("https://example.com/hub/page/", False),                   # excluded
    ("ftp://example.com/hub/an-article/", False),               # not http(s)
    ("mailto:someone@example.com", False),
])
def test_in_scope_combines_hosts_include_and_exclude(url, expected):
    assert make_site().in_scope(url) is expected


def test_in_scope_with_no_include_pattern_matches_nothing():
    assert not make_site(include=()).in_scope("https://example.com/hub/an-article/")


def test_site_from_url_scope_is_the_urls_path():
    site = site_from_url("http://127.0.0.1:8765/knowledge-hub/", CrawlSettings(delay=0), name="demo", delay=0)
    assert site.name == "demo"
    assert site.delay == 0.0
    assert site.allowed_hosts == ("127.0.0.1",)
    assert site.listing_urls == ("http://127.0.0.1:8765/knowledge-hub/",)
    assert site.in_scope("http://127.0.0.1:8765/knowledge-hub/some-article/")
    assert site.in_scope("http://127.0.0.1:8765/knowledge-hub/all-articles/page/2/")
    assert not site.in_scope("http://127.0.0.1:8765/admissions/")
    assert not site.in_scope("http://127.0.0.1:9999/knowledge-hub/some-article/")   # another port
    assert not site.in_scope("https://127.0.0.1:8765/knowledge-hub/some-article/")  # another scheme


def test_site_from_url_on_a_page_scopes_to_its_directory():
    site = site_from_url("https://example.com/blog/post.html", CrawlSettings())
    assert site.name == "adhoc"
    assert site.delay == CrawlSettings().delay   # no delay given: the crawl's
    assert site.in_scope("https://example.com/blog/other.html")
    assert not site.in_scope("https://example.com/about/")


def test_site_from_url_rejects_non_http_urls():
    with pytest.raises(ConfigError, match="start_url"):
        site_from_url("file:///etc/passwd", CrawlSettings())


@pytest.mark.parametrize("start", ["https://Example.com/hub/", "https://example.com:443/hub/"])
def test_site_from_url_scope_matches_canonical_urls(start):
    site = site_from_url(start, CrawlSettings())
    assert site.in_scope(canonicalize("https://example.com/hub/an-article/"))
