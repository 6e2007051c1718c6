"""The sample hub's catalogue: curated plus generated articles, listings and lookups."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from datetime import date, datetime, timezone

from pipeline.samplehub.curated import ARTICLES, AREAS, TOPICS
from pipeline.samplehub.generate import generated_body, generated_meta

HUB_PATH = "/knowledge-hub/"
LISTING_PATH = "/knowledge-hub/all-articles/"
PER_PAGE = 12
SITEMAP_CHUNK = 1000
SITE_NAME = "Harborview University Graduate Programs"


class Hub:
    """Every article of the sample hub, newest first; generated bodies are built on request."""

    def __init__(self, articles: int = 0, seed: int = 1) -> None:
        self.seed = seed
        entries = [dict(a, generated=None) for a in ARTICLES]
        entries += [generated_meta(i, articles, seed) for i in range(articles)]
        entries.sort(key=lambda e: (e["published"], e["slug"]), reverse=True)
        # WordPress post ids: stable per article, whatever its slug becomes.
        for n, e in enumerate(sorted(entries, key=lambda e: (e["published"], e["slug"])), start=100):
            e["post_id"] = n
        self.articles = entries
        self.redirects: dict[str, str] = {}     # old slug -> new slug (301), after rename()
        self.by_slug = {e["slug"]: e for e in entries}
        self.by_facet: dict[tuple[str, str], list[dict]] = {}
        self._positions: dict[tuple[str, str], dict[int, int]] = {}   # facet -> id(entry) -> index in its list
        for e in entries:
            for t in e["topics"]:
                self.by_facet.setdefault(("topic", t), []).append(e)
            for a in e["areas"]:
                self.by_facet.setdefault(("area_of_study", a), []).append(e)

    # Editing the hub while it is served, as its editors would (for tests of recrawls).

    def rename(self, old: str, new: str) -> None:
        """Change an article's slug; the old address answers 301 to the new one."""
        entry = self.by_slug.pop(old)
        entry["slug"] = new
        self.by_slug[new] = entry
        self.redirects[old] = new

    def remove(self, slug: str) -> None:
        """Delete an article: its address answers 404 and it leaves listings and sitemaps."""
        entry = self.by_slug.pop(slug)
        self.articles.remove(entry)
        self._positions.clear()
        for items in self.by_facet.values():
            if entry in items:
                items.remove(entry)

    def publish(self, entry: dict) -> None:
        """Add an article (one removed before, say): it joins listings and sitemaps in date order."""
        self.articles.append(entry)
        self.articles.sort(key=lambda e: (e["published"], e["slug"]), reverse=True)
        self.by_slug[entry["slug"]] = entry
        self._positions.clear()
        for key in [("topic", t) for t in entry["topics"]] + [("area_of_study", a) for a in entry["areas"]]:
            items = self.by_facet.setdefault(key, [])
            items.append(entry)
            items.sort(key=lambda e: (e["published"], e["slug"]), reverse=True)

    def edit(self, slug: str, summary: str, updated: str) -> None:
        """Change an article's text and modification date."""
        entry = self.by_slug[slug]
        entry["summary"], entry["updated"] = summary, updated

    @property
    def curated(self) -> list[dict]:
        return [e for e in self.articles if e["generated"] is None]

    def url_path(self, entry: dict) -> str:
        return f"{HUB_PATH}{entry['slug']}/"

    def listing(self, topic: str | None = None, area: str | None = None) -> list[dict]:
        items = self.articles
        if topic:
            items = self.by_facet.get(("topic", topic), [])
        if area:
            pool = self.by_facet.get(("area_of_study", area), [])
            items = [e for e in items if e in pool] if topic else pool
        return items

    def related(self, entry: dict) -> list[dict]:
        """The three editor-chosen related articles (deterministic for generated ones)."""
        if entry.get("related"):
            return [self.by_slug[s] for s in entry["related"] if s in self.by_slug][:3]
        key = ("topic", entry["topics"][0])
        items = self.by_facet.get(key, [])
        if key not in self._positions:
            self._positions[key] = {id(e): i for i, e in enumerate(items)}
        at = self._positions[key].get(id(entry))
        # The topic's articles but this one, as a view: copying the list cost O(articles) a page.
        pool = items if at is None else _Without(items, at)
        rng = random.Random(self.seed * 31 + (entry["generated"] or 0))
        return rng.sample(pool, min(3, len(pool)))

    def body(self, entry: dict) -> tuple[list[str], list[dict]]:
        if entry["generated"] is None:
            return entry["intro"], entry["sections"]
        return generated_body(entry, self.seed)

    @staticmethod
    def tags(entry: dict) -> list[tuple[str, str, str]]:
        """(param, slug, label) of each tag link, areas first as on the reference site."""
        return ([("area_of_study", a, AREAS[a]) for a in entry["areas"]]
                + [("topic", t, TOPICS[t]) for t in entry["topics"]])

    @staticmethod
    def modified(entry: dict) -> datetime:
        day = date.fromisoformat(entry["updated"] or entry["published"])
        return datetime(day.year, day.month, day.day, 14, 30, tzinfo=timezone.utc)

    def etag(self, entry: dict) -> str:
        raw = f"{entry['slug']}|{entry['published']}|{entry['updated']}|{self.seed}".encode()
        return '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'


class _Without(Sequence):
    """A list without the item at one index (read-only, no copy)."""

    def __init__(self, items: list, skip: int) -> None:
        self.items, self.skip = items, skip

    def __len__(self) -> int:
        return len(self.items) - 1

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.items[i + (i >= self.skip)]
