"""Where the known mistakes' behaviour is kept (what ``trusted.known_mistakes`` computes: per
lesson ``[{"name", "en", "zh", "targets", "fails": {test: call log}}]``), and the part of it a
student's copy of the course carries.

- The instructors' cache: one JSON file per lesson and *version*, a hash of everything the
  behaviour depends on (the lesson's solution folder with its catalogue, its tests, the code
  that logs calls, torch's version), in ``$GRADER_CACHE_DIR`` (default
  ``~/.cache/pytorch-course-grader``).  A class pays for it once, and an edit of a lesson
  recomputes that lesson only.  It holds the course's own code's results, never a student's.
- The student's copy: ``tests/<lesson>/known_mistakes.json``, written by ``grader release``
  (``public_part``): each mistake's name, sentences, the names it changes and the call logs of
  the public tests it fails; no code, no hidden test, no solution.  ``grader check`` reads it,
  or, in the instructors' own repository, what the cache holds, computing nothing (``for_check``)."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..course import CATALOGUE, Course, Lesson

KNOWN_FILE = "known_mistakes.json"
LOG_FORMAT = 1   # bump when what a call log holds changes: every cached lesson is recomputed
_HASHED_MODULES = ("behaviour.py", "client.py", "known_mistakes.py")   # the code the logs depend on


def cache_dir() -> Path:
    return Path(os.environ.get("GRADER_CACHE_DIR") or Path.home() / ".cache" / "pytorch-course-grader")


@lru_cache(maxsize=None)
def known_version(course: Course, lesson: Lesson) -> str:
    """``version_now``, taken once per process: before the lesson's tests are loaded, so that what
    is cached under it was computed with those tests (``known_mistakes`` checks it again)."""
    return version_now(course, lesson)


def version_now(course: Course, lesson: Lesson) -> str:
    """A hash of everything the lesson's known mistakes' behaviour depends on, as the files are
    now; "" where the lesson has no catalogue."""
    if not (course.solutions_dir / lesson.name / CATALOGUE).is_file():
        return ""
    import torch

    digest = hashlib.sha256(f"{LOG_FORMAT} {torch.__version__} {lesson.name}".encode())
    here = Path(__file__).parent
    files = [here / name for name in _HASHED_MODULES if (here / name).is_file()]
    files += sorted(p for p in (course.solutions_dir / lesson.name).rglob("*") if p.is_file())
    files += sorted(p for p in lesson.tests_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def cache_file(course: Course, lesson: Lesson) -> Path:
    return cache_dir() / "known-mistakes" / f"{lesson.name}-{known_version(course, lesson)}.json"


def store(path: Path, data: list[dict]) -> None:
    """Write a cache file whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def cached(course: Course, lessons: list[Lesson]) -> dict[str, list[dict]]:
    """What the cache holds of ``lessons``' known mistakes at their current version, by lesson."""
    found = {}
    for lesson in lessons:
        if known_version(course, lesson) and cache_file(course, lesson).is_file():
            found[lesson.name] = json.loads(cache_file(course, lesson).read_text(encoding="utf-8"))
    return found


def public_part(known: list[dict], public_tests: set[str]) -> list[dict]:
    """``known`` (one lesson's) cut to ``public_tests``: the mistakes that fail one of them,
    with those tests' logs only."""
    cut = [{**m, "fails": {t: log for t, log in m["fails"].items() if t in public_tests}} for m in known]
    return [m for m in cut if m["fails"]]


def for_check(course: Course, lessons: list[Lesson]) -> dict[str, list[dict]]:
    """The known mistakes ``grader check`` compares public failures with, by lesson name."""
    shipped = {lesson.name: json.loads((lesson.tests_dir / KNOWN_FILE).read_text(encoding="utf-8"))
               for lesson in lessons if (lesson.tests_dir / KNOWN_FILE).is_file()}
    return {**cached(course, [lesson for lesson in lessons if lesson.name not in shipped]), **shipped}
