"""``grader submit``: ``submission.zip`` for a class that collects work without GitHub
(``make submit``; ``python -m grader submit`` where make is missing).

The zip holds, for each lesson folder of ``assignments/``, the files ``grader grade`` reads
(``grader.trusted.intake``: the module, or a notebook handed in instead, and data files), with
the lesson folders at its top (``04_linear_model/linear_model.py``), as ``grader grade`` reads it.
Everything else is left out and named on the terminal: folders (``.venv``, ``__pycache__``),
hidden files and folders (``.ipynb_checkpoints``, ``.pytest_cache``), links, files the grader
does not read (checkpoints ``*.pt``, ``*.pth``, ``*.ckpt``, images) and files larger than it
accepts (``grader.limits``).  Needs no installed package: only the standard library."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..course import LESSON_NAME, Course
from ..limits import MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES
from ..reports.atomic import write_atomic
from ..trusted.intake import MAX_FILES_PER_LESSON, MAX_ZIP_TOTAL, STAGED_SUFFIXES

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
    for folder in sorted(course.assignments_dir.iterdir()) if course.assignments_dir.is_dir() else []:
        if not (folder.is_dir() and not folder.is_symlink() and LESSON_NAME.match(folder.name)):
            left_out.append((f"assignments/{folder.name}", "not a lesson folder"))
            continue
        kept = 0
        for path in sorted(folder.iterdir()):
            name = f"{folder.name}/{path.name}" + ("/" if path.is_dir() and not path.is_symlink() else "")
            why = _why_left_out(path)
            if not why and kept == MAX_FILES_PER_LESSON:
                why = f"more than {MAX_FILES_PER_LESSON} files in one lesson"
            if not why and total + path.stat().st_size > MAX_ZIP_TOTAL:
                why = f"the zip would hold more than {MAX_ZIP_TOTAL // 1024**2} MiB"
            if why:
                left_out.append((f"assignments/{name}", why))
                continue
            files.append((name, path))
            kept += 1
            total += path.stat().st_size
    return files, left_out


def _why_left_out(path: Path) -> str:
    """Why the grader would not read ``path`` (a lesson folder's entry), or ''."""
    if path.name.startswith("."):
        return "hidden"
    if path.is_symlink():
        return "a link"
    if path.is_dir():
        return "a folder (the grader reads only the files directly in a lesson folder)"
    if not path.is_file():
        return "not a regular file"
    if path.suffix not in STAGED_SUFFIXES:
        return f"the grader reads only {', '.join(sorted(STAGED_SUFFIXES))} files"
    cap = MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_FILE_BYTES
    if path.stat().st_size > cap:
        return f"larger than the {cap // 1024} KiB the grader accepts"
    return ""
