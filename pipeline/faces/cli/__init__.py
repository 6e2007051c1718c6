"""hubindex command line: crawl knowledge hubs into an index (Whoosh, or PostgreSQL) and search them.

Thin by design: parse arguments, call the packages, format output. Errors become one
`error: ...` line with exit code 1 (2 usage errors, 75 writer lock held, 78 configuration
errors; see the README's "Exit codes").

    entry.py      main: parse, configure logging, run the command, map errors to exit codes
    parser.py     every command and option, and the argument types that check values early
    arguments.py  what commands make of their arguments: settings, the open index, filters
    output.py     printing hits, crawl reports, the progress bar, JSON
    exits.py      the exit codes and UsageError
    crawling.py   crawl, schedule, worker, status
    searching.py  search, related, facets, show, export
    upkeep.py     migrate, reindex, check
    tools.py      demo, extract, sample-hub, serve
"""

from pipeline.faces.cli.crawling import adhoc_name
from pipeline.faces.cli.entry import main
from pipeline.faces.cli.exits import EXIT_CONFIG, EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_USAGE, UsageError
from pipeline.faces.cli.parser import DEMO_QUERY, build_parser
from pipeline.faces.cli.upkeep import SHRINK_FLOOR

__all__ = ["DEMO_QUERY", "EXIT_CONFIG", "EXIT_ERROR", "EXIT_LOCKED", "EXIT_OK", "EXIT_USAGE", "SHRINK_FLOOR",
           "UsageError", "adhoc_name", "build_parser", "main"]
