"""One parsed page: decoding, the lxml tree, JSON-LD objects and meta tags, shared by every field.

Pages are parsed exactly once, with lxml directly: building a BeautifulSoup tree costs about
15 times more per page (DESIGN.md) and extraction speed is crawl speed. bs4 is used only for its
encoding detection (UnicodeDammit), where its forgiving logic earns its cost.
"""

from __future__ import annotations

import codecs
import html
from bisect import bisect_right
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from pipeline.extraction import selectors as S
from pipeline.core.config import SiteConfig
from pipeline.core.errors import ExtractError

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20)])


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w-]+)""", re.I)


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
    declared = _META_CHARSET.search(content[:4096])
    if declared and declared.group(1).lower() in (b"utf-8", b"utf8"):
        # Pages that say UTF-8 and mostly are: a few stray bytes of another encoding are replaced
        # rather than letting detection decode the whole page as something it is not.
        text = content.decode("utf-8", errors="replace")
        if text.count("\ufffd") * 200 < len(content):
            return text
    from bs4.dammit import UnicodeDammit   # imported only when detection is needed: bs4 is slow to load

    dammit = UnicodeDammit(content, is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return content.decode("utf-8", errors="replace")


# Elements with a class or id, as the parents of those attributes: the same elements, in document
# order, as "//*[@class or @id]" selects, found faster.
_WITH_CLASS_OR_ID = etree.XPath("//@class/.. | //@id/..")
# lxml.etree's plain elements: lxml.html's element classes cost a Python lookup per element
# touched, about a third of all extraction time on real pages.
_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


# libxml2 compares each attribute of an element with the ones before it: an element with 100,000
# attributes takes minutes to parse (a hostile page's way to stall a crawl). No real tag comes near
# MAX_TAG_CHARS, so the attributes of a longer one are dropped before parsing.
MAX_TAG_CHARS = 8192
_LONG_TAG = re.compile(r"<([A-Za-z][\w:.-]*)\s[^<>]{%d,}>" % MAX_TAG_CHARS)


def parse_html(text: str):
    """One lxml tree for the whole extraction (text re-encoded so encoding declarations can't clash)."""
    # Control characters survive HTML parsing but lxml refuses them when the tree is edited.
    # Pages rarely hold any: a deleting translate of the bytes finds out several times faster
    # than the regex would (no UTF-8 sequence but a control character's own has bytes below 32).
    if _LONG_TAG.search(text):
        text = _LONG_TAG.sub(r"<\1>", text)
    data = text.encode("utf-8", errors="replace")
    if len(data.translate(None, _CONTROL_BYTES)) != len(data) or "\ufffe" in text or "\uffff" in text:
        data = _CONTROL.sub("", text).encode("utf-8", errors="replace")
    try:
        root = etree.fromstring(data or b"<html></html>", _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractError(f"unparseable HTML: {exc}") from None
    if root is None:
        root = etree.fromstring(b"<html><body></body></html>", _PARSER)
    return root


def text_of(el) -> str:
    """All text inside an element (lxml.html's text_content for plain etree elements)."""
    return "".join(el.itertext())


def opening_text(el, limit: int) -> str:
    """clean(text_of(el))[:limit], reading only as much of the text as that needs."""
    pieces: list[str] = []
    size, check_at = 0, 2 * limit
    for piece in el.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > check_at:
            # The cleaned text of a prefix is a prefix of the cleaned whole (a word cut at the
            # end only grows), so once it is long enough the rest cannot change it.
            head = clean("".join(pieces))
            if len(head) >= limit:
                return head[:limit]
            check_at *= 2
    return clean("".join(pieces))[:limit]


def drop_tree(el) -> None:
    """Remove an element and its children, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def is_inside(el, ancestor) -> bool:
    return any(p is ancestor for p in el.iterancestors())


def clean(text: str | None) -> str:
    """Whitespace collapsed and trimmed (str.split is several times faster than a regex here)."""
    return " ".join(text.split()) if text else ""


def plain(text: str | None) -> str:
    """clean() of a value from structured data or a meta tag, with HTML entities decoded: CMSs
    often escape titles twice, so JSON-LD says "It&#8217;s" and "R&amp;D"."""
    if not text:
        return ""
    return clean(html.unescape(text)) if "&" in text else clean(text)


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
    host: str = ""
    html: str = ""               # the page's text, for cheap "does this word occur at all" tests
    # (element, "class id" lower-cased) for every element that has either: one walk of the tree
    # serves every class-based rule, much cheaper than an XPath with many contains() per rule.
    marked: list = field(default_factory=list)
    marker_text: str = ""
    marker_offsets: list = field(default_factory=list)
    linked_headings: int = 0     # headlines linking elsewhere in the body's container
    paragraphs: int = 0          # the body's paragraphs and those headlines
    comments: list | None = None  # readers' comments, found once (reader_comments)
    region: Any = None           # the article's element, found once (article_region); reset when regions are dropped

    def __post_init__(self) -> None:
        self.host = (urlsplit(self.url).hostname or "").lower()

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return value.strip()
        return None

    def article_ld(self) -> dict | None:
        for obj in self.jsonld:
            if types_of(obj) & S.ARTICLE_TYPES:
                return obj
        return None

    def marked_with(self, pattern) -> list:
        """Elements whose class or id matches the compiled regex `pattern`, in document order.

        One regex scan over all markers joined by newlines (in C), mapped back to elements by
        offset: several times faster than one Python-level search per element."""
        out, last = [], -1
        for m in pattern.finditer(self.marker_text):
            i = bisect_right(self.marker_offsets, m.start(m.lastindex or 0)) - 1
            if i != last:
                out.append(self.marked[i][0])
                last = i
        return out

    def reader_comments(self) -> list:
        """Elements classed as comments that are readers' comments: signed inside (a writer's
        name, a time, a reply link), unlike a photo's description or a match's live commentary
        that a page may also class as a comment. In document order."""
        if self.comments is None:
            self.comments = self._signed_comments()
        return self.comments

    def _signed_comments(self) -> list:
        comments = self.marked_with(S.COMMENT_CLASS)
        if not comments:
            return []
        signed: set = set()
        marks = [*self.marked_with(S.COMMENT_SIGNATURE_CLASS), *self.root.iter(*S.COMMENT_SIGNATURE_TAGS),
                 *(el for el in _WITH_ITEMPROP(self.root) if el.get("itemprop") in S.COMMENT_SIGNATURE_ITEMPROP)]
        for el in marks:
            for a in (el, *el.iterancestors()):
                if a in signed:
                    break
                signed.add(a)
        return [el for el in comments if el in signed]

    def select(self, field_name: str) -> list:
        sel = (self.site.selectors if self.site else {}).get(field_name)
        if not sel:
            return []
        try:
            return CSSSelector(sel, translator="html")(self.root)
        except Exception:  # cssselect raises several parse error types for bad selectors
            raise ExtractError(f"invalid CSS selector for {field_name}: {sel!r}") from None


# Elements with microdata (found as the parents of the attribute: much faster than a test of its value).
_WITH_ITEMPROP = etree.XPath("//@itemprop/..")


def types_of(obj: dict) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def load_doc(page_text: str, url: str, site: SiteConfig | None) -> Doc:
    root = parse_html(page_text)
    doc = Doc(root=root, url=url, site=site, html=page_text)
    markers, offset = [], 0
    for el in _WITH_CLASS_OR_ID(root):
        cls, ident = el.get("class"), el.get("id")
        if cls or ident:
            marker = f"{cls or ''} {ident or ''}".lower()
            doc.marked.append((el, marker))
            doc.marker_offsets.append(offset)
            markers.append(marker)
            offset += len(marker) + 1
    doc.marker_text = "\n".join(markers)
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


def article_region(doc: Doc):
    """The element holding the article (not the site's navigation or footer)."""
    if doc.region is None:
        doc.region = _find_region(doc)
    return doc.region


def _find_region(doc: Doc):
    for xp in ("//article", "//main", '//*[@role="main"]'):
        found = doc.root.xpath(xp)
        if found:
            return found[0] if len(found) == 1 else max(found, key=lambda e: len(text_of(e)))
    body = doc.root.find("body")
    return body if body is not None else doc.root


def site_name(doc: Doc) -> str | None:
    name = doc.first_meta("og:site_name", "application-name")
    if name:
        return name
    for obj in doc.jsonld:
        if "website" in types_of(obj) and isinstance(obj.get("name"), str):
            return obj["name"]
    return None


def header_texts(doc: Doc, limit: int = 40) -> list[str]:
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
