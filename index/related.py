"""Related articles: the editors' links first, then content-similar articles."""

from __future__ import annotations

import json


from pipeline.errors import HubindexError

from .search import MAX_LIMIT, Filters, Hit, hit_from_fields, url_variants
from .store import IndexStore


def related(store: IndexStore, url: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
    """Editor-chosen related articles (resolved against the index where possible, listed even
    when not indexed), then more-like-this on the body; never the article itself, no duplicates."""
    if not 1 <= limit <= MAX_LIMIT:
        raise HubindexError(f"--limit must be between 1 and {MAX_LIMIT}")
    filters = filters or Filters()
    with store.searcher() as s:
        docnum = None
        for candidate in url_variants(url):
            docnum = s.document_number(url=candidate)
            if docnum is not None:
                break
        if docnum is None:
            raise HubindexError(f"not in the index: {url} (search for it, or crawl its site first)")
        fields = s.stored_fields(docnum)
        record = json.loads(fields["record"])
        own_url = record["url"]
        seen = {own_url}
        out: list[Hit] = []
        allowed = None
        fq = filters.query()
        if fq is not None:
            allowed = {d for d in fq.docs(s)}
        for link in record.get("related", []):
            if link["url"] in seen:
                continue
            seen.add(link["url"])
            target = s.document_number(url=link["url"])
            if target is not None:
                if allowed is not None and target not in allowed:
                    continue
                hit = hit_from_fields(s.stored_fields(target))
            else:
                if not filters.matches(link.get("tags", [])):
                    continue
                hit = Hit(url=link["url"], title=link.get("title", ""), author=[], published=link.get("published"),
                          updated=None, summary="", tags=link.get("tags", []))
            hit.reason = "editor"
            out.append(hit)
        if len(out) < limit:
            results = s.more_like(docnum, "body", top=limit + len(seen) + 1, filter=fq)
            for r in results:
                hit = hit_from_fields(r.fields(), r.score)
                if hit.url in seen:
                    continue
                seen.add(hit.url)
                hit.reason = "similar"
                out.append(hit)
        return out[:limit]
