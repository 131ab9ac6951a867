"""``grader export PLATFORM ...``: the course, or its grades, in another platform's format
(one module of ``grader.exports`` per platform)."""
from __future__ import annotations

import importlib

from ..course import Course

HELP = "write the course or its grades for another platform (nbgrader, gradescope, lms)"
PLATFORMS = ["nbgrader", "gradescope", "lms"]


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="platform", required=True)
    for name in PLATFORMS:
        module = importlib.import_module(f"grader.exports.{name}")
        module.add_arguments(sub.add_parser(name, help=module.HELP))


def run(course: Course, args) -> int:
    return importlib.import_module(f"grader.exports.{args.platform}").run(course, args)
