"""How the commands print: hits, crawl reports, the progress bar on a terminal, and JSON."""

from __future__ import annotations

import json
import sys
import time
from typing import Any


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def tag_line(tags: list[dict]) -> str:
    by_facet: dict[str, list[str]] = {}
    for t in tags:
        by_facet.setdefault(t["facet"], []).append(t["label"])
    return " | ".join(", ".join(v) for v in by_facet.values())


def print_hits(hits, start: int = 1) -> None:
    for i, h in enumerate(hits, start):
        date = (h.published or "")[:10] or "undated"
        reason = f"  [{', '.join(h.reasons or [h.reason])}]" if h.reason else ""
        print(f"{i:>2}. {h.title}{reason}")
        details = [date] + ([", ".join(h.author)] if h.author else []) + ([tag_line(h.tags)] if h.tags else [])
        print("    " + " · ".join(details))
        print(f"    {h.url}")
        if h.highlight:
            print(f"    {h.highlight}")


class ProgressBar:
    """One line on a terminal's stderr for the whole run, whose sites crawl at once: pages done
    of pages known over every site, and the sites still going. Nothing at all when stderr is
    not a terminal."""

    def __init__(self, label: str, enabled: bool, sites: int) -> None:
        import threading

        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.sites = sites
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._last = 0.0

    def for_site(self, name: str):
        def update(done: int, total: int, url: str) -> None:
            if not self.enabled:
                return
            with self._lock:
                self._counts[name] = (done, total)
                if time.monotonic() - self._last >= 0.1 or done >= total:
                    self._draw()
        return update

    def _draw(self) -> None:
        self._last = time.monotonic()
        done = sum(d for d, _ in self._counts.values())
        total = sum(t for _, t in self._counts.values())
        going = [name for name, (d, t) in self._counts.items() if d < t]
        finished = len(self._counts) - len(going)
        width = 30
        filled = int(width * done / total) if total else width
        now = f" now: {', '.join(going[:3])}{', ...' if len(going) > 3 else ''}" if going else ""
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, "
                         f"{finished}/{self.sites} sites{now:<40.40}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self._counts:
            with self._lock:
                self._draw()
            sys.stderr.write("\n")


def print_report(report) -> None:
    r = report
    via = f" (via {', '.join(r.discovery_sources)})" if r.discovery_sources else ""
    print(f"site {r.site}: discovered {r.discovered}{via}, "
          f"fetched {r.fetched}, indexed {r.indexed} ({r.new} new, {r.updated} updated), "
          f"unchanged {r.unchanged}, not articles {r.not_articles}, skipped by robots.txt {r.skipped_robots}, "
          f"failed {r.failed} in {r.seconds:.1f}s")
    extra = [f"{label} {n}" for label, n in (("removed", r.removed), ("broken links", r.broken_links),
                                             ("deferred until their retry time", r.deferred)) if n]
    extra += [f"links not followed ({why}) {n}" for why, n in sorted(r.refused.items())]
    if extra:
        print("  " + ", ".join(extra))
    for host, why in r.paused_hosts.items():
        print(f"  paused {host}: {why}")
    for reason, n in r.failure_reasons().most_common():
        example = next(u for u, why in r.failures if why == reason)
        print(f"  failed x{n}: {reason} (e.g. {example})")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
