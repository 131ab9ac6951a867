"""What lets a rerun of ``grader grade`` reuse earlier results: a fingerprint of what was
graded, and a per-student mark written after everything else of that student.

A lesson's fingerprint hashes the student's staged files of that lesson, the lesson's
test files and their helper modules (public, and hidden ones when they run), the grader's own source, and what
else goes into that student's reports (``Conditions``: whether hidden tests ran, whether a GPU
ran the CUDA tests, whether runners were unconfined, the submission's own problem and
``grader collect``'s record of it, the version of the lesson's known mistakes).  A student
is reused only when ``graded.json`` (the last file written for them) holds the fingerprint
of every lesson of this run; a run killed before that mark regrades the student.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from ..course import Lesson
from ..report_files import FEEDBACK, GRADED_MARK, RESULTS
from ..reports.atomic import write_atomic

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


@dataclass(frozen=True)
class Conditions:
    """The conditions of a grading: what a student's reports depend on besides the files
    and tests (the run's settings, what is known of the submission as a whole)."""

    include_hidden: bool
    gpu: bool                    # the CUDA tests ran (``cuda_host``; else they are listed as skipped)
    unconfined: bool             # a confined run never reuses reports of unconfined runners
    problem: str = ""            # what is wrong with the submission as a whole (``intake``)
    collected: dict | None = None  # where ``grader collect`` took it from
    left_out: tuple[str, ...] = ()  # the lesson folder's files intake did not stage (in its report's notes)
    known: str = ""              # the version of the lesson's known mistakes its failures are compared with

    def key(self) -> str:
        """The record as canonical text (its fields, by name)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)


def lesson_fingerprint(lesson: Lesson, lessons_root: Path, conditions: Conditions) -> str:
    """A hash of everything ``lesson``'s reports of the submission in ``lessons_root`` depend on."""
    digest = hashlib.sha256(f"{grader_version()}\0{lesson.name}\0{conditions.key()}\0".encode())
    for path in lesson.test_files(conditions.include_hidden) + lesson.helper_files(conditions.include_hidden):
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
