"""What each known mistake of a lesson does in its tests, computed once per course version.

A known mistake (``trusted.mistakes``) is the lesson's current solution with one definition
replaced.  Here each is graded like a submission, in runners forked by the warm parent's
zygote, and what it fails and the call logs of those tests (``trusted.behaviour``) are kept:
``[{"name", "en", "zh", "targets", "fails": {test: log}}]``, what ``trusted.diagnosis``
compares a student's failures with, cached per lesson and version (``trusted.known_store``)."""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from ..course import Course, Lesson
from ..limits import GRADING_BACKSTOP_SECONDS, Limits
from ..sandbox.processes import kill_until_gone
from ..sandbox.uids import STUDENT_UIDS, runner_uid, uids_of_student
from ..sandbox.zygote import Zygote
from .known_store import cache_file, cached, known_version, store, version_now
from .mistakes import MistakeError, load_mistakes, mistake_source, mistakes_file
from .results import HARDWARE_SKIP


def known_mistakes(course: Course, lessons: list[Lesson], zygote: Zygote, limits: Limits,
                   jobs: int = 1) -> dict[str, list[dict]]:
    """The known mistakes of ``lessons`` with what they do, by lesson name, from the cache or
    computed now (``jobs`` at a time) and cached.  A course without solutions (a student's
    copy) has none.  Take ``known_version`` of each lesson before the zygote loads its tests."""
    computed = {}
    for lesson in lessons:
        if known_version(course, lesson) and not cache_file(course, lesson).is_file():
            computed[lesson.name] = _compute(course, lesson, zygote, limits, jobs)
            if version_now(course, lesson) != known_version(course, lesson):
                continue   # the lesson's files changed under this run: what it computed is not cached
            try:
                store(cache_file(course, lesson), computed[lesson.name])
            except OSError as exc:   # no cache here: this run still has them
                print(f"warning: the known mistakes of {lesson.name} could not be cached ({exc})", file=sys.stderr)
    return {**cached(course, lessons), **computed}


def compute_all(course: Course, lessons: list[Lesson], jobs: int) -> dict[str, list[dict]]:
    """``known_mistakes`` of ``lessons`` with a zygote of its own (``grader release``, benchmarks)."""
    from .cuda_host import decide, export
    from .workers import warm_parent

    export(decide())   # as a grading run does: the same skips, the same limits
    limits = Limits()
    zygote = warm_parent(course, lessons, limits=limits, unconfined_ok=True)   # the course's own code
    try:
        return known_mistakes(course, lessons, zygote, limits, jobs)
    finally:
        zygote.close()


def _compute(course: Course, lesson: Lesson, zygote: Zygote, limits: Limits, jobs: int) -> list[dict]:
    """Grade every known mistake of ``lesson`` (public and hidden tests) in forked workers."""
    from .workers import fork_worker

    try:
        mistakes = load_mistakes(course.root, lesson.name)
    except MistakeError as exc:
        raise SystemExit(f"error: {exc}") from None
    scratch = Path(tempfile.mkdtemp(prefix="grader-known-mistakes-"))
    try:
        running: dict[int, tuple[int, float]] = {}
        for index, mistake in enumerate(mistakes):
            root = scratch / str(index)
            shutil.copytree(course.solutions_dir / lesson.name, root / lesson.name,
                            ignore=shutil.ignore_patterns(mistakes_file(course.root, lesson.name).name))
            (root / lesson.name / lesson.filename).write_text(mistake_source(course.root, mistake), encoding="utf-8")
            while len(running) >= jobs:
                _reap(running)
            uid = runner_uid(STUDENT_UIDS - 1 - index)   # far from the students' uids of the run to come
            pid = fork_worker(partial(_grade_mistake, course, lesson, root, zygote, uid), limits)
            running[pid] = (uid, time.monotonic())
        while running:
            _reap(running)
        found = []
        for index, mistake in enumerate(mistakes):
            out = scratch / str(index) / "fails.json"
            if out.is_file():   # a mistake that could not be graded (it broke the import) is left out
                found.append({"name": mistake.name, "en": mistake.en, "zh": mistake.zh,
                              "targets": list(mistake.targets), "fails": json.loads(out.read_text("utf-8"))})
        return found
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _grade_mistake(course: Course, lesson: Lesson, root: Path, zygote: Zygote, uid: int) -> int:
    """In a forked worker: grade one mistake's submission and write the logs of what it fails."""
    from .session import run_lessons

    results, problems, _, logs = run_lessons(course, [lesson], root, include_hidden=True, zygote=zygote, uid=uid)
    if problems or not zygote.alive():
        return 1
    failed = {r.name for r in results if r.status not in ("passed", HARDWARE_SKIP)}
    (root / "fails.json").write_text(json.dumps({t: logs.get((lesson.name, t), []) for t in sorted(failed)}),
                                     encoding="utf-8")
    return 0


def _reap(running: dict[int, tuple[int, float]]) -> None:
    """Wait for one worker to end (killing any that overran), and its runners with it."""
    while True:
        pid, _ = os.waitpid(-1, os.WNOHANG)
        if pid in running:
            uid, _ = running.pop(pid)
            if os.geteuid() == 0:
                kill_until_gone(uids_of_student(uid))
            return
        for wpid, (_, start) in list(running.items()):
            if time.monotonic() - start > GRADING_BACKSTOP_SECONDS:
                os.kill(wpid, 9)
        time.sleep(0.005)
