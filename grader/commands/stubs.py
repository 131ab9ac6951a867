"""``grader stubs``: regenerate ``assignments/`` from ``solutions/`` (``--check``: only
report stale files, exit 1 if any)."""
from __future__ import annotations

from ..authoring.stubs import stale_files, write_assignments
from ..course import Course

HELP = "regenerate assignments/ from solutions/"


def add_arguments(parser) -> None:
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")


def run(course: Course, args) -> int:
    if args.check:
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
