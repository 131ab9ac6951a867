"""Runners where the sandbox cannot be had: the unconfined fallback of macOS and Windows
(``grader.sandbox.unconfined``), forced on Linux with ``GRADER_UNCONFINED=1``, and
confinement decided by trying each layer (``grader.sandbox.layers``), not by the uid: root
without CAP_SYS_ADMIN (a default Docker container, as on Gradescope) keeps what still works.

Costs about a minute on 2 cores, most of it the two 10 s timeouts of the runaway submission.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.limits import MAX_OUTPUT_CHARS, Limits
from grader.sandbox.confine import Layout
from grader.sandbox.processes import process_alive
from grader.sandbox.unconfined import UnconfinedRunners
from grader.trusted.client import LessonRunner
from grader.trusted.outcomes import RunnerCrashed, RunnerMemory, RunnerTimeout
from grader.trusted.remote import StudentModule

from conftest import REPO, lesson_points

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSONS = ["00_python_basics", "04_linear_model"]
NOTICE = "note: runs unconfined (GRADER_UNCONFINED is set)"
FORCED = {**os.environ, "GRADER_UNCONFINED": "1"}
AS_ROOT = os.geteuid() == 0 and shutil.which("setpriv") and shutil.which("unshare")
WITHOUT_SYS_ADMIN = ["setpriv", "--bounding-set", "-sys_admin", "--"]  # root as in a default Docker container
# A 04_linear_model that runs away, appended to the solution (a later definition wins): ``forward``
# prints 10 KB at every call (``loss``, ``mse`` and ``grid_search`` call it, and still pass),
# ``forward_affine`` ends the process, ``mse_surface`` never returns.
RUNAWAY = '''

import os


def forward(x, w):
    print("走" * 10_000)
    return x * w


def forward_affine(x, w, b):
    os._exit(3)


def mse_surface(xs, ys, ws, bs):
    while True:
        pass
'''


def python_grader(*args: str, env=None, prefix=(), timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m grader`` (no ``make``, no ``grader`` script needed) on this checkout."""
    return subprocess.run([*prefix, sys.executable, "-m", "grader", "--course", str(REPO), *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def check(submission: Path, results: Path, env=None, prefix=(), lessons=LESSONS) -> subprocess.CompletedProcess:
    return python_grader("check", "--lessons", *lessons, "--submission", str(submission), "--results",
                         str(results), env=env, prefix=prefix)


def by_test(results: Path) -> dict[str, tuple[str, float, str]]:
    """test name -> (outcome, score, output) over every lesson of a ``--results`` file."""
    return {t["name"]: (t["outcome"], t["score"], t["output"]) for rep in json.loads(results.read_text())
            for t in rep["tests"]}


def runner_processes() -> list[int]:
    found = []
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        if b"grader.sandbox.unconfined" in cmdline and process_alive(int(name)):
            found.append(int(name))
    return found


def test_check_runs_unconfined_says_so_once_and_scores_as_the_sandbox(tmp_path):
    """Solutions pass everything, stubs nothing, and the notice comes once for two lessons."""
    out = check(REPO / "solutions", tmp_path / "solutions.json", env=FORCED)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (out.stdout + out.stderr).count("runs unconfined") == 1 and NOTICE in out.stderr
    reports = json.loads((tmp_path / "solutions.json").read_text())
    assert [r["lesson"] for r in reports] == LESSONS
    assert all(r["score"] == r["max_score"] > 0 for r in reports)
    assert all(r["protections"]["unconfined"] is True and r["protections"]["syscall_filter"] is False
               and r["protections"]["unconfined_because"] == "GRADER_UNCONFINED is set" for r in reports)

    stub = check(REPO / "assignments", tmp_path / "stubs.json", env=FORCED)
    assert stub.returncode == 1 and stub.stderr.count("runs unconfined") == 1
    assert all(outcome != "passed" and score == 0 for outcome, score, _ in by_test(tmp_path / "stubs.json").values())
    assert not runner_processes()


def test_runaway_code_gets_the_same_results_unconfined_as_confined(tmp_path):
    """A process exit, an endless loop and a flood of output: crashed, timeout and capped
    output, test by test the same results as in the sandbox."""
    lesson = tmp_path / "sub" / "04_linear_model"
    shutil.copytree(REPO / "solutions" / "04_linear_model", lesson)
    (lesson / "linear_model.py").write_text((lesson / "linear_model.py").read_text() + RUNAWAY)
    confined = check(tmp_path / "sub", tmp_path / "confined.json", lessons=["04_linear_model"])
    unconfined = check(tmp_path / "sub", tmp_path / "unconfined.json", env=FORCED, lessons=["04_linear_model"])
    assert "runs unconfined" not in confined.stderr and unconfined.stderr.count("runs unconfined") == 1
    assert confined.returncode == unconfined.returncode == 1
    expected, got = by_test(tmp_path / "confined.json"), by_test(tmp_path / "unconfined.json")
    assert {name: found[:2] for name, found in got.items()} == {name: found[:2] for name, found in expected.items()}
    prefix = "04_linear_model: test_public.py::"
    assert got[prefix + "test_forward_affine"][0] == "crashed"
    assert got[prefix + "test_mse_surface"][0] == "timeout"
    assert got[prefix + "test_grid_search_default"][0] == "passed"
    printed = got[prefix + "test_forward_floats"][2]
    assert "printed by your code" in printed and "走" * 100 in printed and len(printed) < 10_000
    assert not runner_processes()


def test_grade_refuses_unconfined_runners_without_the_flag(tmp_path):
    submissions, out = tmp_path / "submissions", tmp_path / "reports"
    shutil.copytree(REPO / "solutions" / "04_linear_model", submissions / "张三" / "04_linear_model")
    shutil.copytree(REPO / "assignments" / "04_linear_model", submissions / "stub" / "04_linear_model")
    grade = ["grade", str(submissions), "--out", str(out), "--lessons", "04_linear_model", "--no-progress"]

    refused = python_grader(*grade, env=FORCED)
    assert refused.returncode == 1 and "cannot be confined here (GRADER_UNCONFINED is set)" in refused.stderr
    assert "--unconfined" in refused.stderr and not out.exists()

    graded = python_grader(*grade, "--unconfined", "--jobs", "2", env=FORCED)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    for student, score in (("张三", lesson_points("04_linear_model", include_hidden=False)), ("stub", 0)):
        res = json.loads((out / student / "04_linear_model" / "results.json").read_text())
        assert res["protections"]["unconfined"] is True and not res["protections"]["unprivileged_uid"]
        assert sum(t["score"] for t in res["tests"] if t["visibility"] == "visible") == score


def test_unconfined_runners_time_out_crash_reseed_and_capture(tmp_path):
    """The fallback's own service, driven as the tests drive the zygote's runners."""
    folder = tmp_path / "demo"
    folder.mkdir()
    (folder / "demo.py").write_text(textwrap.dedent('''
        import os
        import torch
        def where(): return os.getpid(), os.getcwd(), os.environ["HOME"], os.environ.get("GRADER_TEST_SECRET")
        def draw(n): return torch.rand(n)
        def spin():
            while True:
                pass
        def leave(): os._exit(0)
        def chatter(): print("x" * 100_000)
        def hog(): return torch.empty(10**12)
    '''))
    os.environ["GRADER_TEST_SECRET"] = "not for runners"
    try:
        service = UnconfinedRunners(Layout(privileged=False, namespaces=False, syscall_filter=False),
                                    Limits(memory_bytes=1024**3), preload=["torch"], warm_meta=False)
    finally:
        del os.environ["GRADER_TEST_SECRET"]
    try:
        lesson = LessonRunner(service, str(folder), "demo", 0)
        student = StudentModule(lesson)
        lesson.begin_test(1, 10.0, 5)
        pid, cwd, home, secret = student.where()
        assert pid != os.getpid() and cwd == home and cwd.startswith(service.layout.scratch) and secret is None
        first = student.draw(3)
        lesson.begin_test(2, 10.0, 5)
        assert not (student.draw(3) == first).all()
        lesson.begin_test(1, 10.0, 5)
        assert (student.draw(3) == first).all(), "each test starts from its own seed"
        student.chatter()
        assert lesson.last_output.startswith("xxx") and len(lesson.last_output) < MAX_OUTPUT_CHARS + 30  # capped
        with pytest.raises(RunnerMemory):
            student.hog()
        lesson.begin_test(3, 1.0, 5)
        with pytest.raises(RunnerTimeout):
            student.spin()
        assert not process_alive(pid), "the timeout killed the runner"
        lesson.begin_test(4, 10.0, 5)
        with pytest.raises(RunnerCrashed):
            student.leave()
        lesson.begin_test(1, 10.0, 5)
        assert (student.draw(3) == first).all(), "a new runner, the same seed"
        lesson.close()
    finally:
        service.close()
    assert not Path(service.layout.scratch).exists() and not runner_processes()


def test_the_fallback_loads_without_posix_only_modules():
    """What ``python -m grader check`` imports on the unconfined path loads where ``resource``,
    ``fcntl`` and the rest of POSIX are missing (Windows), every command module included."""
    code = textwrap.dedent('''
        import sys
        for name in ("resource", "fcntl", "termios", "pwd", "grp"):
            sys.modules[name] = None
        from grader.cli import available_commands
        import grader.sandbox.unconfined, grader.sandbox.runner, grader.trusted.session, grader.reports.student
        print(sorted(available_commands()))
    ''')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert out.returncode == 0 and "'check'" in out.stdout and "'grade'" in out.stdout, out.stderr


def layers(prefix=(), env=None) -> dict:
    code = "import dataclasses, json; from grader.sandbox.layers import available; " \
           "print(json.dumps(dataclasses.asdict(available())))"
    out = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_layers_are_found_by_trying_them():
    forced = layers(env=FORCED)
    assert forced == {"namespaces": False, "unprivileged_uid": False, "syscall_filter": False,
                      "unconfined_because": "GRADER_UNCONFINED is set"}
    here = layers()
    assert here["syscall_filter"] and not here["unconfined_because"]
    if AS_ROOT:
        assert here["namespaces"] and here["unprivileged_uid"]
        assert not layers(prefix=WITHOUT_SYS_ADMIN)["namespaces"]


def python_readable_by_others() -> bool:
    """Whether an unprivileged uid can read this Python's standard library (not where it sits
    in root's home folder, as pyenv's does)."""
    stdlib = Path(os.__file__)
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "test", "-r",
                           str(stdlib)]).returncode == 0


@pytest.mark.security
@pytest.mark.skipif(not AS_ROOT, reason="needs root, setpriv and unshare (util-linux)")
def test_root_without_cap_sys_admin_grades_with_the_layers_that_work(tmp_path):
    """As in a default Docker container (Gradescope): no namespaces, yet no runner fails to
    start, no flag is needed, and the reports say which layers there were."""
    submissions, out = tmp_path / "submissions", tmp_path / "reports"
    shutil.copytree(REPO / "solutions" / "04_linear_model", submissions / "张三" / "04_linear_model")
    shutil.copytree(REPO / "assignments" / "04_linear_model", submissions / "stub" / "04_linear_model")
    graded = python_grader("grade", str(submissions), "--out", str(out), "--lessons", "04_linear_model",
                           "--no-progress", prefix=WITHOUT_SYS_ADMIN)
    assert graded.returncode == 0, graded.stdout + graded.stderr
    for student, score in (("张三", lesson_points("04_linear_model")), ("stub", 0)):
        res = json.loads((out / student / "04_linear_model" / "results.json").read_text())
        assert res["score"] == score, res
        found = res["protections"]
        assert found["unconfined"] is False and found["syscall_filter"] is True
        assert not (found["network_namespace"] or found["hidden_files"] or found["read_only_host"])
        assert found["unprivileged_uid"] is python_readable_by_others()


@pytest.mark.security
@pytest.mark.skipif(not AS_ROOT, reason="needs root, setpriv and unshare (util-linux)")
def test_root_without_cap_sys_admin_drops_to_a_uid_where_python_is_readable(tmp_path):
    """Where every uid can read the Python installation (Gradescope's image: /usr), runners
    without namespaces still get a uid of their own; here the Python folder is made so in a
    mount namespace of the test's own when it is not."""
    lesson = tmp_path / "sub" / "00_python_basics"
    shutil.copytree(REPO / "solutions" / "00_python_basics", lesson)
    (lesson / "basics.py").write_text((lesson / "basics.py").read_text() + textwrap.dedent('''
        import os
        _sign = sign
        def sign(x):
            print(f"uid={os.getuid()}")
            return _sign(x)
    '''))
    command = [*WITHOUT_SYS_ADMIN, sys.executable, "-m", "grader", "--course", str(REPO), "check", "--lessons",
               "00_python_basics", "--submission", str(tmp_path / "sub"), "--results", str(tmp_path / "r.json")]
    if not python_readable_by_others():
        python, keep = Path(sys.base_prefix).resolve(), tmp_path / "python"
        hiding = next(p for p in reversed(python.parents) if p != Path("/") and not os.stat(p).st_mode & 0o001)
        keep.mkdir()
        script = (f'mount --bind "{python}" "{keep}" && mount -t tmpfs -o mode=0755 tmpfs "{hiding}" && '
                  f'mkdir -p "{python}" && mount --bind "{keep}" "{python}" && exec "$@"')
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report, = json.loads((tmp_path / "r.json").read_text())
    assert report["protections"]["unprivileged_uid"] is True and report["protections"]["network_namespace"] is False
    printed = next(t["output"] for t in report["tests"] if t["name"].endswith("test_sign_examples"))
    assert int(printed.split("uid=")[1].split()[0]) >= 100_000
