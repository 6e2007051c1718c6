"""The article's tags and categories, with their facets: tag links (a site's paths and query
parameters, `rel="tag"`/`rel="category"`, taxonomy terms, the links of a tag list), else the
keywords of structured data and meta tags. Patterns are data in selectors.py."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from pipeline.core.config import DEFAULT_TAG_PARAMS, DEFAULT_TAG_PATHS
from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.extraction.htmldoc import Doc, article_region, clean, plain, text_of


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
    return {"facet": facet, "slug": slug, "label": _label(a) or slug}


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


def tags_in(nodes, doc: Doc, lists: dict | None = None, article=None) -> list[dict[str, str]]:
    """Tags named by the links under `nodes`, in document order; `lists` maps the links of the
    page's tag lists to their facet (see `_tag_list_links`). Given `article` (the article's
    element), links in the site's chrome are left out; a related card's links are read whole."""
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    rules = _tag_rules(doc)
    lists = lists or {}
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
            rel = (a.get("rel") or "").lower().split()
            if tag is None and ("tag" in rel or "category" in rel or a in lists):
                label = _label(a)
                facet = lists.get(a) or ("tag" if "tag" in rel else "category")
                tag = ({"facet": facet, "slug": slugify(label), "label": label}
                       if label and len(label) <= S.MAX_TAG_CHARS and not cms.is_read_more(label) else None)
            if tag is None or (article is not None and _in_chrome(a, "tag" in rel or "category" in rel, article)):
                continue
            if (tag["facet"], tag["slug"]) not in seen:
                seen.add((tag["facet"], tag["slug"]))
                out.append(tag)
    return out


def _in_chrome(a, marked: bool, article) -> bool:
    """True when link `a` sits in the site's chrome (a menu, a navigation bar, a sidebar widget, a
    tag cloud, another article's card), which lists other tags than the page's. Ancestors are read
    up to the article's element or the body: a post wrapper's own classes (`tag-news`,
    `has-sidebar`) say nothing about where its links sit. A link the system marks as the post's
    term (`marked`: rel="tag" or "category") may sit in a sidebar."""
    for p in a.iterancestors():
        if p is article or p.tag == "body":
            return False
        if p.tag == "nav":
            return True
        marker = f"{p.get('class') or ''} {p.get('id') or ''}".lower()
        if marker != " " and (S.TAG_CHROME_CLASS.search(marker) or (not marked and S.SIDEBAR_CLASS.search(marker))):
            return True
    return False


def _around(region, body) -> list:
    """The elements that hold the rest of `body` once `region` (inside it) is left out, in
    document order: the siblings of `region` and of each of its ancestors below `body`."""
    out: list = []
    child = region
    for parent in region.iterancestors():
        before = [c for c in child.itersiblings(preceding=True) if isinstance(c.tag, str)][::-1]
        after = [c for c in child.itersiblings() if isinstance(c.tag, str)]
        out = before + out + after
        if parent is body:
            break
        child = parent
    return out


def _tag_list_links(doc: Doc) -> dict:
    """{link: facet} for the links of the page's tag lists and category lines (an element classed
    "tags", "post-tags", "cat-links", ...): each names a tag whatever its address. Links to other
    sites are not tags."""
    out: dict = {}
    for box in doc.marked_with(S.TAG_LIST_CLASS):
        marker = f"{box.get('class') or ''} {box.get('id') or ''}".lower()
        if S.COMMENT_CLASS.search(marker):
            continue              # "comment-tag": the link to the comments, not a tag
        facet = "category" if S.CATEGORY_LIST_CLASS.search(marker) else "tag"
        links = [box] if box.tag == "a" else list(box.iter("a"))
        for a in links:
            href = a.get("href") or ""
            if href.startswith(("http://", "https://", "//")):
                host = href.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
                if host != doc.host:
                    continue
            if href and not href.startswith(("#", "mailto:", "javascript:")):
                out.setdefault(a, facet)
    return out


def _label(a) -> str:
    """A tag link's text without the separators and signs a tag line puts into its links
    ("#Climate", "Politics,")."""
    return clean(text_of(a)).strip(S.TAG_LABEL_DECORATION)


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
        tags = tags_in(chosen, doc)
        if tags:
            return tags, "selector"
    lists = _tag_list_links(doc)
    region = article_region(doc)
    tags = tags_in([region], doc, lists, region)
    body = doc.root.find("body")
    if not tags and body is not None and body is not region:
        # Some themes print the post's tag line beside the article element rather than in it.
        tags = tags_in(_around(region, body), doc, lists, region)
    if tags:
        return tags, "links"
    declared, source = _declared_tags(doc)
    return declared, source if declared else ""


def _declared_tags(doc: Doc) -> tuple[list[dict[str, str]], str]:
    """Tags the page declares in JSON-LD (`keywords`, `articleSection`), else in `article:tag`
    and `article:section`, else in the keyword meta tags."""
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
    return out[:S.MAX_KEYWORD_TAGS], source


def _keywords(value: Any) -> list[str]:
    """Keywords of a JSON-LD value or a meta tag: a list, or one string of several
    ("Politics, Europe; Trade"), each entity-decoded and trimmed."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out += [k for k in (p.strip() for p in S.KEYWORD_SPLIT.split(plain(item))) if k and len(k) <= S.MAX_TAG_CHARS]
    return out
