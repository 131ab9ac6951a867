"""The ``grader`` command.

    grader check [--lesson L ...]         public tests against assignments/ (students)
    grader grade SUBMISSIONS --out DIR    grade a class (instructors)
    grader selfcheck                      solutions score full marks, stubs zero, stubs fresh
    grader stubs [--check]                regenerate assignments/ from solutions/
    grader release OUT_DIR                write the repository students receive

Student code never runs in this process: runners are forked by the zygote, a fresh
interpreter with a short fixed environment started before this process loads torch
or any test (see ``zygote``).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="grader", description="Autograder for the PyTorch course.")
    p.add_argument("--course", type=Path, default=None, help="course folder (default: found from the current folder)")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="run the public tests against assignments/")
    c.add_argument("--lesson", "--lessons", dest="lessons", nargs="*", default=None)
    c.add_argument("--submission", type=Path, default=None,
                   help="folder holding the lesson folders (default: assignments/)")
    c.add_argument("--with-hidden", action="store_true", help="also run hidden tests (instructors)")

    g = sub.add_parser("grade", help="grade a folder of submissions")
    g.add_argument("submissions", type=Path)
    g.add_argument("--out", type=Path, required=True)
    g.add_argument("--lessons", nargs="*", default=None)
    g.add_argument("--jobs", type=int, default=0, help="parallel students (default: all cores)")
    g.add_argument("--public-only", action="store_true", help="leave out the hidden tests")
    g.add_argument("--no-progress", action="store_true")

    s = sub.add_parser("selfcheck", help="solutions full marks, stubs zero, assignments fresh")
    s.add_argument("--lessons", nargs="*", default=None)

    st = sub.add_parser("stubs", help="regenerate assignments/ from solutions/")
    st.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")

    r = sub.add_parser("release", help="write the student repository")
    r.add_argument("out", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .course import Course, find_course

    course = Course(args.course.resolve()) if args.course else find_course()
    if args.command == "stubs":
        return _stubs(course, args.check)
    if args.command == "release":
        from .release import write_release

        files = write_release(course, args.out)
        print(f"wrote {len(files)} files to {args.out}")
        return 0
    if args.command == "check":
        from .commands import check

        return check(course, args.lessons, args.submission, args.with_hidden)
    if args.command == "selfcheck":
        from .commands import selfcheck

        return selfcheck(course, args.lessons)
    if args.command == "grade":
        from .batch import grade

        return grade(course, args)
    return 2


def _stubs(course, check_only: bool) -> int:
    from .stubs import stale_files, write_assignments

    if check_only:
        stale = stale_files(course)
        if stale:
            print("assignments/ is out of date with solutions/ (run `grader stubs`):")
            print("\n".join(f"  {s}" for s in stale))
            return 1
        print("assignments/ is up to date")
        return 0
    written = write_assignments(course)
    print("\n".join(f"wrote assignments/{w}" for w in written) or "assignments/ already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
