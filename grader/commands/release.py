"""``grader release``: the repository a student receives.

It holds the generated stubs, the public tests and their helper modules, the part of
the grader that ``grader check`` needs, its own Makefile and README (from ``release/``);
never the solutions or the lessons' catalogues of known mistakes, the hidden tests or
hidden helpers, the project's own tests, the example submissions, the course's decision
files (``class/``: late policy, extensions, adjustments) or the instructors' tools."""
from __future__ import annotations

import json
import os
import shutil
from fnmatch import fnmatch
from pathlib import Path

from ..course import CATALOGUE, Course
from ..trusted.known_store import KNOWN_FILE, public_part

TOP_LEVEL = ["pyproject.toml", ".gitignore"]
FROM_RELEASE_DIR = {"README.md": "README.md", "Makefile": "Makefile", "check.yml": ".github/workflows/check.yml"}

# Modules of trusted/ that grade a class (``grader grade``)
CLASS_GRADING = ("identity", "reuse", "grading_run", "workers", "pool", "service", "cluster", "known_mistakes")
# Modules of grader/ left out of the release (globs relative to grader/); all others ship.
INSTRUCTOR_ONLY = (
    "devtools/*",              # maintainers' tools (bench, naive, examples): read solutions/ and testing/
    "authoring/stubs.py",      # writes the stubs from solutions/
    "reports/classwide.py",    # class reports: gradebook, summary, plot
    "reports/dashboard.py",    # the class dashboard (index.html, a page per student)
    "reports/misconceptions.py",  # the class's known mistakes and unexplained groups
    "reports/student_files.py",  # a student's report files in a class run
    *(f"trusted/{name}.py" for name in CLASS_GRADING),
    *(f"commands/{name}.py" for name in ("grade", "collect", "similarity", "selfcheck", "stubs", "release",
                                          "export")),
    "similarity/*",            # grader similarity: compares students (reads solutions/)
    "exports/*",               # the course and its grades for other platforms
    "decisions/*",             # late policy and adjustments (the teacher's class/ files)
    "authoring/walkthrough.py",  # writes the walkthrough notebooks
    "trusted/mistakes.py",     # reads the catalogue of known mistakes in solutions/ (students get known_store's part)
)


def ships(module: str) -> bool:
    """Whether the module at ``module`` (a path under grader/, e.g. ``trusted/plugin.py``) is released."""
    return module.endswith(".py") and not any(fnmatch(module, pattern) for pattern in INSTRUCTOR_ONLY)


def release_files(course: Course) -> dict[Path, Path]:
    """Destination (relative) -> source, for every file of the student repository."""
    root = course.root
    files: dict[Path, Path] = {}

    def add_tree(folder: Path, keep=lambda p: True) -> None:
        for p in sorted(folder.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and keep(p):
                files[p.relative_to(root)] = p

    add_tree(course.assignments_dir, keep=lambda p: p.name != CATALOGUE)   # a catalogue copied there by hand
    for lesson in course.lessons():
        for p in lesson.public_tests() + lesson.helper_files(include_hidden=False):
            files[p.relative_to(root)] = p
    add_tree(root / "grader", keep=lambda p: ships(p.relative_to(root / "grader").as_posix()))
    for name in TOP_LEVEL:
        if (root / name).is_file():
            files[Path(name)] = root / name
    for src, dest in FROM_RELEASE_DIR.items():
        files[Path(dest)] = root / "release" / src
    return files


def write_release(course: Course, out: Path, known: dict[str, list[dict]] | None = None) -> list[Path]:
    """Write the student repository to ``out`` (replacing it); its files, relative.  ``known``
    (``trusted.known_mistakes``, by lesson) adds each lesson's ``KNOWN_FILE``: what
    ``grader check`` needs to name a mistake its public tests show."""
    if out.exists():
        shutil.rmtree(out)
    files = release_files(course)
    for rel, src in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, out / rel)
    from ..trusted.session import declared_tests  # here: building the command line loads no pytest

    for lesson in course.lessons():
        if known and lesson.name in known:
            public = {t.name for t in declared_tests(course, lesson, include_hidden=False)}
            rel = (lesson.tests_dir / KNOWN_FILE).relative_to(course.root)
            (out / rel).write_text(json.dumps(public_part(known[lesson.name], public), ensure_ascii=False),
                                   encoding="utf-8")
            files[rel] = lesson.tests_dir / KNOWN_FILE
    return sorted(files)


HELP = "write the repository students receive"


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path)


def run(course: Course, args) -> int:
    from ..trusted.known_mistakes import compute_all

    known = compute_all(course, course.lessons(), jobs=os.cpu_count() or 1)
    files = write_release(course, args.out, known)
    print(f"wrote {len(files)} files to {args.out}")
    return 0
