"""Durations and clock times as written in config.toml ("6h", "1h30m", "02:30").

Kept apart from config.py so the scheduler, the status command and the config parser
share one reading of them.
"""

from __future__ import annotations

import re

_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_duration(value: str | int | float) -> float:
    """Seconds in "6h", "1h30m", "90s", "1.5d" or a bare number of seconds; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("not a duration")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError("must not be negative")
        return float(value)
    text = value.strip().lower().replace(" ", "")
    if not text:
        raise ValueError("empty duration")
    pos, total = 0, 0.0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if pos != len(text):
        raise ValueError(f"not a duration like \"6h\", \"30m\", \"1h30m\" or \"45s\": {value!r}")
    return total


def format_duration(seconds: float) -> str:
    """The shortest of "2d", "6h", "1h30m", "45s" that says `seconds` (rounded to whole seconds)."""
    rest = int(round(seconds))
    if rest == 0:
        return "0s"
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        n, rest = divmod(rest, size)
        if n:
            parts.append(f"{n}{unit}")
    return "".join(parts)


def parse_clock(value: str) -> str:
    """A daily time "HH:MM" or "HH:MM:SS" (24-hour, local time), normalised to "HH:MM:SS"."""
    m = _CLOCK.fullmatch(value.strip())
    if not m:
        raise ValueError(f"not a time of day like \"02:30\": {value!r}")
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 23 or mi > 59 or s > 59:
        raise ValueError(f"not a time of day like \"02:30\": {value!r}")
    return f"{h:02d}:{mi:02d}:{s:02d}"
