#!/usr/bin/env python3
"""hubindex's command line, as a script: `python run.py --help`.

The program lives in pipeline/faces/cli/; the installed `hubindex` command runs the same `main`.
"""

import sys

from pipeline.faces.cli import (EXIT_CONFIG, EXIT_ERROR, EXIT_LOCKED, EXIT_OK, EXIT_USAGE,  # noqa: F401
                                build_parser, main)

if __name__ == "__main__":
    sys.exit(main())
