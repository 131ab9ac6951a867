"""The parts ``grader grade`` is made of, without a class to grade: the run object made
once from the arguments (``trusted.grading_run``), the record of a grading's conditions
that a rerun's reuse goes by (``trusted.reuse``), a student's report files
(``reports.student_files``) and the trusted worker's fork-run-exit (``trusted.workers``)."""
import argparse
import dataclasses
import json
import os
import resource
import subprocess
import sys

import pytest

from grader.commands import grade
from grader.course import Course
from grader.limits import WORKER_MEMORY_BYTES, Limits
from grader.report_files import FEEDBACK, GRADED_MARK, RESULTS
from grader.reports.student_files import clear, write_failure, write_student
from grader.sandbox import layers
from grader.sandbox.confine import protections
from grader.trusted.grading_run import GradingRun
from grader.trusted.identity import Student
from grader.trusted.intake import Submission
from grader.trusted.results import LessonReport
from grader.trusted.reuse import Conditions, lesson_fingerprint, reusable
from grader.trusted.workers import cpus_for_workers, fork_worker

from conftest import REPO

COURSE = Course(REPO)
LESSON = "00_python_basics"
STUDENT = Student("张三 Ana María", "张三 Ana María")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    grade.add_arguments(parser)
    return parser.parse_args(argv)


@pytest.fixture
def unconfined_host(monkeypatch):
    """A host that allows no confinement (``GRADER_UNCONFINED``), probed afresh."""
    monkeypatch.setenv(layers.FORCE_UNCONFINED, "1")
    layers.available.cache_clear()
    yield
    layers.available.cache_clear()


def test_the_run_is_what_the_arguments_say(tmp_path, monkeypatch, unconfined_host):
    monkeypatch.chdir(tmp_path)
    run = GradingRun.from_args(COURSE, parse("subs", "--out", "reports", "--lessons", LESSON, "01_tensors",
                                             "--public-only", "--jobs", "3", "--force", "--no-progress",
                                             "--unconfined"), tmp_path / "staging")
    assert run.lesson_names == [LESSON, "01_tensors"] and run.lessons[0].name == LESSON
    assert (run.submissions, run.out) == (tmp_path / "subs", tmp_path / "reports")  # absolute: workers chdir
    assert not run.include_hidden and run.force and run.jobs == 3 and not run.progress and not run.scheduler
    assert run.unconfined and run.protections == protections(run.limits) and run.protections["unconfined"]
    assert run.hidden_from_runners() == [tmp_path / "subs", tmp_path / "reports", tmp_path / "staging"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.include_hidden = True


def test_the_defaults_grade_every_lesson_with_hidden_tests_on_every_core(tmp_path, unconfined_host):
    run = GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o"), "--unconfined"), tmp_path)
    assert run.lesson_names == [lesson.name for lesson in COURSE.lessons()]
    assert run.include_hidden and not run.force and run.progress and run.jobs == max(1, os.cpu_count() or 1)


def test_a_host_without_confinement_is_refused_unless_told(tmp_path, unconfined_host):
    with pytest.raises(SystemExit, match="--unconfined"):
        GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o")), tmp_path)


def test_grading_here_needs_linux_grading_on_a_cluster_does_not(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(SystemExit, match="runs on Linux"):
        GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o")), tmp_path)
    run = GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler",
                                             "tcp://127.0.0.1:8786"), tmp_path)
    # the workers confine their runners and say so in the reports; this host only stages and writes
    assert run.scheduler == "tcp://127.0.0.1:8786" and run.protections == {} and not run.unconfined


def test_making_the_run_loads_no_torch(tmp_path):
    """The zygote starts before this process loads torch (``trusted.workers.warm_parent``):
    the run is made first, so making it must not load torch or the tests."""
    code = ("import argparse, sys; from pathlib import Path; from grader.commands import grade; "
            "from grader.course import Course; from grader.trusted.grading_run import GradingRun; "
            "p = argparse.ArgumentParser(); grade.add_arguments(p); "
            f"GradingRun.from_args(Course(Path({str(REPO)!r})), p.parse_args([{str(tmp_path)!r}, '--out', "
            f"{str(tmp_path / 'o')!r}, '--unconfined']), Path({str(tmp_path)!r})); "
            "print([m for m in ('torch', 'pytest', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_an_unknown_lesson_is_refused(tmp_path):
    with pytest.raises(SystemExit):
        GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o"), "--lessons", "99_nothing",
                                           "--scheduler", "tcp://127.0.0.1:8786"), tmp_path)


# ----------------------------------------------------------------------------- the fingerprint record
def fingerprint(root, **changes) -> str:
    conditions = dataclasses.replace(Conditions(include_hidden=True, gpu=False, unconfined=False), **changes)
    return lesson_fingerprint(COURSE.lessons([LESSON])[0], root, conditions)


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "lessons"
    (folder / LESSON).mkdir(parents=True)
    (folder / LESSON / "basics.py").write_text("def sign(x):\n    return '零'\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("change", [{"include_hidden": False}, {"gpu": True}, {"unconfined": True},
                                    {"problem": "the zip file could not be read"},
                                    {"collected": {"repository": "https://example.org/张三/course"}},
                                    {"left_out": ("04_linear_model/a_plot_00.png: not a file type the grader reads",)}],
                         ids=lambda change: next(iter(change)))
def test_each_part_of_the_record_is_in_the_fingerprint(submission, change):
    assert fingerprint(submission, **change) != fingerprint(submission)


def test_the_fingerprint_is_of_the_lessons_files_and_of_no_others(submission):
    before = fingerprint(submission)
    assert fingerprint(submission) == before
    (submission / "01_tensors").mkdir()
    (submission / "01_tensors" / "tensors.py").write_text("x = 1\n")
    assert fingerprint(submission) == before
    (submission / LESSON / "basics.py").write_text("def sign(x):\n    return 'zero'\n")
    assert fingerprint(submission) != before


def test_a_record_is_its_fields_by_name():
    collected = {"repository": "r", "commit": "c"}
    assert Conditions(True, False, False, "", collected).key() == \
        Conditions(True, False, False, "", dict(reversed(collected.items()))).key()
    assert json.loads(Conditions(True, False, True, "问题").key()) == {
        "include_hidden": True, "gpu": False, "unconfined": True, "problem": "问题", "collected": None,
        "left_out": [], "known": ""}


def test_prepare_stages_and_fingerprints_each_lesson(tmp_path, submission, unconfined_host):
    entry = tmp_path / "subs" / STUDENT.id
    entry.mkdir(parents=True)
    (submission / LESSON).rename(entry / LESSON)
    run = GradingRun.from_args(COURSE, parse(str(entry.parent), "--out", str(tmp_path / "out"), "--lessons",
                                             LESSON, "01_tensors", "--unconfined"), tmp_path / "staging")
    sub, fingerprints = run.prepare(entry, STUDENT)
    assert sub.lessons_root == tmp_path / "staging" / STUDENT.folder / "lessons"
    assert (sub.lessons_root / LESSON / "basics.py").is_file() and set(fingerprints) == {LESSON, "01_tensors"}
    from grader.trusted.known_store import known_version

    conditions = Conditions(include_hidden=True, gpu=run.cuda.usable, unconfined=True,
                            known=known_version(COURSE, run.lessons[0]))   # the catalogue graded against
    assert conditions.known   # the lesson has known mistakes: a new entry regrades its students
    assert fingerprints[LESSON] == lesson_fingerprint(run.lessons[0], sub.lessons_root, conditions)


# ----------------------------------------------------------------------------- a student's report files
def test_reports_written_then_reused_then_cleared(tmp_path):
    folder, sub = tmp_path / STUDENT.folder, Submission(STUDENT.id, tmp_path, tmp_path, notes=("skipped a.bin",))
    fingerprints = {LESSON: "f" * 64}
    write_student(folder, STUDENT.id, sub, fingerprints, [LessonReport(STUDENT.id, LESSON, [])])
    assert reusable(folder, STUDENT.id, fingerprints) and not reusable(folder, STUDENT.id, {LESSON: "0" * 64})
    assert "skipped a.bin" in (folder / FEEDBACK).read_text(encoding="utf-8")
    clear(folder, fingerprints)
    assert not any(p.is_file() for p in folder.rglob("*")) and not reusable(folder, STUDENT.id, fingerprints)


def test_a_failure_keeps_the_lessons_already_graded_and_no_mark(tmp_path):
    folder, sub = tmp_path / STUDENT.folder, Submission(STUDENT.id, tmp_path, tmp_path)
    write_student(folder, STUDENT.id, sub, {LESSON: "f" * 64}, [LessonReport(STUDENT.id, LESSON, [])])
    graded = (folder / LESSON / RESULTS).read_text(encoding="utf-8")
    write_failure(folder, STUDENT.id, [LESSON, "01_tensors"], "not graded: the grader failed")
    assert (folder / LESSON / RESULTS).read_text(encoding="utf-8") == graded and not (folder / GRADED_MARK).exists()
    failed = json.loads((folder / "01_tensors" / RESULTS).read_text(encoding="utf-8"))
    assert failed["score"] == 0 and "not graded: the grader failed" in json.dumps(failed, ensure_ascii=False)
    assert "not graded: the grader failed" in (folder / FEEDBACK).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- fork-run-exit
def exit_status(pid: int) -> int:
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def test_a_worker_exits_with_what_its_job_returns_or_1_if_it_raised(capfd):
    assert exit_status(fork_worker(lambda: 7, Limits())) == 7
    assert exit_status(fork_worker(lambda: 1 / 0, Limits())) == 1
    assert "ZeroDivisionError" in capfd.readouterr().err


def test_a_worker_has_its_address_space_capped_where_runners_have(tmp_path):
    def capped() -> int:
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        return 0 if soft != resource.RLIM_INFINITY and soft >= WORKER_MEMORY_BYTES else 2

    assert exit_status(fork_worker(capped, dataclasses.replace(Limits(), cap_address_space=True))) == 0
    assert exit_status(fork_worker(capped, dataclasses.replace(Limits(), cap_address_space=False))) == 2


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_workers_each_get_a_cpu_of_their_own_where_there_are_enough():
    """As many workers at a time as CPUs or fewer: one CPU each, which the worker runs on."""
    cpus = sorted(os.sched_getaffinity(0))
    assert cpus_for_workers(2) == [{cpus[0]}, {cpus[1]}]
    assert cpus_for_workers(1) == [{cpus[0]}] and cpus_for_workers(len(cpus) + 1) is None
    last = {cpus[-1]}
    assert exit_status(fork_worker(lambda: 0 if os.sched_getaffinity(0) == last else 3, Limits(), last)) == 0
    assert exit_status(fork_worker(lambda: 0 if len(os.sched_getaffinity(0)) == len(cpus) else 3, Limits())) == 0


@pytest.mark.parametrize("usable", [True, False])
def test_runners_get_room_for_cuda_only_where_the_run_found_that_it_works(tmp_path, monkeypatch, unconfined_host,
                                                                          usable):
    """The decision is exported before the run's limits are made: they are what its runners get."""
    from grader.limits import CUDA_HOST_MEMORY_BYTES, CUDA_SWITCH, RUNNER_MEMORY_BYTES
    from grader.trusted import cuda_host, grading_run

    for name in (CUDA_SWITCH, cuda_host.DECISION_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(cuda_host, "_decided", None)
    monkeypatch.setattr(grading_run, "decide", lambda: cuda_host.CudaHost(usable, "faked", 1, 8 * 2**30, False, 2))
    run = GradingRun.from_args(COURSE, parse(str(tmp_path), "--out", str(tmp_path / "o"), "--unconfined"), tmp_path)
    assert run.limits.memory_bytes == RUNNER_MEMORY_BYTES + (CUDA_HOST_MEMORY_BYTES if usable else 0)
