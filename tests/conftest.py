"""Shared fixtures: a real sample hub on 127.0.0.1 and a real crawl of it into tmp dirs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.core.config import CrawlSettings, Settings, site_from_url  # noqa: E402
from pipeline.samplehub import start_sample_hub  # noqa: E402


@pytest.fixture(scope="session")
def hub():
    """The curated sample hub, served on a free loopback port for the whole test session."""
    server = start_sample_hub(port=0)
    yield server
    server.shutdown()
    server.server_close()


def make_settings(hub_url: str, data_dir: Path, **crawl_kw) -> Settings:
    crawl = CrawlSettings(delay=0.0, **crawl_kw)
    site = site_from_url(hub_url, crawl, name="sample-hub", delay=0.0)
    return Settings(path=None, index_dir=data_dir, crawl=crawl, sites={site.name: site})


def write_config(path: Path, hub_url: str, data_dir: Path, extra: str = "") -> Path:
    path.write_text(
        f'[index]\ndir = "{data_dir.as_posix()}"\n\n[crawl]\ndelay = 0.0\nretries = 0\ntimeout = 5.0\n\n'
        f'[sites.sample-hub]\nstart_url = "{hub_url}"\n' + extra, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def crawled(hub, tmp_path_factory):
    """A data directory holding a full crawl of the curated sample hub (built once per session)."""
    import run

    data_dir = tmp_path_factory.mktemp("crawled")
    config = write_config(data_dir / "config.toml", hub.hub_url, data_dir / "data")
    code = run.main(["--quiet", "--config", str(config), "crawl"])
    assert code == 0
    return config, data_dir / "data"


@pytest.fixture
def pg_url():
    """A migrated, empty hubindex schema of this test's own on the real PostgreSQL server
    (skipped with one line when there is none)."""
    from index import migrate_index
    from pipeline.core.config import IndexSettings
    from tests.pgserver import fresh_schema

    with fresh_schema() as url:
        migrate_index(IndexSettings(backend="postgresql", url=url))
        yield url


def crawl_into_store(site, crawl, state, store, **kw):
    """One site's crawl committed straight into an open IndexStore (in this thread)."""
    from pipeline.running.batches import Batcher, StoreSink
    from pipeline.running.crawl import crawl_site

    batcher = Batcher(StoreSink(store), state, crawl.batch_size)
    report = crawl_site(site, crawl, state, batcher, **kw)
    batcher.close()
    return report
