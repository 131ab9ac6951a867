"""``grader grade SUBMISSIONS --out DIR``: grade a folder of submissions in parallel.

The command-line process starts the zygote (a fresh interpreter), imports torch,
warms pytest up, freezes the garbage collector, and then forks one trusted worker
per student, at most ``--jobs`` at a time.  A worker stages the
student's files, runs the tests (student code runs only in runners forked by the
zygote), writes that student's reports and exits.  A worker that dies or hangs
costs that student a clear message, never the run; reports already written stay.

Every report file is written whole or not at all, and a student's ``graded.json`` last:
run again after a kill, the command reuses each student whose reports of the same
grading (same files, tests, grader) are complete and grades the rest (``trusted.reuse``).
Student ids are kept as given; each gets a folder of its own (``trusted.identity``).

It grades on Linux, and only with runners confined: where this host allows no confinement
(``sandbox.layers``) it refuses, unless told ``--unconfined``; then runners are plain child
processes (``sandbox.unconfined``) and every report's protections say ``"unconfined": true``.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

from ..course import Course
from ..limits import DETAIL_CHARS, Limits
from ..reports.atomic import remove_leftovers, write_atomic
from ..reports.classwide import write_class_reports
from ..reports.student import feedback_markdown, write_results
from ..sandbox.confine import address_space_now, protections
from ..sandbox.layers import require
from ..sandbox.processes import die_with_parent, kill_until_gone
from ..sandbox.uids import runner_uid, uids_of_student
from ..sandbox.zygote import warm_torch
from ..trusted.identity import Student, assign_folders
from ..trusted.intake import discover, stage, student_id
from ..trusted.results import LessonReport
from ..trusted.reuse import lesson_fingerprint, mark_graded, reusable
from ..trusted.warm_start import start_zygote
from ..report_files import FEEDBACK, GRADED_MARK, RESULTS

try:
    import resource
except ImportError:  # Windows: ``grader check`` there loads this module too (``run`` refuses to grade)
    resource = None

WORKER_LIMIT = 900.0  # seconds for one student, a backstop far above the per-test timeouts
WORKER_MEMORY = 4 * 1024**3  # address space a trusted worker may add to what it was forked with
ZYGOTE_LOST_EXIT = 3  # a worker's exit status when the zygote died under it
REUSED_EXIT = 4       # a worker's exit status when the student's reports of this grading were on disk
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
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                        help="grade on this Dask distributed cluster instead of this machine")
    parser.add_argument("--force", action="store_true",
                        help="regrade every submission, also those whose reports of the same grading are on disk")
    parser.add_argument("--unconfined", action="store_true",
                        help="grade even where student code cannot be confined (no namespaces, uid change or "
                             "seccomp here): it then runs as you, sees your files and the network, and every "
                             "report's protections say \"unconfined\"")


def run(course: Course, args) -> int:
    if not args.scheduler:
        if sys.platform != "linux":
            raise SystemExit("error: grader grade runs on Linux (it forks its workers and finds their processes "
                             "through /proc); on macOS or Windows, grade in a Linux container, VM or WSL2")
        require(args.unconfined)
    submissions, out = args.submissions.resolve(), args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)  # of a run killed while writing
    staging = Path(tempfile.mkdtemp(prefix="grader-staging-"))
    limits = Limits()
    lessons = course.lessons(args.lessons)
    entries, skipped = discover(submissions)
    students, renamed = assign_folders([student_id(e) for e in entries])
    for line in ([f"not a submission, left out: {', '.join(skipped)}"] if skipped else []) + renamed:
        print(f"note: {line}")
    tally = {"graded": 0, "reused": 0, "failed": 0}
    started = time.monotonic()
    if args.scheduler:
        where = f"on the cluster at {args.scheduler}"
        try:
            _grade_on_cluster(args, course, lessons, entries, students, staging, out, tally)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        zygote_lost = False
    else:
        jobs = max(1, args.jobs or os.cpu_count() or 1)
        where = f"{jobs} in parallel"
        zygote_lost = _grade_here(args, course, lessons, entries, students, staging, out, limits, jobs, tally)
    written = write_class_reports(out, [lesson.name for lesson in lessons])
    elapsed = time.monotonic() - started
    print(f"{len(entries)} submissions x {len(lessons)} lessons in {elapsed:.1f} s ({where}): "
          f"{tally['graded']} graded, {tally['reused']} reused from an earlier run (same files, tests and "
          f"grader; --force regrades them); reports in {out}")
    print("\n".join(f"  {p}" for p in written))
    if tally["failed"]:
        print(f"{tally['failed']} submission(s) could not be graded completely; see their feedback.md")
    if zygote_lost:
        print(f"error: {ZYGOTE_LOST}")
        return 1
    return 0


def _grade_here(args, course, lessons, entries, students, staging, out, limits, jobs, tally) -> bool:
    """Grade on this machine, one forked worker per student; True if the zygote was lost."""
    zygote = start_zygote(course, lessons, hide=[args.submissions.resolve(), out, staging], limits=limits,
                          include_hidden=not args.public_only, unconfined_ok=args.unconfined)
    from ..trusted.session import warm_up_pytest

    warm_up_pytest(course, lessons, zygote)
    warm_torch(zygote.warm_meta, zygote.warm_optim)  # the tests' own reference computations, once for all workers
    zygote.wait_ready()  # here, once: no worker's first test waits for it
    prot = protections(limits)
    gc.collect()
    gc.freeze()
    bar = _progress(len(entries), args.no_progress)
    running: dict[int, tuple[Student, int, float]] = {}  # worker pid -> student, runner uid, start
    try:
        for index, (entry, student) in enumerate(zip(entries, students)):
            while len(running) >= jobs:
                _reap(running, out, lessons, bar, tally)
            if not zygote.alive():
                for left in students[index:]:
                    _write_failure(out, left, lessons, ZYGOTE_LOST)
                tally["failed"] += len(entries) - index
                break
            uid = runner_uid(index)  # here: in the worker, getpid() would be the worker's
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                die_with_parent(parent)  # a killed run leaves no worker writing reports
                _worker(course, lessons, entry, student, staging, out, zygote, uid, prot,
                        not args.public_only, limits.cap_address_space, args.force)
            running[pid] = (student, uid, time.monotonic())
        while running:
            _reap(running, out, lessons, bar, tally)
    finally:
        for pid in running:
            _kill(pid)
        zygote_lost = not zygote.alive()
        zygote.close()
        shutil.rmtree(staging, ignore_errors=True)
        bar.close()
    return zygote_lost


def _progress(total: int, disabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="student", disable=disabled, dynamic_ncols=True)


def _prepare(entry: Path, student: Student, staging: Path, lessons, include_hidden: bool, unconfined: bool):
    """Stage one submission and fingerprint each lesson of it (``trusted.reuse``); whether the
    runners were unconfined is part of it (a confined run does not reuse unconfined reports)."""
    import torch

    sub = stage(entry, staging / student.folder, lessons)
    gpu = torch.cuda.is_available()
    origin = json.dumps(sub.collected, sort_keys=True) if sub.collected else ""  # in the reports: part of the grading
    origin += " unconfined" if unconfined else ""
    return sub, {lesson.name: lesson_fingerprint(lesson, sub.lessons_root, "\n".join(
                     [sub.problem + origin, *sub.lesson_notes.get(lesson.name, ())]), include_hidden, gpu)
                 for lesson in lessons}


def _clear(folder: Path, fingerprints: dict) -> None:
    """From here on, this student's reports are being replaced: no mark, no old files."""
    for old in [folder / GRADED_MARK, folder / FEEDBACK, *[folder / name / RESULTS for name in fingerprints]]:
        old.unlink(missing_ok=True)


def _write_student(folder: Path, student: Student, sub, fingerprints: dict, reports: list[LessonReport]) -> None:
    """Every report of one student, the mark last."""
    for rep in reports:
        if sub.problem:
            rep.problem = sub.problem
        rep.notes = [*sub.lesson_notes.get(rep.lesson, ()), *rep.notes]  # files intake left out, first
        write_results(rep, folder / rep.lesson, fingerprints[rep.lesson], sub.collected)
    text = feedback_markdown(student.id, reports, sub.collected)
    if sub.notes:
        text += "\n## Files not graded\n\n" + "\n".join(f"- {n}" for n in sub.notes) + "\n"
    write_atomic(folder / FEEDBACK, text)
    mark_graded(folder, student.id, fingerprints)


def _worker(course, lessons, entry, student, staging, out, zygote, uid, prot, include_hidden, cap_memory,
            force) -> None:
    """In the forked trusted worker: grade one student (or find their reports of this very
    grading already on disk), write their reports, exit."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if cap_memory:  # whatever a reply makes this process build, the host keeps its memory
            limit = address_space_now() + WORKER_MEMORY
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from ..trusted.session import grade_submission

        folder = out / student.folder
        sub, fingerprints = _prepare(entry, student, staging, lessons, include_hidden, prot["unconfined"])
        if not force and reusable(folder, student.id, fingerprints):
            os._exit(REUSED_EXIT)
        _clear(folder, fingerprints)
        reports = grade_submission(course, lessons, sub.lessons_root, student.id, include_hidden=include_hidden,
                                   zygote=zygote, uid=uid, protections=prot)
        if not zygote.alive():  # its tests may have failed for that: report nothing rather than wrong scores
            os._exit(ZYGOTE_LOST_EXIT)
        _write_student(folder, student, sub, fingerprints, reports)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def _grade_on_cluster(args, course, lessons, entries, students, staging, out, tally) -> None:
    """``--scheduler``: stage and fingerprint here, grade on the cluster, write here."""
    try:
        from ..trusted.cluster import grade_on_cluster
    except ImportError as exc:
        raise SystemExit(f"--scheduler needs Dask ({exc}): .venv/bin/pip install -e '.[cluster]'") from None

    work, prepared = [], {}
    for index, (entry, student) in enumerate(zip(entries, students)):
        try:
            sub, fingerprints = _prepare(entry, student, staging, lessons, not args.public_only, False)
        except Exception as exc:  # noqa: BLE001 — that student's report says so, the run goes on
            tally["failed"] += 1
            _write_failure(out, student, lessons, f"the grader could not read this submission: {exc}")
            continue
        if not args.force and reusable(out / student.folder, student.id, fingerprints):
            tally["reused"] += 1
            continue
        _clear(out / student.folder, fingerprints)
        prepared[student] = (sub, fingerprints)
        work.append((student, sub.lessons_root, index))
    bar = _progress(len(work), args.no_progress)
    for student, reports, error in grade_on_cluster(args.scheduler, course, work, [l.name for l in lessons],
                                                    not args.public_only):
        bar.update(1)
        if reports is None:
            tally["failed"] += 1
            _write_failure(out, student, lessons,
                           f"not graded: the cluster could not grade it ({error[:DETAIL_CHARS]})")
        else:
            tally["graded"] += 1
            _write_student(out / student.folder, student, *prepared[student], reports)
    bar.close()


def _reap(running: dict, out: Path, lessons, bar, tally: dict) -> None:
    """Wait for one worker to end (or kill one that overran) and count how it ended."""
    while True:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid in running:
            student, uid, _ = running.pop(pid)
            if os.geteuid() == 0:  # a worker killed mid-test leaves its runners: they go too
                kill_until_gone(uids_of_student(uid))
            bar.update(1)
            code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
            if code in (0, REUSED_EXIT):
                tally["reused" if code else "graded"] += 1
                return
            tally["failed"] += 1
            _write_failure(out, student, lessons, ZYGOTE_LOST if code == ZYGOTE_LOST_EXIT
                           else f"the grader failed on this submission (status {status})")
            return
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


def _write_failure(out: Path, student: Student, lessons, why: str) -> None:
    """Keep the gradebook complete: zero results that say what went wrong for each lesson
    the worker left without results (no mark is written: the next run grades the student
    again)."""
    folder = out / student.folder
    (folder / GRADED_MARK).unlink(missing_ok=True)
    reports = []
    for lesson in lessons:
        if (folder / lesson.name / RESULTS).is_file():
            continue
        rep = LessonReport(student.id, lesson.name, [], problem=why)
        write_results(rep, folder / lesson.name)
        reports.append(rep)
    write_atomic(folder / FEEDBACK, feedback_markdown(student.id, reports))
