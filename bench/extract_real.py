"""Metadata extraction on real pages: hubindex against trafilatura, same pages, same run.

    python -m pip install -e '.[bench]'
    python bench/extract_real.py [--set ../shared/realpages] [--part dev|holdout|all] [--no-reference]

Scores title, date_published, author and tags against the set's truth.jsonl with the rules of
its README (exact and lenient rates; tags as mean per-page F1), and pages per second on one core
(parse + extraction of every field, from the page's bytes; CPU time of this process, the
extractors alternating page by page). A quarter of the pages, chosen by a
hash of their id, is held out: develop rules on `dev`, report both.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import re
import sys
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extraction.extract import decode_html, extract_html  # noqa: E402

DEFAULT_SET = ROOT.parent / "shared" / "realpages"
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                        "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
                        "\u2010": "-", "\u2011": "-", "\u00ad": None, "\u200b": None, "\u200c": None,
                        "\u200d": None, "\ufeff": None})


def part_of(page_id: str) -> str:
    return "holdout" if int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 4 == 0 else "dev"


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(text or "")).translate(QUOTES)
    return " ".join(text.split()).casefold()


AUTHOR_SPLIT = re.compile(r"\s*(?:[;,/&|]|\band\b|\bund\b|\bet\b)\s*", re.I)


def author_set(text: str | None) -> set[str]:
    out = set()
    for part in AUTHOR_SPLIT.split(text or ""):
        part = re.sub(r"^(by|von)\s+", "", part.strip(), flags=re.I)
        part = re.sub(r"\b(dr|prof)\.\s*", "", part, flags=re.I).replace(".", "")
        part = norm(part)
        if part:
            out.add(part)
    return out


def tag_set(tags) -> set[str]:
    out = set()
    for t in tags or []:
        for piece in re.split(r"[,;]", t):
            if norm(piece):
                out.add(norm(piece))
    return out


def score_page(truth: dict, got: dict, scores: dict) -> None:
    if truth.get("title") is not None:
        t, g = norm(truth["title"]), norm(got["title"])
        scores["title"].append(t == g)
        scores["title_lenient"].append(bool(g) and (t == g or t in g or g in t))
    if truth.get("date_published"):
        want = date.fromisoformat(truth["date_published"])
        have = got["date"]
        scores["date"].append(have == want)
        scores["date_lenient"].append(have is not None and abs(have - want) <= timedelta(days=1))
    if truth.get("author"):
        want, have = author_set(truth["author"]), author_set(got["author"])
        scores["author"].append(want == have)
        scores["author_lenient"].append(bool(want & have))
    if truth.get("tags"):
        want, have = tag_set(truth["tags"]), tag_set(got["tags"])
        common = len(want & have)
        p = common / len(have) if have else 0.0
        r = common / len(want) if want else 0.0
        scores["tags_f1"].append(2 * p * r / (p + r) if p + r else 0.0)


def ours(raw: bytes, url: str) -> dict:
    a = extract_html(decode_html(raw), url, require_article=False)
    return {"title": a.title, "date": a.published.date() if a.published else None, "author": "; ".join(a.author),
            "tags": [t["label"] for t in a.tags]}


def theirs(raw: bytes, url: str) -> dict:
    from trafilatura import extract_metadata
    from trafilatura.utils import load_html

    m = extract_metadata(load_html(raw), default_url=url)
    d = None
    if m and m.date:
        try:
            d = date.fromisoformat(m.date[:10])
        except ValueError:
            d = None
    return {"title": m.title if m else "", "date": d, "author": (m.author if m else "") or "",
            "tags": list((m.categories or []) + (m.tags or [])) if m else []}


def run_all(runners, pages) -> dict[str, tuple[dict, float, int]]:
    """Score every runner on every page. The runners alternate page by page and time is the
    process's CPU time, so load from other processes on this machine skews both alike."""
    keys = ("title", "title_lenient", "date", "date_lenient", "author", "author_lenient", "tags_f1")
    out = {name: ({k: [] for k in keys}, 0.0, 0) for name, _ in runners}
    for truth, raw in pages:
        for name, fn in runners:
            scores, elapsed, errors = out[name]
            t0 = time.process_time()
            try:
                got = fn(raw, truth["url"])
            except Exception:  # a crash scores as nothing found, and is counted
                errors += 1
                got = {"title": "", "date": None, "author": "", "tags": []}
            elapsed += time.process_time() - t0
            score_page(truth, got, scores)
            out[name] = (scores, elapsed, errors)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="folder with truth.jsonl and pages/")
    ap.add_argument("--part", choices=("dev", "holdout", "all"), default="all")
    ap.add_argument("--no-reference", action="store_true", help="skip trafilatura")
    ap.add_argument("--show-misses", metavar="FIELD", help="print our misses for title|date|author|tags (dev part only)")
    args = ap.parse_args()
    truths = [json.loads(line) for line in (args.set / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    parts = ("dev", "holdout") if args.part == "all" else (args.part,)
    runners = [("hubindex", ours)] + ([] if args.no_reference else [("trafilatura", theirs)])
    for part in parts:
        chosen = [t for t in truths if part_of(t["id"]) == part]
        pages = [(t, gzip.decompress((args.set / t["file"]).read_bytes())) for t in chosen]
        for _, fn in runners:       # warm up: imports, regex compilation and caches are not per-page costs
            fn(pages[0][1], pages[0][0]["url"])
        results = run_all(runners, pages)
        print(f"\n{part}: {len(pages)} pages")
        header = f"{'field':<16}" + "".join(f"{name:>14}" for name, _ in runners)
        print(header)
        for key in ("title", "title_lenient", "date", "date_lenient", "author", "author_lenient", "tags_f1"):
            row = f"{key:<16}"
            for name, _ in runners:
                vals = results[name][0][key]
                row += f"{(sum(vals) / len(vals) if vals else 0):>14.3f}"
            n = len(results[runners[0][0]][0][key])
            print(row + f"   (n={n})")
        row = f"{'pages/s':<16}"
        for name, _ in runners:
            row += f"{len(pages) / results[name][1]:>14.1f}"
        print(row)
        print(f"{'crashes':<16}" + "".join(f"{results[name][2]:>14d}" for name, _ in runners))
        if args.show_misses and part == "dev":
            show_misses(args.show_misses, pages)


def show_misses(field: str, pages) -> None:
    for truth, raw in pages:
        got = ours(raw, truth["url"])
        want = {"title": truth.get("title"), "date": truth.get("date_published"), "author": truth.get("author"),
                "tags": truth.get("tags")}[field]
        if want is None:
            continue
        have = got[field]
        ok = {"title": lambda: norm(want) == norm(have),
              "date": lambda: have is not None and have.isoformat() == want,
              "author": lambda: author_set(want) == author_set(have),
              "tags": lambda: tag_set(want) == tag_set(have)}[field]()
        if not ok:
            print(f"{truth['id']}\n   want: {want!r}\n   got:  {have!r}")


if __name__ == "__main__":
    main()
