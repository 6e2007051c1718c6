"""Type checks of a parsed TOML document whose messages point at the file, the line and the key
(config.py's reading of config.toml)."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from pipeline.core.errors import ConfigError
from pipeline.core.timespec import parse_duration
from pipeline.core.urls import split_url


# Python type names as a config file's author knows them (TOML's words)
_TOML_TYPES = {"int": "whole number", "str": "string", "float": "number", "bool": "boolean", "list": "list",
               "dict": "table"}


class Validator:
    """Type checks whose messages point at the file, line and key."""

    def __init__(self, text: str, path: Path | None) -> None:
        self.lines = text.splitlines()
        self.path = path

    def _line(self, table: str, key: str | None) -> int | None:
        """Line of `key =` inside [table], else of a [table.key] sub-table header, else of [table]."""
        current = ""
        header_line = sub_table_line = None
        sub_table = f"{table}.{key}" if table and key else key
        for no, raw in enumerate(self.lines, 1):
            line = raw.strip()
            m = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
            if m:
                current = m.group(1).replace('"', "").replace(" ", "")
                if current == table and header_line is None:
                    header_line = no
                if sub_table and sub_table_line is None and (current == sub_table or current.startswith(sub_table + ".")):
                    sub_table_line = no
                continue
            if key and current == table and re.match(rf'^"?{re.escape(key)}"?\s*=', line):
                return no
        return sub_table_line or header_line

    def error(self, table: str, key: str | None, message: str) -> ConfigError:
        name = ".".join(p for p in (table, key) if p)
        line = self._line(table, key) if self.lines else None
        where = str(self.path) if self.path else "config"
        if line:
            where += f", line {line}"
        return ConfigError(f"{where}: {name}: {message}")

    def only_keys(self, t: dict, table: str, allowed: set[str]) -> None:
        for key in t:
            if key not in allowed:
                raise self.error(table, key, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def table(self, t: dict, table: str, key: str) -> dict:
        value = t.get(key, {})
        if not isinstance(value, dict):
            raise self.error(table, key, "must be a table")
        return value

    def get(self, t: dict, table: str, key: str, typ: type | tuple, default: Any, required: bool = False, nonempty: bool = False) -> Any:
        if key not in t:
            if required:
                raise self.error(table, key, "is required")
            return default
        value = t[key]
        if not isinstance(value, typ) or isinstance(value, bool) and typ is not bool:
            expected = _TOML_TYPES.get(typ.__name__, typ.__name__) if isinstance(typ, type) else "number"
            got = _TOML_TYPES.get(type(value).__name__)
            raise self.error(table, key, f"must be a {expected}, not " + (f"a {got}" if got else type(value).__name__))
        if nonempty and not value:
            raise self.error(table, key, "must not be empty")
        return value

    def number(self, t: dict, table: str, key: str, default: float, minimum: float) -> float:
        value = self.get(t, table, key, (int, float), default)  # type: ignore[arg-type]
        if not math.isfinite(value):          # TOML allows nan and inf; no setting means either
            raise self.error(table, key, f"must be a finite number, not {value}")
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum}")
        return float(value)

    def integer(self, t: dict, table: str, key: str, default: int, minimum: int, maximum: int | None = None) -> int:
        value = self.get(t, table, key, int, default)
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise self.error(table, key, f"must be at most {maximum}")
        return value

    def str_list(self, t: dict, table: str, key: str, default: list[str]) -> list[str]:
        value = self.get(t, table, key, list, default)
        if not all(isinstance(x, str) and x for x in value):
            raise self.error(table, key, "must be a list of non-empty strings")
        return list(value)

    def str_map(self, t: dict, table: str, key: str, default: dict[str, str]) -> dict[str, str]:
        value = self.get(t, table, key, dict, default)
        if not all(isinstance(x, str) and x for x in value.values()):
            raise self.error(table, key, "must map names to non-empty strings")
        return dict(value)

    def duration(self, t: dict, table: str, key: str, default: float, minimum: float) -> float:
        """Seconds from "6h", "1h30m", "45s" or a number of seconds."""
        if key not in t:
            return default
        try:
            value = parse_duration(t[key])
        except (ValueError, TypeError) as exc:
            raise self.error(table, key, str(exc) if isinstance(t[key], str) else
                             f"must be a duration like \"6h\", not {type(t[key]).__name__}") from None
        if value < minimum:
            raise self.error(table, key, f"must be at least {minimum:g} seconds")
        return value

    def url(self, table: str, key: str, value: str) -> None:
        try:
            parts = split_url(value)
        except ValueError as exc:
            raise self.error(table, key, f"not a usable URL: {value!r} ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self.error(table, key, f"not an http(s) URL: {value!r}")
