"""Query parameters of every endpoint, as data: validated here and documented from here.

One table per endpoint (`ENDPOINTS`) drives both the validation of each request and the
OpenAPI document (`api.openapi`), so the two cannot drift apart. Every limit a client could
use to make a request expensive is capped here: query length, page size, paging depth, the
number of repeated filter values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any
from urllib.parse import parse_qsl

from index.types import MAX_LIMIT, MAX_QUERY_CHARS, SORTS, Filters

MAX_PAGE = 100              # deepest page: page * limit stays at or under 10,000 results
MAX_VALUES = 20             # values of one repeatable filter
MAX_VALUE_CHARS = 200       # characters of any one parameter value other than `q`
MAX_FIELDS = 100            # parameters in one query string
FEED_DEFAULT = 20           # entries of an Atom feed unless `limit` says otherwise
ID_PATTERN = r"^[0-9a-f]{12}$"
FACET_PATTERN = r"^[A-Za-z0-9_-]+=[^=]+$"
# Patterns are written to mean the same in Python's `re` and in the ECMA-262 regexes of JSON Schema
# (whose `\s` differs from Python's): explicit ranges instead of `\s`.
SLUG_PATTERN = r"^[^\x00-\x20,]+$"


class ParamError(ValueError):
    """A bad query parameter: becomes a 400 whose body names the parameter."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class Param:
    name: str
    type: str                         # string | integer | date
    description: str
    repeat: bool = False
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = MAX_VALUE_CHARS
    enum: tuple[str, ...] = ()
    pattern: str | None = None

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of one value (OpenAPI `schema`)."""
        s: dict[str, Any] = {"type": "integer" if self.type == "integer" else "string"}
        if self.type == "integer":
            s.update(minimum=self.minimum, maximum=self.maximum)
        elif self.enum:
            s["enum"] = list(self.enum)
        else:
            s.update(minLength=0 if self.name == "q" else 1, maxLength=self.max_length)
            if self.type == "date":
                s["format"] = "date"
            if self.pattern:
                s["pattern"] = self.pattern
        if self.default is not None:
            s["default"] = self.default
        if self.repeat:
            return {"type": "array", "items": s, "maxItems": MAX_VALUES}
        return s


def _filters(limit_default: int = 10) -> list[Param]:
    return [
        Param("topic", "string", "Topic facet slug; repeat for any of several.", repeat=True, pattern=SLUG_PATTERN),
        Param("area", "string", "Area-of-study facet slug; repeatable.", repeat=True, pattern=SLUG_PATTERN),
        Param("facet", "string", "Any facet as NAME=SLUG; repeatable.", repeat=True, pattern=FACET_PATTERN),
        Param("author", "string", "Author's full name, any case; repeatable.", repeat=True),
        Param("since", "date", "Published on or after this date (YYYY-MM-DD); not after `until`."),
        Param("until", "date", "Published on or before this date (YYYY-MM-DD), inclusive."),
        Param("site", "string", "Only articles of this configured site.", pattern=SLUG_PATTERN),
        Param("limit", "integer", f"Results per page, 1 to {MAX_LIMIT}.", default=limit_default,
              minimum=1, maximum=MAX_LIMIT),
    ]


_URL = Param("url", "string", "The article's http(s) URL (any variant of it). Give exactly one of `url` and `id`.",
             max_length=2000, pattern=r"^https?://[^\x00-\x20/]+")
_ID = Param("id", "string", "The article's 12-hex-digit id. Give exactly one of `url` and `id`.", pattern=ID_PATTERN)
_FEED_FILTERS = [p for p in _filters(FEED_DEFAULT) if p.name in ("topic", "area", "facet", "author", "site", "limit")]

ENDPOINTS: dict[str, list[Param]] = {
    "/search": [
        Param("q", "string", "Words and \"quoted phrases\"; empty lists the filtered articles newest first.",
              default="", max_length=MAX_QUERY_CHARS),
        *_filters(),
        Param("sort", "string", "Result order.", default="relevance", enum=SORTS),
        Param("page", "integer", f"Page of results, 1 to {MAX_PAGE}.", default=1, minimum=1, maximum=MAX_PAGE),
    ],
    "/related": [_URL, _ID, *_filters()],
    "/article": [_URL, _ID],
    "/facets": [p for p in _filters() if p.name != "limit"],
    "/recent": _FEED_FILTERS,
    "/feed.atom": _FEED_FILTERS,
    "/health": [],
    "/openapi.json": [],
}


def parse_query(path: str, query_string: str) -> dict[str, Any]:
    """Validate a query string against `ENDPOINTS[path]`: a dict of every parameter's value
    (repeatable ones as lists, defaults filled in), or ParamError."""
    return parse_params(ENDPOINTS[path], query_string)


def parse_params(params: list[Param], query_string: str, drop_blank: bool = False) -> dict[str, Any]:
    """Validate a query string against a table of parameters (see `parse_query`). With
    `drop_blank`, parameters given with an empty value count as not given (what an HTML form
    sends for a field left empty)."""
    spec = {p.name: p for p in params}
    try:
        pairs = parse_qsl(query_string, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except UnicodeDecodeError:
        raise ParamError("the query string is not valid UTF-8") from None
    except ValueError:
        raise ParamError(f"too many query parameters (at most {MAX_FIELDS})") from None
    raw: dict[str, list[str]] = {}
    for name, value in pairs:
        if drop_blank and not value and name in spec:
            continue
        if name not in spec:
            known = ", ".join(spec) or "none"
            raise ParamError(f"unknown parameter {name!r} (this endpoint takes: {known})", name)
        raw.setdefault(name, []).append(value)
    out: dict[str, Any] = {}
    for name, p in spec.items():
        values = raw.get(name, [])
        if len(values) > 1 and not p.repeat:
            raise ParamError(f"{name} may be given only once", name)
        if len(values) > MAX_VALUES:
            raise ParamError(f"{name} may be given at most {MAX_VALUES} times", name)
        checked = [_check(p, v) for v in values]
        if p.repeat:
            out[name] = checked
        else:
            out[name] = checked[0] if checked else p.default
    return out


def _check(p: Param, value: str) -> Any:
    if p.type == "integer":
        if not re.fullmatch(r"-?[0-9]{1,9}", value):
            raise ParamError(f"{p.name} must be a whole number, not {value[:40]!r}", p.name)
        n = int(value)
        if not p.minimum <= n <= p.maximum:
            raise ParamError(f"{p.name} must be between {p.minimum} and {p.maximum}", p.name)
        return n
    if len(value) > p.max_length:
        raise ParamError(f"{p.name} may be at most {p.max_length} characters", p.name)
    if p.enum:
        if value not in p.enum:
            raise ParamError(f"{p.name} must be one of {', '.join(p.enum)}, not {value[:40]!r}", p.name)
        return value
    if p.name == "q":
        return value
    if not value:
        raise ParamError(f"{p.name} must not be empty", p.name)
    if p.pattern and not re.search(_python_pattern(p.pattern), value):
        hint = {"facet": "NAME=SLUG", "id": "12 hex digits", "url": "an http(s) URL"}.get(
            p.name, "a slug without spaces or commas")
        raise ParamError(f"{p.name} takes {hint}, not {value[:40]!r}", p.name)
    if p.type == "date":
        return _date(p.name, value)
    return value


def _python_pattern(pattern: str) -> str:
    """ECMA's `$` is the end of the text; Python's also matches before a final newline."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern


def _date(name: str, value: str) -> datetime:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ParamError(f"{name} takes a date like 2024-07-25, not {value[:40]!r}", name)
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        raise ParamError(f"{name} is not a real date: {value!r}", name) from None
    return d.replace(tzinfo=timezone.utc)


def filters_from(params: dict[str, Any]) -> Filters:
    """The same Filters the CLI builds from --topic/--area/--facet/--author/--since/--until/--site."""
    facets: dict[str, list[str]] = {}
    if params.get("topic"):
        facets["topic"] = [t.lower() for t in params["topic"]]
    if params.get("area"):
        facets["area_of_study"] = [a.lower() for a in params["area"]]
    for item in params.get("facet", []):
        name, _, slug = item.partition("=")
        facets.setdefault(name, []).append(slug.lower())
    until = params.get("until")
    if until is not None:
        until = datetime.combine(until.date(), time(23, 59, 59), tzinfo=timezone.utc)
    since = params.get("since")
    if since is not None and until is not None and since > until:
        raise ParamError("since must not be after until", "since")
    return Filters(facets=facets, authors=list(params.get("author", [])), since=since, until=until,
                   site=params.get("site"))


@dataclass
class Target:
    """Which article a request is about: by URL or by id, exactly one of them."""

    url: str | None = None
    id: str | None = None


def target_from(params: dict[str, Any]) -> Target:
    url, id_ = params.get("url"), params.get("id")
    if bool(url) == bool(id_):
        raise ParamError("give exactly one of url or id", "url" if not url else "id")
    return Target(url=url, id=id_)
