"""Several systems on one host, one section each (`--style drupal,hubspot`), as a university or
company site grows: a Drupal news section beside a HubSpot blog, say.

The articles are dealt out to the sections in turn (newest first). Each section is served by its
style's module over a view of the hub that holds only its own articles; robots.txt joins every
section's lines (so it names only the sitemaps the sections' robots.txt files name), and the
home page's menu links every section.
"""

from __future__ import annotations

from html import escape
from types import ModuleType

from pipeline.samplehub.hub import SITE_NAME, Hub
from pipeline.samplehub.styles.common import BASIC_PAGES, TEXT, Reply

# The path of each style's section, for the home page's menu.
_SECTION_LINKS = {"drupal": [("/news", "News")], "hubspot": [("/blog", "Blog"), ("/insights", "Insights")],
                  "ghost": [], "wordpress": []}


class SectionView:
    """The hub as one section sees it: its own articles, related articles among them only."""

    def __init__(self, hub: Hub, entries: list[dict]) -> None:
        self._hub = hub
        self.articles = entries
        self.by_slug = {e["slug"]: e for e in entries}

    def related(self, entry: dict) -> list[dict]:
        return [r for r in self._hub.related(entry) if r["slug"] in self.by_slug]

    def __getattr__(self, name: str):
        return getattr(self._hub, name)


class Mixed:
    """Serves several styles' sections on one host; the same interface as a style module."""

    def __init__(self, names: list[str], modules: list[ModuleType], hub: Hub) -> None:
        self.names, self.modules, self.hub = names, modules, hub

    def _views(self, hub: Hub) -> list[SectionView]:
        n = len(self.modules)
        return [SectionView(hub, hub.articles[i::n]) for i in range(n)]

    def section_of(self, hub: Hub, entry: dict) -> tuple[str, SectionView]:
        """(style, view) of the section that publishes `entry`."""
        for name, view in zip(self.names, self._views(hub)):
            if entry["slug"] in view.by_slug:
                return name, view
        raise KeyError(entry["slug"])

    def article_of(self, hub: Hub, path: str) -> dict | None:
        for module, view in zip(self.modules, self._views(hub)):
            entry = module.article_of(view, path)
            if entry is not None:
                return entry
        return None

    def article_url(self, base: str, entry: dict) -> str:
        name, _ = self.section_of(self.hub, entry)
        return self.modules[self.names.index(name)].article_url(base, entry)

    def route(self, hub: Hub, base: str, path: str, query: dict) -> Reply | None:
        views = self._views(hub)
        if path == "/robots.txt":
            lines: list[str] = ["User-agent: *"]
            for module, view in zip(self.modules, views):
                reply = module.route(view, base, path, query)
                for line in (reply.text.splitlines() if reply else []):
                    if line.strip() and not line.startswith(("#", "User-agent")) and line not in lines:
                        lines.append(line)
            return Reply(200, "\n".join(lines) + "\n", TEXT)
        if path == "/":
            return Reply(200, self._home(views, base))
        for module, view in zip(self.modules, views):
            reply = module.route(view, base, path, query)
            if reply is not None:
                return reply
        return None

    def _home(self, views: list[SectionView], base: str) -> str:
        menu = "".join(f'<li><a href="{href}">{label}</a></li>'
                       for name in self.names for href, label in _SECTION_LINKS[name])
        menu += "".join(f'<li><a href="/{name}">{escape(BASIC_PAGES[name][0])}</a></li>' for name in BASIC_PAGES)
        latest = "".join(f'<li><a href="{module.article_url("", e)}">{escape(e["title"])}</a></li>'
                         for module, view in zip(self.modules, views) for e in view.articles[:3])
        return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{SITE_NAME}</title>'
                f'<link rel="canonical" href="{base}/"></head><body><header><a href="/">{SITE_NAME}</a>'
                f'<nav aria-label="Main"><ul>{menu}</ul></nav></header><main><h1>{SITE_NAME}</h1>'
                f'<p>Graduate study for working professionals: news, stories and advice.</p><h2>Latest</h2>'
                f'<ul>{latest}</ul></main><footer><p>&copy; 2025 {SITE_NAME}</p></footer></body></html>')

    def not_found(self) -> str:
        return self.modules[0].not_found()
