"""Deterministic generated articles: same markup as the curated ones, text assembled from
topic and area vocabularies so that each article reads as being about its tags.

Only metadata is made up front (fast for 10,000+ articles); body text is built on request.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from pipeline.samplehub.curated import AREAS, AUTHORS, TOPICS

# Phrases per topic: (subjects, actions, outcomes). Written for this project.
TOPIC_VOCAB: dict[str, tuple[list[str], list[str], list[str]]] = {
    "career-advancement": (
        ["a promotion plan", "a mid-career professional", "a hiring manager", "a mentor", "a team lead",
         "a professional network", "a leadership track", "a portfolio of projects"],
        ["opens doors to", "builds credibility for", "speeds the path toward", "strengthens the case for",
         "prepares candidates for", "signals readiness for"],
        ["senior roles", "a raise at review time", "cross-functional leadership", "a career pivot",
         "management responsibility", "stronger salary negotiations", "visible stretch assignments"],
    ),
    "industry-trends": (
        ["automation", "the labor market", "employer demand", "remote collaboration", "regulation",
         "generative tooling", "supply chain pressure", "sustainability reporting"],
        ["is reshaping", "is accelerating", "keeps redefining", "puts new pressure on", "creates openings in",
         "raises the bar for"],
        ["hiring priorities", "entry-level work", "the skills employers list", "long-term workforce planning",
         "how teams are organized", "the pace of product cycles", "budgets for training"],
    ),
    "planning-for-grad-school": (
        ["an application timeline", "a statement of purpose", "a recommendation letter", "an admissions committee",
         "a campus visit", "a program comparison", "a prerequisite course"],
        ["shapes", "clarifies", "can strengthen", "helps applicants organize", "should anchor", "often decides"],
        ["the choice of program", "an admission decision", "the months before a deadline",
         "a realistic study plan", "which credentials to pursue", "how to present prior experience"],
    ),
    "online-learning": (
        ["an asynchronous course", "a virtual study group", "a learning platform", "a flexible schedule",
         "live online seminars", "a hybrid cohort"],
        ["makes room for", "supports", "keeps momentum in", "adds structure to", "changes the rhythm of",
         "lowers the barrier to"],
        ["working adults", "study after hours", "discussion with classmates", "steady weekly progress",
         "balancing family and coursework", "learning across time zones"],
    ),
    "student-life": (
        ["a graduate cohort", "a student organization", "a teaching assistantship", "a research group",
         "campus wellness services", "a peer mentor"],
        ["enriches", "gives shape to", "makes it easier to manage", "adds friendships to", "supports",
         "brings balance to"],
        ["the first semester", "life outside the classroom", "a demanding course load", "networking with peers",
         "settling into a new city", "time for rest and reflection"],
    ),
    "financing-your-education": (
        ["tuition assistance", "a graduate scholarship", "an employer reimbursement plan", "a federal loan",
         "a monthly budget", "a paid assistantship"],
        ["reduces", "helps cover", "spreads out", "offsets", "makes predictable", "changes the math of"],
        ["the cost of a degree", "out-of-pocket expenses", "debt after graduation", "the return on investment",
         "living costs during study", "the total price of a credential"],
    ),
}
AREA_VOCAB: dict[str, list[str]] = {
    "engineering": ["systems engineering", "product development", "manufacturing operations", "quality assurance",
                    "engineering management", "technical project delivery"],
    "computer-science": ["software architecture", "machine learning", "distributed systems", "cybersecurity",
                         "algorithms", "cloud infrastructure"],
    "business": ["strategic management", "marketing analytics", "operations", "finance", "entrepreneurship",
                 "organizational leadership"],
    "healthcare": ["nursing leadership", "health informatics", "public health", "clinical operations",
                   "patient safety", "healthcare administration"],
    "education": ["curriculum design", "instructional technology", "school leadership", "adult learning",
                  "education policy", "classroom assessment"],
    "data-analytics": ["data visualization", "statistical modeling", "business intelligence", "data engineering",
                       "predictive analytics", "data governance"],
}
GENERIC_VOCAB = (["a graduate degree", "a focused course of study"], ["supports", "improves"],
                 ["long-term goals", "practical skills"])
TITLE_TEMPLATES = (
    "How {field} Is Changing {topic}",
    "{n} Things to Know About {field}",
    "A Practical Guide to {field} for Graduate Students",
    "Why {field} Matters for {topic}",
    "What Employers Expect From {field} Graduates",
    "Building a Career in {field}",
    "Is a Master's in {field} Right for You?",
    "{n} Ways {field} Professionals Stay Ahead",
)
CONNECTORS = ("In practice,", "For many students,", "Over time,", "As a result,", "At the same time,",
              "In recent years,", "Put simply,", "Just as important,")


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "for", "in", "of", "the", "to", "is", "from", "about"}
    words = text.split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def generated_meta(i: int, count: int, seed: int) -> dict:
    """Metadata of generated article number i (0-based): cheap, deterministic."""
    rng = random.Random(seed * 1_000_003 + i)
    topics = rng.sample(sorted(TOPICS), rng.choice((1, 2, 2, 3)))
    areas = rng.sample(sorted(AREAS), rng.choice((0, 1, 1, 2)))
    field = rng.choice(AREA_VOCAB.get(areas[0], ["graduate study"]) if areas else ["graduate study", "lifelong learning"])
    title = rng.choice(TITLE_TEMPLATES).format(field=_title_case(field), topic=TOPICS[topics[0]].split(" &")[0],
                                               n=rng.randint(3, 9))
    # Spread publication dates over 2015-01-01 .. 2025-10-31, newest for the lowest numbers.
    span = (date(2025, 10, 31) - date(2015, 1, 1)).days
    published = date(2025, 10, 31) - timedelta(days=(i * span) // max(count, 1) + 1)
    updated = published + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.25 else None
    if updated and updated > date(2025, 11, 1):
        updated = None
    authors = rng.sample(AUTHORS, 2 if rng.random() < 0.1 else 1)
    slug = f"{'-'.join(title.lower().replace('?', '').replace(chr(39), '').split()[:6])}-{i + 1}"
    return {
        "slug": slug, "title": f"{title} (No. {i + 1})", "authors": authors,
        "published": published.isoformat(), "updated": updated.isoformat() if updated else None,
        "originally_published": None, "topics": topics, "areas": areas,
        "summary": _sentence(rng, topics, areas, field).rstrip(".") + ", and what it means for your next step.",
        "generated": i,
    }


def _sentence(rng: random.Random, topics: list[str], areas: list[str], field: str) -> str:
    subjects, actions, outcomes = TOPIC_VOCAB.get(rng.choice(topics), GENERIC_VOCAB)
    subject = rng.choice(subjects)
    if areas and rng.random() < 0.5:
        subject = f"{subject} in {rng.choice(AREA_VOCAB.get(rng.choice(areas), [field]))}"
    return f"{subject[0].upper()}{subject[1:]} {rng.choice(actions)} {rng.choice(outcomes)}."


def generated_body(meta: dict, seed: int, words: int = 600) -> tuple[list[str], list[dict]]:
    """(intro paragraphs, sections) of a generated article, about `words` words long."""
    rng = random.Random(seed * 7_919 + meta["generated"])
    areas, topics = meta["areas"], meta["topics"]
    fields = [f for a in areas for f in AREA_VOCAB.get(a, [])] or ["graduate study"]

    def paragraph(n: int) -> str:
        out = []
        for k in range(n):
            s = _sentence(rng, topics, areas, rng.choice(fields))
            if k and rng.random() < 0.3:
                s = f"{rng.choice(CONNECTORS)} {s[0].lower()}{s[1:]}"
            out.append(s)
        return " ".join(out)

    intro = [paragraph(4)]
    sections = []
    total = len(intro[0].split())
    while total < words:
        heading = _title_case(rng.choice(fields)) + rng.choice((" in Practice", ": Where to Start", " and Your Goals",
                                                                 " Today", ": Common Questions"))
        paras = [paragraph(rng.randint(3, 6)) for _ in range(rng.randint(1, 3))]
        total += sum(len(p.split()) for p in paras)
        sections.append({"heading": heading, "level": 2 if len(sections) % 3 == 0 else 3, "paragraphs": paras})
    return intro, sections
