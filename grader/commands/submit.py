"""``grader submit``: ``submission.zip`` for a class that collects work without GitHub
(``make submit``; ``python -m grader submit`` where make is missing).

The zip holds, for each lesson folder of ``assignments/``, the files ``grader grade`` reads
(``grader.trusted.lesson_files``, the rule intake stages by: the module, or a notebook handed
in instead, and the declared data files first, then other files up to the per-lesson cap), with
the lesson folders at its top (``04_linear_model/linear_model.py``), as ``grader grade`` reads it.
Everything else is left out and named on the terminal: folders (``.venv``, ``__pycache__``),
hidden files and folders (``.ipynb_checkpoints``, ``.pytest_cache``), links, files the grader
does not read (checkpoints ``*.pt``, ``*.pth``, ``*.ckpt``, images) and files larger than it
accepts (``grader.limits``).  Needs no installed package: only the standard library."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..course import Course
from ..limits import MAX_ZIP_TOTAL_BYTES
from ..reports.atomic import write_atomic
from ..trusted.lesson_files import choose

HELP = "write submission.zip with your lesson files, to hand in (students)"


def add_arguments(parser) -> None:
    parser.description = ("Write submission.zip: each lesson folder of assignments/ with the files the grader "
                          "reads (your module or notebook, data files). Folders (.venv, __pycache__), hidden files, "
                          "links, checkpoints (*.pt) and oversized files are left out and listed.")
    parser.add_argument("--out", type=Path, default=None,
                        help="the zip to write (default: submission.zip in the course folder)")


def run(course: Course, args) -> int:
    out = args.out or course.root / "submission.zip"
    files, left_out = lesson_files(course)
    for name, why in left_out:
        print(f"left out {name}: {why}")
    if not files:
        print(f"error: no lesson files found in {course.assignments_dir}; nothing written")
        return 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False) as zf:
        for name, path in files:
            zf.write(path, name)
    write_atomic(out, buffer.getvalue())
    lessons = len({name.split("/")[0] for name, _ in files})
    print(f"wrote {out}: {len(files)} files of {lessons} lessons ({len(buffer.getvalue()) / 1024:.0f} KiB); "
          "hand it in as your instructor asks")
    return 0


def lesson_files(course: Course) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """(name in the zip, file) for every file to hand in, and (name, why) for what is left out."""
    files: list[tuple[str, Path]] = []
    left_out: list[tuple[str, str]] = []
    total = 0
    lessons = {lesson.name: lesson for lesson in course.lessons()}
    for folder in sorted(course.assignments_dir.iterdir()) if course.assignments_dir.is_dir() else []:
        if folder.name not in lessons or not folder.is_dir() or folder.is_symlink():
            left_out.append((f"assignments/{folder.name}", "not a lesson folder"))
            continue
        kept, skipped = choose(folder, lessons[folder.name])
        for path, why in skipped:
            left_out.append((f"assignments/{_name(path)}", why))
        for path in kept:
            if total + path.stat().st_size > MAX_ZIP_TOTAL_BYTES:
                left_out.append((f"assignments/{_name(path)}",
                                 f"the zip would hold more than {MAX_ZIP_TOTAL_BYTES // 1024**2} MiB"))
                continue
            files.append((_name(path), path))
            total += path.stat().st_size
    return files, left_out


def _name(path: Path) -> str:
    """``path`` (an entry of a lesson folder) as named in the zip: ``04_linear_model/x.py``, a folder with '/'."""
    return f"{path.parent.name}/{path.name}" + ("/" if path.is_dir() and not path.is_symlink() else "")
