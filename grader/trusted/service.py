"""A grading service: a process that keeps the warm machinery of ``grader grade`` (the
zygote, pytest warmed up with the lesson tests) and grades staged submissions on request,
each in a trusted worker forked for it.  Cluster workers (``trusted.cluster``) run one.

    python -m grader.trusted.service COURSE_DIR PARENT_PID

It warms up and forks its workers as ``grader grade`` does on one machine (``trusted.workers``),
after deciding whether CUDA works here, in processes of its own (``trusted.cuda_host``; never
by starting CUDA in this process, which forks), and in one of its runners (else it stops).
Requests and replies are JSON lines on stdin and stdout:
``{"staged": DIR, "student": ID, "uid_index": N, "lessons": [...], "include_hidden": true}``
→ ``{"ok": true, "reports": [LessonReport dicts]}`` or ``{"ok": false, "error": TEXT}``.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

from ..course import Course
from ..limits import GRADER_ERROR_CHARS, Limits
from ..sandbox.confine import protections
from ..sandbox.processes import die_with_parent
from ..sandbox.uids import runner_uid
from ..sandbox.zygote import Zygote
from .cuda_host import check_runners, decide, export
from .known_mistakes import known_mistakes
from .workers import fork_worker, freeze_for_workers, grade, warm_parent


def serve(course: Course) -> None:
    host = export(decide())   # before the limits: runners on a CUDA host get room for it
    limits = Limits()
    zygote = warm_parent(course, course.lessons(), limits=limits)
    checked = check_runners(zygote, host, runner_uid(0))
    if checked.usable != host.usable:   # the sandbox's fault: no student is graded with CUDA broken
        zygote.close()
        raise SystemExit(f"error: {checked.reason}")
    known = known_mistakes(course, course.lessons(), zygote, limits, jobs=os.cpu_count() or 1)
    freeze_for_workers()   # the known mistakes too
    prot = protections(limits)  # what every report says of its runners, the same for every request
    out = sys.stdout
    print(json.dumps({"ready": True}), file=out, flush=True)
    try:
        for line in sys.stdin:
            print(json.dumps(_answer(course, json.loads(line), zygote, limits, prot, known), ensure_ascii=False),
                  file=out, flush=True)
    finally:
        zygote.close()


def _answer(course: Course, request: dict, zygote: Zygote, limits: Limits, prot: dict, known: dict) -> dict:
    """Grade one request in a trusted worker forked for it; the reply."""
    fd, reply_path = tempfile.mkstemp(prefix="grader-reply-", suffix=".json")
    os.close(fd)
    try:
        pid = fork_worker(lambda: _grade_request(course, request, zygote, prot, reply_path, known), limits)
        os.waitpid(pid, 0)
        try:
            with open(reply_path, encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError):
            return {"ok": False, "error": "the grading worker died without a reply"}
    finally:
        os.unlink(reply_path)


def _grade_request(course: Course, request: dict, zygote: Zygote, prot: dict, reply_path: str, known: dict) -> int:
    """In the forked worker: grade one staged submission and write the reply; the exit status."""
    code = 0
    try:
        reports = grade(course, course.lessons(request["lessons"]), Path(request["staged"]), request["student"],
                        include_hidden=request["include_hidden"], zygote=zygote,
                        uid=runner_uid(int(request["uid_index"])), protections=prot, known=known)
        reply = ({"ok": True, "reports": [r.to_dict() for r in reports], "error": ""} if reports is not None
                 else {"ok": False, "reports": [], "error": "the zygote stopped during grading"})
    except BaseException:
        reply, code = {"ok": False, "error": traceback.format_exc()[-GRADER_ERROR_CHARS:]}, 1
    with open(reply_path, "w", encoding="utf-8") as fh:
        json.dump(reply, fh, ensure_ascii=False)
    return code


def main(argv: list[str]) -> None:
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")   # as the grader command sets it
    die_with_parent(int(argv[1]))  # never outlive the cluster worker that started it
    sys.stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")  # replies only; stray prints go to stderr
    os.dup2(2, 1)
    serve(Course(Path(argv[0]).resolve()))


if __name__ == "__main__":
    main(sys.argv[1:])
