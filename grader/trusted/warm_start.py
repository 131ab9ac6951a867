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


def preloaded_modules(course: Course) -> list[str]:
    """torch, numpy, pandas and whatever the lesson stubs import: loaded once in the
    zygote, so every runner starts with them."""
    names = {"torch", "numpy", "pandas"}
    for lesson in course.lessons():
        names |= imported_modules((course.assignments_dir / lesson.name / lesson.filename).read_text())
    return sorted(names)


def start_zygote(course: Course, lessons: list[Lesson], hide: list[Path] = (),
                 limits: Limits | None = None) -> Zygote:
    """Start the zygote, hiding the course and ``hide`` from runners.  Tests that build
    tensors on the ``meta`` device get torch's meta kernels preloaded."""
    uses_meta = any("meta" in p.read_text() for lesson in lessons for p in lesson.test_files(True))
    zygote = Zygote(Layout(hide=[str(course.root), *map(str, hide)]), limits or Limits(),
                    preload=preloaded_modules(course), warm_meta=uses_meta)
    prepare_parent()
    return zygote
