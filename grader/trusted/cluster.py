"""Grading on a Dask distributed cluster (``grader grade ... --scheduler tcp://HOST:PORT``).

The caller stages and fingerprints every submission (``GradingRun.prepare``), leaves out
those whose reports of this very grading are on disk, sends the rest, and writes each
student's reports as they come back (``reports.student_files``).  Each Dask worker runs
one grading service (``trusted.service``: a fresh interpreter with its own zygote and
warmed pytest), started once when the worker plugin is set up, not per task.  A task
carries one staged submission's files as data and returns that student's reports as
data; the caller writes every file.  A worker refuses to grade when its course or grader
differ from the caller's (``course_version``).  A worker that dies mid-task costs nothing:
Dask runs the task again elsewhere (``CLUSTER_TASK_RETRIES`` times).
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed, get_worker

from ..course import Course
from ..limits import CLUSTER_TASK_RETRIES, DETAIL_CHARS
from ..reports.student_files import clear, write_failure, write_student
from .grading_run import GradingRun, Tally
from .identity import Student
from .results import LessonReport
from .reuse import grader_version

PLUGIN_NAME = "pytorch-course-grader"


def course_version(course: Course) -> str:
    """A hash of the grader and of every lesson's tests and stubs: caller and workers must agree."""
    digest = hashlib.sha256(grader_version().encode())
    for folder in (course.tests_dir, course.assignments_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(course.root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def worker_course() -> Course:
    """The course a cluster worker grades: ``$GRADER_COURSE``, else the checkout its grader is installed from."""
    return Course(Path(os.environ.get("GRADER_COURSE") or Path(__file__).resolve().parents[2]).resolve())


class GradingServicePlugin(WorkerPlugin):
    """Starts the grading service when a worker starts and stops it with the worker."""

    idempotent = True  # registered again by the next run: the running service is kept, warm

    def setup(self, worker=None) -> None:
        self.course = worker_course()
        self.version = course_version(self.course)
        self.lock = threading.Lock()  # one submission at a time per service
        self.process = subprocess.Popen([sys.executable, "-m", "grader.trusted.service", str(self.course.root),
                                         str(os.getpid())], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, encoding="utf-8")
        self.started = False  # its "ready" line is read by the first task, off the worker's event loop

    def teardown(self, worker=None) -> None:
        self.process.stdin.close()
        self.process.wait(30)

    def refresh(self) -> None:
        """After the worker's checkout changed: a service for the course as it is now."""
        if course_version(worker_course()) != self.version:
            with self.lock:
                self.teardown()
                self.setup()

    def grade(self, request: dict) -> dict:
        with self.lock:
            if not self.started:
                if not self.process.stdout.readline().strip():
                    raise RuntimeError("the grading service did not start")
                self.started = True
            self.process.stdin.write(json.dumps(request, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the grading service stopped")
        return json.loads(line)


def grade_task(version: str, student: str, files: dict[str, bytes], lessons: list[str], include_hidden: bool,
               uid_index: int) -> list[dict]:
    """On a cluster worker: grade one submission (``files``: path under the lessons folder
    -> content) and return its reports as dicts."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    if plugin.version != version:
        plugin.refresh()
    if plugin.version != version:
        raise RuntimeError(f"this worker's course or grader differ from the caller's (worker {plugin.version[:12]}, "
                           f"caller {version[:12]}); update its checkout")
    with tempfile.TemporaryDirectory(prefix="grader-cluster-") as staged:
        for rel, data in files.items():
            path = Path(staged, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        reply = plugin.grade({"staged": staged, "student": student, "uid_index": uid_index, "lessons": lessons,
                              "include_hidden": include_hidden})
    if not reply["ok"]:
        raise RuntimeError(f"grading failed on the worker: {reply['error']}")
    return reply["reports"]


def staged_files(lessons_root: Path) -> dict[str, bytes]:
    return {p.relative_to(lessons_root).as_posix(): p.read_bytes()
            for p in sorted(lessons_root.rglob("*")) if p.is_file() and not p.is_symlink()}


def grade_on_cluster(run: GradingRun, entries: list[Path], students: list[Student], tally: Tally) -> None:
    """Grade ``entries`` (their students in ``students``) on the cluster at ``run.scheduler``:
    stage and fingerprint here, grade there, write here."""
    work, prepared = [], {}
    for index, (entry, student) in enumerate(zip(entries, students)):
        try:
            sub, fingerprints = run.prepare(entry, student)
        except Exception as exc:  # noqa: BLE001 — that student's report says so, the run goes on
            tally.failed += 1
            write_failure(run.out / student.folder, student.id, run.lesson_names,
                          f"the grader could not read this submission: {exc}")
            continue
        if run.reuses(student, fingerprints):
            tally.reused += 1
            continue
        clear(run.out / student.folder, fingerprints)
        prepared[student] = (sub, fingerprints)
        work.append((student, sub.lessons_root, index))
    bar = run.progress_bar(len(work))
    for student, reports, error in _graded(run, work):
        bar.update(1)
        if reports is None:
            tally.failed += 1
            write_failure(run.out / student.folder, student.id, run.lesson_names,
                          f"not graded: the cluster could not grade it ({error[:DETAIL_CHARS]})")
        else:
            tally.graded += 1
            write_student(run.out / student.folder, student.id, *prepared[student], reports)
    bar.close()


def _graded(run: GradingRun, work: list[tuple[Student, Path, int]]):
    """Grade ``work`` (student, staged lessons folder, uid index) on the cluster; yield
    ``(student, reports or None, error text)`` as each finishes."""
    version = course_version(run.course)
    with Client(run.scheduler, timeout="30s") as client:
        client.register_plugin(GradingServicePlugin(), name=PLUGIN_NAME)
        futures = {client.submit(grade_task, version, student.id, staged_files(root), run.lesson_names,
                                 run.include_hidden, uid_index, key=f"grade-{uid_index}-{version[:8]}",
                                 retries=CLUSTER_TASK_RETRIES, pure=False): student
                   for student, root, uid_index in work}
        for future in as_completed(futures):
            student = futures[future]
            try:
                yield student, [LessonReport.from_dict(r) for r in future.result()], ""
            except Exception as exc:  # noqa: BLE001 — the student gets the message, the run goes on
                yield student, None, f"{type(exc).__name__}: {exc}"
