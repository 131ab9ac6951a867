"""The import path lesson tests use, ``from grader.checks import check_tensor, ...``.

The assertion helpers live in ``grader.authoring.checks`` with the rest of the lesson
author's API; this name stays so that every lesson test (and every forked course's
tests) keeps working, as ``pytest`` re-exports ``_pytest``."""
from .authoring.checks import *  # noqa: F401,F403
from .authoring.checks import __all__  # noqa: F401
