"""``grader similarity SUBMISSIONS --out DIR``: pairs of students ranked by the code they share
(``grader.similarity``), for the instructor to review; it changes no score and runs no student code.

Submissions are found as ``grader grade`` finds them.  The output is built in a new folder next
to DIR and renamed into place at the end, so an error or a kill leaves DIR as it was.  With
``--out REPORTS/similarity`` (REPORTS: a ``grader grade`` output), the class dashboard is rebuilt
with the top pairs on its index, the instructor's page; students' pages never show them.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..course import Course
from ..report_files import DASHBOARD, RESULTS, SIMILARITY, SIMILARITY_PAIRS

HELP = "rank pairs of students by the code they share (instructors)"


def add_arguments(parser) -> None:
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lessons", nargs="*", default=None)
    parser.add_argument("--common", type=int, default=None,
                        help="a fingerprint held by more students than this is common code (default: 2%% of the "
                             "class, at least 4)")
    parser.add_argument("--pages", type=int, default=50, help="side-by-side pages for this many top pairs")
    parser.add_argument("--jobs", type=int, default=0, help="lessons compared in parallel (default: all cores)")


def run(course: Course, args) -> int:
    try:
        from ..similarity.documents import read_class
        from ..similarity.pages import write_pages
        from ..similarity.ranking import common_threshold, rank
    except ImportError as exc:
        raise SystemExit(f"grader similarity needs copydetect ({exc}): .venv/bin/pip install -e '.[similarity]'") \
            from None
    out = args.out
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / SIMILARITY_PAIRS).is_file())):
        raise SystemExit(f"{out}: exists and is not a folder grader similarity wrote; choose another --out")
    lessons = course.lessons(args.lessons)
    with tempfile.TemporaryDirectory(prefix="grader-similarity-", ignore_cleanup_errors=True) as staging:
        texts, notes = read_class(course, args.submissions, lessons, Path(staging))
        students = len({s for t in texts for s in t.students})
        common = args.common if args.common is not None else common_threshold(students)
        pairs = rank(texts, common, args.jobs or os.cpu_count() or 1)
        out.parent.mkdir(parents=True, exist_ok=True)
        new = Path(tempfile.mkdtemp(prefix=f".{out.name[:50]}.", suffix=".part", dir=out.parent))
        try:
            write_pages(new / "pages", pairs, texts, args.pages, notes, students, common)
            _replace(out, new / "pages")
        finally:
            shutil.rmtree(new, ignore_errors=True)
    for note in notes:
        print(f"note: {note}")
    print(f"{students} students x {len(lessons)} lessons: {len(pairs)} pairs share distinctive code "
          f"(common code: held by more than {common}); {out / 'index.html'}")
    if out.name == SIMILARITY and (out.parent / DASHBOARD).is_file():
        _refresh_dashboard(out.parent, course)
    return 0


def _replace(out: Path, new: Path) -> None:
    """``new`` renamed to ``out``; an old ``out`` goes only once the new one is in place."""
    old = out.with_name(f".{out.name[:50]}.old")
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    new.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _refresh_dashboard(reports: Path, course: Course) -> None:
    """Rebuild the class reports of ``reports`` (the dashboard shows the new top pairs)."""
    from ..reports.classwide import write_class_reports

    graded = [lesson.name for lesson in course.lessons() if any(reports.glob(f"*/{lesson.name}/{RESULTS}"))]
    if graded:
        write_class_reports(reports, graded)
        print(f"the class dashboard {reports / DASHBOARD} shows the top pairs")
