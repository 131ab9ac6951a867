"""What each known mistake of a lesson does in its tests, computed once per course version.

A known mistake (``trusted.mistakes``) is the lesson's current solution with one definition
replaced.  Here each is graded like a submission, in runners forked by the warm parent's
zygote, and what it fails and the call logs of those tests (``trusted.behaviour``) are kept:
``[{"name", "en", "zh", "targets", "fails": {test: log}}]``, what ``trusted.diagnosis``
compares a student's failures with.  The result is cached on disk per lesson under a key
that hashes everything it depends on (the lesson's solution folder, catalogue and tests,
the log format, torch's version), so a class pays for it once, not per student, and an edit
of a lesson recomputes that lesson only.  The cache lives in ``$GRADER_CACHE_DIR`` (default
``~/.cache/pytorch-course-grader``); it holds the course's own code's results, never a student's."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path

from ..course import Course, Lesson
from ..limits import GRADING_BACKSTOP_SECONDS, Limits
from ..sandbox.processes import kill_until_gone
from ..sandbox.uids import STUDENT_UIDS, runner_uid, uids_of_student
from ..sandbox.zygote import Zygote
from .mistakes import MistakeError, load_mistakes, mistake_source, mistakes_file
from .results import HARDWARE_SKIP

LOG_FORMAT = 1   # bump when what a call log holds changes: every cached lesson is recomputed
_HASHED_MODULES = ("behaviour.py", "diagnosis.py", "known_mistakes.py")   # this side's code the logs depend on


def cache_dir() -> Path:
    return Path(os.environ.get("GRADER_CACHE_DIR") or Path.home() / ".cache" / "pytorch-course-grader")


def lesson_version(course: Course, lesson: Lesson) -> str:
    """A hash of everything the lesson's known mistakes' behaviour depends on."""
    import torch

    digest = hashlib.sha256(f"{LOG_FORMAT} {torch.__version__} {lesson.name}".encode())
    here = Path(__file__).parent
    files = [here / name for name in _HASHED_MODULES]
    files += sorted(p for p in (course.solutions_dir / lesson.name).rglob("*") if p.is_file())
    files += sorted(p for p in lesson.tests_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def known_mistakes(course: Course, lessons: list[Lesson], zygote: Zygote, limits: Limits,
                   jobs: int = 1) -> dict[str, list[dict]]:
    """The known mistakes of ``lessons`` with what they do, by lesson name, from the cache or
    computed now (``jobs`` at a time) and cached.  A course without solutions (a student's
    copy) has none."""
    found = {}
    for lesson in lessons:
        if not mistakes_file(course.root, lesson.name).is_file():
            continue
        path = cache_dir() / "known-mistakes" / f"{lesson.name}-{lesson_version(course, lesson)}.json"
        if not path.is_file():
            _store(path, _compute(course, lesson, zygote, limits, jobs))
        found[lesson.name] = json.loads(path.read_text(encoding="utf-8"))
    return found


def _store(path: Path, data: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


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
