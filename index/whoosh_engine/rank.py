"""BM25F ranking with per-term impact lists and a threshold-algorithm top-k.

Why not Whoosh's scorer: on 50,000 articles whose words are common, Whoosh's top-10 for a
three-word AND query walks and scores every matching posting in Python (100-300 ms here).
Instead, for each query term we compute once per index generation its *impact list*: every
document's BM25F contribution for that term, kept sorted by document number (for random
access) and by weight (for the top-k). A query then runs Fagin's threshold algorithm: walk the
terms' lists from the highest weight down, score each new document in full by random access,
and stop as soon as the k-th best score beats the best any unseen document could still reach.
Typical queries stop after a few hundred documents. Impact lists are cached (bounded by
postings) for the life of the generation's cache; the first use of a term costs one read of
its postings. Lists of PERSIST_MIN documents or more (the expensive ones) are also pickled into
`hubindex-terms-<generation>/` next to the segments, so a cold process (a `run.py search`)
loads them in a millisecond instead of reading the postings again; the writer of a generation
computes those of its common terms right away (`warm`), so no reader pays for them. Random
access goes through a dense array indexed by document number for terms in at least 1/DENSE_RATIO
of the documents (the lists a related-article query walks most), by bisection otherwise.

BM25F (Robertson & Zaragoza): per document, a term's frequencies in the fields are normalised
by each field's length, weighted by the field boost (schema.BOOSTS, applied here and only here:
the index holds plain frequencies) and summed before saturation:
    tf' = sum_f boost_f * tf_f / (1 - b_f + b_f * len_f / avglen_f)
    w   = idf * tf' * (k1 + 1) / (k1 + tf')  +  TITLE_EXTRA * (the same over the title alone, unboosted)
"""

from __future__ import annotations

import hashlib
import heapq
import math
import time
from array import array
from bisect import bisect_left
from collections import OrderedDict
from pathlib import Path

from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length


from index.whoosh_engine.postings import ids_from_mask, mask_from_ids, term_postings
from index.whoosh_engine.schema import BOOSTS
from index.whoosh_engine.sealed import Unsealed, read_sealed, write_sealed

# Saturation and length normalisation. bench/relevance.py (with the common-word rule of
# index/querytext.needed): k1 from 1.5 to 2.0 with b 0.75 or 0.9 ranked the real pages best;
# 1.2 and b 0.5 lost a query or two.
K1 = 1.5
B = 0.75
TITLE = "title"
# A word in the title also counts on its own, as TITLE_EXTRA of a full term saturated over the
# title alone. BM25F sums a word's fields before saturating, so once a long body repeats a
# word the title's share adds next to nothing, and an article that merely mentions the words
# many times ties with the one whose title names them (bench/relevance.py, real pages: any value
# from 0.1 to 0.4 ranked better than none; the sample hub barely moved).
TITLE_EXTRA = 0.2
# Changes whenever the weights above or their formula change: impact lists saved by an earlier
# formula are then never loaded (their file names differ).
FORMULA = 3
# Length normalisation per field: titles are short, and a longer, more descriptive title is not
# a weaker match the way a longer body is (on the real-page relevance set, bench/relevance.py,
# b = 0.3 for titles ranked better than 0.75; the sample-hub set did not move).
FIELD_B = {"title": 0.3}
IMPACT_BUDGET = 4_000_000     # postings kept in impact lists per generation (about 12 bytes each)
PERSIST_MIN = 2000            # impact lists at least this long are saved for later processes
DENSE_RATIO = 8               # a term in at least 1/8 of the documents also gets a dense weight array
STEP = 32                     # entries taken from each list per round of the threshold algorithm
DIRECT_MAX = 512              # at most this many allowed documents: top_k scores each one directly

_LENGTH = [byte_to_length(i) for i in range(256)]


class TermImpacts:
    __slots__ = ("docs", "weights", "by_weight", "top", "dense", "docmask", "ranked")

    def __init__(self, docs: array, weights: array) -> None:
        self.docs = docs                  # ascending document numbers
        self.weights = weights            # BM25F weight of the term in each of them
        # heaviest first, equal weights in ascending document order (the sort is stable)
        order = sorted(range(len(docs)), key=weights.__getitem__, reverse=True)
        self.by_weight = array("i", map(docs.__getitem__, order))   # document numbers, heaviest first
        self.top = array("d", map(weights.__getitem__, order))      # their weights
        self.dense: array | None = None   # weight by document number (0.0 if absent), for common terms
        self.docmask: int | None = None   # the documents as a bitmask (see `mask`)
        self.ranked = 0                   # how many rankings used it (the second one densifies it)

    @classmethod
    def from_arrays(cls, docs: array, weights: array, by_weight: array, top: array,
                    docmask: int | None = None) -> "TermImpacts":
        self = cls.__new__(cls)
        self.docs, self.weights, self.by_weight, self.top = docs, weights, by_weight, top
        self.dense, self.docmask, self.ranked = None, docmask, 0
        return self

    def mask(self, size: int) -> int:
        """The documents holding the term, as a bitmask (saved with the list, so a reader that
        loads a saved list does not rebuild it: 3 ms for a common term at 50,000)."""
        if self.docmask is None:
            self.docmask = mask_from_ids(self.docs, size)
        return self.docmask

    def densify(self, size: int) -> None:
        """Index the weights by document number: random access without a binary search."""
        dense = array("d", bytes(8 * size))
        for d, w in zip(self.docs, self.weights):
            dense[d] = w
        self.dense = dense

    def cost(self) -> int:
        """Memory, in postings (12 bytes each: the impact budget's unit)."""
        return (len(self.docs) + (len(self.dense) * 2 // 3 if self.dense is not None else 0)
                + (self.docmask.bit_length() // 96 if self.docmask is not None else 0))

    def get(self, d: int) -> float:
        if self.dense is not None:
            return self.dense[d]
        docs = self.docs
        i = bisect_left(docs, d)
        return self.weights[i] if i < len(docs) and docs[i] == d else 0.0

    def __len__(self) -> int:
        return len(self.docs)


class Ranker:
    """Field lengths and impact lists of one generation (held by its SearchCache)."""

    def __init__(self, size: int, lengths: dict[str, bytes], averages: dict[str, float],
                 store_dir: Path | None = None) -> None:
        self.size = size
        self.store_dir = store_dir        # where long impact lists are kept for later processes
        self.lengths = lengths            # field -> one length byte per document (Whoosh's encoding)
        self.norm: dict[str, list[float]] = {
            field: [BOOSTS[field] / (1 - b + b * _LENGTH[i] / (averages.get(field) or 1.0)) for i in range(256)]
            for field, b in ((f, FIELD_B.get(f, B)) for f in BOOSTS)}
        self._impacts: OrderedDict[str, TermImpacts] = OrderedDict()
        self._postings = 0

    def impacts(self, reader, text: str, live: int, ranking: bool = False) -> TermImpacts:
        """The term's impact list. `ranking`: it is about to be ranked with (top_k); a common
        term's list gets its dense array at its second ranking, so a term used once (a cold CLI
        search, a rare query) does not pay for it (3 ms at 50,000 articles)."""
        cached = self._impacts.get(text)
        if cached is not None:
            self._impacts.move_to_end(text)
            if ranking:
                self._ranked(cached)
            return cached
        impacts = self._load(text)
        if impacts is None:
            impacts = self._compute(reader, text, live)
            if len(impacts) >= PERSIST_MIN:
                self._save(text, impacts)
        impacts.ranked = int(ranking)     # first ranking: no dense array yet (see `_ranked`)
        self._impacts[text] = impacts
        self._postings += impacts.cost()
        while self._postings > IMPACT_BUDGET and len(self._impacts) > 1:
            _, old = self._impacts.popitem(last=False)
            self._postings -= old.cost()
        return impacts

    def merged(self, key: tuple, build) -> "TermImpacts":
        """An impact list made from others (a word and its synonyms: each document's best
        weight among them), built by `build() -> {docnum: weight}` on first use and kept like
        a term's list."""
        name = "\x00" + repr(key)          # never an indexed term's text
        cached = self._impacts.get(name)
        if cached is not None:
            self._impacts.move_to_end(name)
            return cached
        weights = build()
        docs = array("i", sorted(weights))
        impacts = TermImpacts(docs, array("d", (weights[d] for d in docs)))
        self._impacts[name] = impacts
        self._postings += impacts.cost()
        while self._postings > IMPACT_BUDGET and len(self._impacts) > 1:
            _, old = self._impacts.popitem(last=False)
            self._postings -= old.cost()
        return impacts

    def _ranked(self, impacts: TermImpacts) -> None:
        """A cached list is about to be ranked with: at its second ranking a common term's list
        gets its dense array (and the budget is charged for it)."""
        impacts.ranked += 1
        if impacts.ranked >= 2 and impacts.dense is None and len(impacts) * DENSE_RATIO >= self.size:
            before = impacts.cost()
            impacts.densify(self.size)
            self._postings += impacts.cost() - before

    def _file(self, text: str) -> Path | None:
        if self.store_dir is None:
            return None
        key = f"{FORMULA}\x00{text}".encode("utf-8")
        return self.store_dir / (hashlib.sha1(key).hexdigest()[:20] + ".pickle")

    def _load(self, text: str) -> "TermImpacts | None":
        path = self._file(text)
        if path is None:
            return None
        try:
            term, docs, weights, by_weight, top, docmask = read_sealed(path)
        except (Unsealed, ValueError, TypeError):   # missing, damaged, or of another shape
            return None
        if term != text or not isinstance(docmask, int):
            return None                  # another term's file, or one written by another version
        return TermImpacts.from_arrays(docs, weights, by_weight, top, docmask)

    def _save(self, text: str, impacts: "TermImpacts") -> None:
        """Best effort, atomic: a later cold process (a CLI search) loads it instead of reading postings."""
        path = self._file(text)
        if path is None:
            return
        try:
            path.parent.mkdir(exist_ok=True)
            write_sealed(path, (text, impacts.docs, impacts.weights, impacts.by_weight, impacts.top,
                                impacts.mask(self.size)))
        except OSError:
            pass

    def _compute(self, reader, text: str, live: int) -> "TermImpacts":
        """The term's impact list from its postings. The per-posting work is done in list
        comprehensions and dict updates (C loops), not a Python statement per posting: this is
        what warming a generation spends its time on (bench/search.py)."""
        tf: dict[int, float] = {}
        in_title: dict[int, float] = {}     # the title's normalised frequency alone (unboosted)
        for field, norm in self.norm.items():
            lens = self.lengths[field]
            for ids, weights, offset in term_postings(reader, field, text):
                if offset:
                    ids = [d + offset for d in ids]
                scaled = [w * norm[lens[d]] for d, w in zip(ids, weights)]
                if field == TITLE:
                    boost = BOOSTS[TITLE]
                    in_title.update(zip(ids, [f / boost for f in scaled]))
                if not tf:
                    tf.update(zip(ids, scaled))
                else:
                    get = tf.get
                    tf.update(zip(ids, [get(d, 0.0) + f for d, f in zip(ids, scaled)]))
        if live != (1 << self.size) - 1:
            alive = live.to_bytes((self.size >> 3) + 1, "little")
            tf = {d: v for d, v in tf.items() if alive[d >> 3] >> (d & 7) & 1}
            in_title = {d: v for d, v in in_title.items() if d in tf}
        idf = rank_idf(max(reader.doc_count(), 1), len(tf))
        docs = array("i", sorted(tf))
        # bm25_weight inlined, the same operations in the same order (the same floats)
        k1p = K1 + 1
        values = [idf * t * k1p / (K1 + t) for t in map(tf.__getitem__, docs)]
        if in_title:
            where = {d: i for i, d in enumerate(docs)} if len(in_title) * 8 > len(docs) else None
            for d, t in in_title.items():
                i = where[d] if where is not None else bisect_left(docs, d)
                values[i] += TITLE_EXTRA * (idf * t * k1p / (K1 + t))
        return TermImpacts(docs, array("d", values))


def rank_idf(n: int, df: int) -> float:
    """BM25's idf of a term in `df` of `n` documents."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def bm25_weight(tf: float, idf: float) -> float:
    """A term's weight from its normalised, boosted frequency tf' (see the module docstring)."""
    return idf * tf * (K1 + 1) / (K1 + tf)


def bm25_tf(weight: float, idf: float) -> float:
    """tf' back from a weight (the inverse of bm25_weight), for combining synonyms."""
    room = idf * (K1 + 1) - weight
    return weight * K1 / room if room > 1e-12 else 1e6


# A single commit through the Python API warms for at most this long (store.py); everything
# else that writes a generation warms it completely (warming.py).
WARM_SECONDS = 20.0
# The common terms warmed are at most this many postings in all, most common first: at 50,000
# sample-hub articles the 288 common terms hold 6.2 million (129 MB of saved lists, 5.5 s on two
# cores); the cap keeps an index far beyond what this backend is for from warming for minutes.
WARM_POSTINGS = 50_000_000


def common_terms(searcher) -> list[str]:
    """The generation's terms whose impact lists may reach PERSIST_MIN documents, most common
    first, up to WARM_POSTINGS postings in all (what `warm` computes)."""
    reader = searcher.reader()
    total: dict[str, int] = {}      # the sum of a term's field frequencies: its list is at most that long
    # Segment by segment: each one's term table is read in order, where the whole index's
    # (Whoosh's MultiReader) looks every term up in every segment (4 of the 4.5 s this took at
    # 10,000 articles in 9 segments).
    for leaf, _ in reader.leaf_readers():
        for field in BOOSTS:
            if field not in leaf.schema:
                continue
            for text, info in leaf.iter_field(field):
                text = text.decode("utf-8") if isinstance(text, bytes) else text
                total[text] = total.get(text, 0) + info.doc_frequency()
    common = [(df, text) for text, df in total.items() if df >= PERSIST_MIN]
    common.sort(reverse=True)
    out, postings = [], 0
    for df, text in common:
        postings += df
        if postings > WARM_POSTINGS:
            break
        out.append(text)
    return out


def warm(searcher, cache, max_seconds: float | None = None, part: tuple[int, int] = (0, 1),
         terms: list[str] | None = None, keep_going=None) -> int:
    """Compute and save the impact lists of the generation's common terms, most common first.

    Called by whoever writes a generation (a crawl's writer at its end, `reindex`, a commit,
    through warming.warm_generation), so that no reader pays for them: building the list of a
    term found in 20,000 of 50,000 articles reads its postings in Python (about 40 ms), which
    made a search's first use of common words 5-10 times slower than its later uses. Only lists
    of PERSIST_MIN documents or more are worth it (shorter ones take a few milliseconds); they go
    to the generation's terms directory, where every process finds them. A term counts in every
    ranked field: words common only in titles, tags or summaries ("trends", "grad") are as
    costly as body words.
    `max_seconds`: stop after that long (None: when done); `part` (i, n): only every n-th term
    from the i-th, so that n processes can share the work; `terms`: `common_terms(searcher)`,
    when another process has listed them already; `keep_going()`: asked before each term,
    stop when it says no.
    Returns how many were computed.
    """
    ranker = cache.ranker
    if ranker.store_dir is None:
        return 0
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    reader = searcher.reader()
    if terms is None:
        terms = common_terms(searcher)
    done = 0
    for text in terms[part[0]::part[1]]:
        if deadline is not None and time.monotonic() >= deadline:
            break
        if keep_going is not None and not keep_going():
            break
        path = ranker._file(text)
        if path is not None and path.exists():
            continue
        ranker.impacts(reader, text, cache.live)     # computes and saves it
        done += 1
    return done


def top_k(lists: list[TermImpacts], allowed: bytes, k: int, pub, budget: int | None = None) -> list[tuple[float, int]]:
    """The k best (score, docnum) among documents whose bit is set in `allowed`, best first;
    equal scores are ordered newest first (recency only breaks ties).

    Exact unless `budget` is given: then at most that many list entries are examined and the
    best documents found so far are returned (the heaviest entries come first, so these are
    the documents with the strongest evidence; used where approximate is fine: related).
    """
    lists = [t for t in lists if len(t)]
    if not lists or k <= 0:
        return []
    few = _few(allowed)
    if few is not None:
        return _score_each(lists, few, k, pub)
    heap: list[tuple[float, int, int]] = []        # (score, published, -docnum): min-heap of the best k
    seen: set[int] = set()
    pos = [0] * len(lists)
    examined = 0
    # For each list, the other lists, for random access without a method call per lookup (the
    # inner loop runs thousands of times per related query): dense arrays of common terms are
    # indexed directly, the others searched by bisection in (docs, weights, length).
    dense_others = [[o.dense for o in lists if o is not t and o.dense is not None] for t in lists]
    others = [[(o.docs, o.weights, len(o.docs)) for o in lists if o is not t and o.dense is None] for t in lists]
    floor = float("-inf")            # once the heap is full: scores below this cannot enter it
    while True:
        threshold = sum(t.top[p] if p < len(t) else 0.0 for t, p in zip(lists, pos))
        if threshold <= 0.0 or (len(heap) >= k and heap[0][0] > threshold):
            break
        if budget is not None and examined >= budget:
            break
        examined += STEP * len(lists)
        for i, t in enumerate(lists):
            p = pos[i]
            end = min(p + STEP, len(t))
            by_weight, top, rest, direct = t.by_weight, t.top, others[i], dense_others[i]
            for j in range(p, end):
                d = by_weight[j]
                if d in seen:
                    continue
                seen.add(d)
                if not allowed[d >> 3] >> (d & 7) & 1:
                    continue
                score = top[j]
                for weights in direct:
                    score += weights[d]
                for docs, weights, n in rest:
                    x = bisect_left(docs, d)
                    if x < n and docs[x] == d:
                        score += weights[x]
                if score < floor:
                    continue                 # cannot enter the best k (saves building its item)
                item = (round(score, 9), pub[d], -d)
                if len(heap) < k:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)
                else:
                    continue
                if len(heap) >= k:
                    floor = heap[0][0] - 1e-9
            pos[i] = end
    return [(s, -nd) for s, _, nd in sorted(heap, reverse=True)]


def _few(allowed: bytes) -> list[int] | None:
    """The allowed documents if there are at most DIRECT_MAX of them, else None."""
    mask = int.from_bytes(allowed, "little")
    if mask.bit_count() > DIRECT_MAX:
        return None
    return ids_from_mask(mask)


def _score_each(lists: list[TermImpacts], docs: list[int], k: int, pub) -> list[tuple[float, int]]:
    """top_k for a few allowed documents: each one's score summed directly. The threshold
    algorithm walks the lists heaviest first and skips what is not allowed, so when a query's
    words are common but few documents hold all of them (or a filter leaves few), it reads
    thousands of entries to find a handful (10-25 ms at 50,000 articles); here it is one lookup
    per document and list. Same result: documents in no list are left out, equal scores go
    newest first."""
    items = []
    for d in docs:
        score = 0.0
        for t in lists:
            score += t.get(d)
        if score > 0.0:
            items.append((round(score, 9), pub[d], -d))
    return [(s, -nd) for s, _, nd in heapq.nlargest(k, items)]


def field_lengths(reader) -> tuple[dict[str, bytes], dict[str, float]]:
    """(field -> length byte per document, field -> average length) for the ranked fields."""
    size = reader.doc_count_all()
    count = max(reader.doc_count(), 1)
    return ({f: _length_bytes(reader, f, size) for f in BOOSTS},
            {f: reader.field_length(f) / count for f in BOOSTS})


def _length_bytes(reader, field: str, size: int) -> bytes:
    out = bytearray(size)
    for leaf, offset in reader.leaf_readers():
        perdoc = getattr(leaf, "_perdoc", None)
        col = None
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            col = perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        n = leaf.doc_count_all()
        if col is not None:
            out[offset:offset + n] = bytes(list(col)[:n])
        else:
            from whoosh.util.numeric import length_to_byte
            for d in range(n):
                out[offset + d] = length_to_byte(leaf.doc_field_length(d, field) or 0)
    return bytes(out)
