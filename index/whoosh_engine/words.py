"""Query text -> the words a search looks for, each with its alternatives (synonyms).

A query is read as words and "quoted phrases" only (query.clean_text removes every operator
character first). Each word, after the index's own analysis (folding, stop words, stemming), is
one *concept*; a quoted phrase is one concept too. A concept is found in an article when any of
its alternatives is: the word itself, or a synonym from the `[search] synonyms` table, which may
be a phrase ("ms" -> "master of science"). Synonyms are expanded here, at query time, so the
table can change without a reindex.

Question words ("how", "what", "should", "I" ...) are concepts that are not *required*: they
count for ranking, but the ranking tiers (search.py) count only the required concepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from index.whoosh_engine.query import QUESTION_WORDS, clean_text

_UNITS = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for: `alternatives` are stem sequences (one stem: a word;
    several: a phrase), the first one being what was typed."""

    typed: str
    alternatives: tuple[tuple[str, ...], ...]
    required: bool = True

    def stems(self) -> list[str]:
        """Every stem of every alternative (what ranking scores with)."""
        out: list[str] = []
        for alt in self.alternatives:
            for s in alt:
                if s not in out:
                    out.append(s)
        return out


class Synonyms:
    """Groups of equivalent words and phrases, analysed with the index's analyzer.

    `table` maps a word or phrase to its equivalents (`grad = ["graduate"]`); each entry and its
    list form one group, and every member of a group finds the others. Members are compared
    after analysis, so "Grad", "grads" and "grad" are one member."""

    def __init__(self, table: Mapping[str, Iterable[str]] | None, analyze) -> None:
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


def analyzer_of(schema):
    """A function: text -> its stems, as the ranked fields index them."""
    analyzer = schema["body"].analyzer

    def analyze(text: str) -> list[str]:
        return [t.text for t in analyzer(text)]
    return analyze


def concepts(schema, text: str, synonyms: Mapping[str, Iterable[str]] | Synonyms | None = None) -> list[Concept]:
    """The concepts of `text`, in query order; [] when it holds nothing searchable (stop words,
    one-letter words, symbols and emoji are not indexed)."""
    analyze = analyzer_of(schema)
    if not isinstance(synonyms, Synonyms):
        synonyms = Synonyms(synonyms, analyze)
    text = clean_text(text)
    found: list[tuple[str, tuple[str, ...], bool, bool]] = []   # (typed, stems, quoted, question word)
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
    if not found:
        return []
    if all(q for _, _, _, q in found):           # only question words: they are what was asked
        found = [(t, s, quoted, False) for t, s, quoted, _ in found]
    out: list[Concept] = []
    i = 0
    while i < len(found):
        typed, stems, quoted, question = found[i]
        # a run of typed words that is a synonym phrase ("laid off") is one concept
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
        if not any(c.alternatives == alternatives for c in out):
            out.append(Concept(typed, alternatives, required=not question))
        i += span
    return out
