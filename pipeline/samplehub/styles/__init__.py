"""The sample hub as other content management systems render it.

`wordpress` is the original rendering (render.py, served by server.py itself); each other style
is a module with `route(hub, base, path, query) -> Reply | None` and `article_of(hub, path)`,
marking pages up the way that system's default themes do.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.samplehub.styles import drupal, ghost, hubspot
from pipeline.samplehub.styles.common import Reply

STYLES = ("wordpress", "drupal", "hubspot", "ghost")
_MODULES: dict[str, ModuleType] = {"drupal": drupal, "hubspot": hubspot, "ghost": ghost}


def style_module(style: str) -> ModuleType | None:
    """The module serving `style`, or None for wordpress (served by server.py itself)."""
    if style not in STYLES:
        raise ValueError(f"unknown sample hub style {style!r}: choose one of {', '.join(STYLES)}")
    return _MODULES.get(style)


__all__ = ["STYLES", "Reply", "style_module"]
