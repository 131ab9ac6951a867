"""What lets a rerun of ``grader grade`` reuse earlier results: a fingerprint of what was
graded, and a per-student mark written after everything else of that student.

A lesson's fingerprint hashes the student's staged files of that lesson, the lesson's
test files and their helper modules (public, and hidden ones when they run), the grader's
own source, and whether a GPU ran the CUDA tests.  A student is reused only when ``graded.json`` (the
last file written for them) holds the fingerprint of every lesson of this run; a run
killed before that mark regrades the student.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ..course import Lesson
from ..reports.atomic import write_atomic
from ..report_files import FEEDBACK, GRADED_MARK, RESULTS

GRADER_ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def grader_version() -> str:
    """A hash of every source file of the grader package."""
    digest = hashlib.sha256()
    for path in sorted(GRADER_ROOT.rglob("*.py")):
        digest.update(path.relative_to(GRADER_ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _folder_digest(digest, folder: Path) -> None:
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def lesson_fingerprint(lesson: Lesson, lessons_root: Path, problem: str, include_hidden: bool, gpu: bool) -> str:
    digest = hashlib.sha256(f"{grader_version()}\0{lesson.name}\0{include_hidden}\0{gpu}\0{problem}\0".encode())
    for path in lesson.test_files(include_hidden) + lesson.helper_files(include_hidden):
        digest.update(path.relative_to(lesson.tests_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(b"submission\0")
    _folder_digest(digest, lessons_root / lesson.name)
    return digest.hexdigest()


def reusable(folder: Path, student: str, fingerprints: dict[str, str]) -> bool:
    """Whether ``folder`` holds complete reports of exactly this grading of ``student``."""
    try:
        mark = json.loads((folder / GRADED_MARK).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(mark, dict) and mark.get("student") == student
            and all(mark.get("lessons", {}).get(name) == fp and (folder / name / RESULTS).is_file()
                    for name, fp in fingerprints.items())
            and (folder / FEEDBACK).is_file())


def mark_graded(folder: Path, student: str, fingerprints: dict[str, str]) -> None:
    write_atomic(folder / GRADED_MARK, json.dumps({"student": student, "lessons": fingerprints}, ensure_ascii=False))
