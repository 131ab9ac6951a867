"""Start the zygote for a course, the first step of every command that runs tests.

The zygote (a fresh interpreter) imports the heavy libraries while this process goes on
loading the tests; then this process is made cheap to fork.  Where this host allows no
confinement (``sandbox.layers``), unconfined runners take its place (``sandbox.unconfined``):
only where the command allows them, and after saying so once."""
from __future__ import annotations

import sys
from pathlib import Path

from ..authoring.static import imported_modules
from ..course import Course, Lesson
from ..limits import Limits
from ..sandbox.confine import Layout
from ..sandbox.layers import require
from ..sandbox.zygote import Zygote, prepare_parent

UNCONFINED_NOTICE = ("note: runs unconfined ({why}): your code runs as an ordinary process of yours, with the same "
                     "tests, timeouts and reports but no sandbox around it; fine for your own code on your own "
                     "machine")


def preloaded_modules(course: Course, lessons: list[Lesson]) -> list[str]:
    """torch, numpy and whatever the stubs of ``lessons`` import: loaded once in the
    zygote, so every runner starts with them (and no runner waits for what its lesson
    never uses)."""
    names = {"torch", "numpy"}
    for lesson in lessons:
        stub = course.assignments_dir / lesson.name / lesson.filename
        if stub.is_file():  # (a student working in a notebook may have deleted it)
            names |= imported_modules(stub.read_text(encoding="utf-8"))
    return sorted(names)


def start_zygote(course: Course, lessons: list[Lesson], hide: list[Path] = (), limits: Limits | None = None,
                 include_hidden: bool = True, warm: bool = True, unconfined_ok: bool = False) -> Zygote:
    """Start the zygote for the tests of ``lessons`` (public ones, and hidden ones with
    ``include_hidden``), hiding the course and ``hide`` from runners.  With ``warm``, when
    those tests build tensors on the ``meta`` device, torch's meta kernels are preloaded,
    and when the lessons train with ``torch.optim``, what an optimizer's first step loads
    (worth it when many runners will use them; one runner loads them itself, if ever).
    Without confinement: unconfined runners with ``unconfined_ok``, else SystemExit saying why."""
    found = require(unconfined_ok)
    service = Zygote
    if not found.confined:
        from ..sandbox.unconfined import UnconfinedRunners

        print(UNCONFINED_NOTICE.format(why=found.unconfined_because), file=sys.stderr, flush=True)
        service = UnconfinedRunners
    tests = [p.read_text(encoding="utf-8") for lesson in lessons
             for p in lesson.test_files(include_hidden) + lesson.helper_files(include_hidden)]
    stubs = [path.read_text(encoding="utf-8") for lesson in lessons
             if (path := course.assignments_dir / lesson.name / lesson.filename).is_file()]
    layout = Layout(hide=[str(course.root), *map(str, hide)], privileged=found.unprivileged_uid,
                    namespaces=found.namespaces, syscall_filter=found.syscall_filter)
    zygote = service(layout, limits or Limits(), preload=preloaded_modules(course, lessons),
                     warm_meta=warm and any("meta" in t for t in tests),
                     warm_optim=warm and any("optim" in t for t in tests + stubs))
    prepare_parent()
    return zygote
