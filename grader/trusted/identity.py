"""Student ids and the report folders they get.

An id is the submission's name as given (a folder's name, or a zip's name without
``.zip``): any Unicode letters, spaces and punctuation are kept (``张三``, ``Ana María``).
Only what cannot be a folder name is replaced: ``/``, ``\\``, NUL and control characters,
the names ``.`` and ``..``, and names longer than a file system allows.  Two ids that
would share a folder (equal after Unicode normalisation and case folding, as on macOS
and Windows file systems, or equal after replacement) get distinct folders (``name~2``),
and so do ids equal to a class report's file name (``gradebook.csv``).  Reports carry
the original id; the folder is only where they are.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..limits import MAX_FOLDER_NAME_BYTES
from ..report_files import CLASS_REPORTS

NOT_IN_FOLDER_NAMES = re.compile(r"[/\\\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Student:
    id: str        # as given
    folder: str    # the report folder's name under the output folder


def folder_name(student_id: str) -> str:
    """``student_id`` as a folder name: unchanged unless a file system cannot hold it."""
    name = NOT_IN_FOLDER_NAMES.sub("_", student_id)
    while len(name.encode("utf-8")) > MAX_FOLDER_NAME_BYTES:
        name = name[:-1]
    return "_" + name if name in ("", ".", "..") else name


def _key(name: str) -> str:
    """What a case-insensitive, normalising file system compares."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())


def assign_folders(ids: list[str]) -> tuple[list[Student], list[str]]:
    """One distinct folder per id (in the order given), and a note for each id whose
    folder had to differ from its own name."""
    taken = {_key(name) for name in CLASS_REPORTS}
    students, notes = [], []
    for student_id in ids:
        base = folder_name(student_id)
        folder, n = base, 1
        while _key(folder) in taken:
            n += 1
            folder = f"{base}~{n}"
        taken.add(_key(folder))
        students.append(Student(student_id, folder))
        if folder != student_id:
            notes.append(f"{student_id!r} is reported in the folder {folder!r}"
                         + (" (its name clashes with another student's or a report's)" if folder != base else ""))
    return students, notes
