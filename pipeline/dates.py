"""Date parsing for the formats sites really print and publish."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

MONTHS = {
    m: i for i, names in enumerate((
        (), ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
        ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
        ("oct", "october"), ("nov", "november"), ("dec", "december"),
    )) for m in names
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
MDY_RE = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
DMY_RE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(\d{4})", re.I)
MY_RE = re.compile(_MONTH + r",?\s+(\d{4})", re.I)
NUMERIC_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
# A visible date anywhere in a short text: the formats above, first match wins.
ANY_DATE = re.compile("|".join(f"(?:{p.pattern})" for p in (ISO_RE, MDY_RE, DMY_RE, NUMERIC_RE)), re.I)


def _make(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0, tz: timezone = timezone.utc) -> datetime | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return datetime(y, m, d, hh, mm, ss, tzinfo=tz)
    except ValueError:
        return None


def _tz(text: str | None) -> timezone:
    if not text or text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def parse_date(text: str | None, month_precision: bool = False) -> datetime | None:
    """The first date in `text`, timezone-aware (UTC when the text gives none).

    Understands ISO 8601, "July 25, 2024", "25 July 2024", "07/25/2024" (day first when the
    first number cannot be a month) and, with month_precision, "October 2022" (the 1st).
    """
    if not text:
        return None
    text = text.strip()
    m = ISO_RE.search(text)
    if m:
        y, mo, d, hh, mi, ss, tz = m.groups()
        try:
            zone = _tz(tz)
        except ValueError:
            zone = timezone.utc
        return _make(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), zone)
    m = MDY_RE.search(text)
    if m:
        return _make(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
    m = DMY_RE.search(text)
    if m:
        return _make(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    m = NUMERIC_RE.search(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12:          # 25/07/2024 can only be day first
            return _make(y, b, a)
        sep = text[m.start(1) + len(m.group(1))]
        if sep == ".":       # 25.07.2024 is the European form
            return _make(y, b, a)
        return _make(y, a, b)
    if month_precision:
        m = MY_RE.search(text)
        if m:
            return _make(int(m.group(2)), _month(m.group(1)), 1)
    return None


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def not_future(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    """Drop dates more than a day ahead: they come from event widgets or broken markup."""
    if dt is None:
        return None
    now = now or datetime.now(timezone.utc)
    return None if dt > now + timedelta(days=1) else dt
