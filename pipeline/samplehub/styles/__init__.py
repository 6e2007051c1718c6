"""The sample hub as other content management systems render it.

`wordpress` is the original rendering (render.py, served by server.py itself); each other style
is a module with `route(hub, base, path, query) -> Reply | None` and `article_of(hub, path)`,
marking pages up the way that system's default themes do.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.samplehub.hub import Hub

from pipeline.samplehub.styles import drupal, ghost, hubspot
from pipeline.samplehub.styles.common import Reply
from pipeline.samplehub.styles.mixed import Mixed

STYLES = ("wordpress", "drupal", "hubspot", "ghost")
_MODULES: dict[str, ModuleType] = {"drupal": drupal, "hubspot": hubspot, "ghost": ghost}


def parse_styles(style: str) -> list[str]:
    """The styles of a `--style` value: one name, or a comma list of sections on one host."""
    names = [n.strip() for n in style.split(",")]
    for name in names:
        if name not in STYLES:
            raise ValueError(f"unknown sample hub style {name!r}: choose one of {', '.join(STYLES)}, "
                             "or a comma list of them")
    if len(set(names)) != len(names):
        raise ValueError(f"sample hub style {style!r} names a style twice")
    if len(names) > 1 and "wordpress" in names:
        raise ValueError("the wordpress style cannot share a host with another style")
    return names


def style_module(style: str, hub: Hub) -> ModuleType | Mixed | None:
    """What serves `style` over `hub`: a style's module, a Mixed of several sections, or None
    for wordpress (served by server.py itself)."""
    names = parse_styles(style)
    if len(names) > 1:
        return Mixed(names, [_MODULES[n] for n in names], hub)
    return _MODULES.get(names[0])


__all__ = ["STYLES", "Mixed", "Reply", "parse_styles", "style_module"]
