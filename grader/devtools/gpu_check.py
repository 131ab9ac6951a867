"""``make gpu-check`` (``python -m grader.devtools.gpu_check``): does grading work on this GPU host?

One command, meant to finish within ten minutes on a lent GPU machine, run as root with the
host's own ``python3`` from a checkout (``PYTHONPATH=<checkout>``; packages the host lacks carried
as wheels, ``make gpu-wheels``).  Each step prints PASS or FAIL with why; a summary ends the run
and any FAIL makes the exit status 1.  The steps (``--steps``, in this order):

    host        torch sees CUDA and runs an operation on it (in a child process)
    class       ``grader grade --jobs 8`` of eight copies of the solutions (Chinese ids) over the
                lessons with CUDA-marked tests: every CUDA test passed, none skipped, full marks;
                GPU memory and compute processes sampled every second (peaks printed)
    no-gpu      one lesson with ``CUDA_VISIBLE_DEVICES=""``: its CUDA tests skipped, with a reason
    cluster     ``grader grade --scheduler``: a Dask scheduler and worker on loopback (the worker
                without ``PYTORCH_NVML_BASED_CUDA_CHECK``), two students, the CUDA lessons passed
    tests-root  the project's GPU tests (``testing/test_gpu.py``, ``test_runner.py``, the
                ``test_*cuda*``/``test_*gpu*`` files, ``-k "cuda or gpu"``) as this user
    tests-user  the same as an ordinary user (``--user``, default ``gpucheck``, made with useradd if
                absent), on a copy of the checkout it can read, in /tmp

``--expect-cpu`` turns the expectations round for a host without a GPU (CI, a laptop): CUDA
tests skipped with a reason everywhere.  Without it, a run where no CUDA test ran fails.
The whole log also goes to ``$OUT/gpu-check.log`` when ``OUT`` is set (``--log``).
"""
from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course, Lesson, find_course
from ..limits import PROBLEM_LINE_CHARS
from ..report_files import RESULTS
from .examples import student_files

STEPS = ("host", "class", "no-gpu", "cluster", "tests-root", "tests-user")
STUDENTS = ("张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十")
BUDGETS = {"host": 60, "class": 240, "no-gpu": 60, "cluster": 180, "tests-root": 150, "tests-user": 150}
MIN_STEP_SECONDS = 20        # a step given less than this is not started (FAIL: no time left)
NO_GPU_LESSON = "01_tensors"
TEST_USER = "gpucheck"
HOST_PROBE = ("import torch; ok = torch.cuda.is_available(); "
              "print(torch.__version__, 'cuda', torch.version.cuda, 'available', ok, 'devices', "
              "torch.cuda.device_count(), 'op', (torch.ones(4, device='cuda') * 2).sum().item() if ok else None)")


@dataclass
class Check:
    """One run of the check: its settings, its clock, its log and the verdict of each step."""

    course: Course
    work: Path
    expect_gpu: bool
    deadline: float
    log_path: Path | None = None
    user: str = TEST_USER     # the ordinary user of tests-user
    verdicts: list[tuple[str, bool, str, float]] = field(default_factory=list)

    def say(self, text: str = "") -> None:
        print(text, flush=True)
        if self.log_path:
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")

    def seconds_for(self, step: str) -> float:
        return min(BUDGETS[step], self.deadline - time.monotonic())

    def record(self, step: str, problems: list[str], detail: str, started: float) -> None:
        seconds = time.monotonic() - started
        for problem in problems:
            self.say(f"  problem: {problem}")
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more problems" if len(problems) > 3 else "")
        self.verdicts.append((step, not problems, shown or detail, seconds))
        self.say(f"[{'PASS' if not problems else 'FAIL'}] {step} ({seconds:.0f} s): {shown or detail}")

    def env(self, **changes: str | None) -> dict[str, str]:
        """This process's environment with the checkout first on PYTHONPATH, and ``changes``
        (None removes a variable)."""
        env = dict(os.environ, PYTHONUNBUFFERED="1",
                   PYTHONPATH=os.pathsep.join(filter(None, [str(self.course.root), os.environ.get("PYTHONPATH")])))
        for key, value in changes.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    def run(self, command: list[str], timeout: float, **kwargs) -> subprocess.CompletedProcess:
        """``command`` with its output in the log; a timeout comes back as exit status 124."""
        self.say("$ " + " ".join(command))
        try:
            proc = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=timeout,
                                  **kwargs)
        except subprocess.TimeoutExpired as exc:
            proc = subprocess.CompletedProcess(command, 124, _text(exc.stdout), _text(exc.stderr)
                                               + f"\n(stopped after {timeout:.0f} s)")
        for line in (proc.stdout + proc.stderr).splitlines()[-40:]:
            self.say("  " + line)
        return proc

    def grader(self, args: list[str], timeout: float, **env: str | None) -> subprocess.CompletedProcess:
        return self.run([sys.executable, "-m", "grader", "--course", str(self.course.root), *args], timeout,
                        env=self.env(**env), cwd=self.work)


def _text(data) -> str:
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


# ----------------------------------------------------------------------------- what the reports must say
def cuda_tests(course: Course, lessons: list[Lesson]) -> dict[str, list[str]]:
    """The CUDA-marked tests of each of ``lessons`` that has any, as results.json names them."""
    from ..trusted.session import declared_tests

    found = {lesson.name: [f"{lesson.name}: {t.name}" for t in declared_tests(course, lesson) if t.cuda]
             for lesson in lessons}
    return {name: tests for name, tests in found.items() if tests}


def lesson_problems(report: dict, cuda_names: list[str], expect_ran: bool) -> list[str]:
    """What is wrong with one lesson's results.json of a full-marks submission, when its CUDA
    tests should have run (``expect_ran``) or been skipped with a reason."""
    where = f"{report.get('student')}/{report.get('lesson')}"
    problems = []
    if report.get("score") != report.get("max_score"):
        problems.append(f"{where}: score {report.get('score')} of {report.get('max_score')}")
    ran = {t["name"]: t.get("status") for t in report.get("tests", [])}
    skipped = {s["name"]: s.get("reason", "") for s in report.get("hardware_skips", [])}
    for name in cuda_names:
        if expect_ran and ran.get(name) != "passed":
            problems.append(f"{where}: {name} " + (f"skipped ({skipped[name]})" if name in skipped
                                                   else f"{ran.get(name, 'missing')}"))
        elif not expect_ran and (name in ran or not skipped.get(name)):
            problems.append(f"{where}: {name} " + ("ran" if name in ran else "not skipped with a reason"))
    decision = report.get("cuda")
    if isinstance(decision, dict) and (decision.get("ran") is not expect_ran or not decision.get("reason")):
        problems.append(f"{where}: its cuda field says {decision}")
    return problems


def cuda_field_note(reports: list[dict]) -> str:
    decisions = {json.dumps(r["cuda"], ensure_ascii=False) for r in reports if isinstance(r.get("cuda"), dict)}
    if not decisions:
        return "results.json has no cuda field (ran/reason): judged from tests and hardware_skips"
    return "cuda field: " + " | ".join(sorted(decisions))


def graded_problems(out: Path, students: list[str], tests: dict[str, list[str]], expect_ran: bool,
                    proc: subprocess.CompletedProcess) -> tuple[list[str], str]:
    """Every problem of a grading's reports, and a note on the ``cuda`` field."""
    problems = [f"grader exited {proc.returncode}"] if proc.returncode else []
    reports = []
    for student in students:
        for lesson, names in tests.items():
            try:
                report = json.loads((out / student / lesson / RESULTS).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                problems.append(f"{student}/{lesson}: no results.json ({exc})")
                continue
            reports.append(report)
            problems += lesson_problems(report, names, expect_ran)
    return problems, cuda_field_note(reports)


def write_class(course: Course, lessons: list[str], students: list[str], folder: Path) -> None:
    """Each of ``students`` hands in the solutions of ``lessons`` (as ``make grade``'s examples are built)."""
    for student in students:
        for path, text in student_files(course, student, {"default": "solution"}).items():
            if path.split("/", 1)[0] in lessons:
                (folder / student / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / student / path).write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------- the GPU, watched
class GpuSampler:
    """``nvidia-smi`` every second in a thread: peak memory used and peak number of compute processes."""

    def __init__(self):
        self.stop, self.peak_mib, self.total_mib, self.peak_processes, self.samples = threading.Event(), 0, 0, 0, 0
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        if shutil.which("nvidia-smi"):
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()

    def _query(self, what: str) -> list[str]:
        proc = subprocess.run(["nvidia-smi", f"--query-{what}", "--format=csv,noheader,nounits"],
                              capture_output=True, text=True, timeout=10)
        return [line for line in proc.stdout.splitlines() if line.strip()] if proc.returncode == 0 else []

    def _sample(self) -> None:
        while not self.stop.wait(1):
            try:
                memory = self._query("gpu=memory.used,memory.total")
                apps = self._query("compute-apps=pid,used_memory")
            except (OSError, subprocess.SubprocessError):
                continue
            for line in memory:
                used, total = (int(float(x)) for x in line.split(","))
                self.peak_mib, self.total_mib = max(self.peak_mib, used), total
            self.peak_processes = max(self.peak_processes, len(apps))
            self.samples += 1

    def summary(self) -> str:
        if not self.samples:
            return "GPU not sampled (no nvidia-smi answer)"
        return (f"peak GPU memory {self.peak_mib} of {self.total_mib} MiB, peak {self.peak_processes} compute "
                f"processes ({self.samples} samples)")


# ----------------------------------------------------------------------------- the steps
def step_host(check: Check) -> None:
    started = time.monotonic()
    if shutil.which("nvidia-smi"):
        check.run(["nvidia-smi", "-L"], 30)
    proc = check.run([sys.executable, "-c", HOST_PROBE], check.seconds_for("host"), env=check.env())
    words = proc.stdout.split()
    available = "available" in words and words[words.index("available") + 1] == "True"
    problems = [f"the probe exited {proc.returncode}"] if proc.returncode else []
    if check.expect_gpu and not available:
        problems.append("torch sees no CUDA device on a run that expects a GPU (--expect-cpu for a host without)")
    if not check.expect_gpu and available:
        problems.append("torch sees CUDA, but --expect-cpu was given")
    check.record("host", problems, proc.stdout.strip(), started)


def step_class(check: Check, tests: dict[str, list[str]], students: list[str]) -> None:
    started = time.monotonic()
    subs, out = check.work / "class", check.work / "class-reports"
    write_class(check.course, list(tests), students, subs)
    with GpuSampler() as gpu:
        proc = check.grader(["grade", str(subs), "--out", str(out), "--lessons", *tests, "--jobs", str(len(students)),
                             "--no-progress"], check.seconds_for("class"))
    problems, note = graded_problems(out, students, tests, check.expect_gpu, proc)
    check.say("  " + gpu.summary())
    check.record("class", problems, f"{len(students)} students x {len(tests)} lessons, "
                 f"{sum(map(len, tests.values()))} CUDA tests each {'passed' if check.expect_gpu else 'skipped'}; "
                 f"{gpu.summary()}; {note}", started)


def step_no_gpu(check: Check, tests: dict[str, list[str]]) -> None:
    started = time.monotonic()
    lesson = NO_GPU_LESSON if NO_GPU_LESSON in tests else next(iter(tests))
    subs, out = check.work / "no-gpu", check.work / "no-gpu-reports"
    write_class(check.course, [lesson], [STUDENTS[0]], subs)
    proc = check.grader(["grade", str(subs), "--out", str(out), "--lessons", lesson, "--no-progress"],
                        check.seconds_for("no-gpu"), CUDA_VISIBLE_DEVICES="")
    problems, note = graded_problems(out, [STUDENTS[0]], {lesson: tests[lesson]}, False, proc)
    check.record("no-gpu", problems, f"{lesson} with CUDA_VISIBLE_DEVICES=\"\": {len(tests[lesson])} CUDA tests "
                 f"skipped with a reason; {note}", started)


def step_cluster(check: Check, tests: dict[str, list[str]]) -> None:
    started = time.monotonic()
    try:
        import distributed  # noqa: F401 — only asked whether it is there
    except ImportError as exc:
        check.record("cluster", [f"Dask is not importable ({exc}): carry its wheels (make gpu-wheels)"], "", started)
        return
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address, folder = f"tcp://127.0.0.1:{port}", check.work / "dask"
    folder.mkdir()
    env = check.env(GRADER_COURSE=str(check.course.root), PYTORCH_NVML_BASED_CUDA_CHECK=None)
    common = dict(cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    daemons = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                 "--port", str(port), "--no-dashboard"], **common),
               subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                 "--no-dashboard"], **common)]
    students = list(STUDENTS[:2])
    subs, out = check.work / "cluster", check.work / "cluster-reports"
    write_class(check.course, list(tests), students, subs)
    with GpuSampler() as gpu:
        try:
            proc = check.grader(["grade", str(subs), "--out", str(out), "--lessons", *tests, "--scheduler", address,
                                 "--no-progress"], check.seconds_for("cluster"))
        finally:
            for daemon in daemons:
                daemon.terminate()
            for daemon in daemons:
                try:
                    daemon.wait(30)
                except subprocess.TimeoutExpired:
                    daemon.kill()
    problems, note = graded_problems(out, students, tests, check.expect_gpu, proc)
    check.record("cluster", problems, f"2 students x {len(tests)} lessons on a Dask worker; {gpu.summary()}; {note}",
                 started)


def gpu_test_files(root: Path) -> list[str]:
    """The project's GPU tests: test_gpu.py, test_runner.py and every test_*cuda*/test_*gpu* file
    (this check's own test aside)."""
    found = {root / "testing" / "test_gpu.py", root / "testing" / "test_runner.py",
             *(root / "testing").glob("test_*cuda*.py"), *(root / "testing").glob("test_*gpu*.py")}
    return sorted(str(p) for p in found if p.is_file() and p.name != "test_gpu_check.py")


def pytest_problems(junit: Path, proc: subprocess.CompletedProcess, expect_gpu: bool) -> tuple[list[str], str]:
    try:
        cases = list(ET.parse(junit).getroot().iter("testcase"))
    except (OSError, ET.ParseError) as exc:
        return [f"pytest exited {proc.returncode}, no report ({exc})"], ""
    counts, problems = {"passed": 0, "failed": 0, "skipped": 0}, []
    for case in cases:
        name = f"{case.get('classname')}::{case.get('name')}"
        bad = case.find("failure") if case.find("failure") is not None else case.find("error")
        skip = case.find("skipped")
        if bad is not None:
            counts["failed"] += 1
            problems.append(f"{name} failed: {(bad.get('message') or '')[:PROBLEM_LINE_CHARS]}")
        elif skip is not None:
            counts["skipped"] += 1
            reason = skip.get("message") or ""
            if expect_gpu and ("cuda" in reason.lower() or "gpu" in reason.lower()):
                problems.append(f"{name} skipped: {reason[:PROBLEM_LINE_CHARS]}")
        else:
            counts["passed"] += 1
    if expect_gpu and not counts["passed"]:
        problems.append("no test passed")
    if proc.returncode not in (0, 5) and not problems:
        problems.append(f"pytest exited {proc.returncode}")
    return problems, ", ".join(f"{n} {k}" for k, n in counts.items())


def step_tests(check: Check, step: str) -> None:
    started = time.monotonic()
    root, command_prefix, env, reports = check.course.root, [], check.env(), check.work
    if step == "tests-user":
        if os.geteuid() != 0:
            check.record(step, ["needs root (to make the user and run as it)"], "", started)
            return
        if subprocess.run(["id", check.user], capture_output=True).returncode:
            check.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", check.user], 30)
        home = reports = check.work / "user-home"
        root = check.work / "user-checkout"
        shutil.copytree(check.course.root, root, ignore=shutil.ignore_patterns(".git", ".venv", ".whl", "build",
                                                                               "reports", "__pycache__"))
        home.mkdir()
        subprocess.run(["chown", "-R", f"{check.user}:", str(home), str(root)], check=True)
        os.chmod(check.work, 0o755)
        account = pwd.getpwnam(check.user)
        command_prefix = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--init-groups", "--"]
        env = dict(env, HOME=str(home), USER=check.user, PYTHONPATH=env["PYTHONPATH"].replace(
            str(check.course.root), str(root), 1))
    junit = reports / f"{step}.xml"
    proc = check.run([*command_prefix, sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                      "--junitxml", str(junit), "-k", "cuda or gpu", *gpu_test_files(root)],
                     check.seconds_for(step), env=env, cwd=root)
    problems, counts = pytest_problems(junit, proc, check.expect_gpu)
    check.record(step, problems, f"{counts} ({'as ' + check.user if step == 'tests-user' else 'as this user'})",
                 started)


# ----------------------------------------------------------------------------- the command
def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m grader.devtools.gpu_check", description=__doc__.split("\n\n")[0])
    p.add_argument("--expect-cpu", action="store_true", help="this host has no GPU: expect CUDA tests skipped")
    p.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated, of {', '.join(STEPS)}")
    p.add_argument("--lessons", nargs="*", default=None, help="default: every lesson with CUDA-marked tests")
    p.add_argument("--students", type=int, default=len(STUDENTS), choices=range(1, len(STUDENTS) + 1))
    p.add_argument("--user", default=TEST_USER, help=f"tests-user's user (made if absent; default {TEST_USER})")
    p.add_argument("--budget", type=float, default=540, help="seconds for the whole check (default 540)")
    p.add_argument("--log", type=Path, default=Path(os.environ["OUT"]) / "gpu-check.log" if os.environ.get("OUT")
                   else None, help="also write the log here (default: $OUT/gpu-check.log when OUT is set)")
    args = p.parse_args(argv)
    unknown = set(args.steps.split(",")) - set(STEPS)
    if unknown:
        p.error(f"unknown step(s) {', '.join(sorted(unknown))}; known: {', '.join(STEPS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")   # this process never starts CUDA
    course = find_course(Path(__file__))
    steps = [s for s in STEPS if s in args.steps.split(",")]
    with tempfile.TemporaryDirectory(prefix="gpu-check-") as work:
        check = Check(course, Path(work), not args.expect_cpu, time.monotonic() + args.budget, args.log,
                      args.user)
        if args.log:
            args.log.parent.mkdir(parents=True, exist_ok=True)
            args.log.write_text("", encoding="utf-8")
        expecting = "a GPU" if check.expect_gpu else "no GPU"
        check.say(f"gpu-check: python {sys.version.split()[0]} ({sys.executable}), course {course.root}, "
                  f"uid {os.geteuid()}, expecting {expecting}; steps {', '.join(steps)}")
        tests = cuda_tests(course, course.lessons(args.lessons))
        check.say(f"CUDA-marked tests: {', '.join(f'{k} {len(v)}' for k, v in tests.items()) or 'none'}")
        students = list(STUDENTS[:args.students])
        for step in steps:
            check.say(f"\n== {step}")
            if check.seconds_for(step) < MIN_STEP_SECONDS:
                check.record(step, ["no time left in the budget"], "", time.monotonic())
            elif not tests and step in ("class", "no-gpu", "cluster"):
                check.record(step, ["no lesson has CUDA-marked tests"], "", time.monotonic())
            elif step == "host":
                step_host(check)
            elif step == "class":
                step_class(check, tests, students)
            elif step == "no-gpu":
                step_no_gpu(check, tests)
            elif step == "cluster":
                step_cluster(check, tests)
            else:
                step_tests(check, step)
        failed = [step for step, ok, _, _ in check.verdicts if not ok]
        check.say("\n== summary")
        for step, ok, detail, seconds in check.verdicts:
            check.say(f"{'PASS' if ok else 'FAIL'}  {step:<11} {seconds:5.0f} s  {detail}")
        check.say(f"gpu-check {'FAILED: ' + ', '.join(failed) if failed else 'passed'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
