"""Docs as tests: every command, option and config key appears in the README."""

from __future__ import annotations

import argparse
import re
from dataclasses import fields

import run
from pipeline.core.config import CrawlSettings, IndexSettings, SearchSettings, WorkerSettings, _SITE_KEYS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_command_and_option_is_documented():
    parser = run.build_parser()
    missing = []
    for action in parser._actions:
        missing += [o for o in action.option_strings if o.startswith("--") and f"`{o}" not in README]
    for name, sub in _subparsers(parser).items():
        if f"### `{name}" not in README:
            missing.append(name)
        for action in sub._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help" and opt not in README:
                    missing.append(f"{name} {opt}")
    assert not missing, f"undocumented in README.md: {missing}"


def test_every_config_key_is_documented():
    keys = ({"dir"} | {f.name for f in fields(IndexSettings)} | {f.name for f in fields(CrawlSettings)} | set(_SITE_KEYS)
            | {f.name for f in fields(SearchSettings)} | {f.name for f in fields(WorkerSettings)})
    missing = [k for k in sorted(keys) if not re.search(rf"\| `{k}` \|", README)]
    assert not missing, f"config keys missing from README.md: {missing}"


def test_shipped_configs_load():
    from pipeline.core.config import load_settings

    for path in (ROOT / "config.toml", ROOT / "examples" / "sample-hub.toml", ROOT / "examples" / "deploy.toml"):
        settings = load_settings(path)
        assert settings.sites


def test_readme_test_command_is_what_ci_runs():
    command = re.search(r"python -m pytest[^`\n]*", README).group(0).strip()
    assert command in (ROOT / ".ci" / "run").read_text()


def test_every_web_page_is_documented():
    from pipeline.faces.web.pages import PAGE_ROUTES
    from pipeline.faces.web.state import PAGE_PARAMS

    missing = [path for path in PAGE_ROUTES if f"| `{path}` |" not in README]
    missing += [f"/ {p.name}" for p in PAGE_PARAMS if f"`{p.name}`" not in README]
    assert not missing, f"undocumented in README.md: {missing}"
