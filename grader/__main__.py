"""``python -m grader``: the ``grader`` command, where the script is not on PATH (Windows)."""
import sys

from .cli import main

sys.exit(main())
