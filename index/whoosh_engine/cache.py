"""Per-generation search cache: document sets as bitmasks, for facet counts, filters and paging.

Why: Whoosh's `groupedby` facet counting scores and categorises every match in Python, which
grows with the number of matches (bench/search.py measures it beside ours). Here a set of documents is a Python int used as a bitmask
(bit d = document number d), so intersecting sets and counting them are single C-level
operations on a few kilobytes: `(matched & facet_mask).bit_count()` takes microseconds even
at 50,000 articles.

What is cached, per Whoosh generation (document numbers change when segments merge):
- `live`: the documents not deleted;
- `facets`: one mask per facet token ("topic:career-advancement"), read from the `facets`
  postings once;
- `order` and `pub`: document numbers newest first, and each document's published time, for
  "newest first" listings, `--sort` and recency as a tie-breaker without a sorted Whoosh search.
These are pickled next to the segments (`hubindex-cache-<generation>.pickle`), written by the
writer right after its commit, so a cold process loads them in milliseconds instead of
computing them. Masks of query terms and filters are computed on demand from the postings
and kept in a bounded in-memory LRU for the life of the cache.
"""

from __future__ import annotations

import bisect
import shutil
from array import array
from collections import OrderedDict
from pathlib import Path


from index.whoosh_engine.postings import (  # noqa: F401  (the cache's callers find them here too)
    as_bytes, ids_from_mask, mask_from_ids, posting_ids, posting_values, term_postings)
from index.whoosh_engine.rank import Ranker, field_lengths
from index.whoosh_engine.sealed import Unsealed, read_sealed, write_sealed

CACHE_FORMAT = 2
CACHE_PREFIX = "hubindex-cache-"
TERMS_PREFIX = "hubindex-terms-"   # directory of persisted impact lists (rank.py)
LRU_SIZE = 2048          # term and filter masks kept in memory (each at most doc_count / 8 bytes)
NO_DATE = -(1 << 62)     # published time of undated articles: oldest of all

DF_ENTRIES = 200_000   # memoised document frequencies per generation (cleared when full)


class SearchCache:
    """Bitmask views of one Whoosh generation. Build with `for_searcher`."""

    def __init__(self, generation: int, size: int, live: int, facets: dict[str, int],
                 order: array, pub: array, lengths: dict[str, bytes], averages: dict[str, float]) -> None:
        self.generation = generation
        self.size = size                  # doc_count_all: document numbers are 0 .. size-1
        self.live = live
        self.facets = facets
        self.order = order                # document numbers, newest first, undated last
        self.pub = pub                    # published time per document number (NO_DATE if none)
        self._pub_desc: array | None = None   # -published in `order` order (ascending), built on first use
        self.lengths = lengths
        self.averages = averages
        self._lru: OrderedDict = OrderedDict()
        self._df: dict[tuple[str, str], int] = {}
        self._ranker = None
        self.path: Path | None = None     # the generation directory, once known

    @property
    def ranker(self):
        if self._ranker is None:
            store = self.path / f"{TERMS_PREFIX}{self.generation}" if self.path is not None else None
            self._ranker = Ranker(self.size, self.lengths, self.averages, store)
        return self._ranker

    def text_mask(self, reader, text: str) -> int:
        """Live documents holding analysed word `text` in any ranked field (from its impact list,
        so ranking and matching read the postings once)."""
        return self._remember(("w", text), lambda: self.ranker.impacts(reader, text, self.live).mask(self.size))

    # ---------------------------------------------------------------- building

    @classmethod
    def for_searcher(cls, searcher, index_dir: Path) -> "SearchCache":
        reader = searcher.reader()
        generation = reader.generation()
        if generation is None:
            generation = -1
        path = Path(index_dir) / f"{CACHE_PREFIX}{generation}.pickle"
        cache = cls._load(path, generation, reader.doc_count_all())
        if cache is None:
            cache = cls.build(reader, generation)
            cache._save(path)
        cache.path = Path(index_dir)
        return cache

    @classmethod
    def build(cls, reader, generation: int) -> "SearchCache":
        size = reader.doc_count_all()
        if reader.has_deletions():
            live = mask_from_ids(reader.all_doc_ids(), size)
        else:
            live = (1 << size) - 1
        facets = {}
        if "facets" in reader.schema.names():
            for token in reader.lexicon("facets"):
                text = token.decode("utf-8") if isinstance(token, bytes) else token
                facets[text] = mask_from_ids(posting_ids(reader, "facets", token), size) & live
        pub = array("q", [NO_DATE]) * size
        try:
            col = reader.column_reader("published", translate=False)
        except Exception:  # noqa: BLE001 - an index without the sortable column: no dates to sort by
            col = None
        if col is not None:
            # raw values are Whoosh's datetime longs; a missing date is stored as a sentinel
            # outside any real date
            from datetime import datetime
            from whoosh.util.times import datetime_to_long
            latest = datetime_to_long(datetime(9000, 1, 1))
            for d, v in enumerate(col):
                if d >= size:
                    break
                if isinstance(v, int) and 0 < v < latest:
                    pub[d] = v
        order = array("i", sorted(range(size), key=lambda d: (-pub[d], d)))
        lengths, averages = field_lengths(reader)
        return cls(generation, size, live, facets, order, pub, lengths, averages)

    @classmethod
    def _load(cls, path: Path, generation: int, size: int) -> "SearchCache | None":
        try:
            data = read_sealed(path)
        except Unsealed:                 # missing, older, or damaged: computed again from the segments
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT \
                or data.get("generation") != generation or data.get("size") != size:
            return None
        return cls(generation, size, data["live"], data["facets"], data["order"], data["pub"],
                   data["lengths"], data["averages"])

    def _save(self, path: Path) -> None:
        """Best effort: a read-only index directory just means the next process rebuilds it."""
        data = {"format": CACHE_FORMAT, "generation": self.generation, "size": self.size, "live": self.live,
                "facets": self.facets, "order": self.order, "pub": self.pub, "lengths": self.lengths,
                "averages": self.averages}
        try:
            write_sealed(path, data)
            for old in path.parent.glob(f"{CACHE_PREFIX}*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
            for old in path.parent.glob(f"{TERMS_PREFIX}*"):
                if old.name != f"{TERMS_PREFIX}{self.generation}":
                    shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass

    # ---------------------------------------------------------------- masks

    def _remember(self, key, compute):
        lru = self._lru
        if key in lru:
            lru.move_to_end(key)
            return lru[key]
        value = compute()
        lru[key] = value
        if len(lru) > LRU_SIZE:
            lru.popitem(last=False)
        return value

    def term(self, reader, field: str, text: str) -> int:
        """Live documents holding `text` in `field`."""
        return self._remember(("t", field, text),
                              lambda: mask_from_ids(posting_ids(reader, field, text), self.size) & self.live)

    def doc_frequency(self, reader, field: str, text: str) -> int:
        """`reader.doc_frequency(field, text)`, memoised for this generation (a term-table lookup
        costs about 15 microseconds; related and suggestions ask for dozens per request)."""
        key = (field, text)
        df = self._df.get(key)
        if df is None:
            if len(self._df) >= DF_ENTRIES:
                self._df.clear()
            df = self._df[key] = reader.doc_frequency(field, text)
        return df

    def facet(self, token: str) -> int:
        return self.facets.get(token, 0)

    def date_range(self, start: int | None, end: int | None) -> int:
        """Live documents published in [start, end] (Whoosh's datetime longs; None = open)."""
        def compute() -> int:
            # _pub_desc is -published in `order` order (ascending): a contiguous slice
            if self._pub_desc is None:
                self._pub_desc = array("q", (-self.pub[d] for d in self.order))
            lo = 0 if end is None else bisect.bisect_left(self._pub_desc, -end)
            hi = bisect.bisect_right(self._pub_desc, -NO_DATE - 1 if start is None else -start)
            return mask_from_ids(self.order[lo:hi], self.size) & self.live
        return self._remember(("d", start, end), compute)

    def remember(self, key, compute):
        """Cache any mask derived from this generation (filters, phrases)."""
        return self._remember(("x",) + tuple(key), compute)

    def newest(self, mask: int, skip: int, take: int, oldest: bool = False) -> list[int]:
        """Document numbers in `mask`, newest first (or oldest first), after skipping `skip`."""
        out: list[int] = []
        if take <= 0 or mask <= 0:
            return out
        seq = reversed(self.order) if oldest else self.order
        if oldest:
            # undated articles come last in both directions
            dated = [d for d in seq if self.pub[d] != NO_DATE]
            seq = dated + [d for d in self.order if self.pub[d] == NO_DATE]
        bits = as_bytes(mask, self.size)
        for d in seq:
            if bits[d >> 3] >> (d & 7) & 1:
                if skip:
                    skip -= 1
                    continue
                out.append(d)
                if len(out) == take:
                    break
        return out
