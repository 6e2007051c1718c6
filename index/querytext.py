"""The rules every backend applies to text typed into a search box, before its own parser.

People type words and "quoted phrases"; everything else (operators, wildcards, field names,
brackets) is read as a space, the number of words is capped, and question words ("how do I")
are not required to match. The cleaned text becomes units (each word's stems, each phrase) by
the backend's own analyzer, and units become concepts (a run of words that is a synonym
phrase is one; each concept's alternatives are its stems and their synonyms): both backends
read a query into the same concepts, and each turns them into its own query. Pure Python.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Mapping

from index.types import MAX_QUERY_CHARS

MAX_WORDS = 32          # words (and phrase words) taken from one query
# Everything but letters, digits, quotes, apostrophes and hyphens is a word separator, so
# operator characters (* ? ~ ^ : ( ) [ ] { } < > + ...) are read as spaces, never as syntax.
_NOT_WORDY = re.compile(r"[^\w\s\"'\u2019-]+")

# Words of a question ("how do I ...", "what does a ... do") that people type but articles need not
# contain: they still count for ranking, but an article does not have to contain them to match.
QUESTION_WORDS = frozenset("how what why which who whom where do does did should would could i me my "
                           "need get".split())


def clean_text(text: str | None) -> str:
    """`text` cut to MAX_QUERY_CHARS and MAX_WORDS, with every operator character a space."""
    text = _NOT_WORDY.sub(" ", (text or "")[:MAX_QUERY_CHARS])
    words = text.split()
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        if sum(w.count('"') for w in words) % 2:
            words = [w.replace('"', "") for w in words]
    return " ".join(words)


# A required word or phrase found in more than this share of the articles is not needed for the
# first group of results (the articles with every word): like a question word, it still counts
# for ranking. The idea of Lucene's common-terms query (its cutoff frequency): "make" in "how to
# make a terrarium" is in most articles and tells little, and a long page that happens to have
# both words must not outrank the article about terrariums that says "build" (bench/relevance.py:
# any share from 0.4 to 0.6 ranked best on both sets; requiring every word lost that query).
COMMON_SHARE = 0.5


def needed(concepts: list, articles: int, frequency: Callable[[Any], int]) -> list:
    """The required concepts an article must have to be in the first group of results: those in
    at most COMMON_SHARE of the `articles`, or all of them when every one is more common than
    that (`frequency(concept)`: how many articles have it)."""
    rare = [c for c in concepts if frequency(c) <= COMMON_SHARE * articles]
    return rare or concepts


ECHO_CHARS = 80      # characters of a query repeated back in a message


def shorten(text: str, chars: int = ECHO_CHARS) -> str:
    """`text` cut to about `chars` characters on a word boundary, with an ellipsis."""
    if len(text) <= chars:
        return text
    return (text[:chars].rsplit(" ", 1)[0] or text[:chars]) + "\u2026"


def nothing_to_search(typed: str) -> str:
    """The message of a search whose text holds no indexed word."""
    return (f'nothing to search for in "{shorten(typed)}": symbols, emoji, single letters and very common '
            'words are not indexed')


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions, stopping early above `cap`."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


class Synonyms:
    """Groups of equivalent words and phrases (the `[search] synonyms` table), analysed by the
    backend's own analyzer (`analyze`: text -> its stems or lexemes, in order).

    `table` maps a word or phrase to its equivalents (`grad = ["graduate"]`); each entry and its
    list form one group, and every member of a group finds the others. Members are compared
    after analysis, so "Grad", "grads" and "grad" are one member."""

    def __init__(self, table: Mapping[str, Iterable[str]] | None, analyze: Callable[[str], list[str]]) -> None:
        self.groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        self.longest = 1
        for key, values in (table or {}).items():
            members = []
            for member in [key, *values]:
                stems = tuple(analyze(member))
                if stems and stems not in members:
                    members.append(stems)
            for m in members:
                known = self.groups.setdefault(m, [m])
                for other in members:
                    if other not in known:
                        known.append(other)
                self.longest = max(self.longest, len(m))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def of(self, stems: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """`stems` first, then its equivalents."""
        group = self.groups.get(stems)
        if not group:
            return (stems,)
        return (stems,) + tuple(g for g in group if g != stems)


Unit = tuple[str, tuple[str, ...], bool, bool]     # (as typed, its stems, quoted, a question word)
_UNITS = re.compile(r'"([^"]*)"|(\S+)')


def units(text: str, analyze: Callable[[str], list[str]]) -> list[Unit]:
    """The units of cleaned `text` (clean_text), in order: each stem of each word, and each
    quoted phrase whole, as the backend's `analyze` reads them (stop words and what is not
    indexed leave nothing). When every unit is a question word, they are what was asked: none
    is one any more."""
    found: list[Unit] = []
    for m in _UNITS.finditer(text):
        phrase, word = m.group(1), m.group(2)
        if phrase is not None:
            stems = tuple(analyze(phrase))
            if stems:
                found.append((phrase, stems, True, False))
            continue
        word = word.replace('"', "")
        question = word.lower().strip("'\u2019") in QUESTION_WORDS
        for stem in analyze(word):
            found.append((word, (stem,), False, question))
    if found and all(q for _, _, _, q in found):
        found = [(t, s, quoted, False) for t, s, quoted, _ in found]
    return found


def grouped(found: list[Unit], synonyms: Synonyms | None) -> list[tuple[str, tuple[tuple[str, ...], ...], bool]]:
    """The concepts of a query's units, in order, each (as typed, alternatives, required): a run
    of unquoted words that is a synonym phrase ("laid off") is one concept; a concept's
    alternatives are its stems, then their synonyms; a question word is not required; a concept
    that repeats an earlier one's alternatives is left out."""
    out: list[tuple[str, tuple[tuple[str, ...], ...], bool]] = []
    i = 0
    while i < len(found):
        typed, stems, quoted, question = found[i]
        span = 1
        if synonyms and not quoted:
            for n in range(min(synonyms.longest, len(found) - i), 1, -1):
                run = found[i:i + n]
                if any(r[2] for r in run):
                    continue
                joined = tuple(s for r in run for s in r[1])
                if joined in synonyms.groups:
                    typed, stems, question, span = " ".join(r[0] for r in run), joined, False, n
                    break
        alternatives = synonyms.of(stems) if synonyms else (stems,)
        if not any(c[1] == alternatives for c in out):
            out.append((typed, alternatives, not question))
        i += span
    return out
