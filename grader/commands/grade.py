"""``grader grade SUBMISSIONS --out DIR``: grade a folder of submissions in parallel.

The command-line process starts the zygote (a fresh interpreter), imports torch,
warms pytest up, freezes the garbage collector, and then forks one trusted worker
per student, at most ``--jobs`` at a time.  A worker stages the
student's files, runs the tests (student code runs only in runners forked by the
zygote), writes that student's reports and exits.  A worker that dies or hangs
costs that student a clear message, never the run; reports already written stay.
"""
from __future__ import annotations

import gc
import os
import resource
import shutil
import signal
import tempfile
import time
import traceback
from pathlib import Path

from ..course import Course
from ..limits import Limits
from ..reports.classwide import write_class_reports
from ..reports.student import feedback_markdown, write_results
from ..sandbox.confine import address_space_now, protections
from ..sandbox.processes import kill_until_gone
from ..sandbox.uids import runner_uid, uids_of_student
from ..trusted.intake import discover, stage, student_id
from ..trusted.results import LessonReport
from ..trusted.warm_start import start_zygote

WORKER_LIMIT = 900.0  # seconds for one student, a backstop far above the per-test timeouts
WORKER_MEMORY = 4 * 1024**3  # address space a trusted worker may add to what it was forked with
ZYGOTE_LOST_EXIT = 3  # a worker's exit status when the zygote died under it
ZYGOTE_LOST = ("not graded: the grader's runner service (zygote) stopped during this run; "
               "this is not the student's doing, grade this submission again")


HELP = "grade a folder of submissions (instructors)"


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lessons", nargs="*", default=None)
    parser.add_argument("--jobs", type=int, default=0, help="parallel students (default: all cores)")
    parser.add_argument("--public-only", action="store_true", help="leave out the hidden tests")
    parser.add_argument("--no-progress", action="store_true")


def run(course: Course, args) -> int:
    submissions, out = args.submissions.resolve(), args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="grader-staging-"))
    limits = Limits()
    lessons = course.lessons(args.lessons)
    zygote = start_zygote(course, lessons, hide=[submissions, out, staging], limits=limits,
                          include_hidden=not args.public_only)
    from ..trusted.session import warm_up_pytest

    entries = discover(submissions)
    jobs = max(1, args.jobs or os.cpu_count() or 1)
    warm_up_pytest(course, lessons, zygote)
    gc.collect()
    gc.freeze()
    bar = _progress(len(entries), args.no_progress)
    started = time.monotonic()
    running: dict[int, tuple[Path, int, float]] = {}  # worker pid -> submission, runner uid, start
    failures = 0
    try:
        for index, entry in enumerate(entries):
            while len(running) >= jobs:
                failures += _reap(running, out, lessons, bar)
            if not zygote.alive():
                for left in entries[index:]:
                    _write_failure(out, left, lessons, ZYGOTE_LOST)
                failures += len(entries) - index
                break
            uid = runner_uid(index)  # here: in the worker, getpid() would be the worker's
            pid = os.fork()
            if pid == 0:
                _worker(course, lessons, entry, staging, out, zygote, uid, protections(limits), not args.public_only,
                        limits.cap_address_space)
            running[pid] = (entry, uid, time.monotonic())
        while running:
            failures += _reap(running, out, lessons, bar)
    finally:
        for pid in running:
            _kill(pid)
        zygote_lost = not zygote.alive()
        zygote.close()
        shutil.rmtree(staging, ignore_errors=True)
        bar.close()
    students = [student_id(e) for e in entries]
    written = write_class_reports(out, students, [lesson.name for lesson in lessons])
    elapsed = time.monotonic() - started
    print(f"graded {len(entries)} submissions x {len(lessons)} lessons in {elapsed:.1f} s "
          f"({jobs} in parallel); reports in {out}")
    print("\n".join(f"  {p}" for p in written))
    if failures:
        print(f"{failures} submission(s) could not be graded completely; see their feedback.md")
    if zygote_lost:
        print(f"error: {ZYGOTE_LOST}")
        return 1
    return 0


def _progress(total: int, disabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="student", disable=disabled, dynamic_ncols=True)


def _worker(course, lessons, entry, staging, out, zygote, uid, prot, include_hidden, cap_memory) -> None:
    """In the forked trusted worker: grade one student, write their reports, exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if cap_memory:  # whatever a reply makes this process build, the host keeps its memory
            limit = address_space_now() + WORKER_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from ..trusted.session import grade_submission

        sub = stage(entry, staging, {lesson.name for lesson in lessons})
        reports = grade_submission(course, lessons, sub.lessons_root, sub.student, include_hidden=include_hidden,
                                   zygote=zygote, uid=uid, protections=prot)
        if not zygote.alive():  # its tests may have failed for that: report nothing rather than wrong scores
            os._exit(ZYGOTE_LOST_EXIT)
        for rep in reports:
            if sub.problem:
                rep.problem = sub.problem
            write_results(rep, out / sub.student / rep.lesson)
        text = feedback_markdown(sub.student, reports)
        if sub.notes:
            text += "\n## Files not graded\n\n" + "\n".join(f"- {n}" for n in sub.notes) + "\n"
        (out / sub.student / "feedback.md").write_text(text)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _reap(running: dict, out: Path, lessons, bar) -> int:
    """Wait for one worker to end (or kill one that overran); return 1 if it failed."""
    while True:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid in running:
            entry, uid, _ = running.pop(pid)
            if os.geteuid() == 0:  # a worker killed mid-test leaves its runners: they go too
                kill_until_gone(uids_of_student(uid))
            bar.update(1)
            ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == ZYGOTE_LOST_EXIT:
                _write_failure(out, entry, lessons, ZYGOTE_LOST)
            elif not ok:
                _write_failure(out, entry, lessons, f"the grader failed on this submission (status {status})")
            return 0 if ok else 1
        now = time.monotonic()
        for wpid, (_, _, start) in list(running.items()):
            if now - start > WORKER_LIMIT:
                _kill(wpid)
        time.sleep(0.005)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _write_failure(out: Path, entry: Path, lessons, why: str) -> None:
    """Keep the gradebook complete: zero results that say what went wrong."""
    student = student_id(entry)
    reports = []
    for lesson in lessons:
        path = out / student / lesson.name / "results.json"
        if path.is_file():
            continue
        rep = LessonReport(student, lesson.name, [], problem=why)
        write_results(rep, out / student / lesson.name)
        reports.append(rep)
    (out / student / "feedback.md").write_text(feedback_markdown(student, reports))
