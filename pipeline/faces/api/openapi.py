"""The OpenAPI 3.1 document of the HTTP API, generated from `api.params.ENDPOINTS`.

Parameters come from the same tables the server validates with, and the app registers its
routes from `ROUTES` below, so the document and the app cannot disagree (a test checks).
"""

from __future__ import annotations

from typing import Any

from pipeline.core.fields import FIELDS, SHOWN, Field
from pipeline.faces.api.params import ENDPOINTS, Param

VERSION = "1.0.0"

_STR_OR_NULL = {"type": ["string", "null"]}
_TAG = {"type": "object", "required": ["facet", "slug", "label"],
        "properties": {"facet": {"type": "string"}, "slug": {"type": "string"}, "label": {"type": "string"}}}
_RELATED_LINK = {"type": "object", "required": ["url"],
                 "properties": {"url": {"type": "string"}, "title": {"type": "string"}, "published": _STR_OR_NULL}}
_KIND_SCHEMA = {     # a declared field's JSON schema by its kind (pipeline/core/fields.py)
    "text": {"type": "string"}, "url": {"type": "string"}, "datetime": _STR_OR_NULL,
    "names": {"type": "array", "items": {"type": "string"}},
    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
    "links": {"type": "array", "items": _RELATED_LINK},
    "mapping": {"type": "object", "additionalProperties": {"type": "string"}},
    "int": {"type": "integer"},
}


def _field_schema(f: Field) -> dict[str, Any]:
    return {**_KIND_SCHEMA[f.kind], "description": f.doc}


_HIT = {
    "type": "object",
    "required": [*SHOWN, "score"],
    "properties": {
        "id": {"type": "string"},
        **{f.name: _field_schema(f) for f in FIELDS if f.shown},
        "score": {"type": ["number", "null"]},
        "highlight": {"type": "string", "description": "snippet with matched words marked [[like this]]"},
        "reason": {"type": "string", "description": "related only: editor, backlink or similar"},
        "reasons": {"type": "array", "items": {"type": "string"}, "description": "related only: every reason"},
        "indexed": {"type": "boolean", "description": "related only: false for an editor's link not in the index"},
    },
}
_FACET_COUNTS = {"type": "object", "additionalProperties": {"type": "object",
                                                             "additionalProperties": {"type": "integer"}}}
_HITS = {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}

SCHEMAS: dict[str, Any] = {
    "Tag": _TAG,
    "Hit": _HIT,
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": {"type": "string"},
                           "parameter": {"type": "string", "description": "the query parameter at fault"}},
        }},
    },
    "SearchResult": {
        "type": "object", "required": ["query", "total", "page", "limit", "matched", "results", "facets"],
        "properties": {"query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                       "limit": {"type": "integer"}, "matched": {"type": "string", "enum": ["all", "any"]},
                       "sort": {"type": "string"}, "suggestions": {"type": "array", "items": {"type": "string"}},
                       "results": _HITS, "facets": _FACET_COUNTS},
    },
    "Related": {"type": "object", "required": ["url", "results"],
                "properties": {"url": {"type": "string"}, "results": _HITS}},
    "Article": {
        "type": "object",
        "required": ["id", *(f.name for f in FIELDS if f.name != "post_id")],
        "properties": {"id": {"type": "string"}, **{f.name: _field_schema(f) for f in FIELDS}},
    },
    "Facets": {
        "type": "object", "required": ["facets"],
        "properties": {"facets": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "object", "required": ["slug", "label", "count"],
                                       "properties": {"slug": {"type": "string"}, "label": {"type": "string"},
                                                      "count": {"type": "integer"}}}}}},
    },
    "Recent": {"type": "object", "required": ["total", "limit", "results"],
               "properties": {"total": {"type": "integer"}, "limit": {"type": "integer"}, "results": _HITS}},
    "Health": {
        "type": "object", "required": ["status", "index", "last_crawl"],
        "properties": {
            "status": {"type": "string", "enum": ["ok"]},
            "index": {"type": "object", "required": ["generation", "articles"],
                      "properties": {"generation": {"type": "string"}, "articles": {"type": "integer"}}},
            "last_crawl": {"type": ["object", "null"]},
        },
    },
}

# path -> (operation id, summary, success schema or media type)
ROUTES: dict[str, tuple[str, str, str]] = {
    "/search": ("search", "Full-text search with filters, facet counts, sorting and paging "
                          "(the JSON of `run.py search --json`).", "SearchResult"),
    "/related": ("related", "The editors' related links, then content-similar articles "
                            "(the JSON of `run.py related --json`).", "Related"),
    "/article": ("article", "One article with every field, by url or id.", "Article"),
    "/facets": ("facets", "Every facet value with its label and its count among the filtered articles.", "Facets"),
    "/recent": ("recent", "The newest articles, filtered.", "Recent"),
    "/feed.atom": ("feed", "An Atom feed (RFC 4287) of the newest articles, filtered.", "application/atom+xml"),
    "/health": ("health", "Index generation, article count and the last crawl.", "Health"),
    "/openapi.json": ("openapi", "This document.", "application/json"),
}


def _parameter(p: Param) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "in": "query", "required": False, "description": p.description,
                           "schema": p.schema()}
    if p.repeat:
        out.update(style="form", explode=True)
    return out


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def build_document(server_url: str | None = None) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, (op_id, summary, success) in ROUTES.items():
        if success.startswith("application/"):
            schema = {"type": "string"} if "xml" in success else {"type": "object"}
            ok = {"description": "OK", "content": {success: {"schema": schema}}}
        else:
            ok = {"description": "OK",
                  "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{success}"}}}}
        responses: dict[str, Any] = {"200": ok}
        if ENDPOINTS[path]:
            responses["400"] = _error("A parameter is missing, unknown, repeated or out of range")
        if path in ("/article", "/related"):
            responses["404"] = _error("No article with that url or id in the index")
        responses["401"] = _error("A token is configured and the request lacks `Authorization: Bearer TOKEN`")
        responses["503"] = _error("There is no index yet, or it cannot be read right now")
        responses["431"] = _error("The request line and headers exceed 256 KB")
        responses["default"] = _error("Any other error, in the same shape")
        paths[path] = {"get": {"operationId": op_id, "summary": summary,
                               "parameters": [_parameter(p) for p in ENDPOINTS[path]], "responses": responses}}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "hubindex API", "version": VERSION,
                 "description": "Read-only search over indexed knowledge-hub articles. Every error is "
                                "`{\"error\": {\"status\", \"message\", \"parameter\"?}}`."},
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"bearer": []}],
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
