"""One student's report files in a class run (``grader grade``): each lesson's
``results.json``, ``feedback.md``, and the ``graded.json`` mark last (``trusted.reuse``);
for a student who could not be graded, zero results that say why; and the clearing of
a student's old reports before they are replaced.  Every file is written whole or not
at all (``reports.atomic``)."""
from __future__ import annotations

from pathlib import Path

from ..report_files import FEEDBACK, GRADED_MARK, RESULTS
from ..trusted.intake import Submission
from ..trusted.results import LessonReport
from ..trusted.reuse import mark_graded
from .atomic import write_atomic
from .student import feedback_markdown, write_results


def clear(folder: Path, lessons) -> None:
    """From here on, this student's reports are being replaced: no mark, no old files (of ``lessons``, by name)."""
    for old in [folder / GRADED_MARK, folder / FEEDBACK, *[folder / name / RESULTS for name in lessons]]:
        old.unlink(missing_ok=True)


def write_student(folder: Path, student: str, sub: Submission, fingerprints: dict[str, str],
                  reports: list[LessonReport]) -> None:
    """Every report of one student graded from ``sub``, the mark last."""
    for rep in reports:
        if sub.problem:
            rep.problem = sub.problem
        rep.notes = [*sub.lesson_notes.get(rep.lesson, ()), *rep.notes]  # files intake left out, first
        write_results(rep, folder / rep.lesson, fingerprints[rep.lesson], sub.collected)
    text = feedback_markdown(student, reports, sub.collected)
    if sub.notes:
        text += "\n## Files not graded\n\n" + "\n".join(f"- {n}" for n in sub.notes) + "\n"
    write_atomic(folder / FEEDBACK, text)
    mark_graded(folder, student, fingerprints)


def write_failure(folder: Path, student: str, lessons: list[str], why: str) -> None:
    """Keep the gradebook complete: zero results that say what went wrong for each lesson
    (by name) left without results (no mark is written: the next run grades the student
    again)."""
    (folder / GRADED_MARK).unlink(missing_ok=True)
    reports = []
    for lesson in lessons:
        if (folder / lesson / RESULTS).is_file():
            continue
        rep = LessonReport(student, lesson, [], problem=why)
        write_results(rep, folder / lesson)
        reports.append(rep)
    write_atomic(folder / FEEDBACK, feedback_markdown(student, reports))
