"""Grade one Gradescope submission: what an exported autograder's ``run_autograder`` runs.

    python3 -m grader.exports.gradescope_submission ROOT LESSON

Gradescope's layout under ``ROOT`` (``/autograder``): the autograder zip's content in
``source/``, the student's upload in ``submission/``, the results to write in
``results/results.json``.  The upload may be the lesson's module or notebook itself, the
lesson folder, a zip, or a whole repository with ``assignments/``; it is put where
``grader grade`` looks for one student's submission and graded by ``grader grade``, in a
process of its own, with the same sandbox and intake as a class (this process never
imports student code).  That lesson's ``results.json`` (Gradescope's schema plus our
fields, protections included) is copied to ``results/``.  A broken or missing upload
gets a results.json with score 0 and the problem in ``output``, from ``grader grade``
itself; should the grader fail, this module writes one that says so.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..course import Course, Lesson
from ..reports.atomic import write_atomic
from ..trusted.notebooks import notebook_names

STUDENT = "submission"  # the one student of this run (Gradescope knows who it is)
GRADER_FAILED = ("The autograder could not grade this submission; this is not your doing. "
                 "Ask your instructor to rerun it.")


def lesson_files_handed_in(upload: Path, lesson: Lesson) -> bool:
    """Whether the upload is the lesson's module or notebook itself, not a folder or a zip."""
    return any((upload / name).is_file() for name in [lesson.filename, *notebook_names(lesson.module, lesson.name)])


def place_upload(upload: Path, submissions: Path, lesson: Lesson) -> None:
    """Put the upload in ``submissions`` as the one student ``grader grade`` reads:
    ``<student>.zip`` for a lone zip, ``<student>/<lesson>/`` for the module's own files,
    ``<student>/`` holding the upload otherwise (hidden files and links left out)."""
    entries = sorted(p for p in upload.iterdir() if not p.name.startswith(".")) if upload.is_dir() else []
    if len(entries) == 1 and entries[0].suffix.lower() == ".zip" and entries[0].is_file():
        shutil.copyfile(entries[0], submissions / f"{STUDENT}.zip", follow_symlinks=False)
    elif lesson_files_handed_in(upload, lesson):
        (submissions / STUDENT / lesson.name).mkdir(parents=True)
        for entry in entries:
            if entry.is_file() and not entry.is_symlink():
                shutil.copyfile(entry, submissions / STUDENT / lesson.name / entry.name)
    elif upload.is_dir():
        shutil.copytree(upload, submissions / STUDENT, ignore=_hidden_and_links)
    else:
        (submissions / STUDENT).mkdir()  # nothing uploaded: graded as an empty submission


def _hidden_and_links(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n.startswith(".") or Path(folder, n).is_symlink()}


def grade(root: Path, lesson_name: str) -> int:
    """Grade ``root/submission`` for ``lesson_name``; write ``root/results/results.json``."""
    course = Course(root / "source")
    lesson = course.lessons([lesson_name])[0]
    work = Path(tempfile.mkdtemp(prefix="gradescope-"))
    try:
        (work / "submissions").mkdir()
        try:
            place_upload(root / "submission", work / "submissions", lesson)
        except OSError as exc:
            return _write_zero(root, lesson, f"The upload could not be read: {exc}")
        proc = subprocess.run([sys.executable, "-m", "grader.cli", "--course", str(course.root), "grade",
                               str(work / "submissions"), "--out", str(work / "reports"), "--lessons", lesson.name,
                               "--jobs", "1", "--no-progress"], capture_output=True, text=True)
        print(proc.stdout + proc.stderr)  # Gradescope shows run_autograder's output to instructors only
        found = sorted((work / "reports").glob(f"*/{lesson.name}/results.json"))
        if found:
            write_atomic(root / "results" / "results.json", found[0].read_bytes())
            return 0
        return _write_zero(root, lesson, GRADER_FAILED, proc.returncode or 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_zero(root: Path, lesson: Lesson, why: str, status: int = 0) -> int:
    """A results.json with score 0 that says why, where ``grader grade`` wrote none."""
    data = {"score": 0, "output": why, "tests": [], "lesson": lesson.name, "problem": why}
    write_atomic(root / "results" / "results.json", json.dumps(data, indent=2, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(grade(Path(sys.argv[1]), sys.argv[2]))
