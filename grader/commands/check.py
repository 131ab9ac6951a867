"""``grader check``: the public tests against the student's own files (``make check``).

Prints a table per lesson, the functions still to write (one line per lesson: their stubs'
failures are not shown one by one) and every other failure with its test's description, what
was expected and what came back (``reports.student.console_table``); exits 1 while anything
fails.  ``--results FILE`` also writes the reports as JSON (one
Gradescope-style ``results.json`` object per lesson), which the notebook test cells of
``grader.jupyter`` read.  On GitHub Actions (``GITHUB_ACTIONS=true``) it also writes the job
summary and marks each failing public test's function in the code (``reports.github``)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..course import Course
from ..limits import Limits
from ..sandbox.confine import protections
from ..sandbox.uids import runner_uid
from ..trusted.cuda_host import check_runners, decide, export
from ..trusted.warm_start import start_zygote

HELP = "run the public tests against assignments/ (students)"


def add_arguments(parser) -> None:
    parser.add_argument("--lesson", "--lessons", dest="lessons", nargs="*", default=None)
    parser.add_argument("--submission", type=Path, default=None,
                        help="folder holding the lesson folders (default: assignments/)")
    parser.add_argument("--hidden", action="store_true",
                        help="also run the hidden tests, where this copy of the course has them (instructors)")
    parser.add_argument("--results", type=Path, default=None, help="also write the reports to this JSON file")


def run(course: Course, args) -> int:
    host = export(decide())   # before the limits and the zygote: runners on a CUDA host get room for it
    limits = Limits()
    lessons = course.lessons(args.lessons)
    # One lesson has one runner: it loads what it uses itself (a stub never trains); more share the warm-up.
    zygote = start_zygote(course, lessons, limits=limits, include_hidden=args.hidden, warm=len(lessons) > 1,
                          unconfined_ok=True)  # a student's own code on their own machine (sandbox.unconfined)
    from ..reports.student import console_table
    from ..trusted.known_store import for_check
    from ..trusted.session import grade_submission

    try:
        export(check_runners(zygote, host, runner_uid(0)))   # CUDA broken in the sandbox: its tests skip, saying so
        root = (args.submission or course.assignments_dir).resolve()
        reports = grade_submission(course, lessons, root, "you", include_hidden=args.hidden, zygote=zygote,
                                   uid=runner_uid(0), protections=protections(limits),
                                   known=for_check(course, lessons))
    finally:
        zygote.close()
    print(console_table(reports))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        from ..reports.github import report_to_github

        report_to_github(course, lessons, root, reports)
    if args.results:
        args.results.write_text(json.dumps([r.to_results_json() for r in reports], indent=2, ensure_ascii=False),
                                encoding="utf-8")
    ok = all(r.state == "ok" for r in reports)
    return 0 if ok else 1
