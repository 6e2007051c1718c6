"""Opening, creating and writing the on-disk Whoosh index: upsert by canonical URL, delete,
and an atomic rebuild from the stored articles.

Layout of the index directory (`Workspace.index_path`, `data/index/` by default)::

    CURRENT            one line: the name of the live generation directory
    gen-<stamp>-<rnd>/ a complete Whoosh index + hubindex-version.json + the search cache

A rebuild (`reindex`) writes a whole new generation directory next to the live one and then
replaces CURRENT with `os.replace`, which is atomic: a reader resolves CURRENT once when it
opens and sees either the old complete index or the new complete one, never a half-built one.
The replaced generation is kept until the next rebuild deletes it, so a reader that opened it
just before the switch can finish (Whoosh re-reads its table of contents on many calls, so
deleting it at once would break such readers); a long-lived store notices the switch on its
next call and reopens. A reader that resolved CURRENT but found the directory gone retries once. An index written by
hubindex before generations existed (Whoosh files directly in `data/index/`) is still opened;
the first reindex moves it to the generation layout.
"""

from __future__ import annotations

import json
import math
import secrets
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from pipeline.core.errors import IndexDamaged, IndexMissing, StoreError
from pipeline.core.files import atomic_file
from pipeline.core.models import Article

from index.whoosh_engine.cache import SearchCache
from index.whoosh_engine.check import record_checksums, unchanged_or_damaged
from index.whoosh_engine import rank
from index.whoosh_engine.layout import (POINTER_FILE, VERSION_FILE, live_dir, read_version as _read_version,
                                       valid_generations)
from index.whoosh_engine.mapped import MappedStorage
from index.whoosh_engine.parallel import CheckedMpWriter, ParallelWriteError
from index.whoosh_engine.schema import EXTRA, SCHEMA_VERSION, LeanCodec, article_id, build_schema
from index.whoosh_engine.segments import BulkPool, add_pooled, merge_segments
from index.whoosh_engine.warming import warm_generation


WRITER_TIMEOUT = 30.0   # seconds to wait for Whoosh's write lock before giving up
REBUILD_MB = 256        # memory per writer process during a rebuild (Whoosh's limitmb)


def facet_tokens(article: Article) -> list[str]:
    return [f"{t['facet']}:{t['slug']}" for t in article.tags]


def naive_utc(dt: datetime | None) -> datetime | None:
    """Whoosh's DATETIME wants naive values: store UTC."""
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt else None


def to_document(article: Article) -> dict:
    record = article.to_dict()
    record.pop("body", None)
    record["id"] = article_id(article.url)
    return {
        "id": record["id"],
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "tagtext": " ".join(t["label"] for t in article.tags),
        "summary": article.summary,
        "body": article.body,
        "author": ",".join(a.replace(",", " ") for a in article.author),
        "facets": ",".join(facet_tokens(article)),
        "links": ",".join(r["url"].replace(",", "%2C") for r in article.related),
        "published": naive_utc(article.published),
        "updated": naive_utc(article.updated),
        "record": json.dumps(record, ensure_ascii=False),
        **{f.name: _indexed_value(f, getattr(article, f.name)) for f in EXTRA},
    }


def _indexed_value(field, value):
    """A declared extra field's value as its Whoosh field takes it (schema.EXTRA)."""
    if field.kind == "datetime":
        return naive_utc(value)
    if field.kind == "names":
        return " ".join(value)
    return value


MERGE_FACTOR = 15    # segments of one size tier that are merged into one
BULK_MAX = 2000      # largest commit (articles) whose postings are pooled in memory by term (about 40 KB each)


def merge_tiered(writer, segments):
    """Whoosh merge policy for commits: a size tier is merged once it holds MERGE_FACTOR
    segments (log merging, like Lucene's LogDocMergePolicy).

    A crawl commits one segment per batch. Whoosh's default policy (MERGE_SMALL) compares
    running totals with a Fibonacci sequence and, once the index has a few thousand articles,
    keeps merging the big segment again with each new group of small ones: the writer's time per
    article grew with the index (4.3 ms at 20,000 generated articles committed 200 at a time,
    against 3.3 ms with this policy, which stays flat from 10,000 on). Here a segment of n live articles is in tier
    floor(log10 n); when MERGE_FACTOR segments share a tier they become one segment of a higher
    tier, so an article is rewritten about once per fifteenfold growth of the index, and no tier
    holds more than MERGE_FACTOR - 1 segments for long. Segments whose articles were all deleted
    are dropped at once. A merged tier becomes a segment of its own, written term by term
    (segments.merge_segments: the postings Whoosh's add_reader would write, read a block at a time).
    """
    group = tier_to_merge(segments)
    if not group:
        return segments
    kept = [seg for seg in segments if seg not in group]
    merged = merge_segments(writer, group)     # None when nothing in the group is live
    return kept + [merged] if merged is not None else kept


def tier_to_merge(segments) -> list:
    """The segments merge_tiered merges next: the lowest size tier holding MERGE_FACTOR of them,
    or the segments with no live article; [] when none is due."""
    from collections import defaultdict

    tiers: dict[int, list] = defaultdict(list)
    for seg in segments:
        live = seg.doc_count()
        tiers[int(math.log10(live)) if live > 0 else -1].append(seg)
    for tier in sorted(tiers):
        group = tiers[tier]
        if len(group) >= MERGE_FACTOR or (tier == -1 and group):
            return group
    return []


_URL_HASHES: dict[tuple[str, str], frozenset] = {}   # (generation dir, segment id) -> hashes of its URLs


def _url_hashes(writer) -> list[frozenset]:
    """For each segment the writer sees, the hashes of the URLs it holds (deleted ones included).

    An article whose URL hash is in none of them is new, and is added without `update_document`'s
    lookup of its URL in every segment. A hash collision only sends an article down the update
    path, which is always right. Segments never change once written, so the sets are kept per
    segment (per process) and dropped with their segments."""
    from whoosh.reading import SegmentReader

    where = writer.storage.folder
    out = []
    live = set()
    for seg in writer.segments:
        key = (where, seg.segment_id())
        live.add(key)
        hashes = _URL_HASHES.get(key)
        if hashes is None:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            try:
                hashes = frozenset(hash(bytes(u)) for u in reader.lexicon("url"))
            finally:
                reader.close()
            _URL_HASHES[key] = hashes
        out.append(hashes)
    for key in [k for k in _URL_HASHES if k[0] == where and k not in live]:
        del _URL_HASHES[key]
    return out


def _new_document_adder(writer, count: int):
    """How a commit of `count` articles adds a new article's document to `writer`: up to BULK_MAX,
    the writer gets a BulkPool and documents go in by add_pooled, postings straight to their
    lists (faster; Whoosh's own pool spills a bigger commit to disk); beyond, Whoosh's own way."""
    if count <= BULK_MAX:
        writer.pool = BulkPool()
        return lambda doc: add_pooled(writer, doc)
    return lambda doc: writer.add_document(**doc)


class IndexStore:
    """The live Whoosh index under `root`. Writers are short-lived: one commit per batch.

    A store keeps one searcher open between calls and reopens it when the index moved on
    (Whoosh's `Searcher.refresh()` is broken in 2.7.5). Not thread-safe: one store per thread.
    """

    def __init__(self, root: Path, path: Path, ix) -> None:
        self.root = root
        self.path = path          # the live generation directory
        self.ix = ix
        self._searcher = None
        self._cache: SearchCache | None = None
        self._verified: set[str] = set()     # files of `path` whose stat matched their checksum record

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, root: str | Path, create: bool = False, mmap: bool = True) -> "IndexStore":
        """Open (or create) the index. mmap=False reads segments with plain file reads (a file
        read per term and per posting block). With memory maps, segments are read in place
        (index/whoosh_engine/mapped.py: Whoosh's own BufferFile copied each one into memory, which made a
        long-running writer grow to 400 MB at 3,000 articles)."""
        root = Path(root)
        for attempt in range(2):
            try:
                path = live_dir(root)
            except IndexDamaged:
                if not create:
                    raise
                path = repair_current(root)           # a writer repairs the pointer it needs
            if path is None:
                if not create:
                    raise IndexMissing(f"no index at {root}; crawl first (`run.py crawl`) or pass --index PATH")
                store = cls._create(root)
                if not mmap:
                    store.ix = _open_checked(store.path, mmap=False)
                store.mmap = mmap
                return store
            try:
                store = cls(root, path, _open_checked(path, mmap=mmap))
                store.mmap = mmap
                return store
            except _Vanished:
                if attempt:
                    raise StoreError(f"the index at {root} keeps moving; try again") from None
        raise AssertionError("unreachable")

    @classmethod
    def _create(cls, root: Path) -> "IndexStore":
        lock = _root_lock(root)
        try:
            path = live_dir(root)        # another process may have created it meanwhile
            if path is None:
                # CURRENT lost beside intact generations: take the newest back rather than start empty
                path = _newest_valid(root) or new_generation(root)
                switch_to(root, path)
            return cls(root, path, _open_checked(path))
        finally:
            lock.release()

    # ------------------------------------------------------------ writing

    def _writer(self, **kwargs):
        """A writer on the live generation (reopening it if a rebuild switched meanwhile)."""
        for _ in range(3):
            if live_dir(self.root) != self.path:
                self._reopen()           # a reindex switched generations since we opened
                continue
            try:
                writer = self.ix.writer(timeout=WRITER_TIMEOUT, codec=LeanCodec(), **kwargs)
            except LockError:
                raise StoreError(f"the index at {self.root} is locked by another writer") from None
            except FileNotFoundError:    # our generation was removed meanwhile
                self._reopen()
                continue
            if live_dir(self.root) == self.path:
                return writer
            writer.cancel()              # a reindex switched generations while we waited
            self._reopen()
        raise StoreError(f"the index at {self.root} keeps moving; try again")

    mmap = True

    def _reopen(self) -> None:
        self.close()
        fresh = IndexStore.open(self.root, mmap=self.mmap)
        self.path, self.ix = fresh.path, fresh.ix
        self._verified = set()

    def upsert(self, articles: Iterable[Article]) -> int:
        """Add or replace articles (keyed by canonical URL) in one commit; returns how many."""
        articles = list(articles)
        writer = self._writer()
        add_new = _new_document_adder(writer, len(articles))
        try:
            known = _url_hashes(writer)
            for article in articles:
                doc = to_document(article)
                h = hash(article.url.encode("utf-8"))
                if any(h in urls for urls in known):
                    writer.update_document(**doc)    # replaces the indexed version
                else:
                    add_new(doc)                     # new: no lookup per segment
            writer.commit(mergetype=merge_tiered)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        self._after_commit()
        return len(articles)

    def delete(self, urls: Iterable[str]) -> int:
        """Delete articles by canonical URL; they leave every lookup (search, related, backlinks)."""
        urls = list(urls)
        if not urls:
            return 0
        writer = self._writer()
        try:
            n = sum(writer.delete_by_term("url", u) for u in urls)
            writer.commit(mergetype=merge_tiered)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
        self._after_commit()
        return n

    # Whether each commit builds the new generation's search cache at once. A crawl turns this
    # off and builds it once at the end (`refresh_cache`): per batch it would cost O(index) each.
    cache_on_commit = True

    def refresh_cache(self, procs: int = 2, max_seconds: float | None = None) -> None:
        """Build the search cache of the current generation (after commits made without it)
        and the impact lists of its common terms, with `procs` processes (warming.py), for at
        most `max_seconds` (None: until done)."""
        with self.ix.searcher() as s:
            warm_generation(s, SearchCache.for_searcher(s, self.path), self.path, procs=procs,
                            max_seconds=max_seconds)

    def _after_commit(self) -> None:
        record_checksums(self.path)        # what this commit wrote, so damage to it is seen (check.py)
        if not self.cache_on_commit:
            return
        # Build the new generation's search cache now, so the next reader (often a cold CLI
        # process) loads it instead of computing it; likewise its common terms' impact lists,
        # within a time limit: this runs inside the caller's write (warming.py).
        self.refresh_cache(procs=1, max_seconds=rank.WARM_SECONDS)

    # ------------------------------------------------------------ reading

    def count(self) -> int:
        s, _ = self.reader()
        return s.doc_count()

    def reader(self):
        """(searcher, cache) for the current generation, reused across calls."""
        if live_dir(self.root) != self.path:
            self._reopen()                  # a rebuild switched generations
        s = self._searcher
        if s is None or not s.up_to_date():
            if s is not None:
                s.close()
            self._searcher = s = self.ix.searcher()
            self._cache = None
            self._verify_files()
        if self._cache is None or self._cache.generation != s.reader().generation():
            self._cache = SearchCache.for_searcher(s, self.path)
        return s, self._cache

    def _verify_files(self) -> None:
        """Each file of the generation checked once by this reader (check.unchanged_or_damaged):
        a damaged segment is an error, never fewer hits."""
        seen, problem = unchanged_or_damaged(self.path, self._verified)
        self._verified |= seen
        if problem is not None:
            self._searcher.close()
            self._searcher = None
            raise IndexDamaged(problem.what, problem.fix)

    def get(self, url: str) -> Article | None:
        s, _ = self.reader()
        fields = s.document(url=url)
        return article_from_stored(fields) if fields else None

    def searcher(self):
        return self.ix.searcher()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._cache = None
        self.ix.close()


# ---------------------------------------------------------------- rebuild


def rebuild(root: str | Path, articles: Iterable[Article], procs: int = 2) -> tuple[int, Path]:
    """Build a new generation from `articles` and switch to it atomically; returns (count, dir).

    Holds the live index's write lock for the whole build, so a crawl running meanwhile waits
    (or fails with "locked") instead of writing into the generation about to be replaced.
    """
    root = Path(root)
    root_lock = _root_lock(root)
    try:
        try:
            old = live_dir(root)
        except IndexDamaged:                  # a rebuild replaces a damaged pointer anyway
            old = None
        old_lock = _lock_live(old) if old is not None else None
        try:
            path = new_generation(root)
            try:
                ix = whoosh_index.open_dir(str(path))
                if procs > 1:
                    writer = CheckedMpWriter(ix, procs=procs, multisegment=True, codec=LeanCodec(),
                                             limitmb=REBUILD_MB)
                else:
                    writer = ix.writer(codec=LeanCodec(), limitmb=REBUILD_MB)
                n = 0
                try:
                    for article in articles:
                        writer.add_document(**to_document(article))
                        n += 1
                    writer.commit()
                except BaseException:
                    try:
                        writer.cancel()
                    except Exception:     # noqa: BLE001 (a half-committed writer; the failure above is the news)
                        pass
                    raise
                record_checksums(path)
                with ix.searcher() as s:
                    warm_generation(s, SearchCache.for_searcher(s, path), path, procs=procs)
                ix.close()
            except BaseException as exc:
                shutil.rmtree(path, ignore_errors=True)
                if isinstance(exc, (ParallelWriteError, OSError)):
                    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                    raise StoreError(f"the new index could not be written in {root} ({why}); "
                                     "the live index is unchanged") from None
                raise
            switch_to(root, path)
        finally:
            if old_lock is not None:
                old_lock.release()
        # Keep the generation just replaced (readers may have opened it a moment ago) and drop
        # every older one and any dead rebuild's: a generation is removed at the end of the
        # rebuild after the one that replaced it, so its readers get a whole rebuild to finish.
        _remove_orphans(root, keep={path, old})
        if old is not None and old == root:
            _remove_generation(root, old)   # the layout before generations: its files go now
        return n, path
    finally:
        root_lock.release()


def _newest_valid(root: Path) -> Path | None:
    for path in valid_generations(root):
        try:
            _open_checked(path).close()
            return path
        except (StoreError, _Vanished):
            continue
    return None


def repair_current(root: str | Path) -> Path | None:
    """Point CURRENT at the newest generation that opens, when it is missing or damaged; returns
    the live generation (None when there is none to point at, and CURRENT is then removed)."""
    root = Path(root)
    lock = _root_lock(root)
    try:
        try:
            path = live_dir(root)
            if path is not None:
                return path
        except IndexDamaged:
            pass
        path = _newest_valid(root)
        if path is None:
            (root / POINTER_FILE).unlink(missing_ok=True)
            return None
        switch_to(root, path)
        return path
    finally:
        lock.release()


def new_generation(root: Path) -> Path:
    """A fresh, empty generation directory with its version file (not live until `switch_to`)."""
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
    path = root / name
    try:
        path.mkdir(parents=True)
        whoosh_index.create_in(str(path), build_schema())
        _write_atomic(path / VERSION_FILE, json.dumps({"schema_version": SCHEMA_VERSION}))
    except OSError as exc:
        raise StoreError(f"cannot create an index at {path}: {exc}") from None
    return path


def switch_to(root: Path, path: Path) -> None:
    """Make `path` the live generation: one atomic rename of the pointer file."""
    _write_atomic(root / POINTER_FILE, path.name + "\n")


def _write_atomic(target: Path, text: str) -> None:
    with atomic_file(target, durable=True) as f:
        f.write(text)


def _remove_generation(root: Path, old: Path) -> None:
    if old == root:                       # the layout before generations: remove its files only
        for p in root.iterdir():
            if p.is_file() and (p.name.startswith("MAIN") or p.name.startswith("_MAIN")
                                or p.name in (VERSION_FILE,) or p.name.startswith("hubindex-cache")):
                p.unlink(missing_ok=True)
    else:
        shutil.rmtree(old, ignore_errors=True)


def _remove_orphans(root: Path, keep: set) -> None:
    """Generation directories other than `keep` (older ones, and those of rebuilds that died
    before switching); the caller holds the root lock."""
    if not root.is_dir():
        return
    for p in root.glob("gen-*"):
        if p.is_dir() and p not in keep:
            shutil.rmtree(p, ignore_errors=True)


class _Vanished(Exception):
    """The generation named by CURRENT disappeared between reading the pointer and opening it."""


def _open_checked(path: Path, mmap: bool = True):
    if not path.is_dir():
        raise _Vanished()
    version = _read_version(path / VERSION_FILE)
    if version != SCHEMA_VERSION:
        raise StoreError(f"the index at {path} was built by another version of hubindex "
                         f"(schema {version}, this one reads {SCHEMA_VERSION}); run `run.py reindex`")
    try:
        if not mmap:
            return FileStorage(str(path), supports_mmap=False).open_index()
        return MappedStorage(str(path)).open_index()     # segments read in place (mapped.py)
    except FileNotFoundError:
        raise _Vanished() from None
    except (whoosh_index.IndexError, OSError, ValueError) as exc:   # EmptyIndexError included
        raise StoreError(f"cannot open the index at {path}: {exc}") from None


def _root_lock(root: Path):
    """A lock serialising index creation and rebuilds under `root` (Whoosh's portable file lock)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = FileStorage(str(root)).lock("REBUILD_LOCK")
    except OSError as exc:
        raise StoreError(f"cannot create an index at {root}: {exc}") from None
    return _acquire(lock, f"another reindex of {root} is running")


def _lock_live(path: Path):
    lock = FileStorage(str(path)).lock("MAIN_WRITELOCK")   # the lock Whoosh's writers take
    return _acquire(lock, f"the index at {path} is locked by another writer")


def _acquire(lock, message: str):
    deadline = time.monotonic() + WRITER_TIMEOUT
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            raise StoreError(message)
        time.sleep(0.05)
    return lock


def article_from_stored(fields: dict) -> Article:
    data = json.loads(fields["record"])
    data["body"] = fields.get("body", "")
    return Article.from_dict(data)
