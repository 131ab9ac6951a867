"""The unprivileged uids runners get (as root): one per student and lesson of a run."""
from __future__ import annotations

import os

from ..limits import MAX_LESSONS

LESSON_UIDS = MAX_LESSONS  # uids per student: one per lesson of the course (grader.course enforces it)
STUDENT_UIDS = 4096  # students of one grader run that get distinct uids


def runner_uid(student_index: int) -> int:
    """The first uid of the ``student_index``-th student of this run (as root): lesson k's
    runners get this uid + k.  Unused by the system, and distinct per student and lesson,
    so nothing one left running can signal or share kernel state with the next.  Call it
    in the command-line process, whose pid tells concurrent grader runs apart."""
    return 100_000 + ((os.getpid() % 2**10) * STUDENT_UIDS + student_index % STUDENT_UIDS) * LESSON_UIDS


def uids_of_student(first_uid: int) -> set[int]:
    """Every uid the runners of the student whose first uid is ``first_uid`` may have."""
    return set(range(first_uid, first_uid + LESSON_UIDS))
