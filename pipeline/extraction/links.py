"""The editors' related block (its cards and their tags), and the regions whose dates and links are not the article's."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.extraction.dates import ANY_DATE, parse_date
from pipeline.core.urls import try_canonicalize
from pipeline.extraction.htmldoc import Doc, clean, drop_tree, is_inside, text_of
from pipeline.extraction.tags import tags_in
from pipeline.core.models import iso


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
                          "tags": tags_in([card], doc)})
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
    doc.region = None             # the article's element is chosen again on the page without them
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
