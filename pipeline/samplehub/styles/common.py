"""What every style of the sample hub shares: the reply record, slugs, dates and the site's
basic pages (which are not articles, whatever system serves them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from html import escape

from pipeline.samplehub.curated import AREAS, TOPICS
from pipeline.samplehub.hub import SITE_NAME, Hub

XML = "application/xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"


@dataclass
class Reply:
    status: int
    text: str
    ctype: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    entry: dict | None = None      # the article served, for validators and 304s


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def published_at(entry: dict) -> datetime:
    d = date.fromisoformat(entry["published"])
    return datetime(d.year, d.month, d.day, 15, 0, tzinfo=timezone.utc)


def updated_at(entry: dict) -> datetime | None:
    if not entry["updated"]:
        return None
    d = date.fromisoformat(entry["updated"])
    return datetime(d.year, d.month, d.day, 16, 30, tzinfo=timezone.utc)


def long_date(iso_day: str) -> str:
    d = date.fromisoformat(iso_day)
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def body_html(hub: Hub, entry: dict) -> str:
    intro, sections = hub.body(entry)
    out = "".join(f"<p>{escape(p)}</p>\n" for p in intro)
    for sec in sections:
        level = sec.get("level", 2)
        out += f"<h{level}>{escape(sec['heading'])}</h{level}>\n"
        out += "".join(f"<p>{escape(p)}</p>\n" for p in sec["paragraphs"])
    return out


def topic_labels(entry: dict) -> list[tuple[str, str]]:
    return [(t, TOPICS[t]) for t in entry["topics"]]


def area_labels(entry: dict) -> list[tuple[str, str]]:
    return [(a, AREAS[a]) for a in entry["areas"]]


def all_terms() -> list[tuple[str, str, str]]:
    """(vocabulary, slug, label) of every term, in a stable order (term ids follow it)."""
    return ([("topic", s, label) for s, label in TOPICS.items()]
            + [("area_of_study", s, label) for s, label in AREAS.items()])


# The site's basic pages: long enough to pass for articles by length alone.
BASIC_PAGES = {
    "about": ("About us", [
        f"{SITE_NAME} has taught working adults since its harbour campus opened, and today most of its "
        "graduate students study part time while they keep a job, a family or both.",
        "Our faculty combine research with practice: many of them still consult for the firms, hospitals "
        "and public agencies that hire our graduates, and they bring those problems into the classroom.",
        "The university is accredited regionally, and each professional program is reviewed every few "
        "years by an advisory board of employers who tell us which skills they are missing.",
    ]),
    "contact": ("Contact us", [
        "Questions about a program, an application or a bill reach the right office fastest through the "
        "form below; an adviser answers within two working days, usually sooner.",
        "You can also call the graduate admissions office on weekdays between nine and five, or visit "
        "us on the second floor of the library building beside the harbour ferry terminal.",
        "Current students should write to their program coordinator first: the coordinator knows their "
        "schedule, their advisers and the deadlines of their cohort better than anyone else here.",
    ]),
    "programs": ("Graduate programs", [
        "We offer master's degrees, graduate certificates and a small number of doctorates in engineering, "
        "computing, health sciences, business and education, on campus, online or in a mix of both.",
        "Most master's programs take two years part time; certificates take two or three terms and their "
        "credits count towards a master's degree if you continue within five years of finishing.",
        "Every program page lists its courses, its admission requirements, its cost per credit and the "
        "start dates of the coming year, so that you can compare them before you talk to an adviser.",
    ]),
}
