"""Reading segment files straight from the memory map, without copying them.

Whoosh opens a compound segment (one `.seg` file holding the term table, postings, columns...)
as a memory map and serves each sub-file as a `BufferFile`. Random reads (`get`) slice the map,
but the same object also offers sequential reads through `self.file`, which Whoosh builds as
`BytesIO(buffer)`: a full copy of the sub-file, made when the reader opens. That is every term
table and posting list copied by every process that opens the index, on every new generation:
time on a first search, and the whole index in each process's private memory instead of the
shared page cache (`tests/test_mapped.py` checks that opening a reader copies little).

`MappedView` gives the same sequential interface (read, readline, seek, tell) over the
memoryview itself. Only the bytes asked for are copied, and pages come from the page cache,
shared by every reader. `MappedStorage` is the directory storage the store opens indexes with:
it maps each compound segment itself and hands Whoosh sub-files that read through a
`MappedView` (subclasses, passed in explicitly; nothing of Whoosh is patched).
"""

from __future__ import annotations

import mmap
from io import SEEK_CUR, SEEK_END, SEEK_SET

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile


class MappedView:
    """A read-only file over a memoryview (or any buffer): position, read, readline, seek."""

    __slots__ = ("_buf", "_pos", "_len", "closed")

    def __init__(self, buf) -> None:
        self._buf = memoryview(buf)
        self._pos = 0
        self._len = len(self._buf)
        self.closed = False

    def read(self, n: int = -1) -> bytes:
        start = self._pos
        end = self._len if n is None or n < 0 else min(self._len, start + n)
        if end <= start:
            return b""
        self._pos = end
        return bytes(self._buf[start:end])

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        start = self._pos
        if start >= self._len:
            return b""
        stop = self._len if limit is None or limit < 0 else min(self._len, start + limit)
        # memoryview has no find(); look for the newline in bounded chunks
        chunk = 256
        at = start
        while at < stop:
            piece = bytes(self._buf[at:min(stop, at + chunk)])
            i = piece.find(b"\n")
            if i >= 0:
                stop = at + i + 1
                break
            at += len(piece)
            chunk *= 4
        return self.read(stop - start)

    def seek(self, pos: int, whence: int = SEEK_SET) -> int:
        # as BytesIO: a negative absolute position is an error, a relative one stops at 0
        if whence == SEEK_SET:
            if pos < 0:
                raise ValueError(f"negative seek value {pos}")
            new = pos
        elif whence == SEEK_CUR:
            new = max(0, self._pos + pos)
        elif whence == SEEK_END:
            new = max(0, self._len + pos)
        else:
            raise ValueError(f"invalid whence ({whence})")
        self._pos = new
        return new

    def tell(self) -> int:
        return self._pos

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def close(self) -> None:
        # the map belongs to the compound storage, which closes it; only drop our reference
        self.closed = True
        self._buf = memoryview(b"")
        self._len = self._pos = 0

    def __iter__(self):
        while True:
            line = self.readline()
            if not line:
                return
            yield line


class MappedBufferFile(BufferFile):
    """Whoosh's BufferFile over a slice of a map, reading sequentially through a MappedView
    instead of a BytesIO copy; its sub-files are slices of the same map."""

    def __init__(self, buf, name=None, onclose=None) -> None:
        self._buf = buf
        self._name = name
        self.file = MappedView(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position, length, name=None):
        return MappedBufferFile(self._buf[position:position + length], name=name or self._name)


class MappedStorage(FileStorage):
    """A Whoosh index directory whose compound segments (`.seg`) are read in place.

    Whoosh maps a compound segment only when its storage says it supports maps, and then
    copies each sub-file; this storage says it does not, and instead opens each `.seg` as a
    MappedBufferFile over a map of its own. Whoosh's compound storage then takes its sub-files
    through `subset`, which slices the map. Other files open as usual.
    """

    supports_mmap = False

    def open_file(self, name, **kwargs):
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        with open(self._fpath(name), "rb") as f:
            if not f.seek(0, 2):                 # an empty file cannot be mapped; Whoosh reports it
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedBufferFile(memoryview(mapped), name=name, onclose=lambda _f: _close_map(mapped))


def _close_map(mapped: mmap.mmap) -> None:
    try:
        mapped.close()
    except BufferError:          # a reader still holds a view: the map goes when the last one does
        pass
