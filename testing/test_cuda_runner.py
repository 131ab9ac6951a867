"""Runners on a host where CUDA works (``GRADER_CUDA=1``), proven here without a GPU: the real
zygote, runners and confinement run, and only what the host's GPU would answer is made up (the
device nodes found, the exception a CUDA operation raises, the switch itself).  The last test
runs on a real GPU only."""
import os
import socket
import stat

import pytest
import torch

from grader.limits import CUDA_START_SECONDS, Limits
from grader.sandbox import gpu, runner, wire
from grader.sandbox.confine import Layout
from grader.sandbox.uids import runner_uid
from grader.sandbox.zygote import Zygote, ZygoteGone, prepare_parent
from grader.trusted.client import LessonRunner
from grader.trusted.outcomes import RunnerMemory, SandboxFault, StudentRaised
from grader.trusted.remote import StudentModule

from conftest import REPO

NODE_GROUP = 4242  # the group a made-up GPU node belongs to (like "video")
CODE = '''
import os
import torch
def double(t): return t * 2, str(t.device)
def pid(): return os.getpid()
def groups(): return os.getgroups()
def ls(path): return sorted(os.listdir(path)) if os.path.isdir(path) else None
def read(path):
    with open(path) as fh:
        return fh.read()
def out_of_gpu_memory(): raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
def runtime_out_of_memory(): raise RuntimeError("CUDA error: out of memory")
def claim_a_sandbox_fault():
    import sys
    raise sys.modules["grader.sandbox.wire"].CudaUnreachable("CUDA works on this host but not inside the sandbox")
class LateCudaError(torch.Tensor):
    """A tensor whose copy off the GPU fails the way a device-side assert surfaces."""
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func is torch.Tensor.to:
            raise RuntimeError("CUDA error: device-side assert triggered")
        return super().__torch_function__(func, types, args, kwargs or {})
def late_cuda_error(): return torch.ones(2).as_subclass(LateCudaError)
CUDA_AT_IMPORT = torch.cuda.is_initialized()
def cuda_facts(t): return CUDA_AT_IMPORT, t * 2, torch.ones(1, device=t.device)
'''


def make_lesson(folder, code=CODE) -> str:
    (folder / "01_demo").mkdir(parents=True, exist_ok=True)
    (folder / "01_demo" / "demo.py").write_text(code)
    return str(folder / "01_demo")


@pytest.fixture
def cuda_promised(monkeypatch):
    """The trusted side found that CUDA works here (helper A's decision, made up)."""
    monkeypatch.setenv("GRADER_CUDA", "1")


def start(tmp_path, uid_index: int, timeout: float = 10.0, **limits) -> tuple[Zygote, LessonRunner]:
    prepare_parent()
    zygote = Zygote(Layout(hide=[str(REPO)]), Limits(**limits), warm_meta=False)
    lesson = LessonRunner(zygote, make_lesson(tmp_path / "lesson"), "demo", runner_uid(uid_index))
    lesson.begin_test(1, timeout, 10)
    return zygote, lesson


@pytest.fixture
def student(tmp_path, cuda_promised):
    zygote, lesson = start(tmp_path, 21, memory_bytes=1024**3)
    yield StudentModule(lesson)
    lesson.close()
    zygote.close()


# ----------------------------------------------------------------------------- what runners are given
def test_the_driver_folders_come_from_ldconfig_and_the_library_path(tmp_path):
    """Each folder as named and where its links lead; other libraries' folders are not needed."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "libnvidia-ml.so.550").write_bytes(b"")
    (tmp_path / "path").mkdir()
    (tmp_path / "path" / "libnvidia-ml.so.1").symlink_to(tmp_path / "real" / "libnvidia-ml.so.550")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "libz.so.1").write_bytes(b"")
    listing = ("3 libs found in cache `/etc/ld.so.cache'\n"
               "\tlibcuda.so.1 (libc6,x86-64) => /opt/driver/lib/libcuda.so.1\n"
               "\tlibz.so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libz.so.1\n")
    found = gpu.driver_folders(listing, f"{tmp_path / 'path'}:{tmp_path / 'other'}:/nowhere")
    assert found == sorted(["/opt/driver/lib", str(tmp_path / "path"), str(tmp_path / "real")])


def test_runners_get_the_group_of_nodes_only_their_group_may_open(tmp_path):
    modes = {"group_only": 0o660, "everyone": 0o666, "owner_only": 0o600}
    for name, mode in modes.items():
        (tmp_path / name).write_bytes(b"")
        os.chmod(tmp_path / name, mode)
    if os.geteuid() == 0:
        os.chown(tmp_path / "group_only", -1, NODE_GROUP)
    group = os.stat(tmp_path / "group_only").st_gid
    assert gpu.node_groups([str(tmp_path / n) for n in modes]) == [group]


def test_without_the_promise_runners_get_no_gpu_access(monkeypatch):
    monkeypatch.delenv("GRADER_CUDA", raising=False)
    monkeypatch.setattr(gpu, "device_nodes", lambda: ["/dev/nvidiactl", "/dev/nvidia0"])
    assert gpu.access() == gpu.GpuAccess()


@pytest.mark.security
@pytest.mark.skipif(os.geteuid() != 0, reason="hiding folders and runner uids need root")
def test_gpu_nodes_and_driver_folders_reach_a_confined_runner(tmp_path, monkeypatch, cuda_promised):
    """The driver's folder and a device node lie under /tmp, which confinement hides: both are
    mounted back, the node (mode 0660, group only) opens through the group runners are given,
    and the rest of /tmp stays hidden."""
    driver, node, other = tmp_path / "driver", tmp_path / "nvidia0", tmp_path / "other"
    driver.mkdir()
    (driver / "libcuda.so.1").write_bytes(b"")
    other.mkdir()
    node.write_text("gpu")
    os.chown(node, 0, NODE_GROUP)
    os.chmod(node, 0o660)
    for folder in (tmp_path, tmp_path.parent, tmp_path.parent.parent):  # pytest makes them 0700
        os.chmod(folder, os.stat(folder).st_mode | stat.S_IXOTH)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(driver))
    monkeypatch.setattr(gpu, "device_nodes", lambda: [str(node)])
    zygote, lesson = start(tmp_path, 22, memory_bytes=1024**3)
    try:
        assert {str(node), str(driver)} <= set(zygote.layout.gpu_paths)
        assert zygote.layout.gpu_groups == [NODE_GROUP]
        student = StudentModule(lesson)
        assert student.ls(str(driver)) == ["libcuda.so.1"]
        assert student.read(str(node)) == "gpu"
        assert student.groups() == [NODE_GROUP]
        assert student.ls(str(other)) is None
    finally:
        lesson.close()
        zygote.close()


# ----------------------------------------------------------------------------- outcomes
def test_cuda_out_of_memory_is_the_memory_outcome_and_the_runner_goes_on(student):
    first = student.pid()
    with pytest.raises(RunnerMemory, match="the GPU ran out of memory"):
        student.out_of_gpu_memory()
    with pytest.raises(RunnerMemory, match="the GPU ran out of memory.*CUDA error: out of memory"):
        student.runtime_out_of_memory()
    assert student.pid() == first


def test_a_cuda_error_raised_late_is_the_tests_error_and_the_next_test_gets_a_new_runner(student):
    """The error surfaces while the runner copies the result off the GPU: the call's error,
    with CUDA's message, not a crash; CUDA is unusable in that process, so it is replaced."""
    first = student.pid()
    with pytest.raises(StudentRaised, match="device-side assert triggered") as raised:
        student.late_cuda_error()
    assert "the next test runs in a new one" in raised.value.message
    student._lesson.begin_test(2, 10.0, 10)
    assert student.pid() != first
    assert student.double(torch.ones(1))[1] == "cpu"


def _send_as_cuda(lesson: LessonRunner, function: str, tensor: torch.Tensor):
    """Call ``function`` with ``tensor`` described as a CUDA tensor: what a trusted side that
    has CUDA sends (this host has none to make one)."""
    enc = wire.Encoder()
    arg = enc.encode(tensor)
    arg["device"] = "cuda:0"
    header = {"op": "call", "target": {"t": "ref", "id": 0, "attr": function}, "args": {"t": "list", "v": [arg]}}
    if lesson.proc is None:
        lesson._start()
    reply, tensors = lesson._exchange(header, enc.tensors, function)
    return wire.Decoder(tensors).decode(reply["value"])


def test_a_runner_without_cuda_where_the_host_has_it_is_a_grader_error(student):
    with pytest.raises(SandboxFault, match="CUDA works on this host but not inside the sandbox") as fault:
        _send_as_cuda(student._lesson, "double", torch.ones(2))
    assert fault.value.status == "error" and "not the student's" in str(fault.value)


def test_without_the_promise_a_cuda_tensor_stays_on_the_cpu(tmp_path, monkeypatch):
    monkeypatch.delenv("GRADER_CUDA", raising=False)
    zygote, lesson = start(tmp_path, 23, memory_bytes=1024**3)
    try:
        doubled, device = _send_as_cuda(lesson, "double", torch.ones(2))
        assert doubled.tolist() == [2.0, 2.0] and device == "cpu"
    finally:
        lesson.close()
        zygote.close()


def test_a_student_claiming_a_sandbox_fault_on_a_host_without_cuda_gets_their_own_failure(tmp_path, monkeypatch):
    """Whether the runner lacks a CUDA the host has is the runner's word: honoured only where
    CUDA was promised, never on a CPU host, where nothing but the student can say it."""
    monkeypatch.delenv("GRADER_CUDA", raising=False)
    zygote, lesson = start(tmp_path, 24, memory_bytes=1024**3)
    try:
        with pytest.raises(StudentRaised) as raised:
            StudentModule(lesson).claim_a_sandbox_fault()
        assert raised.value.type_name == "CudaUnreachable" and not isinstance(raised.value, SandboxFault)
    finally:
        lesson.close()
        zygote.close()


# ----------------------------------------------------------------------------- fork safety
def test_a_process_forked_after_cuda_started_knows_it(monkeypatch):
    assert gpu.fork_problem() == ""
    monkeypatch.setattr(gpu, "device_descriptors", lambda: ["/dev/nvidiactl"])
    assert "held GPU devices open" in gpu.fork_problem() and "/dev/nvidiactl" in gpu.fork_problem()
    monkeypatch.setattr(torch.cuda, "_is_in_bad_fork", lambda: True)
    assert "CUDA was started in the grader's zygote" in gpu.fork_problem()


class ForkingHere:
    """Stands in for the zygote: forks runners from this process, so that what the test made
    up of the device reaches the runner's own start-up (``runner.run_child``)."""

    ready, layout, limits = True, Layout(privileged=False), Limits()

    def __init__(self):
        self.children = []

    def spawn(self, lesson_dir: str, module: str, uid: int) -> socket.socket:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:
            ours.close()
            runner.run_child(theirs.fileno(), lesson_dir, module, uid, self.layout, self.limits)
        theirs.close()
        self.children.append(pid)
        return ours

    def stop_runner(self, pid, pgid) -> None:
        pass

    def wait_runner_gone(self, pid, uid) -> None:
        while self.children:
            os.waitpid(self.children.pop(), 0)


def test_a_runner_forked_after_cuda_started_is_a_grader_error_in_every_test(tmp_path, monkeypatch):
    """Every runner refuses to run student code; each test says why, none says "crashed"."""
    monkeypatch.setattr(torch.cuda, "_is_in_bad_fork", lambda: True)
    lesson = LessonRunner(ForkingHere(), make_lesson(tmp_path), "demo", 0)
    for test in range(2):
        lesson.begin_test(test, 10.0, 10)
        with pytest.raises(SandboxFault, match="CUDA was started in the grader's zygote before it forked"):
            StudentModule(lesson).pid()
    lesson.close()


def test_a_zygote_that_is_not_ready_says_why():
    zygote = Zygote.__new__(Zygote)
    zygote.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    zygote.ready = False
    theirs.send(b"the grader's zygote held GPU devices open before it forked this runner (/dev/nvidia0)")
    with pytest.raises(ZygoteGone, match="could not start: the grader's zygote held GPU devices open"):
        zygote.wait_ready(timeout=5)
    theirs.close()
    zygote.control.close()


# ----------------------------------------------------------------------------- a real GPU
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_runners_reach_the_gpu(tmp_path, cuda_promised):
    """Inside the sandbox (namespaces, seccomp, limits, another uid) with the limits of a CUDA
    host, the runner uses the GPU: a CUDA tensor arrives on CUDA, one the student makes there
    comes back on CUDA.  The allowance covers starting CUDA in the runner."""
    zygote, lesson = start(tmp_path, 24, timeout=CUDA_START_SECONDS + 10)
    try:
        at_import, doubled, made = StudentModule(lesson).cuda_facts(torch.ones(3, device="cuda"))
        assert at_import is False
        assert doubled.device.type == "cuda" and doubled.tolist() == [2.0, 2.0, 2.0]
        assert made.device.type == "cuda"
    finally:
        lesson.close()
        zygote.close()
