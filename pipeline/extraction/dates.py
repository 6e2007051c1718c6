"""Date parsing for the formats sites really print and publish."""

from __future__ import annotations

import email.utils
import re
from datetime import datetime, timedelta, timezone

# Month names and abbreviations in the languages knowledge hubs are written in most
# (English, German, French, Spanish, Italian, Portuguese, Dutch), lower-case, without the dot.
_MONTH_NAMES = (
    ("jan january januar jänner jaenner janvier janv enero ene gennaio gen janeiro januari", 1),
    ("feb february februar février fevrier févr fevr febrero febbraio fevereiro fev februari", 2),
    ("mar march märz maerz mrz mars marzo março marco maart", 3),
    ("apr april avril avr abril abr aprile", 4),
    ("may mai mayo maggio mag maio mei", 5),
    ("jun june juni juin junio giugno giu junho", 6),
    ("jul july juli juillet juil julio luglio lug julho", 7),
    ("aug august août aout agosto ago augustus", 8),
    ("sep sept september septembre septiembre setiembre settembre set setembro", 9),
    ("oct october oktober okt octobre octubre ottobre ott outubro out", 10),
    ("nov november novembre noviembre novembro", 11),
    ("dec december dezember dez décembre decembre déc diciembre dic dicembre dezembro", 12),
)
MONTHS = {name: number for names, number in _MONTH_NAMES for name in names.split()}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
MDY_RE = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
DMY_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er|º|\.)?\s*(?:of\s+|de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(\d{4})\b", re.I)
MY_RE = re.compile(r"\b" + _MONTH + r",?\s+(?:de\s+)?(\d{4})\b", re.I)
NUMERIC_RE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
# A visible date anywhere in a short text: the formats above, first match wins.
ANY_DATE = re.compile("|".join(f"(?:{p.pattern})" for p in (ISO_RE, MDY_RE, DMY_RE, NUMERIC_RE)), re.I)


RFC2822_RE = re.compile(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}")


def _make_dt(dt: datetime) -> datetime | None:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt if 1990 <= dt.year <= 2100 else None


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
    if RFC2822_RE.match(text):        # "Wed, 04 May 2022 00:25:56 GMT": keep the time and zone
        try:
            return _make_dt(email.utils.parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
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
    return MONTHS[name.lower().rstrip(".")]


def not_future(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    """Drop dates more than a day ahead: they come from event widgets or broken markup."""
    if dt is None:
        return None
    now = now or datetime.now(timezone.utc)
    return None if dt > now + timedelta(days=1) else dt


# The time zone a publisher most likely dates its articles in, by country (from the page's
# lang region or the host's country-code TLD). Only used to turn UTC timestamps into the
# publisher's calendar day: "2021-11-04T23:00Z" on a German site is an article of 5 November.
COUNTRY_ZONES = {
    "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "fr": "Europe/Paris",
    "be": "Europe/Brussels", "nl": "Europe/Amsterdam", "lu": "Europe/Luxembourg", "it": "Europe/Rome",
    "es": "Europe/Madrid", "pt": "Europe/Lisbon", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
    "dk": "Europe/Copenhagen", "se": "Europe/Stockholm", "no": "Europe/Oslo", "fi": "Europe/Helsinki",
    "uk": "Europe/London", "gb": "Europe/London", "ie": "Europe/Dublin", "gr": "Europe/Athens",
    "ar": "America/Argentina/Buenos_Aires", "mx": "America/Mexico_City", "co": "America/Bogota",
    "cl": "America/Santiago", "pe": "America/Lima", "ve": "America/Caracas", "br": "America/Sao_Paulo",
    "jp": "Asia/Tokyo", "cn": "Asia/Shanghai", "in": "Asia/Kolkata", "au": "Australia/Sydney",
    "nz": "Pacific/Auckland", "ca": "America/Toronto",
}


def publisher_zone(host: str, lang: str | None):
    """A ZoneInfo for the page's country, or None when it cannot be told (or tzdata is missing)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    country = None
    if lang and re.fullmatch(r"[a-z]{2}[-_][a-z]{2}", lang.strip().lower()):
        country = lang.strip().lower()[3:]
    if country not in COUNTRY_ZONES:
        tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
        country = tld if tld in COUNTRY_ZONES else None
    if country is None:
        return None
    try:
        return ZoneInfo(COUNTRY_ZONES[country])
    except (ZoneInfoNotFoundError, ValueError):
        return None


def to_publisher_day(dt: datetime | None, zone) -> datetime | None:
    """A UTC timestamp shown in the publisher's zone (same instant); other offsets are kept."""
    if dt is None or zone is None or dt.utcoffset() != timedelta(0) or (dt.hour, dt.minute, dt.second) == (0, 0, 0):
        return dt
    return dt.astimezone(zone)
