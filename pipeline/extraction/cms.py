"""Conventions of the common publishing systems (Drupal, HubSpot, Ghost, WordPress themes) that
need no site configuration: RDFa authors and dates, author links, `twitter:data1`, Drupal's
"Submitted by" line, taxonomy term links with one facet per vocabulary, related cards that are
one link, and basic pages that are not articles.

Each function reads a parsed `Doc` and returns raw values; the field modules (bylines, pubdates,
links, extract) validate them and decide their place among the other sources. Patterns are data
in selectors.py.
"""

from __future__ import annotations

from pipeline.extraction import selectors as S
from pipeline.extraction.htmldoc import Doc, clean, text_of

_CHROME = ("nav", "footer", "aside", "form")


def _in_chrome(el) -> bool:
    """Inside the site's menus, footer, sidebars or forms: never the article's own byline."""
    return any(p.tag in _CHROME for p in el.iterancestors())


def _props(el, attr: str = "property") -> list[str]:
    return (el.get(attr) or "").split()


def rdfa_authors(doc: Doc) -> list[str]:
    """Names of RDFa authors: the `schema:name` (or `foaf:name`) inside an element whose `rel`
    or `property` is schema:author, dc:creator or sioc:has_creator, else that element's own
    `content` or text."""
    if "property=" not in doc.html:      # RDFa names always carry a property
        return []
    names: list[str] = []
    wanted = set(S.RDFA_AUTHOR)
    for el in doc.root.xpath("//*[@rel or @property]"):
        if not (set(_props(el, "rel")) | set(_props(el))) & wanted or _in_chrome(el):
            continue
        named = [n for n in el.iter() if n is not el and {"schema:name", "foaf:name", "name"} & set(_props(n))]
        for n in named or [el]:
            value = n.get("content") or clean(text_of(n))
            if value:
                names.append(value)
    return names


def twitter_author(doc: Doc) -> list[str]:
    """`twitter:data1` when `twitter:label1` says it names the writer."""
    label = doc.first_meta("twitter:label1")
    value = doc.first_meta("twitter:data1")
    if not value or not label or not S.WRITTEN_BY_LABEL.match(label):
        return []
    return [value]


def submitted_by(doc: Doc) -> list[str]:
    """The name of Drupal's "Submitted by <name> on <date>" line."""
    if "ubmitted by" not in doc.html and "osted by" not in doc.html:
        return []
    for node in doc.root.xpath('//text()[contains(., "ubmitted by") or contains(., "osted by")]'):
        el = node.getparent()
        if el is None or _in_chrome(el):
            continue
        m = S.SUBMITTED_BY.match(clean(" ".join(el.itertext())))
        if m:
            return [m.group(1)]
    return []


def _author_link_elements(doc: Doc) -> list:
    """Links to author pages of this site (`/user/N`, `/author/<slug>`, ...) outside the site's
    chrome, in document order."""
    out = []
    for a in doc.root.iter("a"):
        href = a.get("href") or ""
        if "/user" not in href and "author" not in href and "/people/" not in href and "/profile" not in href:
            continue
        if href.startswith(("http://", "https://", "//")):
            host = href.split("//", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
            if host != doc.host:
                continue          # a profile on another site names its owner there, not a writer here
        if not S.AUTHOR_LINK.search(href.split("?", 1)[0].split("#", 1)[0]) or _in_chrome(a):
            continue
        if any(S.NOT_WRITER_CLASS.search(p.get("class") or "") for p in a.iterancestors()):
            continue              # a translator's or commenter's page
        if clean(text_of(a)):
            out.append(a)
    return out


def author_links(doc: Doc) -> list[str]:
    """Texts of the links to this site's author pages in the article ("All posts by Name" and
    "Alles von Name" read as the name), a weaker source than a byline: asked after it."""
    return [S.LINK_BY_PREFIX.sub("", clean(text_of(a))) for a in _author_link_elements(doc)]


def byline_link_groups(doc: Doc) -> list[list[str]]:
    """Texts of author links that sit side by side (one parent): a byline naming several."""
    groups: dict = {}
    for a in _author_link_elements(doc):
        groups.setdefault(a.getparent(), []).append(clean(text_of(a)))
    return [names for names in groups.values() if len(names) > 1]


def authors(doc: Doc):
    """(raw names, source) of the systems' author conventions, most explicit first (lazily)."""
    yield rdfa_authors(doc), "rdfa"
    yield twitter_author(doc), "meta"
    yield submitted_by(doc), "byline"


def rdfa_date(doc: Doc, which: str) -> str | None:
    """The RDFa published (`which="published"`) or modified date: `content` or text."""
    if "property=" not in doc.html:
        return None
    wanted = set(S.RDFA_PUBLISHED if which == "published" else S.RDFA_UPDATED)
    for el in doc.root.xpath("//*[@property]"):
        if set(_props(el)) & wanted and not _in_chrome(el):
            value = el.get("content") or el.get("datetime") or clean(text_of(el))
            if value:
                return value
    return None


def _facet_name(field: str) -> str:
    """A vocabulary's field name as a facet: `topics` -> `topic`, `area-of-study` -> `area_of_study`."""
    name = field.replace("-", "_").strip("_")
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith(("ss", "us")):
        return name[:-1]
    return name


def taxonomy_tag(href: str, a) -> tuple[str, str] | None:
    """(facet, label) of a taxonomy term link: its facet is the vocabulary's field around it."""
    if "/taxonomy/term/" not in href or not S.TAXONOMY_TERM.search(href):
        return None
    label = clean(text_of(a))
    if not label:
        return None
    for p in a.iterancestors():
        m = S.VOCABULARY_FIELD.search(p.get("class") or "")
        if m:
            return _facet_name(m.group(1)), label
    return "tag", label


def is_read_more(label: str) -> bool:
    """A link label that invites reading ("Read more about ..."), never a tag."""
    return bool(S.READ_MORE.match(label))


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def holds_heading(a) -> bool:
    """A link that wraps a heading: a card that is one link."""
    return next(a.iter(*_HEADINGS), None) is not None


def card_title(a) -> str:
    """The title of a card link: its heading when it wraps one (the rest is the card's image,
    summary and "Read On"), else its text."""
    heading = next(a.iter(*_HEADINGS), None)
    if heading is not None and clean(text_of(heading)):
        return clean(text_of(heading))
    return clean(text_of(a))


def basic_page_reason(doc: Doc) -> str | None:
    """Why a page is one of the site's basic pages (About, Contact, Programs), or None."""
    body = doc.root.find("body")
    if body is None:
        return None
    # The body's classes (Drupal, Ghost, WordPress), or its wrapper's (HubSpot).
    for el in (body, *(c for c in body if isinstance(c.tag, str))):
        if S.BASIC_PAGE_CLASS.search(el.get("class") or ""):
            return "basic page"
    return None
