"""Runners: the process split, limits, replacement after a crash, and confinement."""
import os
import sys
import time
from pathlib import Path

import pytest
import torch

from grader.client import (LessonRunner, RunnerCrashed, RunnerMemory, RunnerTimeout, StudentModule,
                           StudentRaised, SubmissionProblem, _processes_of)
from grader.commands import slot_uid
from grader.sandbox import Layout, Limits
from grader.zygote import Zygote, prepare_parent

from conftest import REPO

CODE = '''
import os, time
import torch
def add(a, b): return a + b
def boom(): raise ValueError("bad input")
def spin():
    while True:
        try:
            pass
        except BaseException:
            pass
def leave(): os._exit(0)
def hog(): return torch.empty(10**12)
def who(): return os.getuid(), os.getcwd(), sorted(os.listdir('/tmp'))
def sees(path): return os.path.exists(path)
def ls(path): return sorted(os.listdir(path)) if os.path.isdir(path) else None
def fork_and_sleep():
    if os.fork() == 0:
        os.setsid()
        time.sleep(60)
        os._exit(0)
    return 1
class Box:
    def __init__(self, v): self.v = v
    def get(self): return self.v
'''


@pytest.fixture(scope="module")
def zygote():
    prepare_parent()
    z = Zygote(Layout(hide=[str(REPO)]), Limits(memory=1024**3), warm_meta=False)
    yield z
    z.close()


def make_lesson(tmp_path, code):
    (tmp_path / "01_demo").mkdir(exist_ok=True)
    (tmp_path / "01_demo" / "demo.py").write_text(code)
    return str(tmp_path / "01_demo")


@pytest.fixture
def student(tmp_path, zygote):
    lesson = LessonRunner(zygote, make_lesson(tmp_path, CODE), "demo", slot_uid(7))
    lesson.begin_test(1, 5.0, 10)
    yield StudentModule(lesson)
    lesson.close()


def test_calls_return_plain_data_and_objects_stay_remote(student):
    out = student.add(torch.ones(2), torch.ones(2))
    assert type(out) is torch.Tensor and out.tolist() == [2.0, 2.0]
    box = student.Box([1, 2])
    assert box.v == [1, 2] and box.get() == [1, 2]


def test_student_exceptions_arrive_as_data(student):
    with pytest.raises(StudentRaised) as info:
        student.boom()
    assert info.value.is_a(ValueError) and info.value.message == "bad input"
    assert "demo.py" in info.value.student_traceback
    with pytest.raises(StudentRaised, match="defines no 'missing'"):
        student.missing()


def test_timeout_kills_and_a_new_runner_takes_over(student):
    student._lesson.begin_test(2, 1.0, 5)
    start = time.monotonic()
    with pytest.raises(RunnerTimeout):
        student.spin()
    assert time.monotonic() - start < 3
    student._lesson.begin_test(3, 5.0, 5)
    assert student.add(1, 2) == 3


def test_crash_is_reported_and_recovered(student):
    with pytest.raises(RunnerCrashed):
        student.leave()
    assert student.add(2, 2) == 4


def test_memory_limit(student):
    with pytest.raises(RunnerMemory):
        student.hog()


def test_no_process_outlives_the_runner(student):
    assert student.fork_and_sleep() == 1
    uid = slot_uid(7)
    student._lesson.close()
    if os.geteuid() == 0:
        assert _processes_of(uid) == []


def test_import_failure_is_remembered(tmp_path, zygote):
    lesson = LessonRunner(zygote, make_lesson(tmp_path, "def f(:\n"), "demo", slot_uid(8))
    lesson.begin_test(1, 5.0, 5)
    for _ in range(2):
        with pytest.raises(SubmissionProblem, match="SyntaxError"):
            StudentModule(lesson).f()
    missing = LessonRunner(zygote, str(tmp_path / "nowhere"), "demo", slot_uid(8))
    missing.begin_test(1, 5.0, 5)
    with pytest.raises(SubmissionProblem, match="demo.py is missing"):
        StudentModule(missing).f()


@pytest.mark.skipif(os.geteuid() != 0, reason="confinement layers need root")
def test_root_runner_is_confined(student):
    uid, cwd, tmp_listing = student.who()
    assert uid == slot_uid(7) and cwd == "/tmp/submission" and "submission" in tmp_listing
    python_roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    visible = student.ls(str(REPO))
    assert visible is None or all(REPO / name in {p for r in python_roots for p in [r, *r.parents]}
                                  for name in visible), visible
    assert not student.sees(str(REPO / "solutions")) and not student.sees(str(REPO / "tests"))
    assert student.ls("/root") in (None, [], [".pyenv"]) and student.sees("/usr/bin")


def test_without_root_the_split_and_limits_still_hold(tmp_path, monkeypatch):
    """The path ``make check`` takes on a student's machine: no namespaces, no uid change."""
    import grader.sandbox

    monkeypatch.setattr(grader.sandbox, "is_root", lambda: False)
    z = Zygote(Layout(hide=[str(REPO)]), Limits(memory=1024**3), warm_meta=False)
    try:
        lesson = LessonRunner(z, make_lesson(tmp_path, CODE), "demo", slot_uid(9))
        lesson.begin_test(1, 5.0, 5)
        student = StudentModule(lesson)
        uid, cwd, _ = student.who()
        assert cwd.startswith(z.layout.scratch) and cwd.endswith("/submission")
        with pytest.raises(RunnerMemory):
            student.hog()
        lesson.begin_test(2, 1.0, 5)
        with pytest.raises(RunnerTimeout):
            student.spin()
        lesson.begin_test(3, 5.0, 5)
        assert student.add(1, 1) == 2
        lesson.close()
    finally:
        z.close()
    assert not Path(z.layout.scratch).exists()
