"""The rules every backend applies to text typed into a search box, before its own parser.

People type words and "quoted phrases"; everything else (operators, wildcards, field names,
brackets) is read as a space, the number of words is capped, and question words ("how do I")
are not required to match. Pure Python: a backend turns the cleaned text into its own query.
"""

from __future__ import annotations

import re

from index.types import MAX_QUERY_CHARS

MAX_WORDS = 32          # words (and phrase words) taken from one query
# Everything but letters, digits, quotes, apostrophes and hyphens is a word separator, so
# operator characters (* ? ~ ^ : ( ) [ ] { } < > + ...) are read as spaces, never as syntax.
_NOT_WORDY = re.compile(r"[^\w\s\"'\u2019-]+")

# Words of a question ("how do I ...", "what does a ... do") that people type but articles need not
# contain: they still count for ranking, but an article does not have to contain them to match.
QUESTION_WORDS = frozenset("how what why which who whom where do does did should would could i me my "
                           "need get".split())
_QUOTED = re.compile(r'"[^"]*"')


def clean_text(text: str | None) -> str:
    """`text` cut to MAX_QUERY_CHARS and MAX_WORDS, with every operator character a space."""
    text = _NOT_WORDY.sub(" ", (text or "")[:MAX_QUERY_CHARS])
    words = text.split()
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
        if sum(w.count('"') for w in words) % 2:
            words = [w.replace('"', "") for w in words]
    return " ".join(words)


def required_text(text: str) -> str:
    """`text` without question words outside quotes (unless nothing else is left)."""
    quoted = _QUOTED.findall(text)
    rest = _QUOTED.sub(" ", text).split()
    kept = [w for w in rest if w.lower().strip("'\u2019") not in QUESTION_WORDS]
    if not kept and not quoted:
        return text
    return " ".join(quoted + kept)


def split_phrases(text: str) -> tuple[list[str], list[str]]:
    """(loose words, quoted phrases) of cleaned text; an unclosed quote is read as words."""
    if text.count('"') % 2:
        text = text.replace('"', " ")
    phrases = [p.strip() for p in (m.group()[1:-1] for m in _QUOTED.finditer(text)) if p.strip()]
    words = _QUOTED.sub(" ", text).replace('"', " ").split()
    return words, phrases


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
