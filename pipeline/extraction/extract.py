"""Page -> Article: one function per field, each taking the first trustworthy source,
most specific first (site selectors, structured data, heuristics), normalised once at the end.

The fields live in small modules: htmldoc (the parsed page), bylines (authors, dates),
links (tags, related block); title, canonical URL, body and summary are here.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.extraction.body import body_text, node_text
from pipeline.extraction.bylines import extract_author, split_authors
from pipeline.extraction.pubdates import extract_dates
from pipeline.core.config import SiteConfig
from pipeline.core.urls import try_canonicalize
from pipeline.core.errors import NotAnArticle
from pipeline.extraction.htmldoc import (Doc, article_region, clean, decode_html, load_doc, opening_text, parse_html,
                                        plain, site_name, text_of, types_of)
from pipeline.extraction.links import drop_foreign_regions, extract_related
from pipeline.extraction.tags import extract_tags
from pipeline.core.models import Article, Page

__all__ = ["extract", "extract_html", "decode_html", "parse_html", "split_authors"]

# ---------------------------------------------------------------- public entry points


def extract(page: Page, site: SiteConfig | None = None, links: list[str] | None = None) -> Article:
    """Extract an Article from a fetched page; raises NotAnArticle or ExtractError.
    With `links`, the hrefs of the article's own region (as written) are appended to it."""
    ctype = page.headers.get("content-type", "")
    if ctype and not re.search(r"html|xml", ctype, re.I):
        raise NotAnArticle(f"not HTML ({ctype.split(';')[0]})")
    text = decode_html(page.content, ctype)
    article = extract_html(text, page.final_url or page.url, site, links=links)
    article.fetched_at = page.fetched_at
    return article


def extract_html(text: str, url: str, site: SiteConfig | None = None, require_article: bool = True,
                 links: list[str] | None = None) -> Article:
    """Extract an Article from HTML text whose address is `url`.

    With require_article (the default) a page that is not an article raises NotAnArticle;
    without it, whatever fields the page has are returned (for `extract` on odd pages and benchmarks).
    """
    doc = load_doc(text, url, site)
    sources: dict[str, str] = {}

    def put(name: str, value_source: tuple[Any, str]) -> Any:
        value, source = value_source
        if value:
            sources[name] = source
        return value

    page_title = clean(doc.root.findtext(".//title"))
    if require_article and (S.BOT_WALL.search(page_title.lower()) or (
            len(text) < 20000 and S.BOT_WALL.search(opening_text(doc.root, 2000).lower()))):
        raise NotAnArticle("bot wall / challenge page")

    if links is not None:       # raw hrefs: the frontier resolves the few it keeps
        links.extend(href for href in (a.get("href") for a in article_region(doc).iter("a"))
                     if href and not href.startswith(("#", "mailto:", "javascript:", "tel:")))
    canonical = put("url", extract_canonical(doc))
    related = put("related", extract_related(doc))
    drop_foreign_regions(doc)
    title = put("title", extract_title(doc))
    author = put("author", extract_author(doc))
    published, updated, date_sources = extract_dates(doc)
    sources.update(date_sources)
    tags = put("tags", extract_tags(doc))
    body = put("body", extract_body(doc, title))
    summary = put("summary", extract_summary(doc, body))

    if require_article:
        _check_is_article(doc, title, body, page_title)
    # Bounded whatever the page holds: no real byline, tag list or related block comes near these.
    article = Article(url=canonical, title=title, author=author[:S.MAX_AUTHORS], published=published,
                      updated=updated, summary=summary, body=body, tags=tags[:S.MAX_TAGS],
                      related=related[:S.MAX_RELATED],
                      site=site.name if site else "", sources=sources, post_id=extract_post_id(doc))
    article.content_hash = article.compute_hash()
    return article


def _check_is_article(doc: Doc, title: str, body: str, page_title: str) -> None:
    types = {t for obj in doc.jsonld for t in types_of(obj)}
    marked_article = bool(types & S.ARTICLE_TYPES) or (doc.first_meta("og:type") or "").lower() == "article"
    if not title:
        raise NotAnArticle("no title")
    if not marked_article:
        reason = cms.basic_page_reason(doc)      # About, Contact, Programs: the system says so
        if reason:
            raise NotAnArticle(reason)
    if not marked_article and (S.ERROR_TITLE.search(page_title) or S.ERROR_TITLE.search(title)):
        raise NotAnArticle("error page")
    words = _word_count(body)
    if not marked_article and _looks_like_listing(doc):
        raise NotAnArticle("listing page: most of its text is headlines linking to other pages")
    if not marked_article and (types & S.LISTING_TYPES or words < S.MIN_ARTICLE_WORDS):
        raise NotAnArticle("listing or stub page" if words else "no text")
    if words == 0:
        raise NotAnArticle("no text")
    if not marked_article and _link_words(doc, body) > S.MAX_LINK_SHARE * words:
        raise NotAnArticle("listing page (its text is mostly links)")


def _link_words(doc: Doc, body: str) -> int:
    """Words of the lines of `body` that are the whole text of a link of the page."""
    anchors = {" ".join("".join(a.itertext()).split()) for a in doc.root.iter("a")}
    anchors.discard("")
    return sum(len(line.split()) for line in body.splitlines() if " ".join(line.split()) in anchors)


def _word_count(text: str) -> int:
    """Words of a text; in Chinese and Japanese, which do not space their words, about one word
    per two characters."""
    words = len(text.split())
    if words < S.MIN_ARTICLE_WORDS:
        words += len(S.UNSPACED_SCRIPT.findall(text)) // 2
    return words


def _looks_like_listing(doc: Doc) -> bool:
    """A page of article cards: its main text is mostly headlines linking to other pages."""
    return doc.linked_headings >= S.LISTING_MIN_CARDS and doc.linked_headings >= S.LISTING_CARD_SHARE * doc.paragraphs


# ---------------------------------------------------------------- fields


def extract_canonical(doc: Doc) -> tuple[str, str]:
    for link in doc.root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = try_canonicalize(link.get("href"), doc.url)
            if url:
                return url, "link-canonical"
    og = doc.first_meta("og:url")
    url = try_canonicalize(og, doc.url) if og else None
    if url:
        return url, "meta"
    return try_canonicalize(doc.url) or doc.url, "url"


def extract_post_id(doc: Doc) -> str:
    """The CMS's own id of the post (WordPress: the ?p=N shortlink, `postid-N` body class)."""
    for link in doc.root.iter("link"):
        if "shortlink" in (link.get("rel") or "").lower().split():
            m = S.POST_ID_SHORTLINK.search(link.get("href") or "")
            if m:
                return m.group(1)
    body = doc.root.find("body")
    m = S.POST_ID_CLASS.search(body.get("class") or "") if body is not None else None
    return m.group(1) if m else ""


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
        if clean(text_of(el)):
            return clean(text_of(el)), "selector"
    own_name = site_name(doc)
    ld = doc.article_ld()
    if ld and isinstance(ld.get("headline"), str) and plain(ld["headline"]):
        return plain(ld["headline"]), "json-ld"
    og = plain(doc.first_meta("og:title", "twitter:title"))
    if og and (not own_name or og.lower() != own_name.lower()):
        return clean(_strip_site(og, own_name)), "meta"
    h1s = [clean(text_of(h)) for h in doc.root.iter("h1")]
    h1s = [h for h in h1s if h and (not own_name or h.lower() != own_name.lower())]
    if len(h1s) == 1:
        return h1s[0], "heuristic"
    title = clean(doc.root.findtext(".//title"))
    if title:
        return clean(_strip_site(title, own_name)), "heuristic"
    return "", ""


def extract_body(doc: Doc, title: str = "") -> tuple[str, str]:
    chosen = doc.select("body")
    if chosen:
        return "\n\n".join(t for t in (node_text(el) for el in chosen) if t), "selector"
    body = body_text(doc, title)
    doc.linked_headings, doc.paragraphs = body.linked_headings, body.paragraphs
    return body.text, "heuristic" if body.text else ""


def extract_summary(doc: Doc, body: str) -> tuple[str, str]:
    for el in doc.select("summary"):
        if clean(text_of(el)):
            return clean(text_of(el)), "selector"
    meta = doc.first_meta("description", "og:description", "twitter:description")
    if meta:
        return plain(meta), "meta"
    ld = doc.article_ld() or {}
    if isinstance(ld.get("description"), str) and plain(ld["description"]):
        return plain(ld["description"]), "json-ld"
    for para in body.split("\n\n"):
        if len(para.split()) >= 12:
            return (para if len(para) <= 300 else para[:297].rsplit(" ", 1)[0] + "..."), "body"
    return "", ""
