"""Find the submissions in a folder and copy each one's lesson files to a staging
area the grader controls.

A submission is ``SUBMISSIONS/<student>/`` or ``SUBMISSIONS/<student>.zip``.  Its
content is either the lesson folders themselves or a clone with an ``assignments/``
folder holding them, possibly inside one top-level folder (as zips from GitHub are).
Only regular files directly inside known lesson folders are staged, the lesson's own
(declared) files first (``lesson_files``); what is left out is listed per lesson
(``Submission.lesson_notes``).  Where a lesson's module is misplaced (``src/``, another
case, a misnamed folder), the file found is staged where it was, so that the lesson's problem
names it (``lesson_files.missing_problem``).  Links, absolute or ``..`` paths in zips,
oversized files and zip bombs are refused with a message.
A folder that ``grader collect`` wrote holds ``.grader-collected.json`` (the repository and
commit it came from): it is read into ``Submission.collected`` for the reports.
"""
from __future__ import annotations

import json
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..course import Lesson
from ..limits import COLLECTED_FIELD_CHARS, MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_TOTAL_BYTES
from .lesson_files import choose, misplaced, unremarked

COLLECTED_RECORD = ".grader-collected.json"   # in a student's folder: where grader collect took it from
COLLECTED_LIST = "collected.csv"               # next to the students' folders: what grader collect did
COLLECTED_KEYS = ("repository", "commit", "committed_at")
NOT_SUBMISSIONS = {"__MACOSX", "Thumbs.db", "desktop.ini",  # what archivers and file browsers leave
                   COLLECTED_LIST}


@dataclass
class Submission:
    student: str
    source: Path
    lessons_root: Path          # staged folder holding the lesson folders (may be empty)
    problem: str = ""           # what is wrong with the submission as a whole
    notes: tuple[str, ...] = ()  # files that were skipped, and why
    collected: dict | None = None  # grader collect's record (COLLECTED_KEYS), for a folder it wrote
    lesson_notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lesson -> its files left out


def student_id(entry: Path) -> str:
    """The id a submission is graded under: its name as given, without ``.zip``
    (``identity`` decides which folder its reports go to)."""
    return entry.name[:-len(".zip")] if entry.is_file() and entry.name.lower().endswith(".zip") else entry.name


def is_zip(entry: Path) -> bool:
    return entry.name.lower().endswith(".zip") and entry.is_file() and not entry.is_symlink()


def discover(folder: Path) -> tuple[list[Path], list[str]]:
    """The submission entries of ``folder`` in a fixed order (every folder, zip, other file
    and link: each is somebody's submission, and one that cannot be graded gets a report
    saying why), and the names left out as not submissions (hidden files, ``__MACOSX``)."""
    if not folder.is_dir():
        raise SystemExit(f"submissions folder not found: {folder}")
    entries, skipped = [], []
    for p in sorted(folder.iterdir()):
        (skipped if p.name.startswith(".") or p.name in NOT_SUBMISSIONS else entries).append(p)
    return entries, [p.name for p in skipped]


def _lesson_root(tree: Path, lessons: list[Lesson]) -> Path | None:
    """The folder of ``tree`` holding its lesson folders (or, failing that, misnamed ones)."""
    candidates = [tree, tree / "assignments"]
    subdirs = [p for p in tree.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "__"))] \
        if tree.is_dir() else []
    if len(subdirs) == 1:
        candidates += [subdirs[0], subdirs[0] / "assignments"]
    candidates = [c for c in candidates if c.is_dir() and not c.is_symlink()]
    for c in candidates:
        if any((c / lesson.name).is_dir() for lesson in lessons):
            return c
    return next((c for c in candidates if any(misplaced(c, lesson) for lesson in lessons)), None)


def _safe_extract(archive: Path, dest: Path) -> list[str]:
    """Extract regular files only; refuse links, escapes and oversized content."""
    notes, total = [], 0
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise ValueError(f"the zip has {len(members)} entries (at most {MAX_ZIP_ENTRIES})")
        for info in members:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            mode = info.external_attr >> 16
            if info.is_dir():
                continue
            if path.is_absolute() or ".." in path.parts or stat.S_ISLNK(mode):
                notes.append(f"skipped unsafe zip entry {info.filename!r}")
                continue
            cap = MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_FILE_BYTES
            if info.file_size > cap or total + info.file_size > MAX_ZIP_TOTAL_BYTES:
                notes.append(f"skipped oversized zip entry {info.filename!r}")
                continue
            target = dest.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src, open(target, "wb") as out:
                data = src.read(cap + 1)
                if len(data) > cap:
                    notes.append(f"skipped oversized zip entry {info.filename!r}")
                    continue
                out.write(data)
                total += len(data)
    return notes


def stage(entry: Path, root: Path, lessons: list[Lesson]) -> Submission:
    """Copy the submission's files of ``lessons`` into ``root/lessons`` (``root``: this
    submission's own staging folder)."""
    student = student_id(entry)
    lessons_root = root / "lessons"
    lessons_root.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    tree = entry
    if entry.is_symlink():
        return Submission(student, entry, lessons_root, "the submission is a symbolic link; links are not followed")
    if entry.is_file() and not is_zip(entry):
        return Submission(student, entry, lessons_root,
                          f"{entry.name!r} is neither a folder nor a .zip file; hand in a folder or a zip")
    if is_zip(entry):
        tree = root / "unzipped"
        try:
            notes += _safe_extract(entry, tree)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
            return Submission(student, entry, lessons_root, f"the zip file could not be read: {exc}", tuple(notes))
    collected = _collected(entry, notes) if tree is entry else None
    found = _lesson_root(tree, lessons)
    if found is None:
        return Submission(student, entry, lessons_root,
                          "no lesson folders found (expected e.g. 01_tensors/tensors.py, "
                          "or assignments/01_tensors/tensors.py)", tuple(notes), collected)
    lesson_notes = {}
    for lesson in sorted(lessons, key=lambda lesson: lesson.name):
        src = found / lesson.name
        if src.is_dir() and not src.is_symlink():
            lesson_notes[lesson.name] = tuple(_copy_lesson(src, lessons_root / lesson.name, lesson))
        for where, _ in misplaced(found, lesson):  # staged where they are: the lesson's problem names them
            _copy_misplaced(found / where, lessons_root / where, lesson)
    if tree is not entry:
        shutil.rmtree(tree, ignore_errors=True)
    return Submission(student, entry, lessons_root, "", tuple(notes), collected,
                      {name: found for name, found in lesson_notes.items() if found})


def _copy_lesson(src: Path, dest: Path, lesson: Lesson) -> list[str]:
    """Copy what ``lesson_files.choose`` keeps of lesson folder ``src``; a note for each entry left out."""
    dest.mkdir(parents=True, exist_ok=True)
    kept, left_out = choose(src, lesson)
    for f in kept:
        shutil.copyfile(f, dest / f.name, follow_symlinks=False)
    return [f"{lesson.name}/{f.name}{'/' if f.is_dir() and not f.is_symlink() else ''}: {why} (not graded)"
            for f, why in left_out if not unremarked(f)]


def _copy_misplaced(src: Path, dest: Path, lesson: Lesson) -> None:
    """Stage a misplaced module file, or a misnamed lesson folder's files, at the same place."""
    if src.is_symlink():
        return
    if src.is_dir():
        _copy_lesson(src, dest, lesson)
    elif src.is_file() and src.stat().st_size <= (MAX_NOTEBOOK_BYTES if src.suffix == ".ipynb" else MAX_FILE_BYTES):
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest, follow_symlinks=False)


def _collected(folder: Path, notes: list[str]) -> dict | None:
    """The record ``grader collect`` left in ``folder`` (None if there is none; a note if
    it cannot be read)."""
    path = folder / COLLECTED_RECORD
    if not path.is_file() or path.is_symlink():
        return None
    try:
        with open(path, "rb") as fh:
            record = json.loads(fh.read(4096))
    except (OSError, ValueError):
        record = None
    if not isinstance(record, dict) or not all(isinstance(record.get(key), str) for key in COLLECTED_KEYS):
        notes.append(f"{COLLECTED_RECORD} was left out: it is not the record grader collect writes")
        return None
    return {key: record[key][:COLLECTED_FIELD_CHARS] for key in COLLECTED_KEYS}
