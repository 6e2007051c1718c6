"""The command line's exit codes (the README's "Exit codes"), and UsageError, the error of
bad command-line usage that exits with 2."""

from __future__ import annotations

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_LOCKED, EXIT_CONFIG = 75, 78   # sysexits.h EX_TEMPFAIL (try later) and EX_CONFIG


class UsageError(Exception):
    """Bad command-line usage (exit code 2)."""
