"""Links that carry meaning: the article's tags (with their facets) and the editors' related block."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.core.config import DEFAULT_TAG_PARAMS, DEFAULT_TAG_PATHS
from pipeline.extraction.dates import ANY_DATE, parse_date
from pipeline.core.urls import try_canonicalize
from pipeline.extraction.htmldoc import Doc, clean, drop_tree, is_inside, plain, text_of
from pipeline.core.models import iso


def _tag_rules(doc: Doc) -> tuple[tuple, tuple, tuple]:
    """(path markers such as "/topic/", tag query parameters, tag path segments) of the doc's site."""
    params = doc.site.tag_params if doc.site else DEFAULT_TAG_PARAMS
    paths = doc.site.tag_paths if doc.site else DEFAULT_TAG_PATHS
    return tuple(f"/{seg}/" for seg in paths), tuple(params.items()), tuple(paths.items())


def _tag_from_link(href: str, a, base: str, doc: Doc, rules: tuple) -> dict[str, str] | None:
    """The tag a link `a` (with this `href`) names, or None; its text is read only for a tag."""
    markers, params, paths = rules
    if "?" not in href and not any(m in href for m in markers):
        return None               # cheap test first: most links of a page are not tag links
    # The same tag links recur on every page of a site: their parse is cached.
    found = _facet_of(href if href.startswith(("http://", "https://", "/")) else urljoin(base, href),
                      doc.host, params, paths)
    if found is None:
        return None
    facet, slug = found
    return {"facet": facet, "slug": slug, "label": clean(text_of(a)) or slug}


@lru_cache(maxsize=8192)
def _facet_of(href: str, host: str, params: tuple, paths: tuple) -> tuple[str, str] | None:
    """(facet, slug) named by a link's query string or path, or None."""
    try:
        parts = urlsplit(href)
        hostname = parts.hostname
    except ValueError:            # a broken IPv6 literal or port
        return None
    if hostname and host and hostname.lower() != host:
        return None
    by_param, by_path = dict(params), dict(paths)
    for key, value in parse_qsl(parts.query):
        if key in by_param and value:
            return by_param[key], value.lower()
    segments = [s for s in parts.path.split("/") if s]
    for i, seg in enumerate(segments[:-1]):
        if seg in by_path:
            return by_path[seg], segments[i + 1].lower()
    return None


def _tags_in(nodes, doc: Doc) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    rules = _tag_rules(doc)
    for node in nodes:
        for a in node.iter("a"):
            href = a.get("href")
            if not href:
                continue
            tag = _tag_from_link(href, a, doc.url, doc, rules)
            if tag is None:
                term = cms.taxonomy_tag(href, a)      # /taxonomy/term/N: the facet is its vocabulary
                tag = {"facet": term[0], "slug": slugify(term[1]), "label": term[1]} if term else None
            if tag is not None and _in_running_text(a):
                continue          # a person or place named in a sentence, not the page's tag
            if tag is None and "tag" in (a.get("rel") or "").lower().split():
                label = clean(text_of(a))
                tag = ({"facet": "tag", "slug": slugify(label), "label": label}
                       if label and not cms.is_read_more(label) else None)
            if tag and (tag["facet"], tag["slug"]) not in seen:
                seen.add((tag["facet"], tag["slug"]))
                out.append(tag)
    return out


def _in_running_text(a) -> bool:
    """True when link `a` stands inside a sentence: its paragraph has much text besides links."""
    for block in a.iterancestors():
        if block.tag in S.TAG_LIST_BLOCKS:
            break
        if block.tag in S.RUNNING_TEXT_BLOCKS:
            besides = sum(len(t.strip()) for t in block.itertext()) - sum(
                len(t.strip()) for link in block.iter("a") for t in link.itertext())
            return besides > S.RUNNING_TEXT_MIN_CHARS
    return False


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def extract_tags(doc: Doc) -> tuple[list[dict[str, str]], str]:
    chosen = doc.select("tags")
    if chosen:
        tags = _tags_in(chosen, doc)
        if tags:
            return tags, "selector"
    region = article_region(doc)
    tags = _tags_in([region], doc)
    if tags:
        return tags, "links"
    ld = doc.article_ld() or {}
    labels = [("tag", k) for k in _keywords(ld.get("keywords"))]
    labels += [("category", k) for k in _keywords(ld.get("articleSection"))]
    source = "json-ld"
    if not labels:
        labels = [("tag", k) for v in doc.meta.get("article:tag", []) for k in _keywords(v)]
        labels += [("category", k) for v in doc.meta.get("article:section", []) for k in _keywords(v)]
        source = "meta"
    if not labels:
        for name in S.KEYWORD_META:
            labels = [("tag", k) for v in doc.meta.get(name, []) for k in _keywords(v)]
            if labels:
                break
    out, seen = [], set()
    for facet, label in labels:
        key = (facet, slugify(label))
        if key[1] and key not in seen:
            seen.add(key)
            out.append({"facet": facet, "slug": key[1], "label": label})
    return out[:S.MAX_KEYWORD_TAGS], source if out else ""


def _keywords(value: Any) -> list[str]:
    """Keywords of a JSON-LD value or a meta tag: a list, or one string of several
    ("Politics, Europe; Trade"), each entity-decoded and trimmed."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out += [k for k in (p.strip() for p in S.KEYWORD_SPLIT.split(plain(item))) if k and len(k) <= S.MAX_TAG_CHARS]
    return out


def article_region(doc: Doc):
    """The element holding the article (not the site's navigation or footer)."""
    for xp in ("//article", "//main", '//*[@role="main"]'):
        found = doc.root.xpath(xp)
        if found:
            return found[0] if len(found) == 1 else max(found, key=lambda e: len(text_of(e)))
    body = doc.root.find("body")
    return body if body is not None else doc.root


def extract_related(doc: Doc) -> tuple[list[dict[str, Any]], str]:
    """The editors' related-article block: heading-introduced or a plugin's container."""
    containers = doc.marked_with(S.RELATED_CONTAINER)
    source = "container"
    if not containers:
        source = "heading"
        for h in [*doc.root.iter("h2", "h3", "h4", "h5"), *doc.marked_with(S.HEADING_CLASS)]:
            text = text_of(h)
            if len(text) > 80 or not S.RELATED_HEADING.match(text):
                continue
            box = h.getparent()
            for _ in range(3):
                if box is None:
                    break
                if len([a for a in box.iter("a") if a.get("href")]) > 0:
                    break
                box = box.getparent()
            # A box that holds the page's own headline, or much of its text, is the article
            # (with a "Related" heading inside it), not its related block.
            if box is None or next(box.iter("h1"), None) is not None:
                continue
            parts = _after_heading(h, box)
            if sum(map(_text_size, parts)) <= S.FOREIGN_MAX_SHARE * _page_text_size(doc):
                containers.extend(parts)
                break
    # Keep outermost containers only.
    containers = [c for c in containers if not any(o is not c and is_inside(c, o) for o in containers)]
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    own = try_canonicalize(doc.url)
    for box in containers:
        doc.related_nodes.append(box)
        for card_link, card in _cards(box):
            url = try_canonicalize(card_link.get("href"), doc.url)
            if url is None or url in seen or url == own:
                continue
            seen.add(url)
            date = None
            times = _TIMES(card)
            if times:
                date = parse_date(times[0].get("datetime") or text_of(times[0]))
            if date is None:
                for t in card.itertext():
                    # every date pattern has digits: the cheap test first
                    if _DIGIT.search(t) and ANY_DATE.search(t) and len(t.strip()) < 40:
                        date = parse_date(t)
                        break
            items.append({"url": url, "title": cms.card_title(card_link), "published": iso(date),
                          "tags": _tags_in([card], doc)})
    return items, source if items else ""


_TIMES = etree.XPath(".//time")
_DIGIT = re.compile(r"\d")


def _cards(box):
    """(title link, card element) pairs of a related block."""
    links = [a for a in box.iter("a") if a.get("href") and clean(text_of(a))]
    title_links = [a for a in links if any(p.tag in ("h2", "h3", "h4", "h5", "h6") for p in a.iterancestors())
                   or re.search(r"title|headline", a.get("class") or "", re.I) or cms.holds_heading(a)]
    if not title_links:  # plain lists of links (YARPP's default template)
        title_links = [a for a in links if not _looks_like_tag_link(a)]
    # The card of a title link is its largest ancestor (below the box) holding no other title link.
    under: dict = {}
    for a in title_links:
        for p in a.iterancestors():
            if p is box:
                break
            under[p] = under.get(p, 0) + 1
    out = []
    for a in title_links:
        card = a
        for p in a.iterancestors():
            if p is box or under.get(p, 0) != 1:
                break
            card = p
        out.append((a, card))
    return out


def _looks_like_tag_link(a) -> bool:
    href = a.get("href") or ""
    return "?" in href or "/tag/" in href or "/category/" in href or "tag" in (a.get("rel") or "")


def drop_foreign_regions(doc: Doc) -> None:
    """Remove the related block, comments and banners, whose dates and links are not ours.

    Never a region that holds much of the page's text: a class such as "comments-enabled" or
    "article-with-comments" on the story's own wrapper does not make the story a comment."""
    total = _page_text_size(doc)
    for node in list(doc.related_nodes):
        if node.getparent() is not None and _text_size(node) <= S.FOREIGN_MAX_SHARE * total:
            drop_tree(node)
    for node in [*doc.marked_with(S.FOREIGN_REGION_CLASS), *doc.reader_comments()]:
        if node.getparent() is not None and node.tag not in ("body", "html", "article", "main") \
                and next(node.iter("h1"), None) is None and _text_size(node) <= S.FOREIGN_MAX_SHARE * total:
            drop_tree(node)


def _after_heading(h, box) -> list:
    """The related block a heading opens inside `box`: the whole box, unless the story comes
    before the heading in it; then only the heading and what follows it."""
    child = h
    while child.getparent() is not box:
        child = child.getparent()
    before = len((box.text or "").strip()) + sum(_text_size(sib) for sib in child.itersiblings(preceding=True))
    if before <= S.RELATED_STORY_BEFORE_CHARS:
        return [box]
    parts = [child]
    for sib in child.itersiblings():      # the list of links after the heading, not the story after it
        size = _text_size(sib)
        links = sum(_text_size(a) for a in sib.iter("a"))
        if size and links < S.RELATED_MIN_LINK_SHARE * size:
            break
        parts.append(sib)
    return parts


def _page_text_size(doc: Doc) -> int:
    body = doc.root.find("body")
    return _text_size(body if body is not None else doc.root)


def _text_size(node) -> int:
    """Characters of text under `node`, whitespace runs counted as one."""
    return sum(len(t.strip()) for t in node.itertext())
