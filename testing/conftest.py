"""Shared helpers for the project's own tests, and the switch that makes the security suite
count: with ``GRADER_REQUIRE_SECURITY=1`` (set by ``.ci/run``) a test marked ``security``
(root-only, hostile submissions) that skips fails instead, so CI cannot pass it without running it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GRADER = Path(sys.executable).with_name("grader")
# ``python -m grader`` where this interpreter has no grader script (a GPU host's python3 running
# the checkout: ``grader.devtools.gpu_check``).
GRADER_COMMAND = [str(GRADER)] if GRADER.is_file() else [sys.executable, "-m", "grader"]
REQUIRE_SECURITY = "GRADER_REQUIRE_SECURITY"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under ``GRADER_REQUIRE_SECURITY=1``, a skipped ``security`` test is reported as failed (an
    error where it skipped in setup, as ``skipif`` does); an expected failure, ``xfail``, stays one."""
    outcome = yield
    report = outcome.get_result()
    if (report.skipped and not hasattr(report, "wasxfail") and item.get_closest_marker("security")
            and os.environ.get(REQUIRE_SECURITY) == "1"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = (f"{REQUIRE_SECURITY}=1: this security test must run here, but it skipped: {reason}\n"
                           f"(run the suite as root on Linux, with the course's lessons, or unset {REQUIRE_SECURITY})")


def run_grader(*args: str, timeout: float = 900, check: bool = True,
               course: Path = REPO) -> subprocess.CompletedProcess:
    """Run the ``grader`` command of this checkout on ``course``."""
    proc = subprocess.run([*GRADER_COMMAND, "--course", str(course), *args], capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"grader {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def lesson_points(lesson: str, include_hidden: bool = True) -> float:
    """The points of a lesson's tests this host runs (a full-marks score), from the tests themselves."""
    from grader.course import Course
    from grader.trusted.cuda_host import cuda_host
    from grader.trusted.session import declared_tests

    course = Course(REPO)
    return sum(t.points for t in declared_tests(course, course.lessons([lesson])[0], include_hidden)
               if not t.cuda or cuda_host().usable)


def results(out: Path, student: str, lesson: str) -> dict:
    return json.loads((out / student / lesson / "results.json").read_text())


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's headless Chromium, for the tests that open pages; asked for before a grading
    fixture, so that a skip costs no grading.  With GRADER_REQUIRE_CHROMIUM=1 (CI) its absence fails."""
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("GRADER_REQUIRE_CHROMIUM") == "1":
        pytest.fail("GRADER_REQUIRE_CHROMIUM=1 but no chromium on PATH (apt-get install -y chromium)")
    pytest.skip("no chromium on PATH (apt-get install -y chromium); CI sets GRADER_REQUIRE_CHROMIUM=1")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def report_snapshot(out: Path) -> dict[str, object]:
    """Every report file under ``out`` (PNG images aside), results without their timings:
    what must be identical between two gradings of the same class."""
    files = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix == ".png":
            continue
        rel = path.relative_to(out).as_posix()
        if path.name == "results.json":
            data = json.loads(path.read_text())
            for t in data["tests"]:
                t.pop("duration_s")
            files[rel] = data
        else:
            files[rel] = path.read_text()
    return files
