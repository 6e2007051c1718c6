"""Postings as document-number sets: bitmasks (Python ints, bit d = document d) and the
readers that build them from a segment's posting lists.

Shared by the search cache (cache.py) and the ranker (rank.py), so neither imports the other
for these.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.reading import TermNotFound

from index.whoosh_engine.segments import read_postings

# bit positions of each byte value, to turn a mask back into document numbers quickly
_BITS = [tuple(i for i in range(8) if b >> i & 1) for b in range(256)]


def mask_from_ids(ids, size: int) -> int:
    bits = bytearray((size >> 3) + 1)
    for d in ids:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def ids_from_mask(mask: int) -> list[int]:
    """Document numbers of the set bits, ascending."""
    out: list[int] = []
    if mask <= 0:
        return out
    data = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")
    extend = out.extend
    for i, b in enumerate(data):
        if b:
            base = i << 3
            extend(base + k for k in _BITS[b])
    return out


def posting_ids(reader, field: str, text) -> list[int]:
    """Document numbers of a term's postings, deleted documents included (callers AND with `live`),
    read a block at a time (`term_postings`)."""
    out: list[int] = []
    for ids, _, offset in term_postings(reader, field, text):
        out.extend([i + offset for i in ids] if offset else ids)
    return out


def term_postings(reader, field: str, text):
    """(ids, weights, document-number offset) of a term in each segment that has it, deleted
    documents included: the whole posting list read a block at a time (one unpickle per block),
    or through the matcher for another codec."""
    for leaf, offset in reader.leaf_readers():
        terms = getattr(leaf, "_terms", None)
        if isinstance(terms, W3TermsReader):
            try:
                info = terms.term_info(field, leaf._text_to_bytes(field, text))
            except (KeyError, TermNotFound):
                continue
            if info.is_inlined():
                ids, weights, _ = info.inlined_postings()
            else:
                ids, weights, _ = read_postings(terms._postfile, info.extent()[0], None, values_too=False)
            yield ids, weights, offset
            continue
        try:                                   # another codec: its matcher, the public way
            if (field, text) not in leaf:
                continue
            m = leaf.postings(field, text)
        except (KeyError, ValueError):
            continue
        m = getattr(m, "child", m)             # the raw matcher: deleted documents included
        ids, weights = [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            m.next()
        yield ids, weights, offset


def posting_values(leaf, field: str, word: str, wanted: set[int]) -> dict[int, bytes]:
    """{document: encoded posting value (positions)} of `word` in one segment, for the wanted
    documents only: block by block where the codec allows it, values read only for blocks that
    hold a wanted document."""
    try:
        if (field, word) not in leaf:
            return {}
        m = leaf.postings(field, word)
    except (KeyError, ValueError):
        return {}
    m = getattr(m, "child", m)
    out: dict[int, bytes] = {}
    if hasattr(m, "_read_ids") and hasattr(m, "_read_values") and hasattr(m, "_next_block"):
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids = m._ids
            hits = [i for i in range(m._i, len(ids)) if ids[i] in wanted]
            if hits:
                if m._values is None:
                    m._read_values()
                vals = m._values
                for i in hits:
                    out[ids[i]] = vals[i]
            m._next_block()
    else:
        while m.is_active():
            if m.id() in wanted:
                out[m.id()] = m.value()
            m.next()
    return out


def as_bytes(mask: int, size: int) -> bytes:
    """A mask as a bitmap for O(1) membership tests: `bits[d >> 3] >> (d & 7) & 1`."""
    return mask.to_bytes((size >> 3) + 1, "little") if mask >= 0 else bytes((size >> 3) + 1)
