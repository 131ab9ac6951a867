"""``grader export gradescope LESSON OUT.zip``: one lesson as a Gradescope autograder zip.

The zip holds ``setup.sh`` (Gradescope runs it once, when it builds the autograder's
image: Python 3.11, the CPU-only torch, the grader and its dependencies from the zip),
``run_autograder`` (run for each submission: ``gradescope_submission`` grades it with
``grader grade`` and the same sandbox), the grader package (without the maintainers'
``devtools``), ``pyproject.toml``, and of the course only that lesson: its stub folder
``assignments/<lesson>/`` (so the lesson is known) and ``tests/<lesson>/``, public and
hidden tests.  Never the solutions, never another lesson.
"""
from __future__ import annotations

import io
import re
import tomllib
import zipfile
from pathlib import Path

from ..course import Course, Lesson
from ..reports.atomic import write_atomic

HELP = "one lesson as a Gradescope autograder zip (setup.sh, run_autograder, the grader, its tests)"
LEFT_OUT = {"__pycache__", "devtools"}  # caches; the maintainers' tools (bench, examples), not needed to grade
EXECUTABLE = 0o100755 << 16             # a zip entry's Unix mode: a regular file anyone may run
READABLE = 0o100644 << 16

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (written by
# `grader export gradescope`): Python 3.11, the CPU-only torch build (the default index's
# Linux wheel pulls gigabytes of CUDA libraries), then the grader and its dependencies.
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
if ! command -v python3.11 >/dev/null; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11 python3.11-venv
fi
python3.11 -m venv "$ROOT/venv"
PIP=("$ROOT/venv/bin/pip" install --disable-pip-version-check)
"${{PIP[@]}}" --upgrade pip
"${{PIP[@]}}" {torch} --index-url https://download.pytorch.org/whl/cpu
"${{PIP[@]}}" "$ROOT/source"
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission (written by `grader export gradescope`): grades
# $ROOT/submission/ with the grader's sandbox and writes $ROOT/results/results.json.
set -u
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
if [ -x "$ROOT/venv/bin/python3" ]; then PATH="$ROOT/venv/bin:$PATH"; fi  # what setup.sh installed
cd "$ROOT/source" || exit 1  # the zip's grader, whichever copy is installed
exec python3 -m grader.exports.gradescope_submission "$ROOT" {lesson}
"""


def add_arguments(parser) -> None:
    parser.add_argument("lesson", help="the lesson this Gradescope assignment grades, e.g. 04_linear_model")
    parser.add_argument("out", type=Path, help="the zip to write (upload it on Gradescope's Configure Autograder page)")


def run(course: Course, args) -> int:
    lesson = course.lessons([args.lesson])[0]
    files = autograder_files(course, lesson)
    write_atomic(args.out, zip_bytes(files))
    print(f"wrote {args.out}: a Gradescope autograder for {lesson.name} ({len(files)} files: setup.sh, "
          f"run_autograder, the grader, assignments/{lesson.name}/ and tests/{lesson.name}/ with the hidden tests). "
          f"Upload it on the assignment's Configure Autograder page (base image: Ubuntu 22.04).")
    return 0


def autograder_files(course: Course, lesson: Lesson) -> dict[str, bytes | Path]:
    """Path in the zip -> its content (text written here, or the course file to copy)."""
    root = course.root
    files: dict[str, bytes | Path] = {
        "setup.sh": SETUP.format(torch=torch_requirement(root / "pyproject.toml")).encode(),
        "run_autograder": RUN_AUTOGRADER.format(lesson=lesson.name).encode(),
        "pyproject.toml": root / "pyproject.toml",
    }
    for folder in (root / "grader", course.assignments_dir / lesson.name, lesson.tests_dir):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not path.is_symlink() and not LEFT_OUT & set(rel.parts):
                files[rel.as_posix()] = path
    return files


def torch_requirement(pyproject: Path) -> str:
    """The course's torch pin (``torch==2.13.0``), read where it is defined."""
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = [d for d in dependencies if re.match(r"torch\s*==", d)]
    if not pins:
        raise SystemExit(f"{pyproject} pins no torch version (expected a dependency 'torch==X.Y.Z')")
    return pins[0].replace(" ", "")


def zip_bytes(files: dict[str, bytes | Path]) -> bytes:
    """The zip, entries in a fixed order; the two scripts executable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = EXECUTABLE if name in ("setup.sh", "run_autograder") else READABLE
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content if isinstance(content, bytes) else content.read_bytes())
    return buffer.getvalue()
