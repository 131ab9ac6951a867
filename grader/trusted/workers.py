"""Trusted workers, as both ``grader grade``'s local pool (``trusted.pool``) and a cluster
worker's grading service (``trusted.service``) use them: a warm parent (``warm_parent``:
the zygote started, pytest and the lesson tests loaded, torch's reference paths warmed,
the garbage collector frozen) forks one worker per submission (``fork_worker``), which
grades it (``grade``), delivers what it found, and exits.  Forking after the warm-up makes
every worker start with all of it, paid once.  The warm parent never starts CUDA (a forked
worker could not use it): whether CUDA works is asked in processes of its own (``cuda_host``)."""
from __future__ import annotations

import gc
import os
import resource
import signal
import traceback
from pathlib import Path
from typing import Callable

from ..course import Course, Lesson
from ..limits import WORKER_MEMORY_BYTES, Limits
from ..sandbox.confine import address_space_now
from ..sandbox.processes import die_with_parent
from ..sandbox.zygote import Zygote, warm_torch
from .cuda_host import refuse_bad_fork, refuse_cuda_before_fork
from .results import LessonReport
from .warm_start import start_zygote


def warm_parent(course: Course, lessons: list[Lesson], *, limits: Limits, include_hidden: bool = True,
                hide: list[Path] = (), unconfined_ok: bool = False) -> Zygote:
    """Start the zygote (``warm_start``) and make this process the warm parent of the
    workers that grade ``lessons``; the zygote.  The known mistakes' versions are taken
    before the tests are loaded (``known_mistakes`` checks that they still hold), while the
    zygote starts: the torch that hashing them imports here loads beside the zygote's."""
    zygote = start_zygote(course, lessons, hide=hide, limits=limits, include_hidden=include_hidden,
                          unconfined_ok=unconfined_ok)
    try:
        from .known_store import known_version
        from .session import warm_up_pytest

        for lesson in lessons:
            known_version(course, lesson)
        warm_up_pytest(course, lessons, zygote)
        warm_torch(zygote.warm_meta, zygote.warm_optim)  # the tests' own reference computations, once for all
        zygote.wait_ready()  # here, once: no worker's first test waits for it
    except BaseException:
        zygote.close()
        raise
    freeze_for_workers()
    return zygote


def freeze_for_workers() -> None:
    """Put what this process holds now out of the collector's reach: the forked workers do not
    copy (or walk) what the collector would otherwise touch."""
    gc.collect()
    gc.freeze()


def fork_worker(job: Callable[[], int], limits: Limits, cpus: set[int] | None = None) -> int:
    """Fork a trusted worker that runs ``job`` and exits with the status it returns (1 if
    it raised, the traceback on stderr); its pid.  The worker dies with this process, and
    where ``limits`` cap address space, what a reply makes it build is capped too; it runs on
    ``cpus`` where given (its runners follow it: ``client.RunnerProcess``).  CUDA cannot
    cross a fork: a grader error where this process has started it."""
    refuse_cuda_before_fork()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            die_with_parent(parent)  # a killed run leaves no worker writing reports
            refuse_bad_fork()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            if cpus:
                os.sched_setaffinity(0, cpus)
            if limits.cap_address_space:  # whatever a reply makes this process build, the host keeps its memory
                cap = address_space_now() + WORKER_MEMORY_BYTES
                resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            code = job()
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def cpus_for_workers(jobs: int) -> list[set[int]] | None:
    """One CPU for each of ``jobs`` workers at a time, where there are that many: a worker and
    its runner take turns (a request, then its reply), and on one CPU each hand-over is a
    switch, not a wake-up of another CPU (in a VM, that costs a third of a small request)."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    mine = sorted(os.sched_getaffinity(0))
    return [{cpu} for cpu in mine[:jobs]] if jobs <= len(mine) else None


def grade(course: Course, lessons: list[Lesson], root: Path, student: str, *, include_hidden: bool,
          zygote: Zygote, uid: int, protections: dict,
          known: dict[str, list[dict]] | None = None) -> list[LessonReport] | None:
    """In a worker: the reports of the submission whose lesson folders are in ``root`` (with
    the ``known`` mistakes their failures show), or None if the zygote stopped meanwhile (its
    tests may have failed for that: no scores rather than wrong ones)."""
    from .session import grade_submission

    reports = grade_submission(course, lessons, root, student, include_hidden=include_hidden, zygote=zygote,
                               uid=uid, protections=protections, known=known)
    return reports if zygote.alive() else None
