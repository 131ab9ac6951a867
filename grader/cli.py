"""The ``grader`` command: one subcommand per module of ``grader.commands``.

    grader check [--lesson L ...]         public tests against assignments/ (students)
    grader submit [--out FILE]            submission.zip of the lesson files, to hand in (students)
    grader collect ROSTER.csv --deadline ISO8601 --out SUBMISSIONS
                                          each student's repository as at the deadline (instructors)
    grader grade SUBMISSIONS --out DIR    grade a class (instructors)
    grader similarity SUBMISSIONS --out DIR
                                          pairs of students ranked by shared code (instructors)
    grader selfcheck                      solutions score full marks, stubs zero, stubs fresh
    grader stubs [--check]                regenerate assignments/ from solutions/
    grader release OUT_DIR                write the repository students receive
    grader export nbgrader OUT_DIR        the course as an nbgrader course folder
    grader export gradescope LESSON ZIP   a Gradescope autograder for one lesson
    grader export lms REPORTS --roster GRADEBOOK.csv --match COLUMN --out FILE
                                          the grades into an LMS's gradebook CSV

The student release ships only ``check`` and ``submit``; a command whose module is
absent is not offered.  Student code never runs in this process: runners are forked by
the zygote, a fresh interpreter with a short fixed environment started before this
process loads torch or any test (see ``grader.sandbox.zygote``).
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

COMMANDS = ["check", "submit", "collect", "grade", "similarity", "selfcheck", "stubs", "release", "export"]


def available_commands() -> dict:
    """Command name -> its module, for the commands this copy of the grader ships."""
    found = {}
    for name in COMMANDS:
        if importlib.util.find_spec(f"grader.commands.{name}") is not None:
            found[name] = importlib.import_module(f"grader.commands.{name}")
    return found


def _parser(commands: dict) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="grader", description="Autograder for the PyTorch course.")
    p.add_argument("--course", type=Path, default=None, help="course folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, module in commands.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP))
    return p


def main(argv: list[str] | None = None) -> int:
    commands = available_commands()
    args = _parser(commands).parse_args(argv)
    from .course import Course, find_course

    course = Course(args.course.resolve()) if args.course else find_course()
    return commands[args.command].run(course, args)


if __name__ == "__main__":
    sys.exit(main())
