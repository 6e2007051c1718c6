"""References to articles: any variant of an article's URL, or its 12-digit id."""

from __future__ import annotations

from pipeline.core.urls import canonicalize


def is_article_id(ref: str) -> bool:
    """Whether `ref` has the form of an article id (12 hexadecimal digits)."""
    return len(ref) == 12 and all(c in "0123456789abcdef" for c in ref.lower())


def looks_like_url(ref: str) -> bool:
    return "://" in ref or ref.startswith("//")


def url_variants(url: str) -> list[str]:
    """The canonical form of a URL and its common variants (slash, scheme)."""
    base = canonicalize(url)
    out = [base]
    alt = base[:-1] if base.endswith("/") else base + "/"
    if "?" not in alt:
        out.append(alt)
    for u in list(out):
        if u.startswith("http://"):
            out.append("https://" + u[7:])
        elif u.startswith("https://"):
            out.append("http://" + u[8:])
    return out
