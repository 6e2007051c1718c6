"""Articles of the sample hub as `Article` objects, built directly from its catalogue.

The end-to-end tests crawl the hub over HTTP; unit tests of the index and the benchmark
only need the records, so they skip the crawl (the crawl's output equals these records
for the fields the index uses, which test_end_to_end checks).
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterator

from pipeline.core.models import Article
from pipeline.samplehub.curated import AREAS, TOPICS
from pipeline.samplehub.hub import Hub

BASE = "https://hub.example.edu"


def _at_one(day: str | None) -> datetime | None:
    return datetime.fromisoformat(day + "T13:00:00+00:00") if day else None


def entry_url(hub: Hub, entry: dict, base: str = BASE) -> str:
    return base + hub.url_path(entry)


def _tags(entry: dict) -> list[dict[str, str]]:
    return ([{"facet": "area_of_study", "slug": a, "label": AREAS[a]} for a in entry["areas"]]
            + [{"facet": "topic", "slug": t, "label": TOPICS[t]} for t in entry["topics"]])


def article_of(hub: Hub, entry: dict, base: str = BASE, site: str = "sample-hub") -> Article:
    intro, sections = hub.body(entry)
    parts = list(intro)
    for sec in sections:
        parts.append(sec["heading"])
        parts.extend(sec["paragraphs"])
    related = [{"url": entry_url(hub, r, base), "title": r["title"], "published": r["published"] + "T13:00:00+00:00",
                "tags": _tags(r)} for r in hub.related(entry)]
    a = Article(url=entry_url(hub, entry, base), title=entry["title"], author=list(entry["authors"]),
                published=_at_one(entry["published"]), updated=_at_one(entry["updated"]),
                summary=entry["summary"], body="\n\n".join(parts), tags=_tags(entry), related=related,
                site=site, sources={"title": "jsonld", "body": "heuristic"})
    a.content_hash = a.compute_hash()
    return a


def hub_articles(articles: int = 0, seed: int = 1, base: str = BASE) -> Iterator[Article]:
    """Every article of a sample hub with `articles` generated ones (curated included)."""
    hub = Hub(articles=articles, seed=seed)
    for entry in hub.articles:
        yield article_of(hub, entry, base)


def curated_articles(base: str = BASE) -> list[Article]:
    hub = Hub()
    return [article_of(hub, e, base) for e in hub.curated]
