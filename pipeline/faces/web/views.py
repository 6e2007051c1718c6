"""What the search and article pages show, from the same `Index` methods as the JSON API.

The search page runs `Index.search` once for the results, then `Index.counts` (totals only,
nothing ranked or read) for the filter counts a search does not give: authors, sites and years. Counts are disjunctive, the way a faceted search
usually shows them: a value's count is what the results would be with that value instead of the
group's current selection, so picking a second topic (they combine with OR) still shows its
count. Every count is a real number of articles, never a guess from one page of results.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timezone
from typing import Any, Callable

from index import SORTS, Filters, Index, SearchResult
from pipeline.faces.api.params import MAX_PAGE, filters_from
from pipeline.faces.web.render import outside_href
from pipeline.faces.web.state import SearchState, filter_param

MAX_AUTHORS = 8        # author values counted per page: the selected ones and the page's hits' authors
MAX_YEARS = 8          # publication years offered, newest first
RELATED_SHOWN = 8
FACET_TITLES = {"topic": "Topic", "area_of_study": "Area of study"}
REASONS = {            # why a related article is listed, one phrase per reason the index gives
    "editor": "the editors chose it (this article's related-reading block links to it)",
    "backlink": "its own related-reading block links back to this article",
    "similar": "similar in content",
}


def _facet_counts(index: Index, text: str, filters: Filters) -> dict[str, dict[str, int]]:
    return index.search(text, filters, limit=1, sort="newest", with_highlights=False,
                  with_suggestions=False).facets


class _WithSynonyms:
    """An index's `search` and `counts` with the `[search] synonyms` table applied, as the API
    and the CLI apply it: every count on the page is of the search it stands beside."""

    def __init__(self, index: Index, synonyms: dict | None) -> None:
        self.index, self.synonyms = index, synonyms or None

    def search(self, *args, **kwargs) -> SearchResult:
        return self.index.search(*args, synonyms=self.synonyms, **kwargs)

    def counts(self, text: str, filter_sets: list[Filters]) -> list[int]:
        return self.index.counts(text, filter_sets, synonyms=self.synonyms)


def search_view(index: Index, params: dict[str, Any], labels: dict[str, dict[str, str]],
                sites: list[str], synonyms: dict | None = None) -> dict[str, Any]:
    """Everything the search page template needs. `synonyms`: the `[search] synonyms` table."""
    index = _WithSynonyms(index, synonyms)
    state = SearchState(params)
    filters = filters_from(params)
    text = params["q"]
    result = index.search(text, filters, limit=params["limit"], page=params["page"], sort=params["sort"],
                          correct=False)     # this page offers the suggestion itself (and "search instead")
    corrected_from = None
    if result.total == 0 and result.suggestions and not params["exact"]:
        alternative = index.search(result.suggestions[0], filters, limit=params["limit"], page=params["page"],
                                   sort=params["sort"])
        if alternative.total:
            corrected_from, result = result.query, alternative
    used = result.query
    groups = _facet_groups(index, used, filters, result, labels, state)
    authors = _author_group(index, used, filters, result, state, params["author"])
    site_group = _site_group(index, used, filters, sites, state, params["site"])
    years = _year_group(index, used, filters, state, params)
    pages = min(MAX_PAGE, math.ceil(result.total / result.limit)) if result.total else 0
    return {
        "state": state,
        "params": params,
        "result": result,
        "hits": [_hit(h, state) for h in result.hits],
        "corrected_from": corrected_from,
        "suggestions": [] if corrected_from else [(s, state.href(q=s, exact=None)) for s in result.suggestions],
        "groups": groups + ([authors] if authors["values"] else []) + ([site_group] if site_group["values"] else []),
        "years": years,
        "active": _active_filters(params, labels, state),
        "pager": _pager(state, result.page, pages),
        "pages": pages,
        "sorts": [(s, _sort_label(s), state.href(sort=s)) for s in SORTS],
        "first": (result.page - 1) * result.limit + 1,
        "last": min(result.total, result.page * result.limit),
        "exact_href": state.href(q=corrected_from, exact="1") if corrected_from else None,
        "browse": _browse(labels) if not result.total else [],
    }


def _sort_label(sort: str) -> str:
    """'Best match', 'Newest', 'Oldest', and for a declared sortable field its name and direction."""
    known = {"relevance": "Best match", "newest": "Newest", "oldest": "Oldest"}
    if sort in known:
        return known[sort]
    name = sort.lstrip("-").replace("_", " ")
    return f"{name.capitalize()}, {'highest' if sort.startswith('-') else 'lowest'} first"


def _browse(labels: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """Every topic of the index, each a link to its articles: where an empty result can go next."""
    fresh = SearchState({})
    out = []
    for slug, label in sorted(labels.get("topic", {}).items(), key=lambda kv: kv[1].lower()):
        param = filter_param("topic", slug)
        if param:
            out.append((label, fresh.href(**{param[0]: [param[1]]})))
    return out[:20]


def _without(filters: Filters, facet: str | None = None, **changes: Any) -> Filters:
    facets = {f: s for f, s in filters.facets.items() if f != facet}
    return dataclasses.replace(filters, facets=facets, **changes)


def _facet_groups(index, text, filters, result: SearchResult, labels, state: SearchState) -> list[dict[str, Any]]:
    counts = dict(result.facets)
    for facet, slugs in filters.facets.items():
        if slugs:           # counts of this group's values with the group's own selection lifted
            counts[facet] = _facet_counts(index, text, _without(filters, facet)).get(facet, {})
    order = [f for f in FACET_TITLES if f in counts] + sorted(f for f in counts if f not in FACET_TITLES)
    out = []
    for facet in order:
        values = []
        chosen = set(filters.facets.get(facet, []))
        shown = dict(counts[facet])
        for slug in chosen - set(shown):
            shown[slug] = 0
        for slug, n in shown.items():
            param = filter_param(facet, slug)
            if param is None:
                continue
            values.append({"label": labels.get(facet, {}).get(slug, slug), "count": n,
                           "selected": slug in chosen, "href": state.toggle(*param)})
        if values:
            out.append({"title": FACET_TITLES.get(facet, facet.replace("_", " ").capitalize()), "id": facet,
                        "values": values})
    return out


def _author_group(index, text, filters, result, state, chosen: list[str]) -> dict[str, Any]:
    names: dict[str, str] = {}
    for name in chosen + [a for h in result.hits for a in h.author]:
        if name.strip() and len(name) <= 200:
            names.setdefault(name.lower(), name)
    values = []
    candidates = list(names.values())[:MAX_AUTHORS + len(chosen)]
    numbers = index.counts(text, [dataclasses.replace(filters, authors=[name]) for name in candidates])
    for name, n in zip(candidates, numbers):
        selected = any(name.lower() == c.lower() for c in chosen)
        if n or selected:
            values.append({"label": name, "count": n, "selected": selected,
                           "href": state.toggle("author", next((c for c in chosen if c.lower() == name.lower()),
                                                               name))})
    values.sort(key=lambda v: (not v["selected"], -v["count"], v["label"].lower()))
    return {"title": "Author", "id": "author", "values": values}


def _site_group(index, text, filters, sites: list[str], state, chosen: str | None) -> dict[str, Any]:
    values = []
    numbers = index.counts(text, [dataclasses.replace(filters, site=name) for name in sites])
    for name, n in zip(sites, numbers):
        if n or name == chosen:
            values.append({"label": name, "count": n, "selected": name == chosen,
                           "href": state.href(site=None if name == chosen else name)})
    values.sort(key=lambda v: (not v["selected"], -v["count"], v["label"]))
    return {"title": "Site", "id": "site", "values": values}


def _year_group(index, text, filters, state, params) -> list[dict[str, Any]]:
    """Publication years among the results (the date selection lifted), newest first."""
    undated = _without(filters, None, since=None, until=None)
    newest = index.search(text, undated, limit=1, sort="newest", with_facets=False, with_highlights=False,
                    with_suggestions=False)
    if not newest.hits or not newest.hits[0].published:
        return []
    top = int(newest.hits[0].published[:4])
    chosen = _chosen_year(params)
    out = []
    years = list(range(top, top - MAX_YEARS, -1))
    numbers = index.counts(text, [dataclasses.replace(undated, since=datetime(y, 1, 1, tzinfo=timezone.utc),
                                                       until=datetime(y, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
                                   for y in years])
    for year, n in zip(years, numbers):
        if n or year == chosen:
            selected = year == chosen
            out.append({"label": str(year), "count": n, "selected": selected,
                        "href": state.href(since=None, until=None) if selected
                        else state.href(since=f"{year}-01-01", until=f"{year}-12-31")})
    return out


def _chosen_year(params) -> int | None:
    since, until = params["since"], params["until"]
    if since and until and since.year == until.year and (since.month, since.day) == (1, 1) \
            and (until.month, until.day) == (12, 31):
        return since.year
    return None


def _active_filters(params, labels, state: SearchState) -> list[tuple[str, str]]:
    """(what, link that removes it) for each filter in force."""
    out = []
    for param, facet in (("topic", "topic"), ("area", "area_of_study")):
        for slug in params[param]:
            out.append((f"{FACET_TITLES[facet]}: {labels.get(facet, {}).get(slug, slug)}", state.toggle(param, slug)))
    for item in params["facet"]:
        facet, _, slug = item.partition("=")
        out.append((f"{facet.replace('_', ' ').capitalize()}: {labels.get(facet, {}).get(slug, slug)}",
                    state.toggle("facet", item)))
    for name in params["author"]:
        out.append((f"Author: {name}", state.toggle("author", name)))
    if params["site"]:
        out.append((f"Site: {params['site']}", state.href(site=None)))
    if params["since"]:
        out.append((f"From {params['since'].date().isoformat()}", state.href(since=None)))
    if params["until"]:
        out.append((f"Until {params['until'].date().isoformat()}", state.href(until=None)))
    return out


def _pager(state: SearchState, page: int, pages: int) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    near = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    numbers: list[tuple[int | None, str | None]] = []
    for i, n in enumerate(near):
        if i and n - near[i - 1] > 1:
            numbers.append((None, None))          # a gap
        numbers.append((n, state.href(page=n)))
    return {"page": page, "pages": pages, "numbers": numbers,
            "previous": state.href(page=page - 1) if page > 1 else None,
            "next": state.href(page=page + 1) if page < pages else None}


def _tags(tags: list[dict[str, str]], link: Callable[[str, str], str | None]) -> list[dict[str, Any]]:
    """Tag chips: label, facet title, and a search link (None for a value no URL can carry)."""
    out = []
    for t in tags:
        if not isinstance(t, dict):
            continue
        facet, slug = str(t.get("facet", "")), str(t.get("slug", ""))
        param = filter_param(facet, slug)
        out.append({"label": t.get("label") or slug, "facet": FACET_TITLES.get(facet, facet.replace("_", " ")),
                    "href": link(*param) if param else None})
    return out


def _hit(hit, state: SearchState) -> dict[str, Any]:
    return {"hit": hit, "href": f"/articles/{hit.id}", "original": outside_href(hit.url),
            "tags": _tags(hit.tags, lambda name, value: None if state.has(name, value) else state.toggle(name, value)),
            "authors": [(a, state.href(author=[a])) for a in hit.author]}


def tag_links(tags: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Tags of an article page, each a link to the search page filtered by it."""
    fresh = SearchState({})
    return _tags(tags, lambda name, value: fresh.href(**{name: [value]}))


def article_view(index: Index, article: dict[str, Any]) -> dict[str, Any]:
    """Everything the article page template needs; `article` is what `/article` answers."""
    own = {(t.get("facet"), t.get("slug")) for t in article.get("tags") or []}
    items = []
    for hit in index.related(article["id"], limit=RELATED_SHOWN):
        shared = [t.get("label") or t.get("slug") for t in hit.tags if (t.get("facet"), t.get("slug")) in own]
        items.append({"hit": hit, "href": f"/articles/{hit.id}" if hit.indexed else outside_href(hit.url),
                      "internal": hit.indexed, "original": outside_href(hit.url),
                      "why": [REASONS.get(r, r) for r in hit.reasons], "shared": shared})
    fresh = SearchState({})
    known = {"id", "url", "site", "title", "author", "published", "updated", "summary", "tags", "related", "body",
             "fetched_at", "content_hash", "sources", "post_id"}
    return {
        "a": article,
        "original": outside_href(article.get("url")),
        "tags": tag_links(article.get("tags") or []),
        "authors": [(a, fresh.href(author=[a])) for a in article.get("author") or []],
        "site_href": fresh.href(site=article["site"]) if article.get("site") else None,
        "paragraphs": [p.strip() for p in (article.get("body") or "").split("\n") if p.strip()],
        "editor_links": [{"title": r.get("title") or r.get("url", ""), "href": outside_href(r.get("url")),
                          "url": r.get("url", ""), "published": r.get("published")}
                         for r in article.get("related") or [] if isinstance(r, dict)],
        "related": items,
        "sources": sorted((str(k), str(v)) for k, v in (article.get("sources") or {}).items()),
        "extra": sorted((str(k), v) for k, v in article.items() if k not in known),
    }

