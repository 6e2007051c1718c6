"""Highlighted snippets: the window of an article's text where most query words meet.

Whoosh's highlighter re-runs the full analyzer over each stored body of a page of results;
this one scans the text once for the words that begin like
a query term and stems each distinct one once (memoised), which is several times cheaper and
marks the same words: the ones whose stem is a query term.
"""

from __future__ import annotations

import re

from index.whoosh_engine.schema import stem_word

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")   # a word as people write it (related.py's key words)
WINDOW = 160          # characters of one fragment
MAX_FRAGMENTS = 2
MAX_CHARS = 50_000    # snippets come from the start of very long texts


def _stem(word: str) -> str:
    return stem_word(word.lower())


def snippet(text: str, terms: set[str], window: int = WINDOW) -> str:
    """Up to two fragments of `text` around matches of `terms` (analysed words), matches
    marked [[like this]]; "" when no word of `text` matches."""
    if not text or not terms:
        return ""
    text = text[:MAX_CHARS]
    # Only words that begin like a query term can stem to one: stemming changes endings, and
    # keeps a word's first three letters when the stem has four or more (no exception among the
    # 290,000 distinct words of the real-page set), its first two otherwise. One scan finds
    # those words, each distinct one is stemmed once (memoised), and the ones whose stem is a
    # query term are the hits.
    prefixes = sorted({t[:3] if len(t) >= 4 else t[:2] for t in terms if t}, key=len, reverse=True)
    if not prefixes:
        return ""
    hits = []
    for start, end in _word_starts(text, prefixes):
        stemmed = _stem(text[start:end])
        if stemmed in terms:
            hits.append((start, end, stemmed))
    if not hits:
        return ""
    fragments: list[tuple[int, int]] = []
    covered: set[str] = set()
    n = len(hits)
    for _ in range(MAX_FRAGMENTS):
        # Slide a window over the hits: hits[i:j] are those that fit `window` characters from
        # hits[i]'s start (hits are in text order and do not overlap, so j only moves forward);
        # `counts` and `fresh` (distinct terms not yet covered) follow the window as it moves.
        best, best_key = None, (0, 0)
        counts: dict[str, int] = {}
        fresh = 0
        j = 0
        for i in range(n):
            start = hits[i][0]
            if i and j >= i:                     # hits[i - 1] was in the window: drop it
                term = hits[i - 1][2]
                counts[term] -= 1
                if not counts[term] and term not in covered:
                    fresh -= 1
            if j < i:
                j = i
            while j < n and hits[j][1] - start <= window:
                term = hits[j][2]
                c = counts.get(term, 0)
                counts[term] = c + 1
                if not c and term not in covered:
                    fresh += 1
                j += 1
            key = (fresh, j - i)
            if key > best_key and not any(a <= start < b for a, b in fragments):
                best, best_key = (i, hits[i:j]), key
        if best is None or (fragments and best_key[0] == 0):
            break
        i, inside = best
        covered |= {h[2] for h in inside}
        fragments.append(_expand(text, inside[0][0], inside[-1][1], window))
        if covered >= terms:
            break
    if not fragments:
        return ""         # the only matches are words longer than the window
    fragments.sort()
    joined = " ... ".join(_mark(text, a, b, hits).strip() for a, b in fragments)
    prefix = "... " if fragments[0][0] > 0 else ""
    suffix = " ..." if fragments[-1][1] < len(text) else ""
    return " ".join((prefix + joined + suffix).split())


_TAIL = re.compile(r"\w+")


def _word_starts(text: str, prefixes: list[str]):
    """(start, end) of each word of `text` that begins with one of `prefixes` (lowercase), in
    text order. Words end at an apostrophe, as in the index's tokenizer: "master's" is "master"
    + "s". `str.find` on the lowercased text finds the candidates at C speed (a regex with an
    alternation steps through every character in Python's engine, 3-4 times slower here)."""
    low = text.lower()
    if len(low) != len(text):          # a character whose lowercase is longer: offsets would shift
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    starts = set()
    for p in prefixes:
        i = low.find(p)
        while i >= 0:
            if i == 0 or not _TAIL.match(low, i - 1, i):
                starts.add(i)
            i = low.find(p, i + 1)
    match = _TAIL.match
    return [match(text, i).span() for i in sorted(starts)]


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
