"""Who wrote an article and when: authors, published and updated dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import selectors as S
from .dates import ANY_DATE, not_future, parse_date
from .htmldoc import Doc, clean, site_name, text_of


def _person_names(value: Any, doc: Doc, depth: int = 0) -> list[str]:
    if depth > 3 or value is None:
        return []
    if isinstance(value, list):
        return [n for v in value for n in _person_names(v, doc, depth + 1)]
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        if "name" in value and isinstance(value["name"], str):
            return [value["name"]]
        ref = value.get("@id")
        if isinstance(ref, str) and ref in doc.by_id and doc.by_id[ref] is not value:
            return _person_names(doc.by_id[ref], doc, depth + 1)
    return []


def _valid_authors(names: list[str], doc: Doc) -> list[str]:
    own_name = (site_name(doc) or "").lower()
    out: list[str] = []
    for raw in names:
        name = clean(raw)
        if not name or len(name) > 80 or "://" in name or name.startswith("www.") or "@" in name:
            continue
        if S.NOT_AUTHORS.match(name) or name.lower() == own_name:
            continue
        if name not in out:
            out.append(name)
    return out


def split_authors(text: str) -> list[str]:
    return [p for p in S.AUTHOR_SPLIT.split(clean(text)) if p]


def extract_author(doc: Doc) -> tuple[list[str], str]:
    for el in doc.select("author"):
        names = _valid_authors(split_authors(_strip_by(text_of(el))), doc)
        if names:
            return names, "selector"
    ld = doc.article_ld()
    if ld:
        names = _valid_authors(_person_names(ld.get("author"), doc), doc)
        if names:
            return names, "json-ld"
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"):
        names = _valid_authors([n for v in doc.meta.get(key, ()) for n in split_authors(v)], doc)
        if names:
            return names, "meta"
    micro = []
    for el in doc.root.xpath('//*[@itemprop="author"]'):
        name_el = el.xpath('.//*[@itemprop="name"]')
        micro.append((name_el[0].get("content") or text_of(name_el[0])) if name_el else (el.get("content") or text_of(el)))
    names = _valid_authors([n for m in micro for n in split_authors(_strip_by(m))], doc)
    if names:
        return names, "microdata"
    names = _valid_authors([text_of(a) for a in doc.root.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')], doc)
    if names:
        return names, "rel-author"
    for text in _header_texts(doc):
        m = S.BYLINE.match(text)
        if m and not ANY_DATE.fullmatch(m.group(1)):
            names = _valid_authors(split_authors(ANY_DATE.sub("", m.group(1))), doc)
            if names:
                return names, "heuristic"
    return [], ""


def _strip_by(text: str) -> str:
    m = S.BYLINE.match(clean(text))
    return m.group(1) if m else clean(text)


def _header_texts(doc: Doc, limit: int = 40) -> list[str]:
    """Short text lines right after the h1: where bylines and visible dates live."""
    h1 = next(iter(doc.root.iter("h1")), None)
    if h1 is None:
        return []
    out: list[str] = []
    started = False
    for el in doc.root.iter():
        if el is h1:
            started = True
            continue
        if not started or not isinstance(el.tag, str):
            continue
        if el.tag in ("h2", "h3") and out:
            break
        text = clean(el.text) if el.tag != "time" else clean(text_of(el))
        if text and len(text) < 120:
            out.append(text)
        if len(out) >= limit:
            break
    return out


def extract_dates(doc: Doc) -> tuple[datetime | None, datetime | None, dict[str, str]]:
    sources: dict[str, str] = {}
    published = updated = None
    for name in ("published", "updated"):
        for el in doc.select(name):
            value = parse_date(el.get("datetime") or el.get("content") or text_of(el))
            if value:
                sources[name] = "selector"
                if name == "published":
                    published = value
                else:
                    updated = value
                break
    ld = doc.article_ld() or {}
    candidates = (
        ("published", "json-ld", lambda: ld.get("datePublished")),
        ("updated", "json-ld", lambda: ld.get("dateModified")),
        ("published", "meta", lambda: doc.first_meta("article:published_time", "datepublished", "pubdate", "publish-date", "date", "dc.date", "parsely-pub-date")),
        ("updated", "meta", lambda: doc.first_meta("article:modified_time", "og:updated_time", "datemodified", "last-modified")),
        ("published", "microdata", lambda: _microdata_date(doc, "datePublished")),
        ("updated", "microdata", lambda: _microdata_date(doc, "dateModified")),
    )
    for name, source, get in candidates:
        if (published if name == "published" else updated) is not None:
            continue
        raw = get()
        value = not_future(parse_date(raw if isinstance(raw, str) else None))
        if value:
            sources[name] = source
            if name == "published":
                published = value
            else:
                updated = value
    if published is None:
        published, updated2 = _time_elements(doc)
        if published:
            sources["published"] = "time-element"
        if updated is None and updated2:
            updated, sources["updated"] = updated2, "time-element"
    if published is None or updated is None:
        for text in _header_texts(doc):
            m = S.UPDATED_LINE.match(text)
            if m and updated is None:
                value = not_future(parse_date(m.group(1)))
                if value:
                    updated, sources["updated"] = value, "heuristic"
                continue
            if published is None and len(text) < 60:
                m2 = S.PUBLISHED_LINE.match(text)
                value = not_future(parse_date(m2.group(1) if m2 else text))
                if value and ANY_DATE.search(text):
                    published, sources["published"] = value, "heuristic"
    note = _originally_published(doc)
    if note and (published is None or note < published):
        later = max(d for d in (published, updated) if d) if (published or updated) else None
        updated = later
        if later:
            sources["updated"] = sources.get("published", "heuristic") if updated == published else sources.get("updated", "heuristic")
        published, sources["published"] = note, "editor-note"
    if updated is not None and published is not None and updated <= published:
        updated = None
        sources.pop("updated", None)
    return published, updated, sources


def _microdata_date(doc: Doc, prop: str) -> str | None:
    for el in doc.root.xpath(f'//*[@itemprop="{prop}"]'):
        value = el.get("content") or el.get("datetime") or text_of(el)
        if value and value.strip():
            return value
    return None


def _time_elements(doc: Doc) -> tuple[datetime | None, datetime | None]:
    published = updated = None
    for el in doc.root.iter("time"):
        value = not_future(parse_date(el.get("datetime") or text_of(el)))
        if not value:
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("itemprop"), el.getparent().get("class") if el.getparent() is not None else None))).lower()
        if "updated" in marks or "modified" in marks:
            updated = updated or value
        else:
            published = published or value
    return published, updated


def _originally_published(doc: Doc) -> datetime | None:
    # Find the words first (C-level XPath), then read the short block around them.
    for text_node in doc.root.xpath('//text()[contains(., "riginally") or contains(., "RIGINALLY")]'):
        el = text_node.getparent()
        for _ in range(3):
            if el is None:
                break
            text = clean(text_of(el))
            if len(text) > 600:
                break
            m = S.ORIGINALLY_PUBLISHED.search(text)
            if m:
                value = not_future(parse_date(m.group(1), month_precision=True))
                if value:
                    return value
            el = el.getparent()
    return None
