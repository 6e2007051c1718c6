""""Did you mean" on PostgreSQL: corrections from the index's own vocabulary.

The rules are the Whoosh backend's (index/whoosh_engine/suggest.py): a word is corrected when
it is in at most RARE articles and a word within two edits, beginning with the same letter, is
in MUCH_MORE times as many. Candidates come from hub_words (the words of titles and summaries,
kept by every commit) through a pg_trgm trigram index where the server has pg_trgm, otherwise
from the words of about the same length and the same first letter, most common first.
Document frequencies are those of the word's lexeme in the searched text (the GIN index),
counted only up to what the decision needs.
"""

from __future__ import annotations

import re
from typing import Container

import psycopg

from index.querytext import edit_distance
from index.postgres.analysis import Analyzer, quote

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)   # letters only, 3 or more: numbers are never "misspelled"
RARE = 3
MUCH_MORE = 20
MAX_SUGGESTIONS = 3
CANDIDATES = 6           # candidates per word, nearest first
COUNT_CAP = 2000         # document frequencies are counted up to this (it orders candidates)
SCAN_WORDS = 5000        # vocabulary words examined per word without pg_trgm

_FREQUENCIES = """
SELECT q, (SELECT count(*) FROM (SELECT 1 FROM hub_search s WHERE s.tsv @@ q::tsquery LIMIT %s) x)
FROM unnest(%s::text[]) q"""


def _frequencies(conn: psycopg.Connection, analyzer: Analyzer, words: list[str],
                 cap: int) -> dict[str, tuple[str, int]]:
    """word -> (its lexeme, in how many articles up to `cap`; -1 for a stop word)."""
    analyzer.learn(conn, words)
    lexemes = {w: analyzer.stems.get(w, "") for w in words}
    queries = sorted({quote(lex) for lex in lexemes.values() if lex})
    counts = dict(conn.execute(_FREQUENCIES, (cap, queries)).fetchall()) if queries else {}
    return {w: (lex, counts[quote(lex)] if lex else -1) for w, lex in lexemes.items()}


def _candidates(conn: psycopg.Connection, word: str, trigram: bool) -> list[str]:
    if trigram:
        rows = conn.execute("SELECT word, ndoc FROM hub_words WHERE word %% %s AND left(word, 1) = left(%s, 1) "
                            "ORDER BY similarity(word, %s) DESC, ndoc DESC LIMIT 50", (word, word, word)).fetchall()
    else:
        rows = conn.execute("SELECT word, ndoc FROM hub_words WHERE left(word, 1) = left(%s, 1) "
                            "AND length(word) BETWEEN %s AND %s ORDER BY ndoc DESC LIMIT %s",
                            (word, len(word) - 2, len(word) + 2, SCAN_WORDS)).fetchall()
    near = [(d, -n, w) for w, n in rows if w != word and (d := edit_distance(word, w, 2)) <= 2]
    return [w for _, _, w in sorted(near)[:CANDIDATES]]


def suggestions(conn: psycopg.Connection, analyzer: Analyzer, text: str, trigram: bool,
                common: Container[str] = ()) -> list[str]:
    """Up to three corrected versions of `text` (best first); [] when every word looks right.
    `common`: lexemes known to be in many articles (the most common elements ANALYZE lists),
    whose words need no count."""
    words = list(dict.fromkeys(w.lower() for w in WORD.findall(text)))[:16]
    analyzer.learn(conn, words)
    words = [w for w in words if analyzer.stems.get(w) not in common]
    if not words:
        return []
    corrections: dict[str, list[str]] = {}
    for word, (stem, freq) in _frequencies(conn, analyzer, words, RARE + 1).items():
        if freq < 0 or freq > RARE:
            continue
        candidates = _candidates(conn, word, trigram)
        if not candidates:
            continue
        counts = _frequencies(conn, analyzer, candidates, COUNT_CAP)
        scored, stems = [], set()
        for i, cand in enumerate(candidates):
            cstem, cdf = counts[cand]
            if cstem in stems or cstem == stem:
                continue
            if cdf > 0 and (freq == 0 or cdf >= MUCH_MORE * freq):
                stems.add(cstem)
                scored.append((-cdf, i, cand))
        if scored:
            corrections[word] = [c for _, _, c in sorted(scored)[:MAX_SUGGESTIONS]]
    if not corrections:
        return []
    out: list[str] = []
    for rank in range(MAX_SUGGESTIONS):
        def fix(m: re.Match) -> str:
            alts = corrections.get(m.group().lower())
            return alts[min(rank, len(alts) - 1)] if alts else m.group()
        fixed = WORD.sub(fix, text)
        if fixed not in out and fixed != text:
            out.append(fixed)
    return out
