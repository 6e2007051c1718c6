"""The command line's entry point: parse the arguments, configure logging, run the command, and
turn its errors into one `error: ...` line and an exit code. Only this module configures logging."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Sequence

from pipeline.core.errors import ConfigError, HubindexError
from pipeline.running.lock import LockHeld

from pipeline.faces.cli import crawling, searching, tools, upkeep
from pipeline.faces.cli.exits import EXIT_CONFIG, EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, UsageError
from pipeline.faces.cli.parser import build_parser

log = logging.getLogger("hubindex")

COMMANDS = {    # the subcommand's name -> the function that runs it
    "search": searching.cmd_search, "related": searching.cmd_related, "facets": searching.cmd_facets,
    "show": searching.cmd_show, "export": searching.cmd_export,
    "migrate": upkeep.cmd_migrate, "reindex": upkeep.cmd_reindex, "check": upkeep.cmd_check,
    "crawl": crawling.cmd_crawl, "schedule": crawling.cmd_schedule, "worker": crawling.cmd_worker,
    "status": crawling.cmd_status,
    "demo": tools.cmd_demo, "extract": tools.cmd_extract, "sample-hub": tools.cmd_sample_hub, "serve": tools.cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (so tests and programs can call it in-process)."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _configure_logging(args)
    handler = COMMANDS[args.command]
    try:
        return handler(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except LockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except HubindexError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: keep the traceback out of the user's way
        log.debug("unexpected error", exc_info=True)
        print(f"error: unexpected {type(exc).__name__}: {exc} (run with -v for details)", file=sys.stderr)
        return EXIT_ERROR


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING
    unattended = args.command in ("schedule", "worker")   # long-running: timestamps, and each run logged
    fmt = ("%(asctime)s " if unattended else "") + "%(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=level, format=fmt, stream=sys.stderr, force=True)
    if args.log_format == "json":
        from pipeline.running.jsonlog import JsonFormatter
        for handler in logging.getLogger().handlers:
            handler.setFormatter(JsonFormatter())
    for name in ("pipeline.running.scheduler", "pipeline.running.runs", "pipeline.running.stop",
                 "pipeline.running.worker"):   # reset on every in-process call
        logging.getLogger(name).setLevel(logging.INFO if unattended and not args.quiet and not args.verbose
                                         else logging.NOTSET)
    if not args.verbose:
        logging.getLogger("urllib3").setLevel(logging.ERROR)
