"""The Whoosh schema, its version, and the article id."""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang.porter import stem

from pipeline.core.fields import FIELDS, SEARCHED
from pipeline.core.models import article_id  # noqa: F401  (the ids stored in the index)

from index.whoosh_engine.layout import SCHEMA_VERSION  # noqa: F401  (the schema's version lives with the layout)
from index.whoosh_engine.segments import BulkFieldWriter, BulkPostingsWriter


# Field boosts for BM25F, from the declared fields (pipeline/core/fields.py): a match in the
# title or the tags says more than one in the body. Tags are searched through their labels,
# indexed as the text field `tagtext`.
INDEX_NAME = {"tags": "tagtext"}
BOOSTS = {INDEX_NAME.get(name, name): boost for name, boost in SEARCHED.items()}
# The fields of the schema below that are written by hand; any other declared field that is
# searched or sortable gets a field of its own, named as declared (extra_fields).
_BUILT_IN = {"url", "title", "tags", "summary", "body", "author", "published", "updated", "site"}
EXTRA = tuple(f for f in FIELDS if f.name not in _BUILT_IN and (f.boost or f.sortable))
SEARCH_FIELDS = tuple(BOOSTS)
# Fields with `spelling=True`: the vocabulary "did you mean" suggestions come from. Not the
# body: its unstemmed word list about doubles Whoosh's indexing time (`bench/writer.py`), and
# titles and summaries hold the words people search for.
SPELLING_FIELDS = ("title", "summary")


_STANDARD = StemmingAnalyzer()
# The Porter stem of a lowercase word, memoised: shared by indexing (FastPositions) and by the
# snippets and related-article key words, which must find the same stems the index holds.
stem_word = lru_cache(maxsize=200_000)(stem)
_known: dict[int, tuple[object, bool]] = {}   # id(analyzer) -> (the analyzer, is it the standard one)
# The tokenizer's pattern, r"[\w\*]+(\.?[\w\*]+)*", without its group and its optional dot (a run
# of word characters never follows another): the same matches, found faster; for ASCII text, as
# \w matches the same characters there, with re.ASCII, faster still. Tests compare the words.
_WORDS = re.compile(r"[\w*]+(?:\.[\w*]+)*" if default_pattern.pattern == r"[\w\*]+(\.?[\w\*]+)*"
                    else default_pattern.pattern.replace("(", "(?:"), default_pattern.flags)
_ASCII_WORDS = re.compile(_WORDS.pattern, (_WORDS.flags & ~re.UNICODE) | re.ASCII)
_STEMS: dict[str, str | None] = {}   # lowercase word -> its stem, None for a stop word or a 1-letter one
_ONE: dict[int, bytes] = {}          # position -> the encoded single-position list (most words occur once)
_encode = Positions().encode


class FastPositions(Positions):
    """Whoosh's `Positions` format with the standard analyzer's work done in one loop.

    Indexing spends most of its time in the analyzer chain (tokenizer, lowercase, stop words,
    stemming: one generator and one Token update per word per stage). For the analyzer this
    schema uses (`StemmingAnalyzer()`), `word_values` here computes the same words, positions
    and weights directly: the tokenizer's pattern, lowercase, words shorter than 2 or in the stop
    list dropped with the positions renumbered as `StopFilter` does, the Porter stem (memoised).
    Any other analyzer or option takes Whoosh's own path. Queries still go through the analyzer,
    and tests compare the two paths on real text, so the index holds exactly what it did.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(value, str) or set(kwargs) - {"mode"} or not _standard(analyzer):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        fb = self.field_boost
        for w, found in _positions(value).items():
            n = len(found)
            yield (w, n, float(n) * fb, _encoded(found))

    def term_values(self, value, analyzer) -> list | None:
        """What FieldType.index yields for `value` (term bytes, frequency, weight, encoded
        positions), as a list; None where word_values would take Whoosh's own path."""
        if not isinstance(value, str) or not _standard(analyzer):
            return None
        fb = self.field_boost
        return [(w.encode("utf-8"), len(found), float(len(found)) * fb, _encoded(found))
                for w, found in _positions(value).items()]


def _encoded(found: list[int]) -> bytes:
    """Positions encoded as Whoosh's Positions format does; most words occur once, and a single
    position's encoding is kept."""
    if len(found) == 1 and found[0] < 65536:
        encoded = _ONE.get(found[0])
        if encoded is None:
            encoded = _ONE[found[0]] = _encode(found)
        return encoded
    return _encode(found)


# For ASCII text, by bytes.translate: every character that is not a word character
# ([A-Za-z0-9_*]) as a space; and each character as its class, "w" (word), "." or " ".
_SPACES = bytes(c if chr(c).isalnum() or chr(c) in "_*" else 32 for c in range(256))
_CLASSES = bytes(119 if c != 32 else 46 if chr(i) == "." else 32 for i, c in enumerate(_SPACES))


def _ascii_words(text: str) -> list[str]:
    """_WORDS.findall(text) for ASCII text, twice as fast. Where no dot stands between two
    word characters ("3.5", "e.g"), the words are the runs of word characters, split off at
    the rest. Tests compare the two on random text."""
    raw = text.encode("ascii")
    if b"." in raw and b"w.w" in raw.translate(_CLASSES):
        return _ASCII_WORDS.findall(text)
    return raw.translate(_SPACES).decode("ascii").split()


def _positions(value: str) -> dict[str, list[int]]:
    """Stem -> positions of `value` under the standard analyzer (see FastPositions)."""
    if value.isascii():          # lowercasing first changes no ASCII word's extent
        words = _ascii_words(value.lower())
    else:
        words = [w.lower() for w in _WORDS.findall(value)]
    stems = _STEMS
    if len(stems) > 200_000:
        stems.clear()
    for w in set(words).difference(stems):
        stems[w] = None if len(w) < 2 or w in STOP_WORDS else stem_word(w)
    kept = [s for s in map(stems.__getitem__, words) if s is not None]
    if not kept:
        return {}
    # StopFilter keeps the first kept word's own position and numbers the rest consecutively.
    first = 0
    while stems[words[first]] is None:
        first += 1
    poses: dict[str, list[int]] = {}
    for pos, s in enumerate(kept, first):
        found = poses.get(s)
        if found is None:
            poses[s] = [pos]
        else:
            found.append(pos)
    return poses


def _standard(analyzer) -> bool:
    known = _known.get(id(analyzer))
    if known is None or known[0] is not analyzer:
        known = _known[id(analyzer)] = (analyzer, analyzer == _STANDARD)
    return known[1]


class LeanCodec(W3Codec):
    """Whoosh's W3 codec without per-block length statistics.

    Those statistics (shortest and longest field in each posting block) serve only Whoosh's own
    BM25 block skipping, which hubindex never uses (it ranks with its own impact lists, rank.py).
    Computing them looks up the field length of every posting through the segment's column
    file, in Python: at 10,000 articles committed in batches, more than a third of the writer's
    time, most of it again on every merge. Everything else, field lengths included, is written
    as before; indexes written with or without them read the same.
    """

    length_stats = False

    # Postings are written a term and a block at a time (segments.py): the same postings and
    # statistics, small blocks uncompressed.
    def field_writer(self, storage, segment):
        return BulkFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return BulkPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                  compression=self._compression, inlinelimit=self._inlinelimit)


def build_schema(fast: bool = True) -> Schema:
    """The schema. `fast=False` keeps Whoosh's own `Positions` format (the benchmark's reference)."""
    text = StemmingAnalyzer()
    schema = Schema(
        id=ID(stored=True),
        url=ID(unique=True, stored=True),
        site=ID(stored=True),
        title=TEXT(analyzer=text, field_boost=BOOSTS["title"], spelling=True),
        tagtext=TEXT(analyzer=text, field_boost=BOOSTS["tagtext"]),
        summary=TEXT(analyzer=text, field_boost=BOOSTS["summary"], spelling=True),
        body=TEXT(analyzer=text, field_boost=BOOSTS["body"], stored=True),
        author=KEYWORD(commas=True, lowercase=True),
        facets=KEYWORD(commas=True),            # "facet:slug" tokens, e.g. "topic:career-advancement"
        links=KEYWORD(commas=True),             # canonical URLs this article's related block points to
        published=DATETIME(sortable=True),
        updated=DATETIME(),
        record=STORED(),                        # the article as JSON, minus the body
    )
    for f in EXTRA:
        if f.boost:
            schema.add(f.name, TEXT(analyzer=text, field_boost=f.boost))
        elif f.kind == "datetime":
            schema.add(f.name, DATETIME(sortable=True))
        else:
            schema.add(f.name, NUMERIC(int, bits=64, signed=True, sortable=True))
    if fast:
        for name in BOOSTS:
            field = schema[name]
            field.format = FastPositions(field_boost=field.format.field_boost)
    return schema
