"""Damage to a real data directory is found, explained and repaired, never silently served.

Each test copies a crawl of the sample hub, damages the copy the way a disk, an operator or a
bad script would, and runs the commands a user would run.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

import run
from pipeline.samplehub import start_sample_hub
from tests.conftest import write_config


@pytest.fixture()
def data(crawled, tmp_path, hub):
    _, source = crawled
    copy = tmp_path / "data"
    shutil.copytree(source, copy)
    config = write_config(tmp_path / "config.toml", hub.hub_url, copy)
    return config, copy


def cli(capsys, config: Path, *argv: str) -> tuple[int, str, str]:
    code = run.main(["--config", str(config), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def total(capsys, config: Path) -> int:
    code, out, err = cli(capsys, config, "search", "--json")
    assert code == 0, err
    return json.loads(out)["total"]


def test_a_healthy_directory_checks_out(data, capsys):
    config, _ = data
    code, out, _ = cli(capsys, config, "check")
    assert code == 0 and out.startswith("healthy: 47 articles in the index, 47 in the crawl state")


def test_reindex_refuses_to_empty_the_index_from_an_empty_crawl_state(data, capsys):
    config, copy = data
    (copy / "state.sqlite").write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        (copy / f"state.sqlite{suffix}").unlink(missing_ok=True)
    code, _, err = cli(capsys, config, "reindex")
    assert code == 1 and "would drop 47" in err and "--allow-shrink" in err and err.count("\n") == 1
    assert total(capsys, config) == 47
    code, _, _ = cli(capsys, config, "reindex", "--allow-shrink")
    assert code == 0 and total(capsys, config) == 0


def test_a_lost_pointer_is_reported_and_a_crawl_does_not_start_an_empty_index(data, capsys):
    config, copy = data
    (copy / "index" / "CURRENT").unlink()
    code, _, err = cli(capsys, config, "search", "engineering")
    assert code == 1 and "CURRENT is missing" in err and "check --repair" in err
    code, out, _ = cli(capsys, config, "check")
    assert code == 1 and "CURRENT is missing" in out
    code, _, err = cli(capsys, config, "crawl")               # a writer repairs the pointer it needs
    assert code == 0, err
    assert total(capsys, config) == 47                         # never "unchanged" over an empty index
    assert cli(capsys, config, "check")[0] == 0


@pytest.mark.parametrize("pointer", [b"\xff\xfe\x00\x01binary", b"../../../etc\n", b"gen-20200101T000000-abcdef\n"])
def test_a_bad_pointer_is_repaired_from_the_newest_valid_generation(data, capsys, pointer):
    config, copy = data
    (copy / "index" / "CURRENT").write_bytes(pointer)
    code, _, err = cli(capsys, config, "search", "engineering")
    assert code == 1 and "check --repair" in err and "Traceback" not in err and err.count("\n") == 1
    code, out, _ = cli(capsys, config, "status")
    assert code == 0 and "index: DAMAGED" in out
    code, out, _ = cli(capsys, config, "check", "--repair")
    assert code == 0, out
    assert total(capsys, config) == 47


def test_reindex_works_over_a_bad_pointer(data, capsys):
    config, copy = data
    (copy / "index" / "CURRENT").write_bytes(b"\xff\xfe")
    code, _, err = cli(capsys, config, "reindex")
    assert code == 0, err
    assert total(capsys, config) == 47


def _largest_segment(copy: Path) -> Path:
    return max((copy / "index").glob("gen-*/*.seg"), key=lambda p: p.stat().st_size)


def test_garbage_in_a_segment_is_found_by_check_and_repaired_by_reindex(data, capsys):
    config, copy = data
    seg = _largest_segment(copy)
    raw = bytearray(seg.read_bytes())
    for at in (len(raw) // 4, len(raw) // 2):
        raw[at:at + 4096] = bytes(4096)
    seg.write_bytes(bytes(raw))
    code, out, _ = cli(capsys, config, "check")
    assert code == 1 and "does not match its checksum" in out and "run.py reindex" in out
    code, out, _ = cli(capsys, config, "status")
    assert "index: DAMAGED" in out
    code, _, err = cli(capsys, config, "crawl")
    assert code == 1 and "does not match its checksum" in err and "run.py reindex" in err
    assert cli(capsys, config, "reindex")[0] == 0
    assert cli(capsys, config, "check")[0] == 0 and total(capsys, config) == 47


def test_a_search_notices_garbage_in_a_segment_instead_of_answering_with_fewer_hits(data, capsys):
    """Searches verify each segment once per process: by its stat against the checksum record
    (a write moves it), and by its checksum when the stat moved. A segment overwritten in place
    is one line naming the fix, not a short result with exit 0."""
    config, copy = data
    assert cli(capsys, config, "check", "--repair")[0] == 0      # the copy's new stats recorded
    code, out, _ = cli(capsys, config, "search", "--json")
    assert code == 0 and json.loads(out)["total"] == 47
    seg = _largest_segment(copy)
    with open(seg, "r+b") as f:            # garbage over two blocks, the file's size unchanged
        for at in (seg.stat().st_size // 4, seg.stat().st_size // 2):
            f.seek(at)
            f.write(bytes(4096))
    for argv in (("search", "--json"), ("search", "engineering"), ("related", "--json", "value-of-masters-degree")):
        code, out, err = cli(capsys, config, *argv)
        assert code == 1 and out == "", (argv, out)
        assert err.count("\n") == 1 and "does not match its checksum" in err and "run.py reindex" in err, err
    assert cli(capsys, config, "reindex")[0] == 0
    assert total(capsys, config) == 47


def test_check_repair_records_the_stats_of_a_copied_index_that_checks_out(data, capsys):
    """A copied or restored index has every stat moved: its readers hash each segment once per
    process until `check --repair` has verified the checksums and recorded the new stats."""
    config, copy = data
    [record] = (copy / "index").glob("gen-*/hubindex-checksums.json")

    def moved() -> list[str]:
        files = json.loads(record.read_text())["files"]
        return [name for name, entry in files.items()
                if (record.parent / name).exists() and entry.get("stat") != _stat(record.parent / name)]

    assert moved()                          # copytree: new inodes and change times
    assert cli(capsys, config, "check", "--repair")[0] == 0
    assert moved() == []
    assert total(capsys, config) == 47


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def test_a_truncated_segment_is_explained(data, capsys):
    config, copy = data
    seg = _largest_segment(copy)
    with open(seg, "r+b") as f:
        f.truncate(seg.stat().st_size // 2)
    code, _, err = cli(capsys, config, "search", "engineering")
    assert code == 1 and "run.py check" in err and "unexpected" not in err
    code, out, _ = cli(capsys, config, "status")
    assert code == 0 and "index: DAMAGED" in out


def test_a_damaged_search_cache_is_not_trusted_and_is_rebuilt(data, capsys):
    config, copy = data
    [cache] = (copy / "index").glob("gen-*/hubindex-cache-*.pickle")
    raw = bytearray(cache.read_bytes())
    raw[-200:-190] = bytes(10)            # inside the pickled bitmasks
    cache.write_bytes(bytes(raw))
    code, out, _ = cli(capsys, config, "check")
    assert code == 1 and "search cache" in out
    assert total(capsys, config) == 47    # never fewer: the damaged copy is not used, but rebuilt
    assert cli(capsys, config, "check")[0] == 0
    cache.write_bytes(bytes(raw))
    assert cli(capsys, config, "check", "--repair")[0] == 0
    assert cli(capsys, config, "check")[0] == 0


def test_a_damaged_crawl_state_fails_the_check(data, capsys):
    config, copy = data
    state = copy / "state.sqlite"
    raw = bytearray(state.read_bytes())
    raw[4096:4096 + 2048] = b"\x07" * 2048          # a page of the database overwritten
    state.write_bytes(bytes(raw))
    code, out, _ = cli(capsys, config, "check")
    assert code == 1 and "crawl state" in out


def test_status_and_check_work_on_a_read_only_data_directory(data, capsys, tmp_path):
    import subprocess

    config, copy = data
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "--bind", str(copy), str(mount)], capture_output=True).returncode:
        pytest.skip("cannot bind-mount here (needs root): no read-only data directory to test on")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        ro_config = write_config(tmp_path / "ro.toml", "http://127.0.0.1:9/", mount)
        code, out, err = cli(capsys, ro_config, "status")
        assert code == 0, err
        assert "index: 47 articles" in out and "ok (crawl)" in out
        code, out, _ = cli(capsys, ro_config, "check")
        assert code == 0 and out.startswith("healthy: 47 articles in the index, 47 in the crawl state")
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.fixture(scope="module")
def big_crawl(tmp_path_factory):
    """A crawl of a sample hub of 647 articles: a rebuild of it keeps both writer processes busy."""
    source = tmp_path_factory.mktemp("big")
    server = start_sample_hub(articles=600)
    try:
        config = write_config(source / "config.toml", server.hub_url, source / "data")
        assert run.main(["--quiet", "--config", str(config), "crawl"]) == 0
    finally:
        server.shutdown()
        server.server_close()
    return source / "data"


@pytest.fixture()
def big(big_crawl, tmp_path):
    shutil.copytree(big_crawl, tmp_path / "data")
    config = write_config(tmp_path / "config.toml", "http://127.0.0.1:9/", tmp_path / "data")
    return config, tmp_path / "data" / "index"


def _files(index: Path) -> dict:
    return {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}


def test_a_reindex_whose_parallel_writers_fail_says_so_in_one_line_and_keeps_the_index(big):
    """A rebuild with Whoosh's multi-process writer on a disk that refuses to grow a file: the
    sub-writers fail while writing their segments. One line, a non-zero exit, the live index
    untouched (stock Whoosh printed their tracebacks, then switched to a partial index)."""
    import resource
    import subprocess
    import sys

    config, index = big
    before = _files(index)
    # Files up to 1 MB can be written: the parent's job files of 100 articles each fit, the two
    # sub-writers' segments (half of the index each) do not.
    limit = 1_000_000
    assert sum(p.stat().st_size for p in index.rglob("*.seg")) > 4 * limit

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = [sys.executable, str(Path(run.__file__)), "--config", str(config)]
    failed = subprocess.run([*argv, "reindex"], preexec_fn=small_disk, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1, failed
    assert failed.stderr.count("\n") == 1 and failed.stderr.startswith("error: "), failed.stderr
    assert "could not be written" in failed.stderr and "unchanged" in failed.stderr
    assert _files(index) == before                # nothing left behind, nothing switched
    done = subprocess.run([*argv, "reindex", "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articles"] == 647


def test_a_reindex_whose_writer_processes_are_killed_fails_in_one_line(big):
    """The rebuild's writer processes killed (kill -9, as the OOM killer would) while it still
    hands them articles: stock Whoosh waited for ever on their full job queue, or committed
    without their documents. Here: one line, exit 1, the live index untouched."""
    import signal
    import subprocess
    import sys

    from tests.test_many_hubs import _children

    config, index = big
    before = _files(index)
    proc = subprocess.Popen([sys.executable, str(Path(run.__file__)), "--config", str(config), "reindex"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _children(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        for child in _children(proc.pid):
            os.kill(child, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, (out, err)
    assert err.count("\n") == 1 and "could not be written" in err and "unchanged" in err, err
    assert _files(index) == before
