"""The ``check`` and ``selfcheck`` commands, and the warm start they share."""
from __future__ import annotations

import os
from pathlib import Path

from .course import Course, Lesson
from .sandbox import Layout, Limits, protections
from .static import imported_modules
from .zygote import Zygote, prepare_parent

LESSON_UIDS = 64   # uids per student: one per lesson of the course
STUDENT_UIDS = 4096  # students of one grader run that get distinct uids


def runner_uid(student_index: int) -> int:
    """The first uid of the ``student_index``-th student of this run (as root): lesson k's
    runners get this uid + k.  Unused by the system, and distinct per student and lesson,
    so nothing one left running can signal or share kernel state with the next.  Call it
    in the command-line process, whose pid tells concurrent grader runs apart."""
    return 100_000 + ((os.getpid() % 2**10) * STUDENT_UIDS + student_index % STUDENT_UIDS) * LESSON_UIDS


def preloaded_modules(course: Course) -> list[str]:
    """torch, numpy, pandas and whatever the lesson stubs import: loaded once in the
    zygote, so every runner starts with them."""
    names = {"torch", "numpy", "pandas"}
    for lesson in course.lessons():
        names |= imported_modules((course.assignments_dir / lesson.name / lesson.filename).read_text())
    return sorted(names)


def start_zygote(course: Course, lessons: list[Lesson], hide: list[Path] = (),
                 limits: Limits | None = None) -> Zygote:
    """Start the zygote (a fresh interpreter that imports the heavy libraries while
    this process loads the tests), then make this process cheap to fork.  Tests that
    build tensors on the ``meta`` device get torch's meta kernels preloaded."""
    uses_meta = any("meta" in p.read_text() for lesson in lessons for p in lesson.test_files(True))
    zygote = Zygote(Layout(hide=[str(course.root), *map(str, hide)]), limits or Limits(),
                    preload=preloaded_modules(course), warm_meta=uses_meta)
    prepare_parent()
    return zygote


def check(course: Course, lesson_names: list[str] | None, submission: Path | None,
          with_hidden: bool = False) -> int:
    """Public tests against the student's own files; exit 1 while anything fails."""
    limits = Limits()
    lessons = course.lessons(lesson_names)
    zygote = start_zygote(course, lessons, limits=limits)
    from .reports import console_table
    from .session import grade_submission

    try:
        root = (submission or course.assignments_dir).resolve()
        reports = grade_submission(course, lessons, root, "you", include_hidden=with_hidden, zygote=zygote,
                                   uid=runner_uid(0), protections=protections(limits))
    finally:
        zygote.close()
    print(console_table(reports))
    ok = all(not r.problem and all(t.status == "passed" for t in r.graded) for r in reports)
    return 0 if ok else 1


def selfcheck(course: Course, lesson_names: list[str] | None) -> int:
    """Every solution passes every test, every stub fails every test, stubs are fresh."""
    from .stubs import stale_files

    problems = [f"assignments/ is stale: {s}" for s in stale_files(course)]
    limits = Limits()
    lessons = course.lessons(lesson_names)
    zygote = start_zygote(course, lessons, limits=limits)
    from .session import grade_submission

    try:
        for lesson in lessons:
            if not lesson.public_tests() or not lesson.hidden_tests():
                problems.append(f"{lesson.name}: needs both public tests and hidden tests")
        graded = {}
        for kind, root in (("solution", course.solutions_dir), ("stub", course.assignments_dir)):
            graded[kind] = grade_submission(course, lessons, root, kind, include_hidden=True, zygote=zygote,
                                            uid=runner_uid(0), protections=protections(limits))
    finally:
        zygote.close()
    n_tests = 0
    for sol, stub in zip(graded["solution"], graded["stub"]):
        problems += [f"{sol.lesson}: solution has a problem: {sol.problem}"] if sol.problem else []
        for r in sol.graded:
            n_tests += 1
            if r.status != "passed":
                problems.append(f"solution fails {r.lesson}::{r.name} ({r.status}): {r.message.splitlines()[0] if r.message else ''}")
        problems += [f"stub passes {r.lesson}::{r.name}" for r in stub.graded if r.score > 0]
        print(f"{sol.lesson}: solution {sol.score:g}/{sol.max_score:g}, stub {stub.score:g}/{stub.max_score:g}, "
              f"{len(sol.graded)} tests ({sum(r.visibility == 'hidden' for r in sol.graded)} hidden)"
              + (f", {len(sol.results) - len(sol.graded)} skipped for lack of a GPU" if len(sol.results) != len(sol.graded) else ""))
    if problems:
        print("\nselfcheck FAILED:\n" + "\n".join(f"  - {p}" for p in problems))
        return 1
    print(f"selfcheck passed: {n_tests} tests; every solution full marks, every stub zero, assignments/ fresh")
    return 0
