"""One ``grader grade``, decided once from its arguments: ``GradingRun`` says what is graded
(course, lessons, hidden tests or not), where submissions come from and reports go, where
(this machine's pool of workers, ``trusted.pool``, or a Dask cluster, ``trusted.cluster``),
and how runners are confined, with what the reports say of it.  Both grade from it, and
both stage and fingerprint a student the same way (``GradingRun.prepare``).  ``Tally``
counts how each student's grading ended."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from ..course import Course, Lesson
from ..limits import Limits
from ..sandbox.confine import protections
from ..sandbox.layers import require
from .cuda_host import CudaHost, decide, export
from .identity import Student
from .intake import Submission, stage
from .known_store import known_version
from .reuse import Conditions, lesson_fingerprint, reusable

NOT_LINUX = ("error: grader grade runs on Linux (it forks its workers and finds their processes through /proc); "
             "on macOS or Windows, grade in a Linux container, VM or WSL2")


@dataclass(frozen=True)
class GradingRun:
    """What one ``grader grade`` does, made once from its arguments (``from_args``)."""

    course: Course
    lessons: tuple[Lesson, ...]
    submissions: Path
    out: Path                  # the reports: a folder per student, the class reports
    staging: Path              # this run's own folder for staged submissions
    include_hidden: bool       # hidden tests run (not ``--public-only``)
    force: bool                # regrade students whose reports of this very grading are on disk
    unconfined: bool           # runners are plain processes: this host allows no confinement (``--unconfined``)
    limits: Limits
    protections: dict          # what each report says of its runners (a cluster's workers say their own)
    scheduler: str | None      # a Dask scheduler's address: grade on that cluster, not here
    jobs: int                  # students graded at once here
    cuda: CudaHost             # whether the CUDA tests run here, and why (``trusted.cuda_host``)
    cuda_jobs: int             # students whose grading uses the GPU at once here (``trusted.cuda_slots``)
    progress: bool             # show a progress bar

    @classmethod
    def from_args(cls, course: Course, args, staging: Path) -> GradingRun:
        """The run ``args`` ask for (``grader grade``'s arguments), staging in ``staging``.
        SystemExit for lessons the course does not have, and, to grade on this machine, a
        host that is not Linux or allows no confinement (unless ``--unconfined``).  Decides whether
        CUDA works here and exports it to every process the run starts (``cuda_host.export``)."""
        unconfined = False
        if not args.scheduler:
            if sys.platform != "linux":
                raise SystemExit(NOT_LINUX)
            unconfined = not require(args.unconfined).confined
        cuda = export(decide())   # before the limits: runners on a CUDA host get room for it
        limits = Limits()
        jobs = max(1, args.jobs or os.cpu_count() or 1)
        if args.cuda_jobs is not None and args.cuda_jobs < 1:
            raise SystemExit(f"error: --cuda-jobs must be at least 1, not {args.cuda_jobs}")
        return cls(course=course, lessons=tuple(course.lessons(args.lessons)), submissions=args.submissions.resolve(),
                   out=args.out.resolve(), staging=staging, include_hidden=not args.public_only, force=args.force,
                   unconfined=unconfined, limits=limits, protections={} if args.scheduler else protections(limits),
                   scheduler=args.scheduler, jobs=jobs, cuda=cuda, cuda_jobs=min(args.cuda_jobs or cuda.parallel, jobs),
                   progress=not args.no_progress)

    @property
    def lesson_names(self) -> list[str]:
        return [lesson.name for lesson in self.lessons]

    def hidden_from_runners(self) -> list[Path]:
        """Folders of this run no runner may see (the course itself is hidden anyway)."""
        return [self.submissions, self.out, self.staging]

    def prepare(self, entry: Path, student: Student) -> tuple[Submission, dict[str, str]]:
        """Stage one submission and fingerprint each lesson of it (``trusted.reuse``)."""
        sub = stage(entry, self.staging / student.folder, self.lessons)
        conditions = Conditions(include_hidden=self.include_hidden, gpu=self.cuda.usable,
                                unconfined=self.unconfined, problem=sub.problem, collected=sub.collected or None)
        return sub, {lesson.name: lesson_fingerprint(lesson, sub.lessons_root, replace(
                         conditions, left_out=sub.lesson_notes.get(lesson.name, ()),
                         known=known_version(self.course, lesson) if self.include_hidden else ""))
                     for lesson in self.lessons}

    def reuses(self, student: Student, fingerprints: dict[str, str]) -> bool:
        """Whether ``student``'s reports of this very grading are on disk and kept (no ``--force``)."""
        return not self.force and reusable(self.out / student.folder, student.id, fingerprints)

    def progress_bar(self, total: int):
        """A bar over ``total`` students (silent without ``progress``)."""
        from tqdm import tqdm

        return tqdm(total=total, unit="student", disable=not self.progress, dynamic_ncols=True)


@dataclass
class Tally:
    """How many students were graded, reused from an earlier run, or could not be graded."""

    graded: int = 0
    reused: int = 0
    failed: int = 0
