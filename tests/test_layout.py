"""The layout the README's "How it fits together" describes, checked on the source.

Layers, lowest first; a module imports only from its own part or from lower layers:

0. pipeline.core             the article model, errors, URLs, configuration, the data directory
1. pipeline.crawling         fetching, politeness, discovery, crawl state  (core only)
1. pipeline.extraction       a Page into an Article                      (core only)
2. index                     the Index interface and its backends        (core; and crawling's
                                                                          state types, which the
                                                                          database's crawl state keeps)
3. pipeline.running          a crawl run, the scheduler, status: where crawling meets the index
4. pipeline.faces            the CLI, the JSON API, exports
pipeline.samplehub stands alone (a demo and test server): it imports nothing of ours.

Only index/whoosh_engine/ imports Whoosh; there are no import cycles between modules; the
cheap shared modules are imported at the top of a file, never inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = {                       # part -> layer
    "pipeline.core": 0,
    "pipeline.crawling": 1,
    "pipeline.extraction": 1,
    "index": 2,
    "pipeline.running": 3,
    "pipeline.faces": 4,
    "pipeline.samplehub": None,
}
ALWAYS_AT_TOP = ("pipeline.core", "index.types", "index.interface")   # cheap: hoisted, never imported lazily


def _modules() -> dict[str, Path]:
    out = {}
    for top in ("pipeline", "index"):
        for path in (ROOT / top).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def _imports(path: Path, module: str) -> list[tuple[str, bool, int]]:
    """(imported module, at module level?, line) for each import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(n) for n in tree.body}
    for node in tree.body:                       # `if TYPE_CHECKING:` / try blocks at top level count as top level
        if isinstance(node, (ast.If, ast.Try)):
            top_level.update(id(n) for n in ast.walk(node))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, id(node) in top_level, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if path.name == "__init__.py" else 0)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # `from pkg import mod` imports the module pkg.mod when there is one
            names = [f"{name}.{a.name}" for a in node.names]
            out += [(n, id(node) in top_level, node.lineno) for n in names]
    return out


def _part(name: str) -> str | None:
    for part in sorted(PARTS, key=len, reverse=True):
        if name == part or name.startswith(part + "."):
            return part
    return None


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def test_imports_run_down_the_layers():
    modules = _modules()
    wrong = []
    for module, path in modules.items():
        mine = _part(module)
        for name, _, line in _imports(path, module):
            target = _resolve(name, modules)
            if target is None:
                continue
            theirs = _part(target)
            if theirs == mine or theirs is None:
                continue
            if PARTS[mine] is None or PARTS[theirs] is None or PARTS[theirs] >= PARTS[mine]:
                if not (PARTS[mine] is not None and PARTS[theirs] is None and mine == "pipeline.faces"):
                    wrong.append(f"{path.relative_to(ROOT)}:{line} ({mine}) imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_only_the_whoosh_engine_imports_whoosh():
    modules = _modules()
    outside = [f"{path.relative_to(ROOT)}:{line}" for module, path in modules.items()
               if not module.startswith("index.whoosh_engine")
               for name, _, line in _imports(path, module) if name == "whoosh" or name.startswith("whoosh.")]
    assert not outside, outside
    inside = [m for m, p in modules.items() if m.startswith("index.whoosh_engine")
              and any(n.startswith("whoosh") for n, _, _ in _imports(p, m))]
    assert inside, "the check above must see the engine's own imports"


def test_no_import_cycles_between_modules():
    modules = _modules()
    graph = {m: sorted({t for n, top, _ in _imports(p, m) if top and (t := _resolve(n, modules)) and t != m})
             for m, p in modules.items()}
    # a package's __init__ importing its own modules is how packages work, not a cycle
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for t in graph[m]:
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t] if t in stack else [m, t]
                if not any(c.startswith(x + ".") or x.startswith(c + ".") for c, x in zip(cycle, cycle[1:])):
                    cycles.append(" -> ".join(cycle))
            elif not state.get(t):
                visit(t, stack + [t])
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [m])
    assert not cycles, cycles


def test_cheap_shared_modules_are_imported_at_the_top():
    modules = _modules()
    lazy = [f"{path.relative_to(ROOT)}:{line} imports {name} inside a function"
            for module, path in modules.items() for name, top, line in _imports(path, module)
            if not top and any(name == c or name.startswith(c + ".") for c in ALWAYS_AT_TOP)]
    assert not lazy, "\n".join(lazy)


def test_the_checks_see_a_violation():
    """The layer rule on a made-up module: extraction importing the index is refused."""
    assert _part("pipeline.extraction.extract") == "pipeline.extraction"
    assert PARTS[_part("index.whoosh_engine.store")] >= PARTS[_part("pipeline.extraction.extract")]
