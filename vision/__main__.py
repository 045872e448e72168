"""`python -m vision` (see vision/cli.py)."""
import sys

from vision.cli import main

sys.exit(main())
