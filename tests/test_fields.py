"""The declared field list drives the model, the content hash, the index, results and exports.

The last test adds a sortable field the way a developer would (one `Field` in
pipeline/core/fields.py, derived from the body) to a copy of the code, and checks that it is
stored, sorted on, shown in hits and exported without touching anything else.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from pipeline.core.fields import FIELDS, HASHED, SORTS, fingerprint
from pipeline.core.models import Article
from pipeline.faces.api.export import CSV_COLUMNS
from pipeline.faces.api.openapi import build_document

ROOT = Path(__file__).resolve().parent.parent


def test_the_article_record_has_the_declared_fields_in_order():
    assert tuple(Article.__dataclass_fields__) == tuple(f.name for f in FIELDS)
    a = Article(url="https://example.org/a/", title="A")
    assert Article.from_dict(a.to_dict()) == a
    assert set(a.to_dict()) == {f.name for f in FIELDS}


def test_only_hashed_fields_change_the_content_hash():
    a = Article(url="https://example.org/a/", title="A", body="words")
    h = a.compute_hash()
    a.fetched_at, a.sources, a.post_id = a.fetched_at, {"title": "h1"}, "42"
    assert a.compute_hash() == h
    a.body = "other words"
    assert a.compute_hash() != h
    assert "body" in HASHED and "fetched_at" not in HASHED


def test_a_record_stored_before_a_field_existed_loads_with_its_empty_value():
    data = Article(url="https://example.org/a/", title="A").to_dict()
    del data["post_id"]
    assert Article.from_dict(data).post_id == ""


def test_exports_and_the_openapi_document_follow_the_field_list():
    doc = build_document()
    article = doc["components"]["schemas"]["Article"]["properties"]
    assert {f.name for f in FIELDS} <= set(article)
    assert {f.name for f in FIELDS} <= set(CSV_COLUMNS)
    assert doc["paths"]["/search"]["get"]["parameters"]
    assert SORTS[:3] == ("relevance", "newest", "oldest")


NEW_FIELD = '''
    Field("reading_minutes", "int", "minutes an average reader needs", sortable=True, shown=True, hashed=False,
          derive=lambda a: max(1, round(len(a.body.split()) / 200))),
'''

SCRIPT = textwrap.dedent('''
    import csv, io, json, sys
    from index import open_index
    from pipeline.core.fields import SORTS
    from pipeline.core.models import Article
    from pipeline.faces.api.export import export
    from pipeline.faces.api.openapi import build_document

    index = open_index(sys.argv[1], create=True)
    index.upsert([Article(url=f"https://example.org/{n}/", title=f"Piece {n} about owls", body="owl " * (200 * n))
                  for n in (3, 1, 2)])
    longest = index.search("owls", sort="-reading_minutes")
    shortest = index.search("", sort="reading_minutes")
    out = io.StringIO()
    export(index, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    doc = build_document()
    print(json.dumps({
        "sorts": list(SORTS),
        "longest": [h.to_dict()["reading_minutes"] for h in longest.hits],
        "shortest": [h.to_dict()["reading_minutes"] for h in shortest.hits],
        "csv": sorted(r["reading_minutes"] for r in rows),
        "openapi": "reading_minutes" in doc["components"]["schemas"]["Article"]["properties"],
        "hit_schema": "reading_minutes" in doc["components"]["schemas"]["Hit"]["properties"],
        "shown": index.show("https://example.org/2/")["reading_minutes"],
    }))
    index.close()
''')


def test_a_new_sortable_field_needs_only_its_declaration(tmp_path):
    code = tmp_path / "code"
    for part in ("pipeline", "index"):
        shutil.copytree(ROOT / part, code / part, ignore=shutil.ignore_patterns("__pycache__"))
    fields = code / "pipeline" / "core" / "fields.py"
    text = fields.read_text()
    marker = '    Field("post_id",'
    assert marker in text
    fields.write_text(text.replace(marker, NEW_FIELD.strip("\n") + "\n" + marker, 1))
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "index")], cwd=code,
                          env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert "-reading_minutes" in got["sorts"] and "reading_minutes" in got["sorts"]
    assert got["longest"] == [3, 2, 1]
    assert got["shortest"] == [1, 2, 3]
    assert got["csv"] == ["1", "2", "3"]
    assert got["openapi"] and got["hit_schema"]
    assert got["shown"] == 2


def test_the_schema_fingerprint_follows_the_fields():
    assert len(fingerprint()) == 12
