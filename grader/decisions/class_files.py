"""The course's decision files loaded together (``class/`` at the course's root, or the folder
``--class-dir`` names) and checked before anything is graded or written: each file on its own
(``policy``, ``adjustments``), then against the class (every student they name handed
something in).  ``version`` tells whether they changed since the reports applied them."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..report_files import DECISIONS_MARK
from .adjustments import ADJUSTMENTS, Adjustment, load_adjustments
from .policy import EXTENSIONS, POLICY, Policy, load_policy, read_times
from .source import BadDecisionFile

CLASS_DIR = "class"


@dataclass(frozen=True)
class ClassDecisions:
    folder: Path
    policy: Policy
    adjustments: list[Adjustment]
    times: dict[str, tuple[datetime, str]]   # from the LMS export policy.toml names, if any
    version: str                             # a hash of every file read

    @property
    def decides_nothing(self) -> bool:
        return not self.policy.deadlines and not self.adjustments

    def adjustments_of(self, student: str, lesson: str) -> list[Adjustment]:
        return [a for a in self.adjustments if a.student == student and a.lesson == lesson]

    def check_class(self, students: set[str]) -> None:
        """Every student named by an extension or adjustment is one of ``students``."""
        named = [(self.folder / EXTENSIONS, e.line, e.student) for e in self.policy.extensions.values()]
        named += [(a.path, a.line, a.student) for a in self.adjustments]
        for path, line, student in sorted(named, key=lambda item: (str(item[0]), item[1])):
            if student not in students:
                raise BadDecisionFile(path, line, f"no student {student!r} in the class (ids are the submissions' "
                                                  "folder or zip names, as given)")


def check_applied(reports: Path, decisions: ClassDecisions) -> None:
    """That the reports under ``reports`` apply this version of the decision files."""
    try:
        applied = json.loads((reports / DECISIONS_MARK).read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        applied = None
    if applied != decisions.version and not (applied is None and decisions.decides_nothing):
        raise BadDecisionFile(decisions.folder, None, f"the decision files changed since the reports in {reports} "
                                                      "applied them: run the same grader grade again first (nothing "
                                                      "is regraded; the decisions are applied and the reports rebuilt)")


def class_folder(course_root: Path, given: Path | None) -> Path:
    return given if given is not None else course_root / CLASS_DIR


def load_decisions(folder: Path, lessons: list[str]) -> ClassDecisions:
    """Every decision file of ``folder`` (a missing folder or file decides nothing), checked."""
    policy = load_policy(folder, lessons)
    adjustments = load_adjustments(folder / ADJUSTMENTS, lessons)
    times = read_times(policy.times) if policy.times else {}
    digest = hashlib.sha256()
    for path in [folder / POLICY, folder / EXTENSIONS, folder / ADJUSTMENTS, *([policy.times.path] if policy.times
                                                                               else [])]:
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    return ClassDecisions(folder, policy, adjustments, times, digest.hexdigest())
