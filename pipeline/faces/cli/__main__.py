"""`python -m pipeline.faces.cli`: the same command line as run.py."""

import sys

from pipeline.faces.cli.entry import main

sys.exit(main())
