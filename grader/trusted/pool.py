"""``grader grade`` on this machine: one trusted worker forked per student from this warm
process (``trusted.workers``), at most ``jobs`` at a time.  A worker stages its student,
grades them (student code runs only in runners forked by the zygote) and writes their
reports (``reports.student_files``), or finds their reports of this very grading on disk.
A worker that dies or overruns ``GRADING_BACKSTOP_SECONDS`` costs that student a clear
message, never the run; when the zygote stops, no student gets scores from that point on.
Where CUDA works on this host, one runner must use it before any student is graded (else the
run stops: the sandbox's fault, ``SANDBOX_CUDA``), and at most ``run.cuda_jobs`` workers use
the GPU at once (``cuda_slots``)."""
from __future__ import annotations

import os
import signal
import time
from functools import partial
from pathlib import Path

from ..limits import GRADING_BACKSTOP_SECONDS
from ..reports.student_files import clear, write_failure, write_student
from ..sandbox.processes import kill_until_gone
from ..sandbox.uids import runner_uid, uids_of_student
from ..sandbox.zygote import Zygote
from .cuda_host import check_runners
from .cuda_slots import share_gpu
from .grading_run import GradingRun, Tally
from .identity import Student
from .known_mistakes import known_mistakes
from .workers import cpus_for_workers, fork_worker, freeze_for_workers, grade, warm_parent

ZYGOTE_LOST_EXIT = 3  # a worker's exit status when the zygote died under it
REUSED_EXIT = 4       # a worker's exit status when the student's reports of this grading were on disk
SANDBOX_CUDA = ("error: {reason}.\nNo student was graded: with CUDA broken in the sandbox every CUDA test would "
                "fail.  Fix the runners' access to the GPU (device nodes, /dev/nvidia-uvm, the driver's libraries), "
                "or grade without the GPU: CUDA_VISIBLE_DEVICES= grader grade ...")
ZYGOTE_LOST = ("not graded: the grader's runner service (zygote) stopped during this run; "
               "this is not the student's doing, grade this submission again")


def grade_here(run: GradingRun, entries: list[Path], students: list[Student], tally: Tally) -> bool:
    """Grade ``entries`` (their students in ``students``) on this machine; True if the zygote was lost."""
    zygote = warm_parent(run.course, list(run.lessons), limits=run.limits, include_hidden=run.include_hidden,
                         hide=run.hidden_from_runners(), unconfined_ok=run.unconfined)
    bar = run.progress_bar(len(entries))
    running: dict[int, tuple[Student, int, float, set | None]] = {}  # worker pid -> student, runner uid, start, CPUs
    free_cpus = cpus_for_workers(run.jobs)
    try:
        checked = check_runners(zygote, run.cuda, runner_uid(0))
        if checked.usable != run.cuda.usable:
            raise SystemExit(SANDBOX_CUDA.format(reason=checked.reason))
        share_gpu(run.staging / ".gpu-slots", run.cuda_jobs)   # no student folder starts with "."
        known = known_mistakes(run.course, list(run.lessons), zygote, run.limits, run.jobs) \
            if run.include_hidden else {}
        freeze_for_workers()   # the known mistakes too
        for index, (entry, student) in enumerate(zip(entries, students)):
            while len(running) >= run.jobs:
                if ended := _reap(run, running, bar, tally):
                    free_cpus.append(ended)   # CPUs only where ``free_cpus`` hands them out
            if not zygote.alive():
                for left in students[index:]:
                    write_failure(run.out / left.folder, left.id, run.lesson_names, ZYGOTE_LOST)
                tally.failed += len(entries) - index
                break
            uid = runner_uid(index)  # here: in the worker, getpid() would be the worker's
            cpus = free_cpus.pop() if free_cpus else None
            pid = fork_worker(partial(_grade_student, run, entry, student, zygote, uid, known), run.limits, cpus)
            running[pid] = (student, uid, time.monotonic(), cpus)
        while running:
            _reap(run, running, bar, tally)
    finally:
        for pid in running:
            _kill(pid)
        zygote_lost = not zygote.alive()
        zygote.close()
        bar.close()
    return zygote_lost


def _grade_student(run: GradingRun, entry: Path, student: Student, zygote: Zygote, uid: int, known: dict) -> int:
    """In the forked worker: grade one student (or find their reports of this very
    grading already on disk) and write their reports; the worker's exit status."""
    folder = run.out / student.folder
    sub, fingerprints = run.prepare(entry, student)
    if run.reuses(student, fingerprints):
        return REUSED_EXIT
    clear(folder, fingerprints)
    reports = grade(run.course, list(run.lessons), sub.lessons_root, student.id, include_hidden=run.include_hidden,
                    zygote=zygote, uid=uid, protections=run.protections, known=known)
    if reports is None:
        return ZYGOTE_LOST_EXIT
    write_student(folder, student.id, sub, fingerprints, reports)
    return 0


def _reap(run: GradingRun, running: dict, bar, tally: Tally) -> set | None:
    """Wait for one worker to end (or kill one that overran) and count how it ended; the CPUs
    it ran on."""
    while True:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid in running:
            student, uid, _, cpus = running.pop(pid)
            if os.geteuid() == 0:  # a worker killed mid-test leaves its runners: they go too
                kill_until_gone(uids_of_student(uid))
            bar.update(1)
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
            if code == 0:
                tally.graded += 1
            elif code == REUSED_EXIT:
                tally.reused += 1
            else:
                tally.failed += 1
                write_failure(run.out / student.folder, student.id, run.lesson_names,
                              ZYGOTE_LOST if code == ZYGOTE_LOST_EXIT
                              else f"the grader failed on this submission (status {status})")
            return cpus
        now = time.monotonic()
        for wpid, (_, _, start, _) in list(running.items()):
            if now - start > GRADING_BACKSTOP_SECONDS:
                _kill(wpid)
        time.sleep(0.005)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
