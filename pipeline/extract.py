"""Page -> Article: one function per field, each taking the first trustworthy source,
most specific first (site selectors, structured data, heuristics), normalised once at the end.

The page is parsed exactly once, with lxml directly: building a BeautifulSoup tree costs about
15 times more per page (DESIGN.md) and extraction speed is crawl speed. bs4 is used only for its
encoding detection (UnicodeDammit), where its forgiving logic earns its cost.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from bs4.dammit import UnicodeDammit
from lxml import etree, html as lxml_html

from . import selectors as S
from .config import DEFAULT_TAG_PARAMS, DEFAULT_TAG_PATHS, SiteConfig
from .dates import ANY_DATE, not_future, parse_date
from .discover import canonicalize
from .errors import ExtractError, NotAnArticle
from .models import Article, Page, iso

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WS = re.compile(r"\s+")
_BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption"}


def decode_html(content: bytes, content_type: str | None = None) -> str:
    """Bytes to text: BOM, then the HTTP charset, then <meta charset>, then detection;
    undecodable bytes are replaced, never fatal."""
    for bom, enc in _BOMS:
        if content.startswith(bom):
            return content[len(bom):].decode(enc.replace("-", "_") if enc == "utf-8" else enc, errors="replace")
    charset = None
    if content_type:
        m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
        if m:
            charset = m.group(1)
    if charset:
        try:
            codecs.lookup(charset)
            return content.decode(charset, errors="replace")
        except LookupError:
            pass
    dammit = UnicodeDammit(content, is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return content.decode("utf-8", errors="replace")


def parse_html(text: str):
    """One lxml tree for the whole extraction (text re-encoded so encoding declarations can't clash)."""
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from None
    return root


def clean(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


@dataclass
class Doc:
    """What every field function may look at: the tree, structured data, meta tags."""

    root: Any
    url: str
    site: SiteConfig | None
    jsonld: list[dict] = field(default_factory=list)
    by_id: dict[str, dict] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    related_nodes: list = field(default_factory=list)

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def article_ld(self) -> dict | None:
        for obj in self.jsonld:
            if _types(obj) & S.ARTICLE_TYPES:
                return obj
        return None

    def select(self, field_name: str) -> list:
        sel = (self.site.selectors if self.site else {}).get(field_name)
        if not sel:
            return []
        try:
            return self.root.cssselect(sel)
        except Exception:  # cssselect raises several parse error types for bad selectors
            raise ExtractError(f"invalid CSS selector for {field_name}: {sel!r}") from None


def _types(obj: dict) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _load(page_text: str, url: str, site: SiteConfig | None) -> Doc:
    root = parse_html(page_text)
    doc = Doc(root=root, url=url, site=site)
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        for obj in stack:
            if not isinstance(obj, dict):
                continue
            graph = obj.get("@graph")
            items = graph if isinstance(graph, list) else [obj]
            for item in items:
                if isinstance(item, dict):
                    doc.jsonld.append(item)
                    if isinstance(item.get("@id"), str):
                        doc.by_id[item["@id"]] = item
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") is not None:
            doc.meta.setdefault(key, []).append(m.get("content"))
    return doc


# ---------------------------------------------------------------- public entry points


def extract(page: Page, site: SiteConfig | None = None) -> Article:
    """Extract an Article from a fetched page; raises NotAnArticle or ExtractError."""
    ctype = page.headers.get("content-type", "")
    if ctype and not re.search(r"html|xml", ctype, re.I):
        raise NotAnArticle(f"not HTML ({ctype.split(';')[0]})")
    text = decode_html(page.content, ctype)
    article = extract_html(text, page.final_url or page.url, site)
    article.fetched_at = page.fetched_at
    return article


def extract_html(text: str, url: str, site: SiteConfig | None = None) -> Article:
    """Extract an Article from HTML text whose address is `url`."""
    doc = _load(text, url, site)
    sources: dict[str, str] = {}

    def put(name: str, value_source: tuple[Any, str]) -> Any:
        value, source = value_source
        if value:
            sources[name] = source
        return value

    page_title = clean(doc.root.findtext(".//title"))
    if S.BOT_WALL.search(page_title) or (len(text) < 20000 and S.BOT_WALL.search(clean(doc.root.text_content())[:2000])):
        raise NotAnArticle("bot wall / challenge page")

    canonical = put("url", extract_canonical(doc))
    related = put("related", extract_related(doc))
    _drop_foreign_regions(doc)
    title = put("title", extract_title(doc))
    author = put("author", extract_author(doc))
    published, updated, date_sources = extract_dates(doc)
    sources.update(date_sources)
    tags = put("tags", extract_tags(doc))
    body = put("body", extract_body(doc))
    summary = put("summary", extract_summary(doc, body))

    _check_is_article(doc, title, body, page_title)
    article = Article(url=canonical, title=title, author=author, published=published, updated=updated,
                      summary=summary, body=body, tags=tags, related=related,
                      site=site.name if site else "", sources=sources)
    article.content_hash = article.compute_hash()
    return article


def _check_is_article(doc: Doc, title: str, body: str, page_title: str) -> None:
    types = {t for obj in doc.jsonld for t in _types(obj)}
    marked_article = bool(types & S.ARTICLE_TYPES) or (doc.first_meta("og:type") or "").lower() == "article"
    if not title:
        raise NotAnArticle("no title")
    if S.ERROR_TITLE.search(page_title) or S.ERROR_TITLE.search(title):
        raise NotAnArticle("error page")
    words = len(body.split())
    if not marked_article and (types & S.LISTING_TYPES or words < S.MIN_ARTICLE_WORDS):
        raise NotAnArticle("listing or stub page" if words else "no text")
    if words == 0:
        raise NotAnArticle("no text")


# ---------------------------------------------------------------- fields


def extract_canonical(doc: Doc) -> tuple[str, str]:
    for link in doc.root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return canonicalize(link.get("href"), doc.url), "link-canonical"
    og = doc.first_meta("og:url")
    if og:
        return canonicalize(og, doc.url), "meta"
    return canonicalize(doc.url), "url"


def _site_name(doc: Doc) -> str | None:
    name = doc.first_meta("og:site_name", "application-name")
    if name:
        return name
    for obj in doc.jsonld:
        if "website" in _types(obj) and isinstance(obj.get("name"), str):
            return obj["name"]
    return None


def _strip_site(title: str, site_name: str | None) -> str:
    parts = S.TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if p.strip().lower() != site_name.strip().lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # Without a known site name, the longest part is the article's own title.
    return max(parts, key=len)


def extract_title(doc: Doc) -> tuple[str, str]:
    for el in doc.select("title"):
        if clean(el.text_content()):
            return clean(el.text_content()), "selector"
    site_name = _site_name(doc)
    ld = doc.article_ld()
    if ld and isinstance(ld.get("headline"), str) and clean(ld["headline"]):
        return clean(ld["headline"]), "json-ld"
    og = doc.first_meta("og:title", "twitter:title")
    if og and (not site_name or clean(og).lower() != site_name.lower()):
        return clean(_strip_site(clean(og), site_name)), "meta"
    h1s = [clean(h.text_content()) for h in doc.root.iter("h1")]
    h1s = [h for h in h1s if h and (not site_name or h.lower() != site_name.lower())]
    if len(h1s) == 1:
        return h1s[0], "heuristic"
    title = clean(doc.root.findtext(".//title"))
    if title:
        return clean(_strip_site(title, site_name)), "heuristic"
    return "", ""


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
    site_name = (_site_name(doc) or "").lower()
    out: list[str] = []
    for raw in names:
        name = clean(raw)
        if not name or len(name) > 80 or "://" in name or name.startswith("www.") or "@" in name:
            continue
        if S.NOT_AUTHORS.match(name) or name.lower() == site_name:
            continue
        if name not in out:
            out.append(name)
    return out


def split_authors(text: str) -> list[str]:
    return [p for p in S.AUTHOR_SPLIT.split(clean(text)) if p]


def extract_author(doc: Doc) -> tuple[list[str], str]:
    for el in doc.select("author"):
        names = _valid_authors(split_authors(_strip_by(el.text_content())), doc)
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
        micro.append((name_el[0].get("content") or name_el[0].text_content()) if name_el else (el.get("content") or el.text_content()))
    names = _valid_authors([n for m in micro for n in split_authors(_strip_by(m))], doc)
    if names:
        return names, "microdata"
    names = _valid_authors([a.text_content() for a in doc.root.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')], doc)
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
        text = clean(el.text) if el.tag != "time" else clean(el.text_content())
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
            value = parse_date(el.get("datetime") or el.get("content") or el.text_content())
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
        value = el.get("content") or el.get("datetime") or el.text_content()
        if value and value.strip():
            return value
    return None


def _time_elements(doc: Doc) -> tuple[datetime | None, datetime | None]:
    published = updated = None
    for el in doc.root.iter("time"):
        value = not_future(parse_date(el.get("datetime") or el.text_content()))
        if not value:
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("itemprop"), el.getparent().get("class") if el.getparent() is not None else None))).lower()
        if "updated" in marks or "modified" in marks:
            updated = updated or value
        else:
            published = published or value
    return published, updated


def _originally_published(doc: Doc) -> datetime | None:
    for el in doc.root.iter("p", "em", "i", "div", "span"):
        text = el.text_content()
        if "riginally" not in text or len(text) > 600:
            continue
        m = S.ORIGINALLY_PUBLISHED.search(clean(text))
        if m:
            value = not_future(parse_date(m.group(1), month_precision=True))
            if value:
                return value
    return None


def _tag_from_link(href: str, label: str, base: str, doc: Doc) -> dict[str, str] | None:
    params = doc.site.tag_params if doc.site else DEFAULT_TAG_PARAMS
    paths = doc.site.tag_paths if doc.site else DEFAULT_TAG_PATHS
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.hostname and urlsplit(base).hostname and parts.hostname.lower() != urlsplit(base).hostname.lower():
        return None
    label = clean(label)
    for key, value in parse_qsl(parts.query):
        if key in params and value:
            return {"facet": params[key], "slug": value.lower(), "label": label or value}
    segments = [s for s in parts.path.split("/") if s]
    for i, seg in enumerate(segments[:-1]):
        if seg in paths:
            slug = segments[i + 1].lower()
            return {"facet": paths[seg], "slug": slug, "label": label or slug}
    return None


def _tags_in(nodes, doc: Doc) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for node in nodes:
        for a in node.iter("a"):
            href = a.get("href")
            if not href:
                continue
            tag = _tag_from_link(href, a.text_content(), doc.url, doc)
            if tag is None and "tag" in (a.get("rel") or "").lower().split():
                label = clean(a.text_content())
                tag = {"facet": "tag", "slug": slugify(label), "label": label} if label else None
            if tag and (tag["facet"], tag["slug"]) not in seen:
                seen.add((tag["facet"], tag["slug"]))
                out.append(tag)
    return out


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def extract_tags(doc: Doc) -> tuple[list[dict[str, str]], str]:
    chosen = doc.select("tags")
    if chosen:
        tags = _tags_in(chosen, doc)
        if tags:
            return tags, "selector"
    region = _article_region(doc)
    tags = _tags_in([region], doc)
    if tags:
        return tags, "links"
    labels: list[tuple[str, str]] = []
    ld = doc.article_ld() or {}
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        keywords = [k for k in keywords.split(",")]
    for k in keywords or []:
        if isinstance(k, str) and clean(k):
            labels.append(("tag", clean(k)))
    section = ld.get("articleSection")
    for s in (section if isinstance(section, list) else [section] if section else []):
        if isinstance(s, str) and clean(s):
            labels.append(("category", clean(s)))
    source = "json-ld"
    if not labels:
        labels = [("tag", clean(v)) for v in doc.meta.get("article:tag", []) if clean(v)]
        labels += [("category", clean(v)) for v in doc.meta.get("article:section", []) if clean(v)]
        source = "meta"
    out, seen = [], set()
    for facet, label in labels:
        key = (facet, slugify(label))
        if key[1] and key not in seen:
            seen.add(key)
            out.append({"facet": facet, "slug": key[1], "label": label})
    return out, source if out else ""


def _article_region(doc: Doc):
    """The element holding the article (not the site's navigation or footer)."""
    for xp in ("//article", "//main", '//*[@role="main"]'):
        found = doc.root.xpath(xp)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    body = doc.root.find("body")
    return body if body is not None else doc.root


def extract_related(doc: Doc) -> tuple[list[dict[str, Any]], str]:
    """The editors' related-article block: heading-introduced or a plugin's container."""
    containers = list(doc.root.xpath(S.RELATED_CONTAINER_XPATH))
    source = "container"
    if not containers:
        source = "heading"
        for h in doc.root.iter("h2", "h3", "h4", "h5", "div", "span", "p"):
            if h.tag in ("div", "span", "p") and not re.search(r"title|heading", h.get("class") or "", re.I):
                continue
            if not S.RELATED_HEADING.match(h.text_content() or ""):
                continue
            box = h.getparent()
            for _ in range(3):
                if box is None:
                    break
                if len([a for a in box.iter("a") if a.get("href")]) > 0:
                    break
                box = box.getparent()
            if box is not None:
                containers.append(box)
                break
    # Keep outermost containers only.
    containers = [c for c in containers if not any(o is not c and c in o.iterdescendants() for o in containers)]
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for box in containers:
        doc.related_nodes.append(box)
        for card_link, card in _cards(box):
            url = canonicalize(card_link.get("href"), doc.url)
            if url in seen or url == canonicalize(doc.url):
                continue
            seen.add(url)
            date = None
            times = card.xpath(".//time")
            if times:
                date = parse_date(times[0].get("datetime") or times[0].text_content())
            if date is None:
                for t in card.itertext():
                    if ANY_DATE.search(t) and len(t.strip()) < 40:
                        date = parse_date(t)
                        break
            items.append({"url": url, "title": clean(card_link.text_content()), "published": iso(date),
                          "tags": _tags_in([card], doc)})
    return items, source if items else ""


def _cards(box):
    """(title link, card element) pairs of a related block."""
    links = [a for a in box.iter("a") if a.get("href") and clean(a.text_content())]
    title_links = [a for a in links if any(p.tag in ("h2", "h3", "h4", "h5", "h6") for p in a.iterancestors())
                   or re.search(r"title|headline", a.get("class") or "", re.I)]
    if not title_links:  # plain lists of links (YARPP's default template)
        title_links = [a for a in links if not _looks_like_tag_link(a)]
    out = []
    for a in title_links:
        # The card is the largest ancestor that holds this title link and no other.
        card = a
        parent = card.getparent()
        while parent is not None and parent is not box and sum(1 for t in title_links if _within(t, parent)) == 1:
            card, parent = parent, parent.getparent()
        out.append((a, card))
    return out


def _within(el, ancestor) -> bool:
    return el is ancestor or any(p is ancestor for p in el.iterancestors())


def _looks_like_tag_link(a) -> bool:
    href = a.get("href") or ""
    return "?" in href or "/tag/" in href or "/category/" in href or "tag" in (a.get("rel") or "")


def _drop_foreign_regions(doc: Doc) -> None:
    """Remove the related block, comments and banners, whose dates and links are not ours."""
    for node in list(doc.related_nodes):
        if node.getparent() is not None:
            node.drop_tree()
    for node in doc.root.xpath("//*[@class or @id]"):
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if S.FOREIGN_REGION_CLASS.search(marker) and node.getparent() is not None and node.tag not in ("body", "html"):
            node.drop_tree()


def extract_body(doc: Doc) -> tuple[str, str]:
    chosen = doc.select("body")
    if chosen:
        return _text_of(chosen[0], keep_noise=True), "selector"
    for xp in S.CONTENT_XPATHS:
        found = doc.root.xpath(xp)
        if found:
            node = max(found, key=lambda e: len(e.text_content()))
            text = _text_of(node)
            if len(text.split()) >= 20 or xp == "//body":
                return text, "heuristic"
    return "", ""


def _text_of(node, keep_noise: bool = False) -> str:
    """Paragraph text of a content element, without chrome; paragraphs separated by blank lines.

    Drops noise from the tree in place: the tree belongs to this one extraction."""
    for bad in list(node.iter(*S.NOISE_TAGS)):
        if bad is not node and bad.getparent() is not None:
            bad.drop_tree()
    if not keep_noise:
        for el in list(node.iter()):
            if el is node or not isinstance(el.tag, str) or el.getparent() is None:
                continue
            marker = f"{el.get('class') or ''} {el.get('id') or ''}"
            if marker.strip() and S.NOISE_CLASS.search(marker):
                el.drop_tree()
        for h1 in list(node.iter("h1")):
            h1.drop_tree()
    paragraphs: list[str] = []
    for el in node.iter(*_BLOCKS):
        if any(p.tag in _BLOCKS for p in el.iterancestors()):
            continue  # nested block: its text is already in the outer one
        text = clean(el.text_content())
        if text:
            paragraphs.append(text)
    if not paragraphs:
        text = clean(node.text_content())
        return text
    return "\n\n".join(paragraphs)


def extract_summary(doc: Doc, body: str) -> tuple[str, str]:
    for el in doc.select("summary"):
        if clean(el.text_content()):
            return clean(el.text_content()), "selector"
    meta = doc.first_meta("description", "og:description", "twitter:description")
    if meta:
        return clean(meta), "meta"
    ld = doc.article_ld() or {}
    if isinstance(ld.get("description"), str) and clean(ld["description"]):
        return clean(ld["description"]), "json-ld"
    for para in body.split("\n\n"):
        if len(para.split()) >= 12:
            return (para if len(para) <= 300 else para[:297].rsplit(" ", 1)[0] + "..."), "body"
    return "", ""
