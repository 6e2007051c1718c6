"""Who wrote an article: authors from structured data, bylines and author-classed elements."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from pipeline.extraction import cms
from pipeline.extraction import selectors as S
from pipeline.extraction.dates import ANY_DATE
from pipeline.extraction.htmldoc import Doc, article_region, clean, header_texts, plain, site_name, text_of, types_of


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
        name = plain(raw).strip(" .,;:-\u2013\u2014'\"()[]")
        if strict:
            name = S.ROLE_TAIL.sub("", name)      # "Jane Doe - Staff Writer": the name before the role
        if not name or len(name) > 80 or "://" in name or name.startswith("www.") or "@" in name:
            continue
        if S.NOT_AUTHORS.match(name) or name.lower() == own_name or _is_phrase(name):
            continue
        if strict and (len(name.split()) > 5 or len(name) > 50 or S.NOT_A_NAME.search(name)
                       or ANY_DATE.search(name) or not name[:1].isalpha()):
            continue
        if name not in out:
            out.append(name)
    return out


def _is_phrase(name: str) -> bool:
    """True when a name of several words has a word that is neither capitalised nor a particle
    of names nor an abbreviation ("e.V."), or a word that is a number ("rund 1"): a phrase, not a
    name."""
    words = name.split()
    return len(words) > 1 and any((w[:1].islower() and w.lower() not in S.NAME_PARTICLES and "." not in w
                                   and not w.startswith(("d'", "d\u2019"))) or w.isdigit() for w in words)


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
            return _widened(names, source, doc), source
        fallback = fallback if fallback[0] else (names, source)
    names = _byline_authors(doc)
    if names:
        return names, "heuristic"
    if not fallback[0]:
        names = _valid_authors(cms.author_links(doc), doc, strict=True)
        if 0 < len(names) <= 3:       # more is a list of people, not a byline
            return names, "author-link"
    return fallback


def _structured_authors(doc: Doc):
    """(names, source) from structured data, most trustworthy first (lazily)."""
    # The article's JSON-LD, else its web page's: Yoast's graph for a page without an Article
    # node names the post's writer as the WebPage's author.
    ld = doc.article_ld() or next((o for o in doc.jsonld if types_of(o) & S.PAGE_TYPES and o.get("author")), None)
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
    for raw, source in cms.authors(doc):
        names = _valid_authors([n for r in raw for n in split_authors(_strip_by(r))], doc, strict=True)
        yield (names if len(names) <= 3 else []), source      # more is a list of people, not a byline


def _widened(names: list[str], source: str, doc: Doc) -> list[str]:
    """All the authors when JSON-LD names only the first (Ghost's names the primary author; its
    byline links every one, side by side)."""
    if source != "json-ld":
        return names
    for group in cms.byline_link_groups(doc):
        linked = _valid_authors(group, doc, strict=True)
        if len(names) < len(linked) <= 4 and set(names) <= set(linked):
            return linked
    return names


def _byline_authors(doc: Doc) -> list[str]:
    """A "By ..." line after the title, else a labelled "Author: ..." line, else the text of an
    element classed as author/byline."""
    for text in header_texts(doc):
        m = S.BYLINE.match(text) or S.BYLINE.match(clean(ANY_DATE.sub("", text)))   # "Posted on <date> by A"
        if m and not ANY_DATE.fullmatch(m.group(1)):
            names = _valid_authors(split_authors(ANY_DATE.sub("", m.group(1))), doc, strict=True)
            if names:
                return names
    names = _labelled_authors(doc)
    if names:
        return names
    elements = [el for el in doc.marked_with(S.AUTHOR_CLASS) if el.tag not in ("input", "label", "textarea", "img")
                and not any(p.tag in ("nav", "footer", "form") for p in el.iterancestors()) and not _in_a_comment(el)]
    # Elements on cards (the writers of other articles) are read last: some themes class the
    # article's own header as a teaser too.
    cards = [_on_a_card(el) for el in elements]
    for el in [e for e, card in zip(elements, cards) if not card] + [e for e, card in zip(elements, cards) if card]:
        text = clean(" ".join(el.itertext()))   # spaced: "Von<a>Name</a>" must not become "VonName"
        if not text or len(text) > 120:
            continue
        text = S.DATE_TAIL.sub("", ANY_DATE.sub("", text))
        names = _valid_authors(split_authors(_strip_by(text)), doc, strict=True)
        if 0 < len(names) <= 4:      # more is a list of tags or links, not a byline
            return names
    return _byline_paragraph(doc)


def _byline_paragraph(doc: Doc) -> list[str]:
    """A short paragraph of the article that is a byline ("<p>By Jane Doe</p>"), for pages whose
    h1 is the site's logo, so that no line follows the title."""
    for p in article_region(doc).iter("p"):
        text = clean(" ".join(p.itertext()))
        if len(text) > S.BYLINE_PARAGRAPH_MAX_CHARS:
            continue
        m = S.BYLINE.match(text)
        if m and not ANY_DATE.fullmatch(m.group(1)):
            names = _valid_authors(split_authors(S.DATE_TAIL.sub("", ANY_DATE.sub("", m.group(1)))), doc, strict=True)
            if 0 < len(names) <= 4:
                return names
    return []


def _on_a_card(el) -> bool:
    """True when `el` sits on another article's card: inside a link that leads elsewhere than to an
    author's page, or in a teaser, listing or widget. Only the few ancestors below the nearest
    article element are read: a page's layout classes (`has-sidebar`) say nothing of a byline."""
    for depth, p in enumerate(el.iterancestors()):
        if p.tag in ("article", "main", "body") or depth >= S.CARD_MAX_DEPTH:
            return False
        if p.tag == "a" and not S.AUTHOR_LINK.search((p.get("href") or "").split("?", 1)[0].split("#", 1)[0]):
            return True
        if S.CARD_CLASS.search(f"{p.get('class') or ''} {p.get('id') or ''}".lower()):
            return True
    return False


def _in_a_comment(el) -> bool:
    """True when `el` or one of its few nearest ancestors is classed as a comment: a reader's name
    ("comment-author"), even where the page's comments were not recognised as such."""
    for depth, p in enumerate((el, *el.iterancestors())):
        if p.tag in ("article", "main", "body") or depth > S.CARD_MAX_DEPTH:
            return False
        if S.COMMENT_CLASS.search(f"{p.get('class') or ''} {p.get('id') or ''}".lower()):
            return True
    return False


def _labelled_authors(doc: Doc) -> list[str]:
    """The name after a label that stands alone ("<h5>Autor:</h5> Name", "<span>Author:</span>
    <a>Name</a>", "Autor: <a>Name</a>"), outside the site's menus, footer and forms."""
    for node in _LABEL_TEXTS(doc.root):
        if not S.AUTHOR_LABEL.match(node):
            continue
        el = node.getparent()
        if el is None or any(p.tag in ("nav", "footer", "form") for p in el.iterancestors()):
            continue
        if node.is_text and len(el):          # "<p>Autor: <a>Name</a></p>": the first child names
            name = text_of(el[0])
        elif node.is_text:                    # "<h5>Autor:</h5>Name": the label's tail names
            name = el.tail or (text_of(el.getnext()) if el.getnext() is not None else "")
        else:                                 # "<b>x</b>Autor: <a>Name</a>": the next element names
            name = text_of(el.getnext()) if el.getnext() is not None else ""
        names = _valid_authors(split_authors(clean(name)), doc, strict=True)
        if 0 < len(names) <= 4:
            return names
    return []


# Short texts that may be a lone label, found by XPath in C (a colon first: the cheapest test that
# leaves few); the label pattern then decides.
_LABEL_TEXTS = etree.XPath('//text()[contains(., ":")][contains(., "utor") or contains(., "UTOR") or '
                           'contains(., "uthor") or contains(., "UTHOR") or contains(., "uteur") or '
                           'contains(., "erfasser")][string-length(normalize-space(.)) < 24]')


def _strip_by(text: str) -> str:
    m = S.BYLINE.match(clean(text))
    return m.group(1) if m else clean(text)
