"""Writing Whoosh W3 segments a term at a time instead of a posting at a time.

Whoosh's writer handles every posting on its own in Python: the posting pool takes each one as a
tuple, sorts them all, and the postings writer takes them back one call each, with type checks
and per-posting statistics. A merge is worse: it reads every posting of the merged segments back
through a matcher, one method call per id, weight and value, then pools, sorts and re-encodes
them like new ones. In a crawl that commits a segment per batch, that was two thirds of the index
writer's time.

Here the same segments are written with the work done per term and per block:

- `BulkPool` replaces the writer's posting pool for a bounded batch: postings are grouped by term
  as they arrive (a dict of lists), so nothing is sorted but the term keys.
- `BulkFieldWriter.add_grouped` writes a term's postings in whole blocks (`add_many`).
- `merge_segments` writes a group of segments into one new segment: stored fields and columns
  document by document as Whoosh does, postings by a streaming merge of the segments' sorted term
  tables, each posting list read block by block (decompress, unpickle, rebase the ids).

What is written is what Whoosh would write for the same postings: the same blocks (full blocks
of `blocklimit`, the rest in the last), the same per-block and per-term statistics; only a block
too small for zlib to shrink is stored uncompressed (its header says so, and readers follow it). Tests
compare every term's postings and statistics, the stored fields and the field lengths with
Whoosh's own writer and merge.
"""

from __future__ import annotations

import heapq
import zlib
from array import array
from itertools import accumulate, chain, groupby
from operator import itemgetter, sub
from io import BytesIO
from pickle import dumps, load, loads

from whoosh.codec.whoosh3 import (
    _INT_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.reading import SegmentReader
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte

from index.whoosh_engine.mapped import MappedStorage

_first = itemgetter(0)
MIN_COMPRESS = 96     # bytes: a smaller block is stored uncompressed


class BulkPostingsWriter(W3PostingsWriter):
    """W3's postings writer with a whole posting list added at once."""

    def add_many(self, ids, weights, values) -> None:
        """Add a term's postings (ascending ids) right after `start_postings`: the blocks are
        those `add_posting` one at a time would make, field lengths not recorded (the codec
        keeps no length statistics). The last block stays buffered for `finish_postings`."""
        assert not len(self._ids), "add_many starts a posting list"
        size = self._blocklimit
        n = len(ids)
        last = (n - 1) // size * size
        for start in range(0, n, size):
            end = start + size
            chunk = weights[start:end]
            self._ids = array("I", ids[start:end])
            self._weights = array("f", chunk)
            # add_posting keeps only non-empty values, and starts the maximum weight at 0
            self._values = [v for v in values[start:end] if v]
            self._maxweight = max(0, max(chunk))
            self._minlength = None
            self._maxlength = 0
            if start != last:
                self._write_block()

    def _mini_ids(self):
        ids = self._ids
        if self._byteids:
            return tuple(ids)
        return tuple(map(sub, ids, chain((0,), ids)))     # deltas, the first from 0

    def _write_block(self, last=False):
        """W3's block writer, but a block too small for zlib to shrink is stored uncompressed
        (Whoosh compresses every block: most blocks hold one or two postings, which zlib makes
        bigger, at more cost than anything else in writing them). Readers see each block's
        compression in its header."""
        postfile = self._postfile
        if not self._blockcount:
            postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        databytes = dumps((self._mini_ids(), self._mini_weights(), self._mini_values()), 2)
        comp = self._compression if len(databytes) >= MIN_COMPRESS else 0
        if comp:
            packed = zlib.compress(databytes, comp)
            if len(packed) < len(databytes):
                databytes = packed
            else:
                comp = 0
        ids = self._ids
        infobytes = dumps((len(ids), ids[-1], self._maxweight, comp,
                           length_to_byte(self._minlength), length_to_byte(self._maxlength)), 2)
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class BulkFieldWriter(W3FieldWriter):
    """W3's field writer that also takes postings grouped by field and term."""

    def add_grouped(self, schema, fields) -> None:
        """fields: (fieldname, terms) pairs in field order, terms being (btext, ids, weights,
        values) in term order; a term with no postings is left out."""
        for fieldname, terms in fields:
            self.start_field(fieldname, schema[fieldname])
            for btext, ids, weights, values in terms:
                if not ids:
                    continue
                self.start_term(btext)
                self._postwriter.add_many(ids, weights, values)
                self.finish_term()
            self.finish_field()

    def add_postings(self, schema, lengths, items):
        if isinstance(items, GroupedPostings):
            self.add_grouped(schema, items.fields())
        else:
            super().add_postings(schema, lengths, items)


class GroupedPostings:
    """A pool's postings, by field and term (iterating gives Whoosh's flat sorted tuples)."""

    def __init__(self, lists: dict) -> None:
        self._lists = lists

    def fields(self):
        lists = self._lists
        keys = sorted(lists)
        for fieldname, group in groupby(keys, key=_first):
            yield fieldname, (_columns(btext, lists[(fieldname, btext)]) for _, btext in group)

    def __iter__(self):
        for key in sorted(self._lists):
            yield from sorted(self._lists[key])


def _columns(btext, items):
    items.sort()              # already in docnum order, but for the spelling words' duplicates
    _, _, ids, weights, values = zip(*items)
    return btext, ids, weights, values


class BulkPool:
    """A drop-in for the writer's PostingPool that keeps each term's postings together.

    Memory grows with the batch (no spilling to temporary files), so the store uses it only for
    commits of a bounded number of articles."""

    def __init__(self) -> None:
        self._lists: dict = {}
        self.fieldnames: set = set()

    def add(self, item) -> None:
        # item = (fieldname, btext, docnum, weight, vbytes)
        if item[2] == -1:         # Whoosh's marker for spelling-graph words: not postings
            return
        key = item[:2]
        found = self._lists.get(key)
        if found is None:
            self._lists[key] = [item]
            self.fieldnames.add(item[0])
        else:
            found.append(item)

    def iter_postings(self):
        return GroupedPostings(self._lists)

    def cleanup(self) -> None:
        self._lists = {}


def add_pooled(writer, fields: dict) -> None:
    """Whoosh's SegmentWriter.add_document, for a writer whose pool is a BulkPool: the same
    postings, field lengths, spelling words, stored fields and columns, with each term's posting
    appended to its list directly. Whoosh's own path makes, for every posting, a generator step
    in the field, one in its format, a UTF-8 encoding call, a tuple and a pool call; on
    `FastPositions` fields this takes the format's list of encoded terms instead. Documents with
    boosts (keys starting with "_") or fields with term vectors take Whoosh's path."""
    schema = writer.schema
    if any(name.startswith("_") or (name in schema and schema[name].vector) for name in fields):
        writer.add_document(**fields)
        return
    writer._check_state()
    fieldnames = sorted(fields)
    writer._check_fields(schema, fieldnames)
    perdoc = writer.perdocwriter
    docnum = writer.docnum
    pool = writer.pool
    lists = pool._lists
    perdoc.start_doc(docnum)
    try:
        for fieldname in fieldnames:
            value = fields[fieldname]
            if value is None:
                continue
            field = schema[fieldname]
            length = 0
            if field.indexed:
                fast = getattr(field.format, "term_values", None)
                items = fast(value, field.analyzer) if fast is not None else None
                if items is None:
                    items = field.index(value)
                scorable = field.scorable
                for tbytes, freq, weight, vbytes in items:
                    if scorable:
                        length += freq
                    key = (fieldname, tbytes)
                    item = (fieldname, tbytes, docnum, weight, vbytes)
                    found = lists.get(key)
                    if found is None:
                        lists[key] = [item]
                        pool.fieldnames.add(fieldname)
                    else:
                        found.append(item)
            if field.separate_spelling():
                spellfield = field.spelling_fieldname(fieldname)
                for word in field.spellable_words(value):
                    # as Whoosh adds them: to document 0, with the last posting value of the document
                    pool.add((spellfield, word.encode("utf-8"), 0, 1, vbytes))
            perdoc.add_field(fieldname, field, value if field.stored else None, length)
            column = field.column_type
            if column and value is not None:
                perdoc.add_column_value(fieldname, column, field.to_column_value(value))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


# ---------------------------------------------------------------- merging


def merge_segments(writer, segments):
    """Write the live documents of `segments` into one new segment of `writer`'s index and
    return it (None when they hold no live document). The caller drops `segments` from the
    segment list it returns to Whoosh; their files go when the commit cleans up."""
    if not sum(seg.doc_count() for seg in segments):
        return None
    storage, schema, codec = writer.storage, writer.schema, writer.codec
    seg = codec.new_segment(storage, writer.indexname)
    perdoc = codec.per_document_writer(storage, seg)
    fields = codec.field_writer(storage, seg)
    # The merged segments are read in place through memory maps (mapped.py: no copies), whatever
    # the writer's own storage does: a file read per term and block cost more than the merge.
    source = MappedStorage(storage.folder) if hasattr(storage, "folder") else storage
    readers = [SegmentReader(source, schema, s) for s in segments]
    try:
        maps = []
        total = 0
        for reader in readers:
            docmap, total = _copy_docs(perdoc, schema, reader, total)
            maps.append(docmap)
        perdoc.close()
        fields.add_grouped(schema, _merged_fields(schema, readers, maps))
        fields.close()
    except BaseException:
        # The half-written segment is in no table of contents: the next commit removes its files.
        for w in (perdoc, fields):
            if not w.is_closed:
                try:
                    w.close()
                except Exception:  # noqa: BLE001 - the first error is the one to report
                    pass
        raise
    finally:
        for reader in readers:
            reader.close()
    seg.set_doc_count(total)
    if writer.compound and seg.should_assemble():
        seg.create_compound_file(storage)
        seg.compound = True
    return seg


def _copy_docs(perdoc, schema, reader, docnum):
    """Copy the stored fields, field lengths and columns of `reader`'s live documents, numbered
    from `docnum` (as Whoosh's SegmentWriter.write_per_doc does). Returns (map, next docnum): the
    map takes an old docnum to its new one, an int offset when nothing was deleted, else a dict."""
    names = set(schema.names()) | {n for n in reader.indexed_field_names() if n in schema}
    docmap = {} if reader.has_deletions() else docnum
    cols = {}
    for name in names:
        coltype = schema[name].column_type
        if coltype and reader.has_column(name):
            creader = reader.column_reader(name, coltype)
            if hasattr(creader, "raw_column"):     # a TranslatingColumnReader: copy raw values
                creader = creader.raw_column()
            cols[name] = creader
    scorable = {name for name in names if schema[name].scorable}   # others have no length
    for old, stored in reader.iter_docs():
        if docmap.__class__ is dict:
            docmap[old] = docnum
        perdoc.start_doc(docnum)
        for name in names | {s for s in stored if s in schema}:
            fieldobj = schema[name]
            length = reader.doc_field_length(old, name) if name in scorable else 0
            perdoc.add_field(name, fieldobj, stored.get(name), length)
            if fieldobj.vector and reader.has_vector(old, name):
                perdoc.add_vector_matcher(name, fieldobj, reader.vector(old, name, fieldobj.vector))
            if name in cols:
                perdoc.add_column_value(name, fieldobj.column_type, cols[name][old])
        perdoc.finish_doc()
        docnum += 1
    return docmap, docnum


def _field_terms(reader, fieldname, index):
    """(btext, index, term info bytes) of one field's terms in `reader`, in term order."""
    terms = reader._terms
    fid = terms._fieldmap.get(fieldname)
    if fid is None:
        return
    prefix = pack_ushort(fid)
    for key, value in terms._tindex.items_from(prefix):
        if key[:2] != prefix:
            return
        yield key[2:], index, value


def _merged_fields(schema, readers, maps):
    names = set()
    for reader in readers:
        names.update(n for n in reader.indexed_field_names() if n in schema)
    for name in sorted(names):
        yield name, _merged_terms(schema[name].format, readers, maps, name)


def _merged_terms(format_, readers, maps, fieldname):
    fixed = format_.fixed_value_size()
    streams = [_field_terms(r, fieldname, i) for i, r in enumerate(readers)]
    for btext, group in groupby(heapq.merge(*streams), key=_first):
        ids: list = []
        weights: list = []
        values: list = []
        repeats = False
        for _, i, info in group:   # in segment order, so the new ids ascend
            terminfo = W3TermInfo.from_bytes(info)
            # Whoosh's spelling words post every word to document 0; its pool sorts them by value
            repeats = repeats or (terminfo.doc_frequency() > 1 and terminfo.min_id() == terminfo.max_id())
            if terminfo.is_inlined():
                t_ids, t_weights, t_values = terminfo.inlined_postings()
                t_ids, t_weights, t_values = list(t_ids), list(t_weights), list(t_values)
            else:
                t_ids, t_weights, t_values = read_postings(readers[i]._terms._postfile, terminfo.extent()[0], fixed)
            docmap = maps[i]
            if docmap.__class__ is dict:
                keep = [k for k, d in enumerate(t_ids) if d in docmap]
                ids.extend(docmap[t_ids[k]] for k in keep)
                weights.extend(t_weights[k] for k in keep)
                values.extend(t_values[k] for k in keep)
            else:
                ids.extend([d + docmap for d in t_ids] if docmap else t_ids)
                weights.extend(t_weights)
                values.extend(t_values)
        if repeats and ids:
            ids, weights, values = map(list, zip(*sorted(zip(ids, weights, values), key=_pool_order)))
        yield btext, ids, weights, values


def _pool_order(posting):
    return posting[0], posting[1], posting[2] or b""


def read_postings(postfile, offset, fixed, values_too: bool = True):
    """All (ids, weights, values) of the posting list at `offset` of a W3 postings file, a block
    at a time (values None unless `values_too`; `fixed` is the format's fixed value size)."""
    if postfile.get(offset, 4) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no posting list at offset {offset}")
    pos = offset + 4
    ids: list = []
    weights: list = []
    values: list = []
    while True:
        length = postfile.get_int(pos)
        lastblock = length < 0
        length = abs(length)
        # one read per block: unpickling the block info straight from the file would read it
        # an opcode at a time
        block = BytesIO(postfile.get(pos + _INT_SIZE, length))
        count, _, _, compression, _, _ = load(block)
        data = block.read()
        if compression:
            data = zlib.decompress(data)
        b_ids, b_weights, b_values = loads(data)
        ids.extend(accumulate(b_ids))
        if b_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(b_weights, float):
            weights.extend([b_weights] * count)
        else:
            weights.extend(b_weights)
        if not values_too:
            pass
        elif fixed is None or fixed < 0:
            values.extend(b_values)
        elif fixed == 0:
            values.extend([None] * count)
        else:   # as W3's reader: the block's first `count` slices (Whoosh's spelling postings
                # carry stray bytes there, so a block can hold more)
            chunks = [b_values[k:k + fixed] for k in range(0, len(b_values), fixed)][:count]
            values.extend(chunks + [None] * (count - len(chunks)))
        if lastblock:
            return ids, weights, values if values_too else None
        pos += _INT_SIZE + length
