"""A grading service: a process that keeps the warm machinery of ``grader grade`` (the
zygote, pytest warmed up with the lesson tests) and grades staged submissions on request,
each in a trusted worker forked for it.  Cluster workers (``trusted.cluster``) run one.

    python -m grader.trusted.service COURSE_DIR PARENT_PID

Requests and replies are JSON lines on stdin and stdout:
``{"staged": DIR, "student": ID, "uid_index": N, "lessons": [...], "include_hidden": true}``
→ ``{"ok": true, "reports": [LessonReport dicts]}`` or ``{"ok": false, "error": TEXT}``.
"""
from __future__ import annotations

import gc
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
from ..sandbox.zygote import warm_torch
from ..sandbox.uids import runner_uid
from .warm_start import start_zygote

def _grade_in_child(course, request: dict, zygote, limits, reply_path: str) -> None:
    """In the forked worker: grade one staged submission, write the reply, exit."""
    code = 0
    try:
        from .session import grade_submission

        lessons = course.lessons(request["lessons"])
        reports = grade_submission(course, lessons, Path(request["staged"]), request["student"],
                                   include_hidden=request["include_hidden"], zygote=zygote,
                                   uid=runner_uid(int(request["uid_index"])), protections=protections(limits))
        reply = {"ok": zygote.alive(), "reports": [r.to_dict() for r in reports],
                 "error": "" if zygote.alive() else "the zygote stopped during grading"}
    except BaseException:
        reply, code = {"ok": False, "error": traceback.format_exc()[-GRADER_ERROR_CHARS:]}, 1
    finally:
        with open(reply_path, "w", encoding="utf-8") as fh:
            json.dump(reply, fh, ensure_ascii=False)
        os._exit(code)


def serve(course: Course) -> None:
    limits = Limits()
    lessons = course.lessons()
    zygote = start_zygote(course, lessons, limits=limits)
    from .session import warm_up_pytest

    warm_up_pytest(course, lessons, zygote)
    warm_torch(zygote.warm_meta, zygote.warm_optim)
    zygote.wait_ready()
    gc.collect()
    gc.freeze()
    out = sys.stdout
    print(json.dumps({"ready": True}), file=out, flush=True)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            fd, reply_path = tempfile.mkstemp(prefix="grader-reply-", suffix=".json")
            os.close(fd)
            pid = os.fork()
            if pid == 0:
                _grade_in_child(course, request, zygote, limits, reply_path)
            os.waitpid(pid, 0)
            try:
                with open(reply_path, encoding="utf-8") as fh:
                    reply = json.load(fh)
            except (OSError, ValueError):
                reply = {"ok": False, "error": "the grading worker died without a reply"}
            os.unlink(reply_path)
            print(json.dumps(reply, ensure_ascii=False), file=out, flush=True)
    finally:
        zygote.close()


def main(argv: list[str]) -> None:
    die_with_parent(int(argv[1]))  # never outlive the cluster worker that started it
    sys.stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")  # replies only; stray prints go to stderr
    os.dup2(2, 1)
    serve(Course(Path(argv[0]).resolve()))


if __name__ == "__main__":
    main(sys.argv[1:])
