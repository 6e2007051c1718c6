"""Who wrote an article and when: authors, published and updated dates."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from . import selectors as S
from .dates import ANY_DATE, not_future, parse_date, publisher_zone, to_publisher_day
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


def _valid_authors(names: list[str], doc: Doc, strict: bool = False) -> list[str]:
    """Clean, deduplicated names; `strict` (for names found by heuristics) also rejects link
    labels and anything that does not look like a name."""
    own_name = (site_name(doc) or "").lower()
    out: list[str] = []
    for raw in names:
        name = clean(raw).strip(" .,;:-\u2013\u2014'\"()[]")
        if not name or len(name) > 80 or "://" in name or name.startswith("www.") or "@" in name:
            continue
        if S.NOT_AUTHORS.match(name) or name.lower() == own_name:
            continue
        if strict and (len(name.split()) > 5 or len(name) > 50 or S.NOT_A_NAME.search(name)
                       or ANY_DATE.search(name) or not name[:1].isalpha()):
            continue
        if name not in out:
            out.append(name)
    return out


def _looks_like_publisher(names: list[str], doc: Doc) -> bool:
    """True when the 'author' is the site or its publisher (common in meta tags and JSON-LD)."""
    own = (site_name(doc) or "").lower()
    host = doc.host.removeprefix("www.").split(".")[0]
    for name in names:
        low = name.lower()
        if (own and (low in own or own in low)) or (host and host in low.replace(" ", "").replace("-", "")):
            return True
        if re.search(r"\.(de|com|at|ch|fr|es|net|org|it|info)\b|\b(redaktion|editorial|gmbh|e\.v\.|verlag|magazin)\b", low):
            return True
    return False


def split_authors(text: str) -> list[str]:
    text = clean(text)
    if "://" in text or text.startswith("www."):
        return []          # a profile URL is not a name
    return [p for p in S.AUTHOR_SPLIT.split(text) if p]


def extract_author(doc: Doc) -> tuple[list[str], str]:
    for el in doc.select("author"):
        names = _valid_authors(split_authors(_strip_by(text_of(el))), doc)
        if names:
            return names, "selector"
    fallback: tuple[list[str], str] = ([], "")
    for names, source in _structured_authors(doc):
        if not names:
            continue
        if not _looks_like_publisher(names, doc):
            return names, source
        fallback = fallback if fallback[0] else (names, source)
    names = _byline_authors(doc)
    if names:
        return names, "heuristic"
    return fallback


def _structured_authors(doc: Doc):
    """(names, source) from structured data, most trustworthy first (lazily)."""
    ld = doc.article_ld()
    if ld:
        yield _valid_authors(_person_names(ld.get("author"), doc), doc), "json-ld"
    for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator"):
        yield _valid_authors([n for v in doc.meta.get(key, ()) for n in split_authors(v)], doc), "meta"
    micro = []
    for el in doc.root.xpath('//*[@itemprop="author"]'):
        name_el = el.xpath('.//*[@itemprop="name"]')
        micro.append((name_el[0].get("content") or text_of(name_el[0])) if name_el else (el.get("content") or text_of(el)))
    yield _valid_authors([n for m in micro for n in split_authors(_strip_by(m))], doc, strict=True), "microdata"
    links = doc.root.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')
    yield _valid_authors([text_of(a) for a in links], doc, strict=True), "rel-author"


def _byline_authors(doc: Doc) -> list[str]:
    """A "By ..." line after the title, else the text of an element classed as author/byline."""
    for text in _header_texts(doc):
        m = S.BYLINE.match(text)
        if m and not ANY_DATE.fullmatch(m.group(1)):
            names = _valid_authors(split_authors(ANY_DATE.sub("", m.group(1))), doc, strict=True)
            if names:
                return names
    for el in doc.marked_with(S.AUTHOR_CLASS):
        if el.tag in ("input", "label", "textarea", "img") or any(
                p.tag in ("nav", "footer", "form") for p in el.iterancestors()):
            continue
        text = clean(" ".join(el.itertext()))   # spaced: "Von<a>Name</a>" must not become "VonName"
        if not text or len(text) > 120:
            continue
        text = S.DATE_TAIL.sub("", ANY_DATE.sub("", text))
        names = _valid_authors(split_authors(_strip_by(text)), doc, strict=True)
        if 0 < len(names) <= 4:      # more is a list of tags or links, not a byline
            return names
    return []


def _strip_by(text: str) -> str:
    m = S.BYLINE.match(clean(text))
    return m.group(1) if m else clean(text)


def _header_texts(doc: Doc, limit: int = 40) -> list[str]:
    """Short pieces of text right after the h1 (texts and tails): where bylines and dates live."""
    h1 = next(iter(doc.root.iter("h1")), None)
    if h1 is None:
        return []
    out: list[str] = []
    started = False
    for el in doc.root.iter():
        if el is h1:
            started = True
            tail = clean(el.tail)
            if tail and len(tail) < 120:
                out.append(tail)
            continue
        if not started or not isinstance(el.tag, str):
            continue
        if el.tag in ("h2", "h3") and out:
            break
        for piece in ((clean(text_of(el)),) if el.tag == "time" else (clean(el.text), clean(el.tail))):
            if piece and len(piece) < 120:
                out.append(piece)
        if len(out) >= limit:
            break
    return out


def _date_in(texts: list[str]) -> datetime | None:
    """The first short text holding a date, or a longer one opening with it ("27.1.2022 - Berlin ...")."""
    for text in texts:
        head = text if len(text) < 80 else text[:14]
        if ANY_DATE.search(head):
            value = not_future(parse_date(head))
            if value:
                return value
    return None


def _labelled_date(doc: Doc, words: tuple[str, ...]) -> datetime | None:
    """A date right after a label word, in the same text or the next one."""
    words = tuple(w for w in words if w in doc.html)   # most labels are absent: skip the XPath
    if not words:
        return None
    cond = " or ".join(f'contains(., "{w}")' for w in words)
    for node in doc.root.xpath(f"//body//text()[{cond}]"):
        if len(node) > 200:
            continue
        el = node.getparent()
        following = [str(node)]
        if el is not None:
            if node.is_text:      # "<b>Datum:</b> 28.01.2022" or "<span>Datum</span><span>28.01.2022</span>"
                following.append(clean(el.tail)[:60])
                nxt = el.getnext()
            else:                 # the label is the tail of `el`: the date is in the next element
                nxt = el.getnext()
            if nxt is not None:
                following.append(clean(text_of(nxt))[:60])
        for text in following:
            if text and ANY_DATE.search(text):
                value = not_future(parse_date(text))
                if value:
                    return value
    return None


def _microformat_date(doc: Doc, pattern=None) -> datetime | None:
    """hAtom/microformats and theme classes that mark the publication date itself."""
    for el in doc.marked_with(pattern or S.PUBLISHED_CLASS):
        raw = el.get("datetime") or el.get("title") or el.get("content") or text_of(el)
        if raw and len(raw) < 120:
            value = not_future(parse_date(raw))
            if value:
                return value
    return None


def _classed_date(doc: Doc) -> datetime | None:
    """The first short date-looking text in an element whose class or id speaks of dates."""
    for el in doc.marked_with(S.DATE_CLASS):
        if any(p.tag in ("nav", "footer", "aside") for p in el.iterancestors()):
            continue
        raw = el.get("datetime") or el.get("content") or text_of(el)
        if raw and len(raw) < 120 and ANY_DATE.search(raw):
            value = not_future(parse_date(raw))
            if value:
                return value
    return None


def _first_date_in_text(doc: Doc) -> datetime | None:
    """The first text in the main region that is a date, or opens with one (last resort)."""
    from .links import article_region

    for node in article_region(doc).xpath(".//text()[string-length(normalize-space(.)) > 5]"):
        head = clean(node)[:24]
        if ANY_DATE.search(head):
            parent = node.getparent()
            if parent is not None and any(p.tag in ("nav", "footer", "aside", "form") for p in parent.iterancestors()):
                continue
            value = not_future(parse_date(head))
            if value:
                return value
    return None


def _url_date(doc: Doc) -> datetime | None:
    m = S.URL_DATE.search(doc.url)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups() if g)
    if d > 31:                      # the dd-mm-yyyy form
        y, d = d, y
    try:
        return not_future(datetime(y, mo, d, tzinfo=timezone.utc))
    except ValueError:
        return None


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
    ld = doc.article_ld() or next((o for o in doc.jsonld if o.get("datePublished")), {})
    candidates = (
        ("published", "json-ld", lambda: ld.get("datePublished")),
        ("updated", "json-ld", lambda: ld.get("dateModified")),
        ("published", "meta", lambda: doc.first_meta(*S.PUBLISHED_META)),
        ("updated", "meta", lambda: doc.first_meta(*S.UPDATED_META)),
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
    if published is None or updated is None:
        time_published, time_updated = _time_elements(doc)
        if published is None and time_published:
            published, sources["published"] = time_published, "time-element"
        if updated is None and time_updated:
            updated, sources["updated"] = time_updated, "time-element"
    header = _header_texts(doc)
    if updated is None:
        for text in header:
            m = S.UPDATED_LINE.match(text)
            value = not_future(parse_date(m.group(1))) if m else None
            if value:
                updated, sources["updated"] = value, "heuristic"
                break
    if published is None:
        for finder, source in ((_microformat_date, "microformat"), (lambda d: _date_in(header), "heuristic"),
                               (lambda d: _labelled_date(d, S.DATE_LABEL_WORDS), "heuristic"),
                               (_classed_date, "heuristic"), (_url_date, "url"), (_first_date_in_text, "heuristic")):
            value = finder(doc)
            if value:
                published, sources["published"] = value, source
                break
    if published is None:
        # Only a modification date is known: the best estimate of when the article appeared.
        if updated is None:
            updated = _labelled_date(doc, S.MODIFIED_LABEL_WORDS) or _microformat_date(doc, S.UPDATED_CLASS)
            if updated:
                sources["updated"] = "heuristic"
        if updated is not None:
            published, sources["published"] = updated, sources.get("updated", "heuristic") + " (modified)"
    zone = publisher_zone(doc.host, doc.root.get("lang"))
    published, updated = to_publisher_day(published, zone), to_publisher_day(updated, zone)
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
        if any(p.tag in ("nav", "aside", "footer") for p in el.iterancestors()):
            continue          # a date in the site's chrome belongs to another page or to today
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
    if "riginally" not in doc.html and "RIGINALLY" not in doc.html:
        return None
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
