"""``grader grade SUBMISSIONS --out DIR``: grade a folder of submissions in parallel.

The arguments make one ``GradingRun`` (``trusted.grading_run``); the submissions are
graded on this machine, one forked trusted worker per student (``trusted.pool``), or on
a Dask cluster (``trusted.cluster``); then come the class reports and a summary line.
Student code runs only in runners forked by the zygote.  A worker that dies or hangs
costs that student a clear message, never the run; reports already written stay.

Every report file is written whole or not at all, and a student's ``graded.json`` last:
run again after a kill, the command reuses each student whose reports of the same
grading (same files, tests, grader) are complete and grades the rest (``trusted.reuse``).
Student ids are kept as given; each gets a folder of its own (``trusted.identity``).

The course's decisions (``grader.decisions``: late policy, extensions, adjustments, in
``class/`` or ``--class-dir``) are read and checked against the class before anything is
graded or written, and applied to every student's reports after grading, reused ones too.

It grades on Linux, and only with runners confined: where this host allows no confinement
(``sandbox.layers``) it refuses, unless told ``--unconfined``; then runners are plain child
processes (``sandbox.unconfined``) and every report's protections say ``"unconfined": true``.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ..course import Course
from ..decisions.apply import apply_decisions
from ..decisions.class_files import ClassDecisions, class_folder, load_decisions
from ..decisions.source import BadDecisionFile
from ..reports.atomic import remove_leftovers
from ..reports.classwide import write_class_reports
from ..trusted.grading_run import GradingRun, Tally
from ..trusted.identity import assign_folders
from ..trusted.intake import discover, student_id

HELP = "grade a folder of submissions (instructors)"


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lessons", nargs="*", default=None)
    parser.add_argument("--jobs", type=int, default=0, help="parallel students (default: all cores)")
    parser.add_argument("--cuda-jobs", type=int, default=None, metavar="N",
                        help="students whose grading uses the GPU at once (default: as many as the GPU's memory "
                             "holds, 2 GiB each, at most --jobs)")
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
    parser.add_argument("--class-dir", type=Path, default=None,
                        help="the folder of the course's decisions: policy.toml, extensions.csv, adjustments.csv "
                             "(default: class/ of the course)")


def run(course: Course, args) -> int:
    try:
        decisions = load_decisions(class_folder(course.root, args.class_dir), [x.name for x in course.lessons()])
    except BadDecisionFile as exc:
        raise SystemExit(f"error: {exc}") from None
    with tempfile.TemporaryDirectory(prefix="grader-staging-", ignore_cleanup_errors=True) as staging:
        return _grade(GradingRun.from_args(course, args, Path(staging)), decisions)


def _grade(grading: GradingRun, decisions: ClassDecisions) -> int:
    entries, skipped = discover(grading.submissions)
    students, renamed = assign_folders([student_id(e) for e in entries])
    try:
        decisions.check_class({student.id for student in students})
    except BadDecisionFile as exc:
        raise SystemExit(f"error: {exc}") from None
    grading.out.mkdir(parents=True, exist_ok=True)
    remove_leftovers(grading.out)  # of a run killed while writing
    for line in ([f"not a submission, left out: {', '.join(skipped)}"] if skipped else []) + renamed:
        print(f"note: {line}")
    tally, zygote_lost = Tally(), False
    started = time.monotonic()
    if grading.scheduler:
        where = f"on the cluster at {grading.scheduler}"
        try:
            from ..trusted.cluster import grade_on_cluster
        except ImportError as exc:
            raise SystemExit(f"--scheduler needs Dask ({exc}): .venv/bin/pip install -e '.[cluster]'") from None
        grade_on_cluster(grading, entries, students, tally)
    else:
        from ..trusted.pool import ZYGOTE_LOST, grade_here

        where = f"{grading.jobs} in parallel" + (f", {grading.cuda_jobs} on the GPU" if grading.cuda.usable else "")
        zygote_lost = grade_here(grading, entries, students, tally)
    try:
        apply_decisions(grading.out, grading.lesson_names, decisions)
    except BadDecisionFile as exc:
        print(f"error: {exc}\nno report was changed by the decisions and the class reports were not written; "
              "fix the file and run the same command again (the grading is kept: nothing is regraded)")
        return 2
    written = write_class_reports(grading.out, grading.lesson_names)
    elapsed = time.monotonic() - started
    print(f"{len(entries)} submissions x {len(grading.lessons)} lessons in {elapsed:.1f} s ({where}): "
          f"{tally.graded} graded, {tally.reused} reused from an earlier run (same files, tests and "
          f"grader; --force regrades them); reports in {grading.out}")
    print("\n".join(f"  {p}" for p in written))
    if not grading.scheduler:   # a cluster's workers decide for themselves (their reports say)
        print(f"CUDA tests: {'run' if grading.cuda.usable else 'not run'} ({grading.cuda.reason})")
    if tally.failed:
        print(f"{tally.failed} submission(s) could not be graded completely; see their feedback.md")
    if zygote_lost:
        print(f"error: {ZYGOTE_LOST}")
        return 1
    return 0
