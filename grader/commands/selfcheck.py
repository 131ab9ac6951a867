"""``grader selfcheck``: every solution passes every test, every stub fails every test,
and the stubs in ``assignments/`` are fresh."""
from __future__ import annotations

from ..authoring.stubs import stale_files
from ..course import Course
from ..limits import Limits
from ..sandbox.confine import protections
from ..sandbox.uids import runner_uid
from ..trusted.cuda_host import check_runners, decide, export
from ..trusted.warm_start import start_zygote

HELP = "solutions full marks, stubs zero, assignments fresh"


def add_arguments(parser) -> None:
    parser.add_argument("--lessons", nargs="*", default=None)


def run(course: Course, args) -> int:
    problems = [f"assignments/ is stale: {s}" for s in stale_files(course)]
    host = export(decide())   # before the limits and the zygote: runners on a CUDA host get room for it
    limits = Limits()
    lessons = course.lessons(args.lessons)
    zygote = start_zygote(course, lessons, limits=limits, unconfined_ok=True)  # the course's own code only
    from ..trusted.session import grade_submission

    try:
        checked = export(check_runners(zygote, host, runner_uid(0)))   # broken in the sandbox: a problem, skipped
        problems += [f"{checked.reason} (a grader error)"] if checked.usable != host.usable else []
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
                first_line = r.message.splitlines()[0] if r.message else ""
                problems.append(f"solution fails {r.lesson}::{r.name} ({r.status}): {first_line}")
        problems += [f"stub passes {r.lesson}::{r.name}" for r in stub.graded if r.score > 0]
        skipped = len(sol.results) - len(sol.graded)
        print(f"{sol.lesson}: solution {sol.score:g}/{sol.max_score:g}, stub {stub.score:g}/{stub.max_score:g}, "
              f"{len(sol.graded)} tests ({sum(r.visibility == 'hidden' for r in sol.graded)} hidden)"
              + (f", {skipped} CUDA tests skipped ({host.reason})" if skipped else ""))
    if problems:
        print("\nselfcheck FAILED:\n" + "\n".join(f"  - {p}" for p in problems))
        return 1
    print(f"selfcheck passed: {n_tests} tests; every solution full marks, every stub zero, assignments/ fresh")
    return 0
