"""The article's body text, chosen by evidence.

The page is cut once into paragraph units (units.py), and every decision is a sum over ranges
of units:

1. Each unit has a score: its text outside links beyond a short line's length, plus a bonus per
   punctuation mark (prose has commas and full stops, menus do not); units before the headline
   count for less. An element's score is the sum over its units, discounted by the share of its
   text that is links.
2. Class and id hints weigh elements: clutter words ("share", "related") and readers' comments
   (a region classed as a comment with a signature inside: see selectors.COMMENT_CLASS) damp the
   units of an element, weaker ones ("tag", "widget", "caption") only with evidence (little
   prose, many links), and never for an element that holds most of the page's prose (or much
   of it and the headline): a post wrapper classed `tag-news` or `widget-wrap` keeps its story.
   Content words ("entry-content", "article-body", itemprop=articleBody) raise a score.
3. The container is the best-scoring element, narrowed to the child that keeps most of its
   score (or the page's own article-body element when it holds enough prose), joined with the
   siblings that continue it and with the standfirst between the headline and it.
4. Inside it, menus and link lists, share bars, cards of other stories, pictures with their
   captions (unless together they hold most of its text, or it is the caption of the headline's
   picture), and what follows a "related" or "about the author" heading are left out, each only
   while it is a small part of the container.
5. When what is left is a small share of the page's prose, the first choice was wrong: the
   tightest element holding most of the prose is tried too, and the better of the two kept.

The thresholds and words are data, in bodyrules.py, each with the reason it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from pipeline.extraction import bodyrules as R
from pipeline.extraction import selectors as S
from pipeline.extraction.htmldoc import Doc
from pipeline.extraction.units import Units, prepare


@dataclass
class Body:
    """The article's text, and how many of its paragraphs are headlines linking elsewhere
    (the cards of a listing page)."""

    text: str = ""
    linked_headings: int = 0
    paragraphs: int = 0          # kept paragraphs and linked headlines


def body_text(doc: Doc, title: str = "") -> Body:
    """The article's text, paragraphs separated by blank lines ("" when the page has none)."""
    root = doc.root.find("body")
    if root is None:
        root = doc.root
    prepare(root)
    u = Units(root)
    if not u.texts:
        return Body()
    kept, container = _Choice(u, doc, title).kept()
    # Headlines linking to other pages, kept or left out as cards: a listing's evidence.
    linked = sum(1 for k in container
                 if u.links[k] >= len(u.texts[k]) * R.LINKED_UNIT_SHARE and _links_elsewhere(u.els[u.owners[k]]))
    return Body("\n\n".join(u.texts[k] for k in kept), linked, len(kept) + linked)


def _links_elsewhere(el) -> bool:
    """True for a card's headline: a heading or link whose link leads to another page."""
    if el.tag not in R.CARD_TAGS:
        return False
    link = el if el.tag == "a" else next(el.iter("a"), None)
    return link is not None and not (link.get("href") or "#").startswith(("#", "javascript:"))


def node_text(node) -> str:
    """All of an element's text as paragraphs, without scripts and styles (for site selectors)."""
    prepare(node)
    return "\n\n".join(Units(node).texts)


def _headline_unit(u: Units, title: str) -> int:
    """Index of the first unit of the page's headline (-1 when none is found)."""
    want = title.casefold()
    first = -1
    for i, el in enumerate(u.els):
        if el.tag == "h1" and u.starts[i] < u.ends[i]:
            if want and u.texts[u.starts[i]].casefold() == want:
                return u.starts[i]
            if first < 0:
                first = u.starts[i]
    return first


class _Choice:
    """The evidence of one page and the container it points to."""

    def __init__(self, u: Units, doc: Doc, title: str) -> None:
        self.u, self.doc = u, doc
        texts, links = u.texts, u.links
        punct = R.PUNCTUATION
        self.head = head = _headline_unit(u, title)
        scores: list[float] = []
        prose: list[int] = []
        for i, text in enumerate(texts):
            link = links[i]
            plain = len(text) - link
            marks = sum(map(text.count, punct))
            s = max(plain - R.UNIT_BASE_PENALTY, 0) + min(marks, R.PUNCT_BONUS_MAX) * R.PUNCT_BONUS
            s -= min(R.LINK_PENALTY * link, R.UNIT_MAX_PENALTY)
            if i < head and s > 0:
                s *= R.BEFORE_HEADLINE_WEIGHT
            scores.append(s)
            prose.append(plain if s > 0 and plain > R.UNIT_BASE_PENALTY else 0)
        self.prose = prose
        self.prose_sum = [0, *accumulate(prose)]
        self.total_prose = self.prose_sum[-1] or 1
        self.link_sum = [0, *accumulate(links)]
        self.char_sum = [0, *accumulate(map(len, texts))]
        index = u.index
        # Readers' comments are clutter; other text classed as a comment (a photo's description,
        # live commentary) is weighed like any text.
        self.noise = {index[el] for el in (*doc.marked_with(R.NOISE_HINT), *doc.reader_comments()) if el in index}
        self.weak = {index[el] for el in doc.marked_with(R.WEAK_NOISE_HINT) if el in index} - self.noise
        chrome = [i for i, el in enumerate(u.els) if el.tag in R.CHROME_TAGS]
        # Clutter by its hints or its tag, while small: its units count for little.
        n = len(texts)
        damp = [0] * (n + 1)
        for i in [*self.noise, *chrome, *(i for i in self.weak if self.weak_is_noise(i))]:
            if u.starts[i] < u.ends[i] and not self.holds_story(i):
                damp[u.starts[i]] += 1
                damp[u.ends[i]] -= 1
        depth = 0
        for k in range(n):
            depth += damp[k]
            if depth and scores[k] > 0:
                scores[k] *= R.NOISE_HINT_WEIGHT
        self.score_sum = [0.0, *accumulate(s if s > 0 else 0.0 for s in scores)]
        boost: dict[int, float] = {}
        for el in doc.marked_with(R.CONTENT_HINT):
            if el in index:
                boost[index[el]] = R.CONTENT_HINT_WEIGHT
        for el in doc.marked_with(S.CONTENT_CLASS):
            if el in index:
                boost[index[el]] = R.CONTENT_CLASS_WEIGHT
        for i, el in enumerate(u.els):
            if el.get("itemprop") == "articleBody":
                boost[i] = R.ARTICLE_BODY_WEIGHT
        self.boost = boost

    def prose_of(self, i: int) -> int:
        return self.prose_sum[self.u.ends[i]] - self.prose_sum[self.u.starts[i]]

    def share(self, i: int) -> float:
        return self.prose_of(i) / self.total_prose

    def density(self, i: int) -> float:
        a, b = self.u.starts[i], self.u.ends[i]
        chars = self.char_sum[b] - self.char_sum[a]
        return (self.link_sum[b] - self.link_sum[a]) / chars if chars else 1.0

    def holds_story(self, i: int) -> bool:
        """An element too big to be clutter whatever its class says: it holds most of the page's
        prose, or a large part of it and the headline."""
        share = self.share(i)
        with_headline = self.u.starts[i] <= self.head < self.u.ends[i]
        return share >= R.NOISE_PROTECT_SHARE or (share >= R.NOISE_MAX_SHARE and with_headline)

    def weak_is_noise(self, i: int) -> bool:
        density = self.density(i)
        if density > R.WEAK_NOISE_LINK_DENSITY:
            return True
        if self.u.ends[i] - self.u.starts[i] >= R.WEAK_HINT_TABLE_UNITS and density < R.WEAK_HINT_TABLE_LINK_DENSITY:
            return False      # a table or list of plain short lines: ingredients, figures, a timetable
        return self.prose_of(i) < R.WEAK_NOISE_MAX_PROSE

    def score(self, i: int) -> float:
        """The element's prose evidence, discounted by the share of its text that is links."""
        s = self.score_sum[self.u.ends[i]] - self.score_sum[self.u.starts[i]]
        return s * (1.0 - self.density(i)) * self.boost.get(i, 1.0)

    def kept(self) -> tuple[list[int], range]:
        """The units of the article, and the units of the container they were chosen from."""
        u = self.u
        starts, ends = u.starts, u.ends
        candidates = [i for i, el in enumerate(u.els) if el.tag in R.CONTAINER_TAGS and ends[i] > starts[i]]
        if not candidates:
            return list(range(len(u.texts))), range(len(u.texts))
        current = _descend(u, max(candidates, key=self.score), self.score)
        strong = [i for i, b in self.boost.items() if b > R.CONTENT_HINT_WEIGHT
                  and self.share(i) >= R.STRONG_HINT_MIN_SHARE and self.prose_of(i) >= R.STRONG_HINT_MIN_PROSE]
        if strong:
            current = max(strong, key=self.score)
        kept = self.around(current)
        if self.prose_in(kept[0]) < R.MIN_SHARE_OF_PROSE * self.total_prose:
            # A bad first choice (a teaser list, a standfirst, a licence note): the tightest
            # element holding most of the page's prose is tried, and the better of the two kept.
            holders = [i for i in candidates if self.share(i) >= R.RECOVERY_SHARE]
            if holders:
                second = self.around(max(holders, key=lambda i: (starts[i], -ends[i])))
                kept = second if self.prose_in(second[0]) > self.prose_in(kept[0]) else kept
        # A page of short lines (a photo post, a schedule) may leave nothing: its container's
        # ancestors are tried, a few levels up.
        for _ in range(R.WIDEN_LEVELS):
            if kept[0]:
                break
            parent = _parent_index(u, current)
            if parent is None:
                break
            current = parent
            kept = self.around(current)
        return kept

    def prose_in(self, kept: list[int]) -> int:
        return sum(self.prose[k] for k in kept)

    def around(self, current: int) -> list[int]:
        """The units kept when `current` is the container."""
        ranges = _with_siblings(self.u, current, self.score, self.link_sum, self.char_sum)
        ranges, lead_captions = self.with_lead(current, ranges)
        return self.clean(ranges, current, lead_captions)

    def with_lead(self, current: int, ranges: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list]:
        """Add the standfirst (prose units between the headline and the container) and the
        caption of the headline's picture; the unit ranges, and the captions' ranges apart."""
        u, head = self.u, self.head
        first = min(a for a, _ in ranges)
        if head < 0 or head >= first:
            return ranges, []
        # the element holding both the headline and the container
        holder = u.els[current].getparent()
        while holder is not None:
            j = u.index.get(holder)
            if j is None:
                return ranges
            if u.starts[j] <= head:
                break
            holder = holder.getparent()
        else:
            return ranges, []
        lead = [(k, k + 1) for k in range(head + 1, first)
                if self.prose[k] >= R.LEAD_MIN_CHARS and not self.in_noise(k, holder)]
        captions = self.headline_captions(holder)
        lead = sorted({*lead, *captions})
        return (lead + ranges if lead else ranges), captions

    def headline_captions(self, holder) -> list[tuple[int, int]]:
        """Unit ranges of the captions that stand with the headline in its block (the article's
        header, below `holder`): the lead picture's caption tells the story, while captions of
        pictures in the text are left out with the pictures."""
        u = self.u
        block = u.els[u.owners[self.head]]
        while block.getparent() is not None and block.getparent() is not holder:
            block = block.getparent()
        i = u.index.get(block)
        if i is None or block.getparent() is None:
            return []
        out = []
        for el in block.iter(*R.CAPTION_TAGS):
            j = u.index.get(el)
            if j is not None and self.prose_of(j) >= R.LEAD_MIN_CHARS and not self.in_clutter(el.getparent(), holder):
                out.append((u.starts[j], u.ends[j]))
        return out

    def in_noise(self, k: int, holder) -> bool:
        """True when unit k lies in clutter below `holder` (the element holding the article)."""
        return self.in_clutter(self.u.els[self.u.owners[k]], holder)

    def in_clutter(self, el, holder) -> bool:
        """True when `el` or one of its ancestors below `holder` is clutter."""
        for a in (el, *el.iterancestors()):
            i = self.u.index.get(a)
            if i is None or a is holder:
                break
            if a.tag in R.CHROME_TAGS or i in self.noise or (i in self.weak and self.weak_is_noise(i)):
                return True
        return False

    def clutter_end(self, i: int, tag: str, small, container_prose: int, hi: int, captions: bool) -> int:
        """Where the clutter starting with element i ends (0 when i is not clutter)."""
        u = self.u
        a, b = u.starts[i], u.ends[i]
        if tag == "h1":
            return b
        if tag in R.CHROME_TAGS and small(i, R.CHROME_KEEP_SHARE) and not (tag in R.CAPTION_TAGS and captions):
            return b
        if not captions and self.picture_block(i, tag):
            return b
        # A quotation embedded from a social network is part of the story, whatever its wrapper's
        # class says ("social-embed", "twitter-tweet").
        quoted = i in u.quotes
        if i in self.noise and not quoted and not self.holds_story(i) and small(i, R.NOISE_PROTECT_SHARE):
            return b
        if i in self.weak and small(i, R.NOISE_MAX_SHARE) and self.weak_is_noise(i) and not quoted:
            return b
        if tag in R.LIST_LIKE_TAGS:
            chars = self.char_sum[b] - self.char_sum[a]
            if chars and chars <= R.LINK_DENSE_MAX_CHARS and (self.link_sum[b] - self.link_sum[a]) / chars > R.LINK_DENSE \
                    and max(self.prose[a:b]) < R.LINK_DENSE_KEEPS_PARAGRAPH:
                return b
        if tag in R.CARD_BLOCK_TAGS and b - a >= 2 and self.prose_of(i) <= R.CARD_MAX_PROSE \
                and u.links[a] >= len(u.texts[a]) * R.LINKED_UNIT_SHARE and _links_elsewhere(u.els[u.owners[a]]) \
                and u.els[u.owners[a]].tag in R.HEADING_TAGS and u.texts[a].count(" ") + 1 >= R.CARD_MIN_TITLE_WORDS:
            return b      # a card: a headline linking to another page, and its teaser
        if b - a == 1 and len(u.texts[a]) < R.SHORT_LINE_CHARS and R.END_HEADING.match(u.texts[a].lower()):
            parent = _parent_index(u, i)
            end = min(u.ends[parent] if parent is not None else b, hi)
            if (self.prose_sum[end] - self.prose_sum[a]) < R.NOISE_MAX_SHARE * container_prose:
                return end
        return 0

    def picture_block(self, i: int, tag: str) -> bool:
        """A picture with a little text beside it, in a block of its own (a photo and its credit)."""
        return i in self.u.pictures and tag in R.PICTURE_BLOCK_TAGS \
            and self.char_sum[self.u.ends[i]] - self.char_sum[self.u.starts[i]] <= R.PICTURE_BLOCK_MAX_CHARS

    def clean(self, ranges: list[tuple[int, int]], current: int, lead_captions=()) -> tuple[list[int], range]:
        """Units of `ranges` without the clutter inside them."""
        u = self.u
        prose_sum = self.prose_sum
        lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
        container_prose = sum(prose_sum[b] - prose_sum[a] for a, b in ranges) or 1
        drop = [0] * (hi - lo + 1)
        starts, ends = u.starts, u.ends

        def cut(a: int, b: int) -> None:
            drop[a - lo] += 1
            drop[b - lo] -= 1

        def small(i: int, limit: float) -> bool:
            return (prose_sum[ends[i]] - prose_sum[starts[i]]) < limit * container_prose

        # A gallery tells its story in its captions, a step-by-step guide in the text beside each
        # step's picture: when captions and pictures with a little text hold at least half of the
        # container's prose together, they are the text.
        caption_prose, last_end = 0, lo
        for i, el in enumerate(u.els):
            a, b = starts[i], ends[i]
            if a < last_end or b > hi or b <= a:
                continue      # outside the container, empty, or inside a block already counted
            if el.tag in R.CAPTION_TAGS or self.picture_block(i, el.tag):
                caption_prose += self.prose_of(i)
                last_end = b
        captions = caption_prose >= R.CAPTIONS_ARE_TEXT_SHARE * container_prose
        for i, el in enumerate(u.els):
            a, b = starts[i], ends[i]
            if b <= a or a < lo or b > hi or i == current:
                continue
            if a == lo and b == hi:
                continue      # an element holding the whole container is the container
            if any(a <= ca and cb <= b for ca, cb in lead_captions):
                continue      # the headline's picture and its caption, kept
            end = self.clutter_end(i, el.tag, small, container_prose, hi, captions)
            if end:
                cut(a, end)
        kept = []
        depth = 0
        inside = sorted(ranges)
        r = 0
        for k in range(lo, hi):
            depth += drop[k - lo]
            while r < len(inside) and inside[r][1] <= k:
                r += 1
            if depth or r >= len(inside) or k < inside[r][0]:
                continue
            text = u.texts[k]
            low = text.lower()
            if (len(text) < R.SHORT_LINE_CHARS and R.BOILERPLATE_LINE.match(low)) or R.POST_META_LINE.match(low):
                continue
            kept.append(k)
        return kept, range(lo, hi)


def _parent_index(u: Units, i: int) -> int | None:
    parent = u.els[i].getparent()
    return u.index.get(parent) if parent is not None else None


def _descend(u: Units, i: int, score) -> int:
    """From element i, go down to the child keeping most of its score while it keeps enough."""
    while True:
        total = score(i)
        best_child, best_score = None, None
        for child in u.els[i]:
            j = u.index.get(child)
            if j is None or u.ends[j] <= u.starts[j] or child.tag not in R.CONTAINER_TAGS:
                continue
            s = score(j)
            if best_score is None or s > best_score:
                best_child, best_score = j, s
        if best_child is None or total <= 0 or best_score < R.DESCEND_SHARE * total:
            return i
        i = best_child


def _with_siblings(u: Units, i: int, score, link_sum, char_sum) -> list[tuple[int, int]]:
    """Unit ranges of element i and of the siblings that continue it, in document order."""
    el = u.els[i]
    parent = el.getparent()
    if parent is None:
        return [(u.starts[i], u.ends[i])]
    own = score(i)
    cls = el.get("class")
    out = []
    for sib in parent:
        j = u.index.get(sib)
        if j is None or u.ends[j] <= u.starts[j]:
            continue
        if j == i:
            out.append((u.starts[j], u.ends[j]))
            continue
        s = score(j)
        if s <= 0:
            continue
        chars = char_sum[u.ends[j]] - char_sum[u.starts[j]]
        density = (link_sum[u.ends[j]] - link_sum[u.starts[j]]) / chars if chars else 1.0
        same_kind = sib.tag == el.tag and cls and sib.get("class") == cls
        if density <= R.SIBLING_MAX_LINK_DENSITY and (same_kind or s >= R.SIBLING_SHARE * own):
            out.append((u.starts[j], u.ends[j]))
    return out
