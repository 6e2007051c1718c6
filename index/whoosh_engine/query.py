"""User query text -> a Whoosh query tree -> the set of matching documents (a bitmask).

The parser reads text typed by people: words, "quoted phrases" and nothing else. Wildcards,
ranges, fuzzy terms, field names, boosts, groups and operators are removed from Whoosh's
parser, so `a* OR (b~5 AND title:c^9)` is read as the words it contains, no input can expand
into millions of terms or recurse deeply, and odd input never raises. The number of words is
capped too.
"""

from __future__ import annotations

import bisect
import pickle
import weakref
from itertools import accumulate

from whoosh import qparser
from whoosh import query as wq
from whoosh.formats import Positions
from whoosh.system import _INT_SIZE

from index.querytext import clean_text  # noqa: F401  (the shared rules, used by search.py and words.py)
from index.whoosh_engine.cache import SearchCache, ids_from_mask, mask_from_ids, posting_values
from index.whoosh_engine.schema import SEARCH_FIELDS

def make_parser(schema, any_terms: bool = False) -> qparser.QueryParser:
    """AND of the words by default; `any_terms` for the OR fallback."""
    group = qparser.OrGroup.factory(0.9) if any_terms else qparser.AndGroup
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=group)
    for plugin in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.FieldsPlugin, qparser.BoostPlugin,
                   qparser.GroupPlugin, qparser.OperatorsPlugin, qparser.PlusMinusPlugin,
                   qparser.FuzzyTermPlugin, qparser.RegexPlugin, qparser.GtLtPlugin):
        parser.remove_plugin_class(plugin)
    return parser


PARSED_ENTRIES = 4096   # parsed queries remembered per schema (the parser costs about 0.5 ms a query)
_MEMOS: dict[int, tuple] = {}   # id(schema) -> (weak reference to it, {(text, any_terms): query})


def parse_user_query(schema, text: str, any_terms: bool = False):
    """A query tree for `text`, or None when nothing searchable is left (only stop words...).

    Parsed trees are remembered per schema object (they depend on nothing else, and are never
    modified after parsing): a search box sends the same words again and again, with other
    filters, pages and sorts."""
    entry = _MEMOS.get(id(schema))
    if entry is None or entry[0]() is not schema:
        if len(_MEMOS) > 64:
            _MEMOS.clear()
        entry = _MEMOS[id(schema)] = (weakref.ref(schema), {})
    memo = entry[1]
    key = (text, any_terms)
    if key in memo:
        return memo[key]
    if len(memo) >= PARSED_ENTRIES:
        memo.clear()
    q = memo[key] = _parse(schema, text, any_terms)
    return q


def _parse(schema, text: str, any_terms: bool):
    text = clean_text(text)
    try:
        q = make_parser(schema, any_terms).parse(text)
    except Exception:  # noqa: BLE001 - the parser has many failure modes on odd input; fall back to plain words
        words = "".join(c if c.isalnum() else " " for c in text)
        try:
            q = make_parser(schema, any_terms).parse(words)
        except Exception:  # noqa: BLE001
            return None
    if q is None or q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return None
    q = q.normalize()
    if q is wq.NullQuery or not list(scoring_terms(q)):
        return None
    return q


def scoring_terms(q) -> list[str]:
    """The distinct analysed words of a query in the searched fields (phrase words included)."""
    out: list[str] = []
    for field, text in q.iter_all_terms(phrases=True):
        if field in SEARCH_FIELDS:
            text = _as_str(text)
            if text not in out:
                out.append(text)
    return out


def _as_str(text) -> str:
    """A query term's text (Whoosh gives bytes or str)."""
    return text.decode("utf-8") if isinstance(text, bytes) else text


def docmask(searcher, cache: SearchCache, q) -> int:
    """The live documents matching `q`, as a bitmask."""
    reader = searcher.reader()
    if isinstance(q, wq.Term):
        text = _as_str(q.text)
        return cache.term(reader, q.fieldname, text)
    if isinstance(q, wq.And):
        out = cache.live
        for sub in q.subqueries:
            out &= docmask(searcher, cache, sub)
            if not out:
                break
        return out
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        # A word in every ranked field (what the parser makes of a word, and what `normalize`
        # flattens into one long Or when the words are OR-ed) matches exactly the documents of
        # the word's impact list, which ranking needs anyway: one mask per word, not one
        # posting list per word and field.
        fields: dict[str, set[str]] = {}
        out = 0
        for sub in q.subqueries:
            if isinstance(sub, wq.Term) and sub.fieldname in SEARCH_FIELDS:
                fields.setdefault(_as_str(sub.text), set()).add(sub.fieldname)
            else:
                out |= docmask(searcher, cache, sub)
        for text, names in fields.items():
            if len(names) == len(SEARCH_FIELDS):
                out |= cache.text_mask(reader, text)
            else:
                for name in names:
                    out |= cache.term(reader, name, text)
        return out
    if isinstance(q, wq.AndNot):
        return docmask(searcher, cache, q.a) & ~docmask(searcher, cache, q.b) & cache.live
    if isinstance(q, wq.Not):
        return cache.live & ~docmask(searcher, cache, q.query)
    if isinstance(q, wq.Every):
        return cache.live
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return 0
    # A phrase can only match where all its words do, which is checked first and often empty;
    # positions are then read for those documents only (phrase_docs). In a ranked field the
    # check uses each word's documents in any ranked field (a superset, from its impact list:
    # saved by the writer for a common word, where the field's own postings would be read
    # again, a third of a common phrase's first use at 50,000 articles); phrase_docs then keeps
    # the documents that have every word in this field. Anything else goes through Whoosh's
    # own matcher. Both are cached for the generation.
    if isinstance(q, wq.Phrase) and q.fieldname in searcher.schema:
        words = [_as_str(w) for w in q.words]
        ranked = q.fieldname in SEARCH_FIELDS
        pre = cache.live
        for w in words:
            pre &= cache.text_mask(reader, w) if ranked else cache.term(reader, q.fieldname, w)
            if not pre:
                return 0
        return cache.remember(("q", repr(q)), lambda: mask_from_ids(
            phrase_docs(reader, q.fieldname, words, q.slop, ids_from_mask(pre)), cache.size) & cache.live)
    return cache.remember(("q", repr(q)), lambda: mask_from_ids(q.docs(searcher), cache.size) & cache.live)


def phrase_docs(reader, field: str, words: list[str], slop: int, candidates: list[int]) -> list[int]:
    """The documents among `candidates` (ascending) where `words` occur in `field` in order,
    each within `slop` positions after the previous one (Whoosh's Phrase: SpanNear2 with
    ordered=True, mindist=1; slop 1 means adjacent).

    Whoosh's phrase matcher intersects the words' whole posting lists in Python and decodes
    positions along the way (slow for a phrase of common words in a big index); here each word's postings are scanned a block at a time for the candidates only, and
    only their positions are decoded."""
    fmt = reader.schema[field].format
    decode = _decode_positions if type(fmt).decode_positions is Positions.decode_positions else fmt.decode_positions
    steps = range(1, max(1, slop) + 1)
    out: list[int] = []
    for leaf, offset in reader.leaf_readers():
        lo = bisect.bisect_left(candidates, offset)
        hi = bisect.bisect_left(candidates, offset + leaf.doc_count_all())
        if lo == hi:
            continue
        local = {d - offset for d in candidates[lo:hi]}
        values = [posting_values(leaf, field, w, local) for w in words]
        for d in sorted(set(values[0]).intersection(*values[1:])):    # every word in this field
            ends = decode(values[0][d])
            for v in values[1:]:
                # the next word at a position 1..slop after a position the phrase reached so far
                reach = {e + k for e in ends for k in steps}
                ends = [b for b in decode(v[d]) if b in reach]
                if not ends:
                    break
            if ends:
                out.append(d + offset)
    return out


def _decode_positions(value: bytes) -> list[int]:
    """Whoosh's `Positions.decode_positions` (a pickled list of gaps after the frequency), with
    the running sum done by `accumulate`."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[_INT_SIZE:])))
