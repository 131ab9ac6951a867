"""The texts ``grader similarity`` compares: each student's lesson modules, found as
``grader grade`` finds them (``trusted.intake``: a folder, a clone or a zip per student,
ids as given; a notebook as the module its code cells make), and per lesson what every
student was given (the stub, the public tests and their helpers, the notebook prelude)
and the reference solution.  Nothing is imported or run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course, Lesson
from ..trusted.intake import discover, stage, student_id
from ..trusted.notebooks import PRELUDE, NotebookProblem, find_lesson_source


@dataclass
class LessonTexts:
    """One lesson's texts: the given code, the reference solution, and each student's module."""
    lesson: Lesson
    given: list[str]
    reference: str
    students: dict[str, str] = field(default_factory=dict)     # student id -> module text
    filenames: dict[str, str] = field(default_factory=dict)    # student id -> the file handed in


def given_code(course: Course, lesson: Lesson) -> list[str]:
    """What every student of ``lesson`` was given: the stub, the public tests and their helpers,
    and the prelude a notebook's module starts with."""
    stub = course.assignments_dir / lesson.name / lesson.filename
    files = [stub, *lesson.public_tests(), *lesson.helper_files(include_hidden=False)]
    return [p.read_text(encoding="utf-8") for p in files if p.is_file()] + [PRELUDE]


def read_class(course: Course, submissions: Path, lessons: list[Lesson], staging: Path
               ) -> tuple[list[LessonTexts], list[str]]:
    """Every lesson's texts, and a note for each submission or lesson file that could not be read
    (naming it); a lesson a student did not hand in is simply absent."""
    entries, _ = discover(submissions)
    ids = [student_id(entry) for entry in entries]
    twice = {i for i in ids if ids.count(i) > 1}
    texts = [LessonTexts(lesson, given_code(course, lesson),
                          (course.solutions_dir / lesson.name / lesson.filename).read_text(encoding="utf-8"))
             for lesson in lessons]
    notes = []
    for n, entry in enumerate(entries):
        student = f"{student_id(entry)} ({entry.name})" if student_id(entry) in twice else student_id(entry)
        sub = stage(entry, staging / str(n), lessons)
        if sub.problem:
            notes.append(f"{entry}: {sub.problem}")
            continue
        for lesson_texts in texts:
            lesson = lesson_texts.lesson
            folder = sub.lessons_root / lesson.name
            try:
                source = find_lesson_source(folder, lesson.module, lesson.name)
            except NotebookProblem as exc:
                notes.append(f"{entry.name}/{lesson.name}: {exc}")
                continue
            if source is not None:
                lesson_texts.students[student] = source.text
                lesson_texts.filenames[student] = f"{lesson.name}/{source.filename}"
    return texts, notes
