"""`run.py export`: every matching article as JSON Lines, CSV or an Atom feed, streamed.

Memory stays constant in the number of articles for JSON Lines and CSV: the matching
document numbers come from a generator over the postings and each article's stored fields
are read, written and dropped one at a time. Atom lists the newest first, so it keeps the
sorted document numbers (a few bytes per article), never the articles themselves. The export
reads one searcher from start to end: a crawl committing meanwhile does not change it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import fields
from typing import Iterator, TextIO

from index import Filters, Index
from pipeline.core.errors import HubindexError
from pipeline.core.models import Article, article_id

from pipeline.faces.api.feeds import atom_feed, describe, feed_id

FORMATS = ("jsonl", "csv", "atom")

# The CSV column set (documented in the README): the article id, then every model field in the
# model's order, with `topic` and `area_of_study` (slugs, "; "-joined) before `tags`. Lists of
# names are "; "-joined; structured fields (tags, related, sources) are JSON text in their cell.
# Derived from the model, so a new field is exported at once (and the README test asks for its doc).
_MODEL_FIELDS = tuple(f.name for f in fields(Article))
CSV_COLUMNS = ("id", *[c for f in _MODEL_FIELDS for c in (("topic", "area_of_study", f) if f == "tags" else (f,))])


def matching_articles(index: Index, filters: Filters | None = None,
                      newest_first: bool = False) -> Iterator[dict]:
    """Each matching article as a dict (Article.to_dict() plus `id`), one at a time."""
    for article in index.scan(filters, newest_first=newest_first):
        yield {"id": article_id(article.url), **article.to_dict()}


def csv_row(data: dict) -> list[str]:
    tags = data.get("tags", [])
    cells = {
        **data,
        "author": "; ".join(data.get("author", [])),
        "topic": "; ".join(t["slug"] for t in tags if t["facet"] == "topic"),
        "area_of_study": "; ".join(t["slug"] for t in tags if t["facet"] == "area_of_study"),
        "tags": json.dumps(tags, ensure_ascii=False),
        "related": json.dumps(data.get("related", []), ensure_ascii=False),
        "sources": json.dumps(data.get("sources", {}), ensure_ascii=False),
    }
    return ["" if cells.get(c) is None else str(cells[c]) for c in CSV_COLUMNS]


def export(index: Index, fmt: str, out: TextIO, filters: Filters | None = None) -> int:
    """Write every article matching `filters` to `out` in `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise HubindexError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    filters = filters or Filters()
    n = 0
    if fmt == "jsonl":
        for data in matching_articles(index, filters):
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for data in matching_articles(index, filters):
            writer.writerow(csv_row(data))
            n += 1
    else:
        what = describe(filters.facets, filters.site, filters.authors)
        since = f"since {filters.since.date().isoformat()}" if filters.since else ""
        what = "; ".join(x for x in (what, since) if x)

        def counted():
            nonlocal n
            for data in matching_articles(index, filters, newest_first=True):
                n += 1
                yield data

        for chunk in atom_feed(counted(), title="hubindex: articles" + (f" ({what})" if what else ""),
                               id=feed_id("export|" + what)):
            out.write(chunk)
    return n
