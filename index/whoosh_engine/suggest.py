""""Did you mean": corrections from the index's own vocabulary.

Candidates come from Whoosh's spelling word lists of the titles and summaries (`spelling=True`),
whose words are the folded, unstemmed forms people type; the first letter must match
(`prefix=1`), which keeps the edit-distance scan short and rarely loses the intended word.

A word is corrected when it finds nothing, when it is rare and a close word is far more common,
or when it is not itself a word of the vocabulary while a close word with the same stem is
("enginering" finds what "engineering" finds, but is still a typo). How close: one edit for
words of 5 letters, two for longer ones, and one for any word the vocabulary has; words
of four letters or fewer are never corrected ("phd" is not "paid", "tech" not "teach"). A
correction must be in at least MUCH_MORE times as many articles as the typed word.
The caller (search.py) asks only when no article has every word of the query, and keeps only
the suggestions with which some article does.
"""

from __future__ import annotations

import re

from index.querytext import edit_distance
from index.whoosh_engine.schema import SEARCH_FIELDS, SPELLING_FIELDS, fold

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)   # letters only, 3 or more: numbers are never "misspelled"
RARE = 3          # a word in at most this many articles may be a misspelling...
MUCH_MORE = 20    # ...when a correction is in this many times more articles
MAX_SUGGESTIONS = 3
CANDIDATES = 8    # candidates taken from each spelling list per word
SPELLED_MIN = 2   # a spelling of the same word family must be written so in this many articles


def max_edits(word: str) -> int:
    """Edits allowed between a typed word and its correction (like Elasticsearch's AUTO)."""
    return 0 if len(word) < 5 else 1 if len(word) == 5 else 2


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _stem_df(reader, analyzer, word: str, df) -> tuple[str | None, int]:
    tokens = [t.text for t in analyzer(word)]
    if not tokens:
        return None, -1                   # a stop word: nothing to correct
    stemmed = tokens[0]
    return stemmed, max(df(reader, f, stemmed) for f in SEARCH_FIELDS)


def _spelled(reader, word: str, df) -> int:
    """Articles whose title or summary has `word` as written (folded, unstemmed)."""
    return max(df(reader, f"spell_{f}", word) for f in SPELLING_FIELDS)


def suggestions(searcher, text: str, df) -> list[str]:
    """Up to three corrected versions of `text` (best first); [] when every word looks right.
    `df(reader, field, term)` gives document frequencies (the generation's memoised
    `SearchCache.doc_frequency`)."""
    reader = searcher.reader()
    analyzer = searcher.schema["body"].analyzer
    words = list(dict.fromkeys(fold(w) for w in WORD.findall(text)))[:16]
    corrections: dict[str, list[str]] = {}
    correctors = None
    for word in words:
        edits = max_edits(word)
        stemmed, freq = _stem_df(reader, analyzer, word, df)
        if stemmed is None or not edits:
            continue
        spelled = _spelled(reader, word, df)
        same_stem_ok = spelled == 0 and freq > 0      # "enginering": found by its stem, yet a typo
        if freq > RARE and not same_stem_ok:
            continue
        if spelled:
            edits = 1                                 # a real word: only its nearest neighbours
        if correctors is None:
            correctors = [searcher.corrector(f) for f in SPELLING_FIELDS]
        cands = dict.fromkeys(c for corr in correctors
                              for c in corr.suggest(word, limit=CANDIDATES, maxdist=edits, prefix=1))
        scored = []
        for cand in cands:
            if cand == word:
                continue
            d = edit_distance(word, cand, edits)
            if d > edits:
                continue
            cstem, cdf = _stem_df(reader, analyzer, cand, df)
            if cstem is None or cdf <= 0:
                continue
            if cstem == stemmed:
                # the same word family: only as the spelling of a word the vocabulary lacks
                if not same_stem_ok or _spelled(reader, cand, df) < SPELLED_MIN:
                    continue
            elif freq > RARE:
                continue          # a common family: only its own spellings ("enginering")
            elif cdf < MUCH_MORE * max(freq, 1) and freq > 0:
                continue
            scored.append((d, -_common_prefix(word, cand), len(cand) <= len(word), -cdf,
                           -_spelled(reader, cand, df), cand, cstem))
        best, stems = [], set()
        # nearest first; then the one that keeps more of the typed beginning (typos are rarely
        # in the first letters), one that adds a letter (a dropped letter is the commonest
        # typo), the most common family, the most common spelling; one per stem
        for *_, cand, cstem in sorted(scored):
            if cstem not in stems:
                stems.add(cstem)
                best.append(cand)
        if best:
            corrections[word] = best[:MAX_SUGGESTIONS]
    if not corrections:
        return []
    out = []
    for rank in range(MAX_SUGGESTIONS):
        def fix(m: re.Match) -> str:
            alts = corrections.get(fold(m.group()))
            if not alts:
                return m.group()
            return alts[min(rank, len(alts) - 1)]
        fixed = WORD.sub(fix, text)
        if fixed not in out and fixed != text:
            out.append(fixed)
    return out
