"""Test cells for notebooks: ``check_test(lesson, test)`` grades the code this Jupyter
kernel has run with one of the course's tests, in the grader's sandbox.

nbgrader's autograded cells (``grader export nbgrader``) are calls to it.  The kernel runs
the student's code, so it holds no test and decides no score: the code cells it has run
(its input history, test cells left out) are written as the lesson's notebook to a fresh
folder, ``python -m grader check`` grades that folder in a process of its own (as any
notebook submission: see ``trusted.notebooks``), and only the verdict comes back.  One
grading serves every test cell until the code changes; cell N in messages is ``In [N]``.

Where the course lives: ``$GRADER_COURSE``, else the course this package sits in.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .course import Course, find_course
from .limits import GRADER_ERROR_CHARS
from .report_files import RESULTS
from .trusted.results import LessonReport

_graded: dict[tuple[str, str], dict] = {}   # (lesson, hash of the module) -> its results.json


def course() -> Course:
    if os.environ.get("GRADER_COURSE"):
        return Course(Path(os.environ["GRADER_COURSE"]).resolve())
    return find_course(Path(__file__).resolve().parent)


def check_test(lesson: str, test: str) -> None:
    """Return quietly if ``test`` (``test_public.py::test_forward_floats``, or a hidden
    one) passes on the code run so far; raise ``AssertionError`` saying why if not."""
    report = LessonReport.from_results_json(_results(lesson))
    found = next((t for t in report.graded if t.name == test), None)
    if found is None:
        raise AssertionError(report.problem or f"{test} is not a test of {lesson} in the course at "
                             f"{course().root} (hidden tests run only where the course's hidden tests are)")
    if not found.passed:
        raise AssertionError("this hidden test did not pass (its inputs are not shown)" if found.hidden
                             else found.shown)
    print(f"passed: {test}")


def _results(lesson: str) -> dict:
    the_course = course()
    module = the_course.lessons([lesson])[0].module
    cells = _history()
    code = [(number, text) for number, text in enumerate(cells, 1) if text]  # test cells run since change nothing
    key = (lesson, hashlib.sha256(json.dumps(code).encode()).hexdigest())
    if key not in _graded:
        _graded[key] = _grade(the_course, lesson, module, cells)
    return _graded[key]


def _history() -> list[str]:
    """The code of the cells this kernel has run, in order (``In [1]`` first), test cells blank."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("check_test runs in a Jupyter notebook (an IPython kernel)")
    return ["" if "grader.jupyter" in text or "check_test(" in text else text
            for text in shell.history_manager.input_hist_raw[1:]]


def _grade(the_course: Course, lesson: str, module: str, cells: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="grader-notebook-") as work:
        folder = Path(work, "submission", lesson)
        folder.mkdir(parents=True)
        given = the_course.assignments_dir / lesson
        for data in given.iterdir() if given.is_dir() else []:
            if data.is_file() and data.suffix not in (".py", ".ipynb", ".md"):
                (folder / data.name).write_bytes(data.read_bytes())
        import nbformat

        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in cells])
        (folder / f"{module}.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
        out = Path(work, RESULTS)
        command = [sys.executable, "-m", "grader", "--course", str(the_course.root), "check", "--hidden",
                   "--submission", str(folder.parent), "--lesson", lesson, "--results", str(out)]
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
        if not out.is_file():
            raise RuntimeError(f"the grader did not run (exit code {done.returncode}):\n"
                               f"{done.stderr[-GRADER_ERROR_CHARS:]}")
        return json.loads(out.read_text(encoding="utf-8"))[0]
