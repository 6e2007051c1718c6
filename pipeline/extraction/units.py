"""A subtree cut into paragraph units: the measure body extraction works on.

A unit is a run of text between block boundaries (a <p>, bare text inside a <div>, a line ended
by <br>), with its length, its link text and the element that holds it. Every element owns a
contiguous range of units, so any sum over an element is two lookups in a prefix sum, and
nothing needs deleting from the tree to be measured.
"""

from __future__ import annotations

from lxml import etree

from pipeline.extraction import bodyrules as R
from pipeline.extraction.htmldoc import drop_tree


def prepare(root) -> None:
    """Leave in the tree only what a reader sees: templates of markup unfolded, scripts, styles,
    media and hidden elements removed (but for the hidden pages of a slideshow or tabs)."""
    unfold_templates(root)
    etree.strip_elements(root, *R.DROP_TAGS, with_tail=False)
    hidden = _HIDDEN(root)
    if not hidden:
        return
    hidden_set = set(hidden)
    pagers: dict = {}
    for el in hidden:
        if el.getparent() is not None and not _page_of_pager(el, hidden_set, pagers):
            drop_tree(el)


def _page_of_pager(el, hidden: set, pagers: dict) -> bool:
    """True for a hidden page of a paged text: a slideshow or a set of tabs shows one of several
    sibling blocks of the same kind (tag and first class) and hides the others until asked. The
    hidden pages are as much the article as the one shown."""
    cls = (el.get("class") or "").split()
    parent = el.getparent()
    if not cls or parent is None:
        return False
    kinds = pagers.get(parent)
    if kinds is None:        # one pass over the parent's children counts every kind of sibling
        kinds = pagers[parent] = {}
        for sib in parent:
            first = (sib.get("class") or "").split()[:1] if isinstance(sib.tag, str) else None
            if first:
                shown_hidden = kinds.setdefault((sib.tag, first[0]), [0, 0])
                shown_hidden[sib in hidden] += 1
    shown, hid = kinds.get((el.tag, cls[0]), (0, 0))
    return shown >= 1 and hid >= R.PAGER_MIN_HIDDEN


# Elements the browser does not show: the hidden attribute, an inline display:none.
_HIDDEN = etree.XPath("|".join(f"descendant::*[{cond}]" for cond in R.HIDDEN_XPATH_CONDITIONS))


def unfold_templates(root) -> None:
    """Markup kept as text in <script type="text/template"> (some blog platforms render the post
    from it) becomes part of the tree, in the script's place."""
    for script in list(root.iter("script")):
        code = (script.text or "").lstrip()
        if (script.get("type") or "").lower() != "text/template" or not code.startswith("<") \
                or code.startswith("<![CDATA["):
            continue      # data for a script (JSON, CDATA), not markup
        try:
            frag = etree.fromstring(f"<div>{script.text}</div>", _FRAGMENT_PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            continue
        holder = frag.find(".//div") if frag is not None else None
        if holder is None or script.getparent() is None:
            continue
        holder.tail = script.tail
        script.getparent().replace(script, holder)


_FRAGMENT_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)


# Soft hyphens and zero-width spaces: invisible, but they split the words they stand in.
_INVISIBLE = str.maketrans({"\xad": None, "\u200b": None})


class Units:
    """A subtree cut into paragraph units, with each element's range of units."""

    __slots__ = ("texts", "links", "owners", "els", "starts", "ends", "index", "pictures", "quotes")

    def __init__(self, root) -> None:
        texts: list[str] = []
        links: list[int] = []
        owners: list[int] = []
        els: list = []
        starts: list[int] = []
        ends: list[int] = []
        stack: list[int] = []
        pictures: set[int] = set()       # elements with an image inside
        quotes: set[int] = set()         # elements with a quotation inside (embedded posts)
        pieces: list[str] = []
        link_chars = 0
        link_depth = 0
        pending_depth = 0        # depth of the element in which the pending text began
        block = R.BLOCK_TAGS

        def flush() -> None:
            nonlocal link_chars
            if pieces:
                text = " ".join("".join(pieces).split())
                if "\xad" in text or "\u200b" in text:
                    text = text.translate(_INVISIBLE)
                if text:
                    texts.append(text)
                    links.append(min(link_chars, len(text)))
                    owners.append(stack[-1] if stack else 0)
                pieces.clear()
            link_chars = 0

        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = el.tag
            if not isinstance(tag, str):
                continue
            if event == "start":
                if tag in block:
                    flush()
                stack.append(len(els))
                starts.append(len(texts))
                ends.append(-1)
                els.append(el)
                if tag == "a":
                    link_depth += 1
                elif tag == "img" or tag == "picture":
                    pictures.update(stack)
                elif tag == "blockquote":
                    quotes.update(stack)
                text = el.text
                if text:
                    if not pieces:
                        pending_depth = len(stack)
                    pieces.append(text)
                    if link_depth:
                        link_chars += len(text.strip())
            else:
                if tag in block or (pieces and pending_depth >= len(stack) and starts[stack[-1]] < len(texts)):
                    # a block ends; or an inline element that wraps blocks (a <span> around
                    # paragraphs) ends with text of its own pending: that text is inside it
                    flush()
                if tag == "a":
                    link_depth -= 1
                ends[stack.pop()] = len(texts)
                tail = el.tail
                if tail and stack:
                    if not pieces:
                        pending_depth = len(stack)
                    pieces.append(tail)
                    if link_depth:
                        link_chars += len(tail.strip())
        flush()
        self.texts, self.links, self.owners = texts, links, owners
        self.els, self.starts, self.ends = els, starts, ends
        self.index = {el: i for i, el in enumerate(els)}
        self.pictures = pictures
        self.quotes = quotes
