"""When an article appeared and changed: published and updated dates, most trustworthy source first."""

from __future__ import annotations

from datetime import datetime, timezone

from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.extraction.dates import ANY_DATE, not_future, parse_date, publisher_zone, to_publisher_day
from pipeline.extraction.htmldoc import Doc, article_region, clean, header_texts, text_of


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
        ("published", "rdfa", lambda: cms.rdfa_date(doc, "published")),
        ("updated", "rdfa", lambda: cms.rdfa_date(doc, "updated")),
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
    header = header_texts(doc)
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
