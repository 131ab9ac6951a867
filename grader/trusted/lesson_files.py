"""Which files of a student's lesson folder are graded, the one rule ``intake`` stages by
and ``grader submit`` packs by, and where a lesson module that is not where the grader
looks was found instead.

The lesson's own files (the declared module, its notebook forms, the declared data) come
first, whatever else the folder holds; other regular files of the staged types fill what
is left of ``MAX_FILES_PER_LESSON`` in name order.  Everything else is left out with a
reason (``intake`` notes it, except for hidden entries and ``__pycache__``, which a working
copy always has).  The course's ``lesson.toml`` is neither graded nor listed: the grader
reads the course's own.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..course import DECLARATION, LESSON_NAME, Lesson
from ..limits import MAX_FILE_BYTES, MAX_FILES_PER_LESSON, MAX_NOTEBOOK_BYTES, NEAR_MISS_FOLDER_LEVELS, STAGED_SUFFIXES
from .notebooks import notebook_names

UNREMARKED = {"__pycache__"}   # (and hidden names): left out without a note in the report


def own_files(lesson: Lesson) -> list[str]:
    """The file names that are the lesson's own: its module, the notebooks it may be
    handed in as, its data files."""
    return [lesson.filename, *notebook_names(lesson.module, lesson.name), *lesson.data]


def unremarked(path: Path) -> bool:
    """Whether ``path`` is left out without a note in the report (hidden, a cache)."""
    return path.name.startswith(".") or path.name in UNREMARKED


def why_left_out(path: Path, own: bool = False) -> str:
    """Why the grader does not read ``path`` (an entry of a lesson folder), or ''.
    ``own``: one of the lesson's own files (any type)."""
    if path.name.startswith("."):
        return "hidden"
    if path.is_symlink():
        return "a link"
    if path.is_dir():
        return "a folder (the grader reads only the files directly in a lesson folder)"
    if not path.is_file():
        return "not a regular file"
    if not own and path.suffix not in STAGED_SUFFIXES:
        return f"the grader reads only {', '.join(STAGED_SUFFIXES)} files and the lesson's data files"
    cap = MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_FILE_BYTES
    if path.stat().st_size > cap:
        return f"larger than the {cap // 1024} KiB the grader accepts"
    return ""


def choose(folder: Path, lesson: Lesson) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files of lesson folder ``folder`` to grade (the lesson's own first), and
    (entry, why) for every entry left out."""
    own = set(own_files(lesson))
    kept_own, others, left_out = [], [], []
    for path in sorted(folder.iterdir()):
        if path.name == DECLARATION:  # the course's, not the student's: the grader reads its own
            continue
        why = why_left_out(path, path.name in own)
        if why:
            left_out.append((path, why))
        else:
            (kept_own if path.name in own else others).append(path)
    room = max(MAX_FILES_PER_LESSON - len(kept_own), 0)
    left_out += [(path, f"more than {MAX_FILES_PER_LESSON} files in one lesson folder "
                        f"(the lesson's own {', '.join(sorted(own))} first, then the others by name)")
                 for path in others[room:]]
    return kept_own + others[:room], left_out


def _spelling(name: str) -> str:
    return re.sub(r"[\s.\-]+", "_", name.strip().lower())


def _without_number(name: str) -> str:
    return re.sub(r"^\d+_", "", _spelling(name))


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    except OSError:
        return []


def misplaced(root: Path, lesson: Lesson) -> list[tuple[str, str]]:
    """Where, under ``root`` (the folder holding the lesson folders), the lesson's module
    is found instead of ``root/<lesson>/<module>.py``: (what was found, what to do); nothing
    when the module or a notebook form of it is where it belongs."""
    wanted = {name.lower(): name for name in [lesson.filename, *notebook_names(lesson.module, lesson.name)]}
    folder = root / lesson.name
    if any((folder / name).is_file() for name in wanted.values()):
        return []
    if folder.is_dir() and not folder.is_symlink():
        return _inside(root, lesson, wanted)
    return _beside(root, lesson, wanted)


def _inside(root: Path, lesson: Lesson, wanted: dict[str, str]) -> list[tuple[str, str]]:
    """The module under another name in the lesson folder, or in a folder of it."""
    found, level = [], [root / lesson.name]
    for depth in range(NEAR_MISS_FOLDER_LEVELS + 1):
        entries = [p for folder in level for p in _entries(folder)]
        for path in (p for p in entries if p.is_file() and p.name.lower() in wanted):
            right = wanted[path.name.lower()]
            found.append((path.relative_to(root).as_posix(),
                          f"move it to {lesson.name}/{right} (the grader reads only the files directly in the "
                          "lesson folder)" if depth else f"rename it to {right} (file names are case-sensitive)"))
        level = [p for p in entries if p.is_dir() and p.name not in UNREMARKED]
    return found


def _beside(root: Path, lesson: Lesson, wanted: dict[str, str]) -> list[tuple[str, str]]:
    """A folder that is the lesson's under another spelling, or its module outside any folder."""
    found = []
    for path in _entries(root):
        name = path.name
        if path.is_dir() and not LESSON_NAME.match(name) and (  # a lesson folder is no other's near miss
                _spelling(name) == lesson.name or _without_number(name) == _without_number(lesson.name)
                or _spelling(name) == lesson.module.lower()):
            found.append((f"{name}/", f"rename the folder to {lesson.name}/ (lesson folders are named exactly so)"))
        elif path.is_file() and name.lower() in wanted:
            found.append((name, f"move it into a folder {lesson.name}/ as {lesson.name}/{wanted[name.lower()]}"))
    return found


def missing_problem(root: Path, lesson: Lesson) -> str:
    """The problem of a lesson whose module is not in ``root/<lesson>``: what is missing
    and, where it was found elsewhere, what to rename or move."""
    problem = f"{lesson.filename} is missing from the submission"
    hints = misplaced(root, lesson)
    if not hints:
        return problem
    return problem + "; found " + "; found ".join(f"{where}: {what}" for where, what in hints)

