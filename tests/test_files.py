"""pipeline/core/files.py: a file is replaced whole or not at all."""

from __future__ import annotations

import pytest

from pipeline.core.files import atomic_file


def test_the_new_content_replaces_the_old_in_one_rename(tmp_path):
    target = tmp_path / "CURRENT"
    target.write_text("old\n")
    with atomic_file(target, durable=True) as f:
        f.write("new\n")
        assert target.read_text() == "old\n"          # nothing visible before the block ends
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "cache.pickle"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_file(target, "wb") as f:
            f.write(b"half")
            raise RuntimeError("disk gone")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.pickle"]
