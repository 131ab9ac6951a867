"""Runners: the process split, limits, replacement after a crash, and confinement."""
import errno
import os
import platform
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

import pytest
import torch

from grader.limits import Limits
from grader.sandbox.confine import VISIBLE_TOP_LEVEL, Layout
from grader.sandbox.processes import process_alive, processes_of
from grader.sandbox.runner import Runner
from grader.sandbox.uids import runner_uid
from grader.sandbox.zygote import Zygote, prepare_parent
from grader.trusted.client import LessonRunner, MemoryWatch
from grader.trusted.outcomes import RunnerCrashed, RunnerMemory, RunnerTimeout, StudentRaised, SubmissionProblem
from grader.trusted.remote import StudentModule

from conftest import REPO

SECRET = "token-7f3a9c"  # in the grader's environment when the zygote starts
CODE = '''
import os, time
import torch
def add(a, b): return a + b
def boom(): raise ValueError("bad input")
def spin():
    while True:
        try:
            pass
        except BaseException:
            pass
def leave(): os._exit(0)
def hog(): return torch.empty(10**12)
def who(): return os.getuid(), os.getcwd(), sorted(os.listdir('/tmp'))
def sees(path): return os.path.exists(path)
def ls(path): return sorted(os.listdir(path)) if os.path.isdir(path) else None
LEFT_FOR = 15  # seconds a left-behind process lives if nobody kills it: far past the test's checks
def _fork_left_behind(then):
    """Fork a child in its own session (out of the runner's process group); return its pid
    once it got there."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            then(lambda: os.write(w, b"1"))
        finally:
            os._exit(0)
    os.close(w)
    os.read(r, 1)
    os.close(r)
    return pid
def fork_and_sleep():
    def then(ready):
        ready()
        time.sleep(LEFT_FOR)
    return _fork_left_behind(then)
def thread_outlives_main():
    def then(ready):
        import ctypes, threading
        threading.Thread(target=time.sleep, args=(LEFT_FOR,)).start()
        ready()
        ctypes.CDLL(None).syscall(60, 0)  # exit() of the main thread only: the process shows "Z"
    return _fork_left_behind(then)
def children_hold(n, mb):
    pids = []
    for _ in range(n):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            block = b"\1" * (mb << 20)
            os.write(w, b"1")
            time.sleep(5)
            os._exit(len(block) and 0)
        os.close(w)
        os.read(r, 1)
        os.close(r)
        pids.append(pid)
    time.sleep(0.5)
    return len(pids)
def hold(mb):
    block = b"\1" * (mb << 20)
    time.sleep(1.0)
    return len(block)
def environment(needle):
    """The variables, whether the stack or heap (where a fork keeps its parent's) holds needle, a hash."""
    import ctypes
    argv0 = ctypes.c_void_p.in_dll(ctypes.CDLL(None), "program_invocation_name").value
    found = False
    for line in open("/proc/self/maps"):
        lo, hi = (int(x, 16) for x in line.split()[0].split("-"))
        if lo <= argv0 < hi or line.rstrip().endswith(("[stack]", "[heap]")):
            for at in range(lo, hi, 1 << 20):
                found |= needle.encode() in ctypes.string_at(at, min(1 << 20, hi - at))
    return dict(os.environ), found, hash("grader")
def key_ring():
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    added = libc.syscall(248, b"user", b"note", b"hidden inputs", 13, -4)  # add_key to the user key ring
    return added, ctypes.get_errno()
def write_to(path):
    try:
        with open(path, "w") as fh:
            fh.write("x")
        return True
    except OSError:
        return False
class Box:
    def __init__(self, v): self.v = v
    def get(self): return self.v
class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(2, 3)
        self.out = torch.nn.Linear(3, 1)
    def forward(self, x): return self.out(torch.relu(self.hidden(x)))
CUDA_AT_IMPORT = torch.cuda.is_initialized()
def cuda_facts(t):
    return CUDA_AT_IMPORT, os.environ.get("CUDA_VISIBLE_DEVICES"), t * 2, torch.ones(1, device=t.device)
def sgd(model, lr): return torch.optim.SGD(model.parameters(), lr=lr)
def draw_global(n): return torch.rand(n)
def draw_own(n): return torch.rand(n, generator=torch.Generator().manual_seed(0))
'''


@pytest.fixture(scope="module")
def zygote():
    prepare_parent()
    os.environ["GRADER_TEST_SECRET"] = SECRET
    try:
        z = Zygote(Layout(hide=[str(REPO)]), Limits(memory_bytes=1024**3), warm_meta=False)
    finally:
        del os.environ["GRADER_TEST_SECRET"]
    yield z
    z.close()


def make_lesson(tmp_path, code):
    (tmp_path / "01_demo").mkdir(exist_ok=True)
    (tmp_path / "01_demo" / "demo.py").write_text(code)
    return str(tmp_path / "01_demo")


@pytest.fixture
def student(tmp_path, zygote):
    lesson = LessonRunner(zygote, make_lesson(tmp_path, CODE), "demo", runner_uid(7))
    lesson.begin_test(1, 5.0, 10)
    yield StudentModule(lesson)
    lesson.close()


def test_calls_return_plain_data_and_objects_stay_remote(student):
    out = student.add(torch.ones(2), torch.ones(2))
    assert type(out) is torch.Tensor and out.tolist() == [2.0, 2.0]
    box = student.Box([1, 2])
    assert box.v == [1, 2] and box.get() == [1, 2]


def test_a_student_model_stays_remote_and_is_seen_as_data(student):
    """An ``nn.Module`` is a remote object: its state_dict, layer types and forward are data;
    weights copy in, gradients set by a probe drive the student's optimizer step."""
    model = student.Tiny()
    sd = model.state_dict()
    assert list(sd) == ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
    assert all(type(t) is torch.Tensor and not t.requires_grad for t in sd.values())
    assert student.probe("layers", model) == {"": "torch.nn.Module", "hidden": "torch.nn.Linear",
                                              "out": "torch.nn.Linear"}
    mine = {k: torch.full_like(v, 0.5) for k, v in sd.items()}
    model.load_state_dict(mine)
    x = torch.ones(4, 2)
    out = model(x)
    assert out.requires_grad and torch.allclose(out.detach(), torch.full((4, 1), (0.5 * 2 + 0.5) * 0.5 * 3 + 0.5))
    opt = student.sgd(model, 0.1)
    student.probe("set_grads", model, {k: torch.ones_like(v) for k, v in mine.items()})
    opt.step()
    assert all(torch.allclose(v, torch.full_like(v, 0.4)) for v in model.state_dict().values())
    plain = student.probe("torch_object", "nn.Linear", 3, 1)
    assert student.probe("layers", plain) == {"": "torch.nn.Linear"}
    assert student.probe("type_name", student.probe("torch_object", "optim.SGD", plain.parameters(), 0.1)) == "SGD"
    with pytest.raises(StudentRaised, match="private"):
        student.probe("torch_object", "nn._reduction.get_enum", "mean")


def test_observe_reports_whether_the_global_random_state_was_kept(student):
    assert student.observe("draw_global", 3).random_state_kept == {"torch": False, "numpy": True, "random": True}
    assert student.observe("draw_own", 3).random_state_kept == {"torch": True, "numpy": True, "random": True}


def test_runners_start_with_cuda_uninitialised(student):
    """The zygote never initialises CUDA before it forks (a forked child could not use it)."""
    assert student.cuda_facts(torch.ones(1))[0] is False


def test_each_test_starts_from_the_seeds_torch_manual_seed_sets_without_formatting_stacks(monkeypatch):
    """The runner seeds as ``torch.manual_seed`` does on this build (same numbers, and the GPUs'
    in a CUDA build), but without queueing a seeding, with a formatted stack, for device kinds
    this build lacks (per test)."""
    torch.manual_seed(1234)
    expected = torch.rand(3), torch.randn(2)

    def no_stacks(*args, **kwargs):
        raise AssertionError("a stack was formatted")

    gpus_seeded = []
    if torch.backends.cuda.is_built():   # CUDA's own lazy seeding may format one: it is what torch does there
        monkeypatch.setattr(torch.cuda, "manual_seed_all", gpus_seeded.append)
    monkeypatch.setattr(traceback, "format_stack", no_stacks)
    Runner.begin_test(1234, 10)
    assert torch.equal(torch.rand(3), expected[0]) and torch.equal(torch.randn(2), expected[1])
    assert gpus_seeded == ([1234] if torch.backends.cuda.is_built() else [])


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_a_runner_runs_on_the_cpus_of_its_trusted_process(tmp_path, zygote):
    """A request and its reply hand over on one CPU (``workers.cpus_for_workers``)."""
    everywhere = os.sched_getaffinity(0)
    one = {max(everywhere)}
    os.sched_setaffinity(0, one)
    lesson = LessonRunner(zygote, make_lesson(tmp_path, CODE + "def cpus(): return sorted(os.sched_getaffinity(0))\n"),
                          "demo", runner_uid(9))
    try:
        lesson.begin_test(1, 5.0, 10)
        assert StudentModule(lesson).cpus() == sorted(one)
    finally:
        os.sched_setaffinity(0, everywhere)
        lesson.close()


def test_student_exceptions_arrive_as_data(student):
    with pytest.raises(StudentRaised) as info:
        student.boom()
    assert info.value.is_a(ValueError) and info.value.message == "bad input"
    assert "demo.py" in info.value.student_traceback
    with pytest.raises(StudentRaised, match="defines no 'missing'"):
        student.missing()


def test_timeout_kills_and_a_new_runner_takes_over(student):
    student._lesson.begin_test(2, 1.0, 5)
    start = time.monotonic()
    with pytest.raises(RunnerTimeout):
        student.spin()
    assert time.monotonic() - start < 3
    student._lesson.begin_test(3, 5.0, 5)
    assert student.add(1, 2) == 3


def test_crash_is_reported_and_recovered(student):
    with pytest.raises(RunnerCrashed):
        student.leave()
    assert student.add(2, 2) == 4


def test_memory_limit(student):
    with pytest.raises(RunnerMemory):
        student.hog()


def test_no_process_outlives_the_runner(student):
    """A process the runner forked (in its own session, sleeping on) is gone once the runner
    is closed: the grader killed it, it would have lived ``LEFT_FOR`` seconds more."""
    pid = student.fork_and_sleep()
    assert process_alive(pid)
    student._lesson.close()
    if os.geteuid() == 0:  # without root, the zygote kills it when it closes (test_a_closing_zygote_...)
        assert not process_alive(pid) and processes_of({runner_uid(7)}) == []


def _main_thread_state(pid: int) -> str:
    # Parsed here: the grader's helpers answer "alive?", which looks past the main thread on purpose.
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()[0]


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="runners share the user's uid without root")
def test_a_process_whose_main_thread_exited_is_killed_too(student):
    """A process whose main thread exited ("Z") while another thread runs is still found and killed."""
    pid = student.thread_outlives_main()
    time.sleep(0.2)
    assert _main_thread_state(pid) == "Z" and process_alive(pid)
    student._lesson.close()
    assert not process_alive(pid) and processes_of({runner_uid(7)}) == []


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="the memory of all a runner's processes is watched by uid (root)")
def test_memory_limit_covers_the_runners_processes_together(student):
    """Each child alone is far under the 1 GiB limit of the fixture's zygote; together over it."""
    student._lesson.begin_test(4, 30.0, 10)
    with pytest.raises(RunnerMemory, match="together"):
        student.children_hold(5, 300)
    student._lesson.begin_test(5, 30.0, 10)
    assert student.children_hold(2, 100) == 2


@pytest.mark.skipif(os.geteuid() != 0, reason="the memory of all a runner's processes is watched by uid (root)")
def test_one_thread_watches_the_memory_of_all_a_processs_runners(tmp_path, student, zygote):
    """A student's lessons each keep a runner: one watcher for all of them, not one each."""
    other = LessonRunner(zygote, make_lesson(tmp_path, CODE), "demo", runner_uid(8))
    other.begin_test(1, 5.0, 10)
    try:
        assert student.add(1, 2) == 3
        threads = threading.active_count()
        assert StudentModule(other).add(2, 2) == 4
        assert threading.active_count() == threads
    finally:
        other.close()


class _Zygote:
    def __init__(self, pid: int, memory_bytes: int):
        self.pid, self.limits = pid, Limits(memory_bytes=memory_bytes)


class _Runner:
    def __init__(self, pid: int, uid: int, zygote: _Zygote):
        self.pid, self.uid, self.zygote, self.memory_exceeded = pid, uid, zygote, False


def test_a_forked_process_watches_its_own_runners():
    """A trusted worker forked while its parent watched runners starts a watcher of its own."""
    watch = MemoryWatch()
    watch.add(_Runner(0, os.getuid(), _Zygote(os.getpid(), 2**60)))   # the parent's: never over
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            hog = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
            runner = _Runner(hog.pid, os.getuid(), _Zygote(os.getpid(), 1))   # any process is over 1 byte
            watch.add(runner)
            end = time.monotonic() + 10
            while not runner.memory_exceeded and time.monotonic() < end:
                time.sleep(0.01)
            code = 0 if runner.memory_exceeded and hog.wait(5) == -9 else 1
        finally:
            os._exit(code)
    end = time.monotonic() + 30
    while (ended := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < end:
        time.sleep(0.05)
    if not ended[0]:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    assert ended[0] and ended[1] == 0


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="the memory watcher works by uid (root)")
def test_memory_is_watched_where_there_is_no_address_space_cap(tmp_path):
    """On CUDA hosts RLIMIT_AS is off; one process over the limit is still stopped."""
    z = Zygote(Layout(hide=[str(REPO)]), Limits(memory_bytes=1024**3, cap_address_space=False), warm_meta=False)
    try:
        lesson = LessonRunner(z, make_lesson(tmp_path, CODE), "demo", runner_uid(10))
        lesson.begin_test(1, 30.0, 10)
        with pytest.raises(RunnerMemory):
            StudentModule(lesson).hold(1400)
        lesson.close()
    finally:
        z.close()


def test_runner_environment_holds_none_of_the_graders(student):
    """The zygote is a fresh interpreter: the grader's variables are in no runner's memory."""
    names, in_memory, str_hash = student.environment(SECRET)
    assert not in_memory and SECRET not in str(names) and "PYTEST_CURRENT_TEST" not in names
    fixed = subprocess.run([sys.executable, "-c", "print(hash('grader'))"], env={"PYTHONHASHSEED": "0"},
                           capture_output=True, text=True).stdout
    assert str_hash == int(fixed)  # string hashes, so set orders, are the same in every run


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="hiding folders needs a mount namespace (root)")
def test_only_system_folders_and_python_are_visible(student):
    """Other top-level folders (/opt, /var, /srv, the one holding the repository, ...) are empty
    but for the path to Python."""
    python_parts = {part for root in {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
                    for part in root.parts[1:]}
    for name in student.ls("/"):
        if name not in VISIBLE_TOP_LEVEL and name != "tmp" and student.sees(f"/{name}/"):
            assert set(student.ls(f"/{name}")) <= python_parts, (name, student.ls(f"/{name}"))


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="the read-only host needs a mount namespace (root)")
def test_runner_can_write_only_its_own_folders(student):
    assert student.write_to("/tmp/submission/ok.txt") and student.write_to("/dev/null")
    assert student.write_to("/dev/shm/ok")  # multiprocessing needs it: private and size-capped
    for path in ("/var/lock/x", "/run/x", "/etc/x", "/x", "/usr/x"):
        assert not student.write_to(path), path


@pytest.mark.security
@pytest.mark.skipif(platform.machine() != "x86_64", reason="the test calls add_key by its x86_64 number")
def test_kernel_key_rings_are_closed_to_student_code(student):
    """Key rings are per uid and outlive processes: a channel between runners the namespaces leave open."""
    assert student.key_ring() == (-1, errno.EPERM)


def test_import_failures_during_hidden_tests_show_no_student_text(tmp_path, zygote):
    """Once student code has seen hidden inputs, its text must not reach what students read."""
    code = "raise RuntimeError('hidden input was 6')\n"
    for hidden in (False, True):
        (tmp_path / str(hidden)).mkdir()
        lesson = LessonRunner(zygote, make_lesson(tmp_path / str(hidden), code), "demo", runner_uid(8))
        lesson.hidden_phase = hidden
        lesson.begin_test(1, 5.0, 5)
        with pytest.raises(SubmissionProblem) as info:
            StudentModule(lesson).f()
        assert ("hidden input was 6" in str(info.value)) is not hidden, str(info.value)


def test_file_probes_ignore_a_patched_os_module(tmp_path, zygote):
    """Student code that replaces os.path.* and os.stat cannot fake files it never wrote."""
    code = ("import os, os.path\n"
            "os.path.join = lambda *a: __file__\nos.path.isfile = lambda p: True\n"
            "os.path.samefile = lambda a, b: True\nos.stat = lambda *a, **k: os.lstat(__file__)\n"
            "def nothing(path): return path\n")
    lesson = LessonRunner(zygote, make_lesson(tmp_path, code), "demo", runner_uid(8))
    lesson.begin_test(1, 5.0, 5)
    student = StudentModule(lesson)
    assert student.nothing("out/data.csv") == "out/data.csv"
    assert student.probe("read_text", "out/data.csv") is None
    assert student.probe("same_file", "out/data.csv", "demo.py") is False
    lesson.close()


def test_backward_passes_counts_autograd_not_methods_named_backward(tmp_path, zygote):
    """The probe counts the backward passes torch's engine runs, however autograd was reached,
    and none for a class of the student's own whose method is called backward()."""
    code = ("import torch\nfrom torch import Tensor\nfrom torch.autograd import grad as g\n"
            "class Node:\n    def backward(self): return 2.0\n"
            "def own(): return Node().backward()\n"
            "def leaf(): return torch.tensor(3.0, requires_grad=True)\n"
            "def method(): t = leaf(); (t * t).backward(); return t.grad.item()\n"
            "def unbound(): t = leaf(); Tensor.backward(t * t); return t.grad.item()\n"
            "def imported(): t = leaf(); return g(t * t, t)[0].item()\n"
            "def twice(): return method() + imported()\n")
    lesson = LessonRunner(zygote, make_lesson(tmp_path, code), "demo", runner_uid(8))
    lesson.begin_test(1, 5.0, 5)
    student = StudentModule(lesson)
    expected = {"own": (2.0, 0), "method": (6.0, 1), "unbound": (6.0, 1), "imported": (6.0, 1), "twice": (12.0, 2)}
    for name, (value, passes) in expected.items():
        assert student.probe("backward_passes", getattr(student, name)) == {"value": value, "backward_passes": passes}
    assert student.method() == 6.0  # the engine is back in place after the probe
    lesson.close()


def test_torch_calls_names_torch_methods_not_the_students_own(tmp_path, zygote):
    """``a @ b`` and ``a.dot(b)`` on tensors are torch's matmul and dot; the same spellings on a
    class of the student's own are not torch calls (only what its methods do inside)."""
    code = ("import torch\nclass Vec:\n    def __init__(self, t): self.t = t\n"
            "    def dot(self, o): return (self.t * o.t).sum()\n    def __matmul__(self, o): return self.dot(o)\n"
            "def own(a, b): return Vec(a) @ Vec(b) + Vec(a).dot(Vec(b))\n"
            "def torch_ones(a, b): return a @ b + a.dot(b) + torch.mv(a[None], b)[0]\n")
    lesson = LessonRunner(zygote, make_lesson(tmp_path, code), "demo", runner_uid(8))
    lesson.begin_test(1, 5.0, 5)
    student = StudentModule(lesson)
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 4.0])
    own = student.probe("torch_calls", student.own, a, b)
    assert own["value"] == 22.0 and own["torch_calls"] == ["torch.Tensor.add", "torch.Tensor.mul", "torch.Tensor.sum"]
    theirs = student.probe("torch_calls", student.torch_ones, a, b)
    assert {"torch.Tensor.matmul", "torch.Tensor.dot", "torch.mv"} <= set(theirs["torch_calls"]), theirs
    lesson.close()


def test_import_failure_is_remembered(tmp_path, zygote):
    lesson = LessonRunner(zygote, make_lesson(tmp_path, "def f(:\n"), "demo", runner_uid(8))
    lesson.begin_test(1, 5.0, 5)
    for _ in range(2):
        with pytest.raises(SubmissionProblem, match="SyntaxError"):
            StudentModule(lesson).f()
    missing = LessonRunner(zygote, str(tmp_path / "nowhere"), "demo", runner_uid(8))
    missing.begin_test(1, 5.0, 5)
    with pytest.raises(SubmissionProblem, match="demo.py is missing"):
        StudentModule(missing).f()


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="confinement layers need root")
def test_root_runner_is_confined(student):
    uid, cwd, tmp_listing = student.who()
    assert uid == runner_uid(7) and cwd == "/tmp/submission" and "submission" in tmp_listing
    python_roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()}
    visible = student.ls(str(REPO))
    assert visible is None or all(REPO / name in {p for r in python_roots for p in [r, *r.parents]}
                                  for name in visible), visible
    assert not student.sees(str(REPO / "solutions")) and not student.sees(str(REPO / "tests"))
    assert student.ls("/root") in (None, [], [".pyenv"]) and student.sees("/usr/bin")


def test_a_closing_zygote_kills_what_unprivileged_runners_left(tmp_path):
    """Without uid changes (``make check``) the zygote, subreaper of the runners' orphans, kills
    them by parentage when it closes."""
    z = Zygote(Layout(hide=[str(REPO)], privileged=False), Limits(memory_bytes=1024**3), warm_meta=False)
    try:
        lesson = LessonRunner(z, make_lesson(tmp_path, CODE), "demo", runner_uid(9))
        lesson.begin_test(1, 5.0, 5)
        pid = StudentModule(lesson).fork_and_sleep()
        lesson.close()
        assert process_alive(pid), "left behind: the runner's own kill does not reach another session"
    finally:
        z.close()
    assert not process_alive(pid)


def test_without_root_the_split_and_limits_still_hold(tmp_path):
    """The path ``make check`` takes on a student's machine: no namespaces, no uid change."""
    z = Zygote(Layout(hide=[str(REPO)], privileged=False), Limits(memory_bytes=1024**3), warm_meta=False)
    try:
        lesson = LessonRunner(z, make_lesson(tmp_path, CODE), "demo", runner_uid(9))
        lesson.begin_test(1, 5.0, 5)
        student = StudentModule(lesson)
        uid, cwd, _ = student.who()
        assert cwd.startswith(z.layout.scratch) and cwd.endswith("/submission")
        with pytest.raises(RunnerMemory):
            student.hog()
        lesson.begin_test(2, 1.0, 5)
        with pytest.raises(RunnerTimeout):
            student.spin()
        lesson.begin_test(3, 5.0, 5)
        assert student.add(1, 1) == 2
        lesson.close()
    finally:
        z.close()
    assert not Path(z.layout.scratch).exists()
