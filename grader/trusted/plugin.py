"""The pytest plugin that connects lesson tests to a submission.

It provides the fixtures tests use (``student``, ``student_source``, ``rng``), the
markers (``points``, ``timeout``, ``cuda``) and records one ``TestResult`` per test.
It runs in the trusted process: it never imports student code, only talks to the
lesson's runner through ``client.LessonRunner``.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import torch

from ..authoring.static import StudentSource
from ..course import Course, Lesson
from ..limits import (
    CUDA_START_SECONDS,
    DEFAULT_TEST_TIMEOUT_SECONDS,
    DETAIL_CHARS,
    MAX_FILE_BYTES,
    cpu_seconds_for_test,
)
from ..sandbox.zygote import Zygote
from .client import LessonRunner
from .cuda_host import cuda_host
from .cuda_slots import hold_gpu_slot
from .lesson_files import missing_problem
from .notebooks import LessonSource, NotebookProblem, find_lesson_source
from .outcomes import GradingError, StudentRaised, SubmissionProblem
from .remote import StudentModule
from .results import HARDWARE_SKIP, TestResult, described_function

MARKERS = [
    "points(n): points the test is worth (default 1)",
    "timeout(seconds): wall-clock limit for the student code the test runs",
    "cuda: needs a CUDA GPU; skipped and left out of max_score where CUDA does not work (trusted.cuda_host); "
    f"its timeout has {CUDA_START_SECONDS:g} s more (a runner's first CUDA call starts CUDA)",
]


# Where each collected test is (``Item.location``: pytest computes it for every test it runs,
# from the function's source file), by test file and node id: found once, when the warm parent
# collects the tests (``session.warm_up_pytest``), and known in every worker forked from it.
_LOCATIONS: dict[tuple[str, str], tuple[str, int | None, str]] = {}


def seed_for(nodeid: str) -> int:
    """The seed of a test: the same on every run, different for every test."""
    return int(hashlib.sha256(nodeid.encode()).hexdigest()[:8], 16)


def marker_arg(item, name: str, default):
    """The first argument of the test's ``name`` marker, or ``default``."""
    mark = item.get_closest_marker(name)
    return mark.args[0] if mark and mark.args else default


class GradingPlugin:
    def __init__(self, course: Course, lessons: list[Lesson], submission_root: Path,
                 zygote: Zygote, uid: int, default_timeout: float = DEFAULT_TEST_TIMEOUT_SECONDS):
        self.course, self.submission_root = course, submission_root
        self.lessons = {lesson.name: lesson for lesson in lessons}
        self.zygote, self.uid, self.default_timeout = zygote, uid, default_timeout
        self.runners: dict[str, LessonRunner] = {}
        self.results: list[TestResult] = []
        self.failure_logs: dict[tuple[str, str], list[dict]] = {}   # (lesson, test) -> its calls, failing tests only
        self.broken_tests: dict[str, str] = {}   # lesson -> collection error (the grader's fault)
        self._started: dict[str, float] = {}
        self._applied: dict[str, tuple[float, int]] = {}   # test -> (timeout, CPU seconds) it ran under
        self._places: dict[str, tuple[str, str]] = {}
        self._folders: dict[str, Path] = {}
        self.sources: dict[str, LessonSource | None] = {}   # what each lesson is graded from
        self._unreadable: dict[str, str] = {}               # lesson -> why it cannot be loaded (notebook, missing)
        self._scratch: str | None = None                     # modules made from notebooks
        self._item = None                                    # the test being run

    # -- helpers ------------------------------------------------------------------
    def lesson_of(self, item) -> Lesson:
        return self.lessons[self._place(item)[0]]

    def _place(self, item) -> tuple[str, str]:
        """(lesson name, test file relative to the lesson folder), computed once per file."""
        key = str(item.path)
        if key not in self._places:
            rel = Path(key).resolve().relative_to(self.course.tests_dir.resolve())
            self._places[key] = (rel.parts[0], Path(*rel.parts[1:]).as_posix())
        return self._places[key]

    def test_name(self, item) -> str:
        """Unique within the lesson: ``test_public.py::test_x`` or ``hidden/test_hidden.py::test_x``."""
        return f"{self._place(item)[1]}::{item.name}"

    def lesson_folder(self, lesson: Lesson) -> Path:
        """The folder the lesson's runner loads: the submission's own, or, for a lesson
        handed in as a notebook, a copy of it holding the module its code cells make."""
        if lesson.name not in self._folders:
            folder = self.submission_root / lesson.name
            try:
                source = self.sources[lesson.name] = find_lesson_source(folder, lesson.module, lesson.name)
            except NotebookProblem as exc:
                source, self.sources[lesson.name], self._unreadable[lesson.name] = None, None, str(exc)
            else:
                if source is None:  # names where the module was found instead, if anywhere
                    self._unreadable[lesson.name] = missing_problem(self.submission_root, lesson)
            if source and source.is_notebook:
                self._scratch = self._scratch or tempfile.mkdtemp(prefix="grader-notebooks-")
                made = Path(self._scratch, lesson.name)
                made.mkdir()
                for f in folder.iterdir():
                    if f.is_file() and not f.is_symlink() and f.suffix != ".ipynb" and not f.name.startswith("."):
                        shutil.copyfile(f, made / f.name)
                (made / lesson.filename).write_text(source.text, encoding="utf-8")
                folder = made
            self._folders[lesson.name] = folder
        return self._folders[lesson.name]

    def notes(self) -> dict[str, list[str]]:
        """What the grader did to a lesson's files before grading them, by lesson name."""
        return {name: source.notes for name, source in self.sources.items() if source and source.notes}

    def runner_for(self, lesson: Lesson) -> LessonRunner:
        """The lesson's runner, kept for its public and then its hidden tests.  Each lesson
        has a uid of its own (``uid`` + its position), so nothing a lesson's code leaves
        behind under its uid reaches another lesson's code."""
        if lesson.name not in self.runners:
            uid = self.uid + list(self.lessons).index(lesson.name)
            folder = self.lesson_folder(lesson)
            runner = self.runners[lesson.name] = LessonRunner(
                self.zygote, str(folder), lesson.module, uid, self.sources.get(lesson.name))
            if lesson.name in self._unreadable:
                runner.broken = SubmissionProblem(self._unreadable[lesson.name])
        return self.runners[lesson.name]

    def problems(self) -> dict[str, str]:
        """Lesson-level problems (missing file, import failure, broken test file) by lesson name."""
        found = {name: str(r.broken) for name, r in self.runners.items() if r.broken}
        for lesson in self.broken_tests:
            found[lesson] = ("grader error: this lesson's tests could not be loaded; "
                             "your instructor has been told") + (f" ({found[lesson]})" if lesson in found else "")
        return found

    def close(self) -> None:
        for runner in self.runners.values():
            runner.stop()
        for runner in self.runners.values():
            runner.close()
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    # -- pytest hooks -----------------------------------------------------------------
    def pytest_configure(self, config) -> None:
        for line in MARKERS:
            config.addinivalue_line("markers", line)

    def pytest_collection_modifyitems(self, items) -> None:
        host = cuda_host()
        for item in items:
            if item.get_closest_marker("cuda") and not host.usable:
                item.add_marker(pytest.mark.skip(reason=host.skip_message))
            key = str(item.path), item.nodeid
            if key in _LOCATIONS:
                item.__dict__["location"] = _LOCATIONS[key]   # the cached_property's value, found before
            else:
                _LOCATIONS[key] = item.location

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item) -> None:
        self._item = item   # the test the fixtures serve (pytest's ``request`` costs a fixture definition each)

    def pytest_collectreport(self, report) -> None:
        if report.failed:
            path = Path(self.course.tests_dir, report.nodeid.split("::")[0])
            lesson = path.resolve().relative_to(self.course.tests_dir.resolve()).parts[0]
            self.broken_tests[lesson] = str(report.longrepr)

    def pytest_runtest_setup(self, item) -> None:
        cuda = item.get_closest_marker("cuda") is not None
        if cuda:
            hold_gpu_slot()   # before the test's clock starts: waiting for the GPU costs no student time
        self._started[item.nodeid] = time.monotonic()
        timeout = float(marker_arg(item, "timeout", self.default_timeout))
        timeout += CUDA_START_SECONDS if cuda else 0.0
        runner = self.runner_for(self.lesson_of(item))
        runner.hidden_phase |= self._place(item)[1].startswith("hidden/")
        self._applied[item.nodeid] = timeout, cpu_seconds_for_test(timeout)
        runner.begin_test(seed_for(item.nodeid), *self._applied[item.nodeid])

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item, call):
        """Build the report from our own outcome, without formatting tracebacks
        (they are slow, and a hidden test's source must never reach a report)."""
        status, message = _outcome(call, item)
        outcome = {"passed": "passed", "skipped": "skipped", HARDWARE_SKIP: "skipped"}.get(status, "failed")
        if call.when != "call" and status == "passed":
            outcome, message = "passed", ""
        longrepr = (str(item.path), item.location[1] or 0, message) if outcome == "skipped" else (message or None)
        report = pytest.TestReport(item.nodeid, item.location, {k: 1 for k in item.keywords}, outcome,
                                   longrepr, call.when, (), call.duration, call.start, call.stop)
        if call.when == "call" or (call.when == "setup" and outcome != "passed"):
            self._record(item, status, message)
        return report

    def pytest_sessionfinish(self) -> None:
        self.close()

    # -- fixtures -----------------------------------------------------------------------
    @pytest.fixture
    def student(self) -> StudentModule:
        """The student's lesson module, reached through its sandboxed runner."""
        return StudentModule(self.runner_for(self.lesson_of(self._item)))

    @pytest.fixture
    def student_source(self) -> StudentSource:
        """The text of the student's lesson file, with the other ``.py`` files of its
        folder (for static checks; never executed)."""
        lesson = self.lesson_of(self._item)
        path = self.lesson_folder(lesson) / lesson.filename
        if lesson.name in self._unreadable:
            raise SubmissionProblem(self._unreadable[lesson.name])
        if not path.is_file():
            raise SubmissionProblem(f"{lesson.filename} is missing from the submission")
        siblings = {p.stem: _read_source(p) for p in sorted(path.parent.glob("*.py"))
                    if p != path and p.is_file() and not p.is_symlink()}
        return StudentSource(_read_source(path), lesson.module, siblings)

    @pytest.fixture
    def rng(self) -> torch.Generator:
        """A generator seeded from the test's id: same inputs on every run."""
        return torch.Generator().manual_seed(seed_for(self._item.nodeid))

    # -- recording ------------------------------------------------------------------------
    def _record(self, item, status: str, message: str) -> None:
        lesson = self.lesson_of(item)
        points = float(marker_arg(item, "points", 1))
        hidden = self._place(item)[1].startswith("hidden/")
        runner = self.runners.get(lesson.name)
        doc = (getattr(item.function, "__doc__", None) or "").strip().splitlines()
        source = self.sources.get(lesson.name)
        timeout, cpu_seconds = self._applied.get(item.nodeid, (None, None))   # None: it never began
        if status != "passed" and runner:
            self.failure_logs[lesson.name, self.test_name(item)] = runner.log.entries()
        if source and source.is_notebook and status != "passed" and not (runner and runner.broken):
            message = source.translate(message) + source.definition_note(described_function(doc[0] if doc else ""))
        self.results.append(TestResult(
            lesson=lesson.name, name=self.test_name(item), description=doc[0] if doc else "",
            visibility="hidden" if hidden else "visible",
            max_score=0.0 if status == HARDWARE_SKIP else points,
            score=points if status == "passed" else 0.0,
            status=status, message=message,
            output=runner.last_output if runner else "",
            duration=round(time.monotonic() - self._started.get(item.nodeid, time.monotonic()), 4),
            timeout_seconds=timeout, cpu_seconds=cpu_seconds))


def _read_source(path: Path) -> str:
    """A student file as text, at most ``MAX_FILE_BYTES`` bytes of it (a byte-order mark, which
    Windows editors write and Python ignores, dropped)."""
    return path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8-sig", "replace")


def _outcome(call, item) -> tuple[str, str]:
    """(status, message) of one test phase, decided from the exception alone."""
    if call.excinfo is None:
        return "passed", ""
    exc = call.excinfo.value
    if isinstance(exc, pytest.skip.Exception):
        if item.get_closest_marker("cuda") and not cuda_host().usable:
            return HARDWARE_SKIP, exc.msg
        return "skipped", f"skipped: {exc.msg}"
    if isinstance(exc, GradingError):
        return exc.status, str(exc)
    if isinstance(exc, StudentRaised):
        trace = f"\n{exc.student_traceback}" if exc.student_traceback else ""
        return "failed", f"{exc}{trace}"
    if isinstance(exc, AssertionError):
        return "failed", str(exc) or "a check failed"
    return "failed", f"the result could not be checked: {type(exc).__name__}: {str(exc)[:DETAIL_CHARS]}"
