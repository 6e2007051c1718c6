"""Highlighted snippets: the window of an article's text where most query words meet.

Whoosh's highlighter re-runs the full analyzer over each stored body (about 14 ms for ten
600-word results at 50,000 articles); this one scans the text once for the words that begin like
a query term and stems each distinct one once (memoised), which is several times cheaper and
marks the same words: the ones whose stem is a query term.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang.porter import stem

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")   # a word as people write it (related.py's key words)
WINDOW = 160          # characters of one fragment
MAX_FRAGMENTS = 2
MAX_CHARS = 50_000    # snippets come from the start of very long texts


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return stem(word.lower())


def snippet(text: str, terms: set[str], window: int = WINDOW) -> str:
    """Up to two fragments of `text` around matches of `terms` (analysed words), matches
    marked [[like this]]; "" when no word of `text` matches."""
    if not text or not terms:
        return ""
    text = text[:MAX_CHARS]
    # Only words that begin like a query term can stem to one (stemming changes endings, and
    # keeps at least the first two letters): one scan finds those words, each distinct one is
    # stemmed once (memoised), and the ones whose stem is a query term are the hits.
    prefixes = sorted({t[:2] for t in terms if t}, key=len, reverse=True)
    if not prefixes:
        return ""
    # Words end at an apostrophe, as in the index's tokenizer: "master's" is "master" + "s".
    candidates = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)
    hits = []
    for m in candidates.finditer(text):
        stemmed = _stem(m.group())
        if stemmed in terms:
            hits.append((m.start(), m.end(), stemmed))
    if not hits:
        return ""
    fragments: list[tuple[int, int]] = []
    covered: set[str] = set()
    for _ in range(MAX_FRAGMENTS):
        best, best_key = None, (0, 0)
        j = 0
        for i, (start, _, _) in enumerate(hits):
            # hits are in text order and do not overlap, so those that fit the window from
            # `start` are hits[i:j]: j only moves forward.
            j = max(j, i)
            while j < len(hits) and hits[j][1] - start <= window:
                j += 1
            inside = hits[i:j]
            new = {h[2] for h in inside} - covered
            key = (len(new), len(inside))
            if key > best_key and not any(a <= start < b for a, b in fragments):
                best, best_key = (i, inside), key
        if best is None or (fragments and best_key[0] == 0):
            break
        i, inside = best
        covered |= {h[2] for h in inside}
        fragments.append(_expand(text, inside[0][0], inside[-1][1], window))
        if covered >= terms:
            break
    fragments.sort()
    joined = " ... ".join(_mark(text, a, b, hits).strip() for a, b in fragments)
    prefix = "... " if fragments[0][0] > 0 else ""
    suffix = " ..." if fragments[-1][1] < len(text) else ""
    return " ".join((prefix + joined + suffix).split())


def _expand(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """Grow [start, end) to about `window` characters, on word boundaries."""
    spare = max(window - (end - start), 0)
    a = max(0, start - spare // 3)
    b = min(len(text), end + spare - (start - a))
    if a > 0:
        space = text.find(" ", a)
        a = space + 1 if 0 <= space < start else a
    if b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space > end else b
    return a, b


def _mark(text: str, a: int, b: int, hits) -> str:
    out, pos = [], a
    for start, end, _ in hits:
        if start >= a and end <= b:
            out.append(text[pos:start])
            out.append(f"[[{text[start:end]}]]")
            pos = end
    out.append(text[pos:b])
    return "".join(out)
