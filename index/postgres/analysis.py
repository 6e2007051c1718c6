"""Text to lexemes, in this process: the tsvectors that are stored and the tsqueries that search them.

PostgreSQL's `to_tsvector` spends about 1.5 ms of server CPU on a 600-word article, most of it
in its parser: at 50,000 articles that alone is longer than the Whoosh backend's whole rebuild.
Here the text is split into words by one regular expression, each distinct word is stemmed
once by the server's own dictionary (`ts_lexize('english_stem', word)`, remembered per open
index: the words of a hub repeat), and the tsvector goes to the server as text, which it reads
far faster than it parses prose. Queries go through the same function, so a search finds
exactly the lexemes that were stored, and the stems are the ones `ts_headline` finds too.

Words are case- and accent-folded as the Whoosh backend folds them (`fold`). Positions follow
the Whoosh backend's analyzer: stop words are dropped and the remaining
words numbered consecutively, so "cost of living" as a phrase is the lexemes of cost and
living next to each other, as with Whoosh. Fields are numbered one after another (title,
tags, summary, body), as `||` would concatenate them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

import psycopg

# The version of the text analysis below: stored tsvectors made by another one do not match what
# queries look for, so an index analysed by an earlier version asks for `run.py reindex`
# (hub_meta.analysis; migrations.check_analysis). 2: words folded (case and accents).
ANALYSIS = 2
DICTIONARY = "english_stem"     # the snowball stemmer of the `english` configuration (and its stop words)
TOKEN = re.compile(r"[^\W_]+")  # runs of letters and digits: apostrophes, hyphens, dots split words
MAX_TOKEN = 100                 # longer "words" (hashes, runs of letters) are not indexed
MAX_POSITION = 16383            # PostgreSQL's largest tsvector position
MAX_POSITIONS = 255             # positions kept per lexeme (PostgreSQL keeps at most 256)
MAX_STEMS = 500_000             # remembered stems per open index


# For ASCII text, by bytes.translate: every byte that is not a letter or a digit as a space,
# then split: the same words as TOKEN, about twice as fast (tests compare the two).
_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else 32 for c in range(256))
_POSITIONS = [str(i) for i in range(MAX_POSITION + 1)]     # position -> its text


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A non-ASCII word case-folded, compatibility characters decomposed (ligatures, full-width
    forms) and accents removed, as the Whoosh backend keeps it: "Résumé" and "resume" are one."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text`: runs of letters and digits (see `fold`)."""
    low = text.lower()
    if low.isascii():
        found = low.encode("ascii").translate(_SPACES).decode("ascii").split()
    else:
        found = [w if w.isascii() else fold(w) for w in TOKEN.findall(low)]
    if found and len(max(found, key=len)) > MAX_TOKEN:
        found = [w for w in found if len(w) <= MAX_TOKEN]
    return found


def quote(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery text write it."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


class Analyzer:
    """Stems from the server's dictionary, remembered; "" marks a stop word."""

    def __init__(self) -> None:
        self.stems: dict[str, str] = {}
        self.quoted: dict[str, str] = {}     # word -> its lexeme quoted for tsvector text ("" for a stop word)

    def learn(self, conn: psycopg.Connection, found: Iterable[str]) -> None:
        """Look up the stems of the words not seen yet (one round trip)."""
        new = sorted(set(found).difference(self.stems))
        if not new:
            return
        if len(self.stems) + len(new) > MAX_STEMS:
            self.stems.clear()
            self.quoted.clear()
        rows = conn.execute(f"SELECT w, ts_lexize('{DICTIONARY}', w) FROM unnest(%s::text[]) w", (new,)).fetchall()
        for w, lexemes in rows:
            self.stems[w] = lexemes[0] if lexemes else ""
            self.quoted[w] = quote(lexemes[0]) if lexemes else ""

    def lexemes(self, text: str) -> list[str]:
        """The stems of `text`'s words in order, stop words left out (learned words only)."""
        return self.kept(words(text))

    def kept(self, found: list[str]) -> list[str]:
        """The stems of `found` (words) in order, stop words left out (learned words only)."""
        return [s for s in map(self.stems.get, found) if s]

    def vectors(self, fields: list[list[str]]) -> tuple[str, str]:
        """(head, full) tsvector text of the words of title (A), tags (B), summary (C) and body
        (D): head is the first three, full all four."""
        head: dict[str, list[str]] = {}
        pos = 0
        quoted = self.quoted
        for found, weight in zip(fields, "ABC"):
            for lexeme in [q for q in map(quoted.get, found) if q]:
                pos += 1
                entry = head.get(lexeme)
                if entry is None:
                    head[lexeme] = [f"{pos}{weight}"]
                else:
                    entry.append(f"{pos}{weight}")
        body: dict[str, list[str]] = {}
        kept = [q for q in map(quoted.get, fields[3]) if q]
        numbers = _POSITIONS[pos + 1:pos + 1 + len(kept)]
        if len(numbers) < len(kept):     # past the largest position: the rest share it
            numbers += [_POSITIONS[-1]] * (len(kept) - len(numbers))
        for number, lexeme in zip(numbers, kept):
            entry = body.get(lexeme)
            if entry is None:
                body[lexeme] = [number]
            else:
                entry.append(number)
        head_text = " ".join(f"{lex}:{','.join(found[:MAX_POSITIONS])}" for lex, found in head.items())
        parts = []
        for lex, found in body.items():
            before = head.get(lex)
            if before is not None:
                found = before + found
            parts.append(f"{lex}:{','.join(found[:MAX_POSITIONS])}")
        parts += [f"{lex}:{','.join(found[:MAX_POSITIONS])}" for lex, found in head.items() if lex not in body]
        return head_text, " ".join(parts)

    def phrase(self, text: str) -> str | None:
        """The tsquery of `text`'s words next to each other in order, or None (only stop words)."""
        lexemes = self.lexemes(text)
        if not lexemes:
            return None
        return quote(lexemes[0]) if len(lexemes) == 1 else "(" + " <-> ".join(map(quote, lexemes)) + ")"
