"""Feeding other apps and people: the read-only JSON HTTP API and web pages (`run.py serve`),
exports and Atom feeds.

The library API the CLI and the server share lives in `index/` (`IndexStore`, `search`,
`related`); this package adds what HTTP clients and exports need on top of it:

- `api.params`: the parameters of every endpoint as data, validated in one place;
- `api.openapi`: the OpenAPI document, generated from those same parameter tables;
- `api.readers`: one index reader per worker thread, reopened when the index moves on;
- `api.app`: the Falcon (WSGI) application; `api.server`: waitress, with the safe defaults;
- `api.feeds` and `api.export`: Atom, JSON Lines and CSV, streamed in constant memory;
- `pipeline.faces.web` (beside this package): the HTML pages for people (search, articles,
  status), registered on the same app over the same readers.
"""
