"""Templates and the filters they use: every value is escaped unless a filter here built it.

Jinja2 with autoescaping on for every template, and undefined names as errors. The only markup
built outside the templates is a snippet's `<mark>` (`marked`), whose text is escaped piece by
piece first. Links to other sites pass `outside_href`, which lets through only http(s) URLs:
titles, bodies and links of indexed pages come from the open web.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKED = re.compile(r"\[\[(.*?)\]\]", re.S)     # the index marks matched words [[like this]]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def marked(snippet: str) -> Markup:
    """A snippet with its [[marked]] words in <mark>, everything else escaped."""
    out, last = [], 0
    for m in MARKED.finditer(snippet or ""):
        out.append(escape(snippet[last:m.start()]))
        out.append(Markup("<mark>%s</mark>") % m.group(1))
        last = m.end()
    out.append(escape((snippet or "")[last:]))
    return Markup("").join(out)


def outside_href(url: Any) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (the template then shows no link)."""
    if not isinstance(url, str) or len(url) > 4000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def day(iso_text: Any) -> str:
    """'2024-07-25T13:00:00+00:00' -> '25 Jul 2024'; '' for nothing or something unreadable."""
    parsed = _parse(iso_text)
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}" if parsed else ""


def moment(iso_text: Any) -> str:
    """A timestamp to the minute, as stored (UTC): '2024-07-25 13:00 UTC'."""
    parsed = _parse(iso_text)
    if not parsed:
        return ""
    zone = " UTC" if parsed.utcoffset() is not None and not parsed.utcoffset() else ""
    return parsed.strftime("%Y-%m-%d %H:%M") + zone


def iso_day(iso_text: Any) -> str:
    parsed = _parse(iso_text)
    return parsed.date().isoformat() if parsed else ""


def _parse(iso_text: Any) -> datetime | None:
    if not isinstance(iso_text, str) or not iso_text:
        return None
    try:
        return datetime.fromisoformat(iso_text.replace("Z", "+00:00"))
    except ValueError:
        return None


def count(n: int) -> str:
    return f"{n:,}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters.update(marked=marked, outside_href=outside_href, day=day, moment=moment, iso_day=iso_day,
                       count=count)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
