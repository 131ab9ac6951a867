"""``grader check``: the public tests against the student's own files (``make check``).

Prints a table per lesson and every failure with what was expected and what came back;
exits 1 while anything fails."""
from __future__ import annotations

from pathlib import Path

from ..course import Course
from ..limits import Limits
from ..sandbox.confine import protections
from ..sandbox.uids import runner_uid
from ..trusted.warm_start import start_zygote

HELP = "run the public tests against assignments/ (students)"


def add_arguments(parser) -> None:
    parser.add_argument("--lesson", "--lessons", dest="lessons", nargs="*", default=None)
    parser.add_argument("--submission", type=Path, default=None,
                        help="folder holding the lesson folders (default: assignments/)")


def run(course: Course, args) -> int:
    limits = Limits()
    lessons = course.lessons(args.lessons)
    # One lesson has one runner: it loads what it uses itself (a stub never trains); more share the warm-up.
    zygote = start_zygote(course, lessons, limits=limits, include_hidden=False, warm=len(lessons) > 1)
    from ..reports.student import console_table
    from ..trusted.session import grade_submission

    try:
        root = (args.submission or course.assignments_dir).resolve()
        reports = grade_submission(course, lessons, root, "you", include_hidden=False, zygote=zygote,
                                   uid=runner_uid(0), protections=protections(limits))
    finally:
        zygote.close()
    print(console_table(reports))
    ok = all(not r.problem and all(t.status == "passed" for t in r.graded) for r in reports)
    return 0 if ok else 1
