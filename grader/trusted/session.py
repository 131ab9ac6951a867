"""Run the lesson tests of one submission in this (trusted) process and return
the results.  pytest is configured by the grader alone: no rootdir config, no
plugins from entry points, no cache, plain asserts, no terminal output."""
from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..course import Course, Lesson
from ..limits import MAX_FILE_BYTES
from ..sandbox.zygote import Zygote
from .cuda_host import cuda_host
from .diagnosis import diagnose
from .plugin import GradingPlugin, marker_arg
from .results import LessonReport, TestResult

UNUSED_PLUGINS = ["cacheprovider", "terminal", "doctest", "pastebin", "legacypath", "unraisableexception",
                  "threadexception", "faulthandler", "stepwise", "junitxml", "timeout", "logging", "warnings",
                  "capture", "unittest", "setuponly", "setupplan", "subtests", "tmpdir", "recwarn", "debugging"]
# importlib mode: no test folder goes on sys.path, and each lesson's test folder is a package
# of its own (``07_linear_regression``), so its tests import their helpers relatively
# (``from .helpers import ...``; ``from ..helpers`` in hidden/) and no two lessons' helpers,
# nor a helper and a student's module, can share a name.
PYTEST_ARGS = [
    "--assert=plain", "--import-mode=importlib", "--continue-on-collection-errors",
    "-o", "python_files=test_*.py", "-o", "python_functions=test_*", "-o", "addopts=",
    *[arg for name in UNUSED_PLUGINS for arg in ("-p", f"no:{name}")],
]


def warm_up_pytest(course: Course, lessons: list[Lesson], zygote: Zygote) -> None:
    """Collect the tests once in this process: pytest's lazy imports and the test
    modules are then shared by every forked worker instead of loaded by each."""
    plugin = GradingPlugin(course, lessons, course.assignments_dir, zygote, 0)
    files = [str(p) for lesson in lessons for p in lesson.test_files(True)]
    with _quiet():
        pytest.main(["--co", "-c", os.devnull, "--rootdir", str(course.tests_dir), *PYTEST_ARGS, *files],
                    plugins=[plugin])


@dataclass(frozen=True)
class DeclaredTest:
    name: str          # as in reports: ``test_public.py::test_x`` or ``hidden/test_hidden.py::test_x``
    description: str   # the first line of its docstring
    points: float
    hidden: bool
    cuda: bool


def declared_tests(course: Course, lesson: Lesson, include_hidden: bool = True) -> list[DeclaredTest]:
    """The lesson's tests as pytest collects them (parametrized ones one by one), in grading order."""
    plugin = GradingPlugin(course, [lesson], course.assignments_dir, None, 0)
    found: list[DeclaredTest] = []

    class Recorder:
        def pytest_collection_finish(self, session) -> None:
            for item in session.items:
                doc = (getattr(item.function, "__doc__", None) or "").strip().splitlines()
                name = plugin.test_name(item)
                found.append(DeclaredTest(name, doc[0] if doc else "", float(marker_arg(item, "points", 1)),
                                          name.startswith("hidden/"), item.get_closest_marker("cuda") is not None))

    files = [str(p) for p in lesson.test_files(include_hidden)]
    with _quiet():
        pytest.main(["--co", "-c", os.devnull, "--rootdir", str(course.tests_dir), *PYTEST_ARGS, *files],
                    plugins=[plugin, Recorder()])
    return found


@contextlib.contextmanager
def _quiet():
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        yield


def run_lessons(course: Course, lessons: list[Lesson], submission_root: Path, *, include_hidden: bool,
                zygote: Zygote, uid: int) -> tuple[list[TestResult], dict[str, str], dict[str, list[str]],
                                                   dict[tuple[str, str], list[dict]]]:
    """Results of every test of ``lessons`` for the submission whose lesson folders
    are in ``submission_root``, lesson-level problems and notes by lesson name, and the
    failing tests' call logs by (lesson, test)."""
    plugin = GradingPlugin(course, lessons, submission_root, zygote, uid)
    # Every public test before any hidden one: what students see (public output, import
    # problems) is all produced before student code has seen a hidden test's input.
    files = [str(p) for lesson in lessons for p in lesson.public_tests()]
    files += [str(p) for lesson in lessons for p in lesson.hidden_tests()] if include_hidden else []
    if files:
        try:
            with _quiet():
                code = pytest.main(["-c", os.devnull, "--rootdir", str(course.tests_dir), *PYTEST_ARGS, *files],
                                   plugins=[plugin])
        finally:
            plugin.close()
        if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
            raise RuntimeError(f"the lesson tests could not run (pytest exit code {int(code)})")
        for lesson, error in plugin.broken_tests.items():
            print(f"GRADER ERROR: tests of {lesson} failed to load:\n{error}", file=sys.stderr)
    return plugin.results, plugin.problems(), plugin.notes(), plugin.failure_logs


def grade_submission(course: Course, lessons: list[Lesson], submission_root: Path, student: str, *,
                     include_hidden: bool, zygote: Zygote, uid: int, protections: dict,
                     known: dict[str, list[dict]] | None = None) -> list[LessonReport]:
    """One ``LessonReport`` per lesson for the submission in ``submission_root``, with the
    known mistakes its failures show where ``known`` (``trusted.known_mistakes``) has the lesson's."""
    results, problems, notes, logs = run_lessons(course, lessons, submission_root, include_hidden=include_hidden,
                                                 zygote=zygote, uid=uid)
    reports = [LessonReport(student, lesson.name, [r for r in results if r.lesson == lesson.name],
                            problems.get(lesson.name, ""), protections, notes.get(lesson.name, []),
                            cuda=cuda_host().report())
               for lesson in lessons]
    for lesson, report in zip(lessons, reports):
        if known and lesson.name in known:
            report.diagnoses, report.unexplained = diagnose(
                report, {test: log for (name, test), log in logs.items() if name == lesson.name},
                known[lesson.name], _module_text(submission_root / lesson.name / lesson.filename))
    return reports


def _module_text(path: Path) -> str:
    try:
        return path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8-sig", "replace")
    except OSError:
        return ""
