"""Find the submissions in a folder and copy each one's lesson files to a staging
area the grader controls.

A submission is ``SUBMISSIONS/<student>/`` or ``SUBMISSIONS/<student>.zip``.  Its
content is either the lesson folders themselves or a clone with an ``assignments/``
folder holding them, possibly inside one top-level folder (as zips from GitHub are).
Only regular files directly inside known lesson folders are staged; links, absolute
or ``..`` paths in zips, oversized files and zip bombs are refused with a message.
A folder that ``grader collect`` wrote holds ``.grader-collected.json`` (the repository and
commit it came from): it is read into ``Submission.collected`` for the reports.
"""
from __future__ import annotations

import json
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..limits import COLLECTED_FIELD_CHARS, MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES

MAX_FILES_PER_LESSON = 32
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_TOTAL = 64 * 1024 * 1024
STAGED_SUFFIXES = {".py", ".ipynb", ".csv", ".txt", ".json", ".md"}
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


def _lesson_root(tree: Path, lessons: set[str]) -> Path | None:
    candidates = [tree, tree / "assignments"]
    subdirs = [p for p in tree.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "__"))] \
        if tree.is_dir() else []
    if len(subdirs) == 1:
        candidates += [subdirs[0], subdirs[0] / "assignments"]
    for c in candidates:
        if c.is_dir() and not c.is_symlink() and any((c / name).is_dir() for name in lessons):
            return c
    return None


def _safe_extract(archive: Path, dest: Path) -> list[str]:
    """Extract regular files only; refuse links, escapes and oversized content."""
    notes, total = [], 0
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError(f"the zip has {len(members)} entries (at most {MAX_ZIP_MEMBERS})")
        for info in members:
            path = PurePosixPath(info.filename.replace("\\", "/"))
            mode = info.external_attr >> 16
            if info.is_dir():
                continue
            if path.is_absolute() or ".." in path.parts or stat.S_ISLNK(mode):
                notes.append(f"skipped unsafe zip entry {info.filename!r}")
                continue
            cap = MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_FILE_BYTES
            if info.file_size > cap or total + info.file_size > MAX_ZIP_TOTAL:
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


def stage(entry: Path, root: Path, lessons: set[str]) -> Submission:
    """Copy the submission's lesson files into ``root/lessons`` (``root``: this
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
    for lesson in sorted(lessons):
        src = found / lesson
        if not src.is_dir() or src.is_symlink():
            continue
        (lessons_root / lesson).mkdir()
        for f in sorted(src.iterdir())[:MAX_FILES_PER_LESSON]:
            if f.is_symlink() or not f.is_file() or f.suffix not in STAGED_SUFFIXES or f.name.startswith("."):
                continue  # (also macOS's ._name resource files)
            cap = MAX_NOTEBOOK_BYTES if f.suffix == ".ipynb" else MAX_FILE_BYTES
            if f.stat().st_size > cap:
                notes.append(f"skipped {lesson}/{f.name}: larger than {cap // 1024} KiB")
                continue
            shutil.copyfile(f, lessons_root / lesson / f.name, follow_symlinks=False)
    if tree is not entry:
        shutil.rmtree(tree, ignore_errors=True)
    return Submission(student, entry, lessons_root, "", tuple(notes), collected)


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
