"""The search page's state, all of it in the URL (`/?q=…&topic=…&page=2`), and the links that change it.

The page takes the JSON `/search` endpoint's parameters (same names, same validation, same
caps) plus `exact`, so a page's URL and the API request behind it read alike. Links leave out
parameters at their default, so each state has one short address to bookmark or share.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from functools import lru_cache
from urllib.parse import quote_plus

from pipeline.faces.api.params import ENDPOINTS, FACET_PATTERN, SLUG_PATTERN, Param, ParamError, parse_params

PAGE_PARAMS: list[Param] = [
    *ENDPOINTS["/search"],
    Param("exact", "string", "1: search for the words as typed, without showing results for a suggested spelling.",
          enum=("1",)),
]
LISTS = ("topic", "area", "facet", "author")
ORDER = ("q", "topic", "area", "facet", "author", "site", "since", "until", "sort", "limit", "page", "exact")
DEFAULTS = {p.name: p.default for p in PAGE_PARAMS}
FACET_PARAM = {"topic": "topic", "area_of_study": "area"}   # facets with a parameter of their own


def parse_page_query(query_string: str) -> dict[str, Any]:
    """The validated state of a search page (ParamError for a bad URL). Empty fields, as a form
    sends them, count as not given."""
    params = parse_params(PAGE_PARAMS, query_string, drop_blank=True)
    if params["since"] and params["until"] and params["since"] > params["until"]:
        raise ParamError("since must not be after until", "since")
    return params


def filter_param(facet: str, slug: str) -> tuple[str, str] | None:
    """The parameter and value that filter by one facet value, or None when the value cannot be
    written as one (a hostile tag's slug with spaces, say)."""
    if facet in FACET_PARAM:
        if re.search(SLUG_PATTERN[:-1] + r"\Z", slug):
            return FACET_PARAM[facet], slug
        return None
    value = f"{facet}={slug}"
    return ("facet", value) if re.search(FACET_PATTERN[:-1] + r"\Z", value) else None


@lru_cache(maxsize=4096)
def _pair(name: str, value: Any) -> str:
    """One `name=value` of a query string (a page builds about a hundred links from a few values)."""
    return f"{name}={quote_plus(str(value))}"


class SearchState:
    """Builds the URLs of the page: the same state with one thing changed."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.values: dict[str, Any] = {}
        for name in ORDER:
            v = params.get(name)
            if name in ("since", "until") and isinstance(v, datetime):
                v = v.date().isoformat()
            self.values[name] = list(v or []) if name in LISTS else v

    def href(self, **changes: Any) -> str:
        """This state with `changes` applied; back to page 1 unless `page` is among them."""
        values = dict(self.values)
        values["page"] = DEFAULTS["page"]
        values.update(changes)
        parts: list[str] = []
        for name in ORDER:
            v = values.get(name)
            if name in LISTS:
                parts.extend(_pair(name, x) for x in v or [])
            elif v not in (None, "", DEFAULTS.get(name)):
                parts.append(_pair(name, v))
        return "/?" + "&".join(parts) if parts else "/"

    def has(self, name: str, value: str) -> bool:
        return value in self.values.get(name, [])

    def toggle(self, name: str, value: str) -> str:
        """Adds or removes one value of a repeatable filter."""
        current = list(self.values[name])
        if value in current:
            current.remove(value)
        else:
            current.append(value)
        return self.href(**{name: current})

    def hidden_fields(self, *leave_out: str) -> list[tuple[str, str]]:
        """The state as (name, value) pairs for a form's hidden inputs, but for `leave_out` and page."""
        pairs = []
        for name in ORDER:
            if name in leave_out or name in ("page", "exact"):
                continue
            v = self.values.get(name)
            if name in LISTS:
                pairs.extend((name, x) for x in v or [])
            elif v not in (None, "", DEFAULTS.get(name)):
                pairs.append((name, str(v)))
        return pairs
