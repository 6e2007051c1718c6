""""Did you mean": corrections from the index's own vocabulary.

A word is corrected when it is in no article (it finds nothing) or when it is rare and a word
within two edits is far more common (a misspelling that also occurs in a few articles). The
candidates come from Whoosh's spelling word lists of the titles and summaries (`spelling=True`),
whose words are the unstemmed forms people type; the first letter must match (`prefix=1`), which keeps the
edit-distance scan of the word list short and rarely loses the intended word.
"""

from __future__ import annotations

import re

from index.whoosh_engine.schema import SEARCH_FIELDS, SPELLING_FIELDS

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)   # letters only, 3 or more: numbers are never "misspelled"
RARE = 3          # a word in at most this many articles may be a misspelling...
MUCH_MORE = 20    # ...when a correction is in this many times more articles
MAX_SUGGESTIONS = 3


def _df(reader, analyzer, word: str, df) -> tuple[str | None, int]:
    tokens = [t.text for t in analyzer(word)]
    if not tokens:
        return None, -1                   # a stop word: nothing to correct
    stemmed = tokens[0]
    return stemmed, max(df(reader, f, stemmed) for f in SEARCH_FIELDS)


def suggestions(searcher, text: str, df) -> list[str]:
    """Up to three corrected versions of `text` (best first); [] when every word looks right.
    `df(reader, field, term)` gives document frequencies (the generation's memoised
    `SearchCache.doc_frequency`)."""
    reader = searcher.reader()
    analyzer = searcher.schema["body"].analyzer
    words = list(dict.fromkeys(w.lower() for w in WORD.findall(text)))[:16]
    corrections: dict[str, list[str]] = {}
    correctors = None
    for word in words:
        stemmed, freq = _df(reader, analyzer, word, df)
        if stemmed is None or freq > RARE:
            continue
        if correctors is None:
            correctors = [searcher.corrector(f) for f in SPELLING_FIELDS]
        scored, stems = [], set()
        # Whoosh orders candidates by edit distance, then by frequency (per field; the titles'
        # first); keep that order among candidates that find as many articles, and one
        # candidate per stem (manage/manager). Whoosh's MultiCorrector unpacks its parts'
        # (word, score) pairs the wrong way round, hence the merge here.
        merged = dict.fromkeys(c for corr in correctors for c in corr.suggest(word, limit=6, maxdist=2, prefix=1))
        for i, cand in enumerate(merged):
            cstem, cdf = _df(reader, analyzer, cand, df)
            if cand == word or cstem in stems or cstem == stemmed:
                continue
            if cdf > 0 and (freq == 0 or cdf >= MUCH_MORE * freq):
                stems.add(cstem)
                scored.append((-cdf, i, cand))
        if scored:
            corrections[word] = [c for _, _, c in sorted(scored)[:MAX_SUGGESTIONS]]
    if not corrections:
        return []
    out = []
    for rank in range(MAX_SUGGESTIONS):
        def fix(m: re.Match) -> str:
            alts = corrections.get(m.group().lower())
            if not alts:
                return m.group()
            return alts[min(rank, len(alts) - 1)]
        fixed = WORD.sub(fix, text)
        if fixed not in out and fixed != text:
            out.append(fixed)
    return out
