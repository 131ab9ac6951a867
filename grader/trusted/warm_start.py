"""Start the zygote for a course, the first step of every command that runs tests.

The zygote (a fresh interpreter) imports the heavy libraries while this process goes on
loading the tests; then this process is made cheap to fork."""
from __future__ import annotations

from pathlib import Path

from ..authoring.static import imported_modules
from ..course import Course, Lesson
from ..limits import Limits
from ..sandbox.confine import Layout
from ..sandbox.zygote import Zygote, prepare_parent


def preloaded_modules(course: Course, lessons: list[Lesson]) -> list[str]:
    """torch, numpy and whatever the stubs of ``lessons`` import: loaded once in the
    zygote, so every runner starts with them (and no runner waits for what its lesson
    never uses)."""
    names = {"torch", "numpy"}
    for lesson in lessons:
        names |= imported_modules((course.assignments_dir / lesson.name / lesson.filename).read_text())
    return sorted(names)


def start_zygote(course: Course, lessons: list[Lesson], hide: list[Path] = (),
                 limits: Limits | None = None, include_hidden: bool = True, warm: bool = True) -> Zygote:
    """Start the zygote for the tests of ``lessons`` (public ones, and hidden ones with
    ``include_hidden``), hiding the course and ``hide`` from runners.  With ``warm``, when
    those tests build tensors on the ``meta`` device, torch's meta kernels are preloaded,
    and when the lessons train with ``torch.optim``, what an optimizer's first step loads
    (worth it when many runners will use them; one runner loads them itself, if ever)."""
    tests = [p.read_text() for lesson in lessons for p in lesson.test_files(include_hidden)]
    stubs = [path.read_text() for lesson in lessons
             if (path := course.assignments_dir / lesson.name / lesson.filename).is_file()]
    zygote = Zygote(Layout(hide=[str(course.root), *map(str, hide)]), limits or Limits(),
                    preload=preloaded_modules(course, lessons), warm_meta=warm and any("meta" in t for t in tests),
                    warm_optim=warm and any("optim" in t for t in tests + stubs))
    prepare_parent()
    return zygote
