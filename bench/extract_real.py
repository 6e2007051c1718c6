"""Extraction on real pages: hubindex against trafilatura, same pages, same run.

    python -m pip install -e '.[bench]'
    python bench/extract_real.py [--part dev|holdout|all] [--no-reference] [--readability DIR] [--realpages DIR]

Two page sets with ground truth, each scored as its README says:

- readability-pages: whole article bodies. Word F1 per page (lower-cased `\\w+` words compared
  as multisets), the mean over pages and the pages below 0.5; title and author too.
- realpages: body snippets (each `body_with` snippet found is a true positive, each missing one a
  false negative, each `body_without` snippet found a false positive; P, R, F1 over the set), and
  title, date_published, author and tags (exact and lenient rates; tags as mean per-page F1).

Also: "short" pages, where trafilatura returns over 100 words and hubindex under a fifth of that,
each listed with both counts. Words are counted alike for both tools: `\\w+` words, and in Chinese
and Japanese, which do not space their words, one word per character (as word processors count
them). trafilatura's `extract()` appends the readers' comments it finds to the article; a page is
short only when hubindex also keeps under a fifth of trafilatura's text without them (an untimed
second call with `include_comments=False`, made for the pages short against the first). And
pages per second on one core (CPU time of this process, the extractors alternating page by
page): hubindex's whole extraction (every field) from the page's bytes, against trafilatura's
`extract()` with its defaults (the body only; its metadata for the table comes from a separate,
untimed `extract_metadata()` call). A quarter of each set, chosen by a hash of the page id, is held
out: develop on `dev`, report both parts.
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
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extraction.extract import decode_html, extract_html  # noqa: E402

SHARED = ROOT.parent / "shared"
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"',
                        "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-",
                        "\u2010": "-", "\u2011": "-", "\u00ad": None, "\u200b": None, "\u200c": None,
                        "\u200d": None, "\ufeff": None})
READABILITY_URL = "http://fakehost/test/page.html"   # the set's pages have no address of their own
WORD = re.compile(r"\w+")
# Scripts written without spaces between words (kana, CJK ideographs): each character is a word.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
NOTHING = {"title": "", "date": None, "author": "", "tags": [], "body": ""}


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


def word_count(text: str) -> int:
    """Words of a text, the same way for every tool: `\\w+` words, one per character in scripts
    that do not space their words."""
    unspaced = len(UNSPACED.findall(text))
    if not unspaced:
        return len(WORD.findall(text))
    return len(WORD.findall(UNSPACED.sub(" ", text))) + unspaced


def word_f1(expected: str, got: str) -> float:
    want, have = Counter(WORD.findall(expected.lower())), Counter(WORD.findall((got or "").lower()))
    common = sum((want & have).values())
    if not common:
        return 0.0
    p, r = common / sum(have.values()), common / sum(want.values())
    return 2 * p * r / (p + r)


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
    if truth.get("body"):
        scores["body_f1"].append(word_f1(truth["body"], got["body"]))
    if truth.get("body_with") or truth.get("body_without"):
        body = " ".join((got["body"] or "").split())
        found = [" ".join(s.split()) in body for s in truth.get("body_with") or []]
        scores["snip_tp"].append(sum(found))
        scores["snip_fn"].append(len(found) - sum(found))
        scores["snip_fp"].append(sum(" ".join(s.split()) in body for s in truth.get("body_without") or []))


def ours(raw: bytes, url: str) -> dict:
    a = extract_html(decode_html(raw), url, require_article=False)
    return {"title": a.title, "date": a.published.date() if a.published else None, "author": "; ".join(a.author),
            "tags": [t["label"] for t in a.tags], "body": a.body}


def theirs_body(raw: bytes, url: str) -> str:
    from trafilatura import extract

    return extract(raw, url=url) or ""


def theirs_metadata(raw: bytes, url: str) -> dict:
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


KEYS = ("title", "title_lenient", "date", "date_lenient", "author", "author_lenient", "tags_f1", "body_f1",
        "snip_tp", "snip_fn", "snip_fp")


def run_all(names: list[str], pages, url_of) -> dict[str, dict]:
    """Every extractor on every page, alternating page by page. Time is the process's CPU time,
    so load from other processes on this machine skews both alike."""
    out = {name: {"scores": {k: [] for k in KEYS}, "seconds": 0.0, "crashes": 0, "bodies": {},
                  "article_bodies": {}} for name in names}
    for truth, raw in pages:
        url = url_of(truth)
        for name in names:
            res = out[name]
            t0 = time.process_time()
            try:
                if name == "hubindex":
                    got = ours(raw, url)
                else:
                    got = {"body": theirs_body(raw, url)}
            except Exception:  # a crash scores as nothing found, and is counted
                res["crashes"] += 1
                got = dict(NOTHING)
            res["seconds"] += time.process_time() - t0
            if name != "hubindex":
                try:
                    got.update(theirs_metadata(raw, url))       # untimed: extract() is the reference speed
                except Exception:
                    got.update({k: v for k, v in NOTHING.items() if k != "body"})
            score_page(truth, got, res["scores"])
            res["bodies"][truth["id"]] = got["body"]
    return out


def report(set_name: str, part: str, pages, results: dict, names: list[str]) -> None:
    print(f"\n{set_name} / {part}: {len(pages)} pages")
    print(f"{'field':<18}" + "".join(f"{name:>14}" for name in names))

    def row(label: str, values: list[str], n: int | None = None) -> None:
        print(f"{label:<18}" + "".join(f"{v:>14}" for v in values) + (f"   (n={n})" if n is not None else ""))

    first = results[names[0]]["scores"]
    for key in ("body_f1",):
        if first[key]:
            row("body F1 mean", [f"{sum(v) / len(v):.3f}" for v in (results[n]["scores"][key] for n in names)],
                len(first[key]))
            row("body F1 < 0.5", [str(sum(x < 0.5 for x in results[n]["scores"][key])) for n in names])
    if first["snip_tp"]:
        for label in ("snippet P", "snippet R", "snippet F1"):
            vals = []
            for n in names:
                s = results[n]["scores"]
                tp, fn, fp = sum(s["snip_tp"]), sum(s["snip_fn"]), sum(s["snip_fp"])
                p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
                vals.append(f"{ {'snippet P': p, 'snippet R': r, 'snippet F1': 2 * p * r / (p + r) if p + r else 0.0}[label]:.3f}")
            row(label, vals, sum(first["snip_tp"]) + sum(first["snip_fn"]) if label == "snippet P" else None)
    for key in ("title", "title_lenient", "date", "date_lenient", "author", "author_lenient", "tags_f1"):
        if first[key]:
            row(key, [f"{sum(v) / len(v):.3f}" for v in (results[n]["scores"][key] for n in names)], len(first[key]))
    row("pages/s", [f"{len(pages) / results[n]['seconds']:.1f}" for n in names])
    row("crashes", [str(results[n]["crashes"]) for n in names])
    if len(names) > 1:
        short = short_pages(results["hubindex"]["bodies"], results[names[1]]["bodies"], pages, results[names[1]])
        print(f"short pages (trafilatura > {SHORT_MIN_WORDS} words, hubindex < 1/{SHORT_RATIO}): {len(short)}")
        for pid, ours_n, theirs_n, article_n in short:
            print(f"  {pid}: hubindex {ours_n} words, trafilatura {theirs_n}"
                  + (f" ({article_n} without the comments it appends)" if article_n != theirs_n else ""))
        ratio = (len(pages) / results["hubindex"]["seconds"]) / (len(pages) / results[names[1]]["seconds"])
        print(f"speed ratio hubindex / trafilatura: {ratio:.2f}x")


SHORT_MIN_WORDS = 100
SHORT_RATIO = 5


def short_pages(ours_bodies: dict, their_bodies: dict, pages, their_results: dict) -> list[tuple[str, int, int, int]]:
    """Pages where trafilatura returns over 100 words and hubindex under a fifth of that:
    (id, hubindex words, trafilatura words, trafilatura words without readers' comments)."""
    out = []
    raw_of = {t["id"]: (t, raw) for t, raw in pages}
    for pid, body in their_bodies.items():
        theirs_n, ours_n = word_count(body), word_count(ours_bodies[pid])
        if theirs_n <= SHORT_MIN_WORDS or ours_n * SHORT_RATIO >= theirs_n:
            continue
        truth, raw = raw_of[pid]
        article_n = word_count(their_results["article_bodies"].setdefault(pid, theirs_article(raw, truth)))
        if article_n > SHORT_MIN_WORDS and ours_n * SHORT_RATIO < article_n:
            out.append((pid, ours_n, theirs_n, article_n))
    return out


def theirs_article(raw: bytes, truth: dict) -> str:
    """trafilatura's text without the readers' comments its defaults append."""
    from trafilatura import extract

    return extract(raw, url=truth.get("url") or READABILITY_URL, include_comments=False) or ""


def load(folder: Path, part: str):
    truths = [json.loads(line) for line in (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    chosen = [t for t in truths if part_of(t["id"]) == part]
    return [(t, gzip.decompress((folder / t["file"]).read_bytes())) for t in chosen]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readability", type=Path, default=SHARED / "readability-pages",
                    help="folder of the whole-body set (truth.jsonl and pages/)")
    ap.add_argument("--realpages", type=Path, default=SHARED / "realpages",
                    help="folder of the metadata and snippet set (truth.jsonl and pages/)")
    ap.add_argument("--part", choices=("dev", "holdout", "all"), default="all")
    ap.add_argument("--no-reference", action="store_true", help="skip trafilatura")
    ap.add_argument("--only", choices=("readability", "realpages"), help="one set only")
    ap.add_argument("--show-misses", metavar="FIELD",
                    help="print our misses for title|date|author|tags|body (dev part only)")
    args = ap.parse_args()
    names = ["hubindex"] + ([] if args.no_reference else ["trafilatura"])
    parts = ("dev", "holdout") if args.part == "all" else (args.part,)
    sets = [("readability-pages", args.readability, lambda t: READABILITY_URL),
            ("realpages", args.realpages, lambda t: t["url"])]
    for set_name, folder, url_of in sets:
        if args.only and not set_name.startswith(args.only):
            continue
        if not (folder / "truth.jsonl").exists():
            print(f"error: no truth.jsonl in {folder}", file=sys.stderr)
            raise SystemExit(1)
        both_pages, both = [], {}
        for part in parts:
            pages = load(folder, part)
            for name in names:      # warm up: imports, regex compilation and caches are not per-page costs
                (ours if name == "hubindex" else theirs_body)(pages[0][1], url_of(pages[0][0]))
            results = run_all(names, pages, url_of)
            report(set_name, part, pages, results, names)
            if args.show_misses and part == "dev":
                show_misses(args.show_misses, pages, url_of, results["hubindex"]["bodies"])
            both_pages += pages
            for name, res in results.items():
                into = both.setdefault(name, {"scores": {k: [] for k in KEYS}, "seconds": 0.0, "crashes": 0,
                                              "bodies": {}, "article_bodies": {}})
                for k in KEYS:
                    into["scores"][k] += res["scores"][k]
                into["seconds"] += res["seconds"]
                into["crashes"] += res["crashes"]
                into["bodies"].update(res["bodies"])
                into["article_bodies"].update(res["article_bodies"])
        if len(parts) > 1:          # the whole set, as the targets are stated
            report(set_name, "all (dev + holdout)", both_pages, both, names)


def show_misses(field: str, pages, url_of, bodies: dict) -> None:
    for truth, raw in pages:
        if field == "body":
            if truth.get("body"):
                f1 = word_f1(truth["body"], bodies[truth["id"]])
                if f1 < 0.9:
                    print(f"{truth['id']}  F1 {f1:.3f}  words {len(bodies[truth['id']].split())} "
                          f"/ {len(truth['body'].split())}")
            continue
        got = ours(raw, url_of(truth))
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
