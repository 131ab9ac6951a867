"""The class's misconceptions, per lesson, for the teacher: the known mistakes its students'
failures show (``LessonReport.diagnoses``; a named mistake and a set of candidates that could
not be told apart are counted apart), and the groups of students whose failures of a function
no known mistake explains but are identical (``Unexplained`` with the same function and
signature), largest first, each with one representative student's function source.

``ClassMistakes`` gathers them as ``classwide.load_results`` reads one ``results.json`` at a
time, keeping only these tables (report folders, not sources): a group's representative source
is read back from its first student's file when shown (``representative_source``).  Shown in
``summary.md`` (``classwide``) and the dashboard's index (``dashboard``), the instructor's pages:
they name students, so no student page shows them."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..limits import REPRESENTATIVE_SOURCE_CHARS
from ..report_files import RESULTS
from ..trusted.results import LessonReport


@dataclass
class Seen:
    """A known mistake (one in ``mistakes``) or a set of candidates (more) of one function,
    and the report folders of the students whose failures showed it."""
    function: str
    mistakes: list[dict]          # ``{"name", "en", "zh"}`` as the first student's report has them
    folders: list[str] = field(default_factory=list)


@dataclass
class Group:
    """Students whose failures of one function no known mistake explains, all alike."""
    function: str
    signature: str
    tests: list[str]              # the failing tests, as the first student's report names them
    folders: list[str] = field(default_factory=list)   # the first is the representative


@dataclass
class LessonMistakes:
    """What one lesson's table shows."""
    named: list[Seen]             # most students first
    candidates: list[Seen]        # most students first
    groups: list[Group]           # of two students or more, largest first
    alone: int                    # students with an unexplained failure that matches nobody else's

    def __bool__(self) -> bool:
        return bool(self.named or self.candidates or self.groups or self.alone)


class ClassMistakes:
    """The class's known mistakes and unexplained groups, gathered one report at a time."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, tuple[str, ...]], Seen] = {}
        self._groups: dict[tuple[str, str, str], Group] = {}

    def add(self, folder: str, rep: LessonReport) -> None:
        """Count one student's lesson report (``folder``: where their reports are)."""
        for found in rep.diagnoses:
            mistakes = [m for m in found.mistakes if isinstance(m, dict) and m.get("name")]
            if mistakes:
                key = (rep.lesson, found.function, tuple(str(m["name"]) for m in mistakes))
                _join(self._seen.setdefault(key, Seen(found.function, mistakes)).folders, folder)
        for failed in rep.unexplained:
            key = (rep.lesson, failed.function, failed.signature)
            _join(self._groups.setdefault(key, Group(failed.function, failed.signature, failed.tests)).folders, folder)

    def lesson(self, lesson: str) -> LessonMistakes:
        seen = sorted((s for (name, _, _), s in self._seen.items() if name == lesson),
                      key=lambda s: (-len(s.folders), s.function, [str(m["name"]) for m in s.mistakes]))
        groups = sorted((g for (name, _, _), g in self._groups.items() if name == lesson),
                        key=lambda g: (-len(g.folders), g.function, g.folders[0]))
        return LessonMistakes([s for s in seen if len(s.mistakes) == 1], [s for s in seen if len(s.mistakes) > 1],
                              [g for g in groups if len(g.folders) > 1],
                              len({g.folders[0] for g in groups if len(g.folders) == 1}))


def representative_source(out: Path, lesson: str, group: Group) -> str:
    """The group's first student's function source, from their ``results.json`` under ``out``
    (at most ``REPRESENTATIVE_SOURCE_CHARS``; "" where the file no longer holds it)."""
    try:
        data = json.loads((out / group.folders[0] / lesson / RESULTS).read_text(encoding="utf-8"))
        source = next(str(u.get("source", "")) for u in data.get("unexplained") or []
                      if u.get("function") == group.function and u.get("signature") == group.signature)
    except (OSError, ValueError, AttributeError, StopIteration):
        return ""
    cut = len(source) > REPRESENTATIVE_SOURCE_CHARS
    return source[:REPRESENTATIVE_SOURCE_CHARS] + ("\n# ... (cut)" if cut else "")


def students_by_folder(table: dict) -> dict[str, str]:
    """Report folder -> the student's id as the class reports show it (``classwide.load_results``'s table)."""
    return {next(iter(res.values()))["folder"]: student for student, res in table.items()}


def _join(folders: list[str], folder: str) -> None:
    """Add ``folder`` once (a student's reports arrive together, so only the last can be it)."""
    if not folders or folders[-1] != folder:
        folders.append(folder)
