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

from dataclasses import dataclass
from typing import Iterable, Mapping

from index.querytext import Synonyms, grouped, units
from index.whoosh_engine.query import clean_text


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
    found = units(clean_text(text), analyze)
    return [Concept(typed, alternatives, required) for typed, alternatives, required in grouped(found, synonyms)]
