"""Whether CUDA tests run (``trusted.cuda_host``), proven on a host without a GPU: the real
decision, probe process, runner check, GPU slots and service run, with only the device's own
answers faked (``GRADER_FAKE_DEVICE``, read where the probe would ask the device).  A lesson
whose ``cuda``-marked tests do CPU work stands in for the CUDA lessons where the faked device
says CUDA works."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.course import Course
from grader.limits import CUDA_SWITCH
from grader.sandbox.uids import runner_uid
from grader.trusted import cuda_host as ch
from grader.trusted import workers
from grader.trusted.warm_start import start_zygote

from conftest import REPO

LESSON = "01_fake_gpu"
WORKS = {"nvml": 1, "error": "", "memory": 8 * 2**30, "compute_mode": "Default", "runner_device": "cpu"}


def fake(monkeypatch, **answers) -> None:
    monkeypatch.setenv(ch.FAKE_ENV, json.dumps(answers))
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)


def test_nvml_seeing_a_gpu_that_cuda_cannot_use_skips_with_cudas_error(monkeypatch):
    fake(monkeypatch, nvml=1, error="RuntimeError: CUDA error: no kernel image is available for execution")
    host = ch.decide()
    assert not host.usable and host.devices == 1
    assert host.reason == ("NVML sees 1 GPU(s) but CUDA cannot use them: "
                           "RuntimeError: CUDA error: no kernel image is available for execution")
    assert host.reason in host.skip_message and host.report() == {"ran": False, "reason": host.reason}


def test_no_gpu_at_all_says_so(monkeypatch):
    fake(monkeypatch, nvml=0, error="RuntimeError: Found no NVIDIA driver on your system.")
    assert ch.decide().reason == "this host has no CUDA GPU (RuntimeError: Found no NVIDIA driver on your system.)"


@pytest.mark.parametrize("value", ["", "-1"])
def test_cuda_visible_devices_hiding_every_gpu_skips_without_asking_the_device(monkeypatch, value):
    monkeypatch.setattr(ch, "probe", lambda timeout: pytest.fail("the device was asked"))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", value)
    host = ch.decide()
    assert not host.usable and host.reason == f'CUDA_VISIBLE_DEVICES="{value}" hides every GPU from the grader'


def test_a_hung_check_is_killed_and_the_cuda_tests_skip(monkeypatch):
    fake(monkeypatch, hang=True)
    monkeypatch.setattr(ch, "PROBE_SECONDS", 3.0)
    host = ch.decide()
    assert not host.usable and host.reason == "the CUDA check did not finish within 3 s (a hung GPU driver?)"


def test_exclusive_compute_mode_is_refused_with_what_to_do(monkeypatch):
    fake(monkeypatch, **{**WORKS, "compute_mode": "Exclusive_Process"})
    host = ch.decide()
    assert not host.usable and host.exclusive
    assert "Exclusive_Process compute mode" in host.reason and "nvidia-smi -c DEFAULT" in host.reason


def test_a_working_gpu_runs_them_with_as_many_gpu_workers_as_its_memory_holds(monkeypatch):
    fake(monkeypatch, **{**WORKS, "memory": 80 * 2**30})
    host = ch.decide()
    assert host.usable and host.parallel == 40 and host.reason == "CUDA works on this host (1 GPU(s), 80 GiB)"


def test_a_cpu_build_of_torch_decides_without_starting_a_process(monkeypatch):
    import torch

    if torch.version.cuda is not None:
        pytest.skip("this torch is built with CUDA")
    monkeypatch.delenv(ch.FAKE_ENV, raising=False)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    monkeypatch.setattr(ch, "probe", lambda timeout: pytest.fail("a process was started"))
    assert ch.decide().reason == f"this grader's torch ({torch.__version__}) is built without CUDA"


def test_child_processes_inherit_the_decision(monkeypatch):
    monkeypatch.setattr(ch, "_decided", None)
    for name in (CUDA_SWITCH, ch.DECISION_ENV):
        monkeypatch.setenv(name, "")
    host = ch.export(ch.CudaHost(False, "a reason", 2))
    said = subprocess.run([sys.executable, "-c", "from grader.trusted.cuda_host import cuda_host; "
                           "print(cuda_host().reason, cuda_host().devices)"], capture_output=True, text=True)
    assert os.environ[CUDA_SWITCH] == "0" and ch.cuda_host() is host and said.stdout.strip() == "a reason 2"


def test_a_process_that_started_cuda_may_not_fork_workers(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_initialized", lambda: True)
    with pytest.raises(RuntimeError, match="grader error: CUDA was started in the grading process"):
        workers.fork_worker(lambda: 0, None)


@pytest.mark.parametrize("device, works", [("cpu", True), ("cuda", False)])
def test_cuda_failing_only_in_a_runner_is_the_sandboxs_fault(monkeypatch, device, works):
    """The runner check runs a built-in module in a real runner; CUDA failing there (here: a
    CPU torch asked for ``cuda``) turns the decision, with CUDA's own error."""
    fake(monkeypatch, **{**WORKS, "runner_device": device})
    course = Course(REPO)
    zygote = start_zygote(course, course.lessons(["00_python_basics"]), warm=False, unconfined_ok=True)
    try:
        host = ch.check_runners(zygote, ch.from_answers(WORKS), runner_uid(0))
    finally:
        zygote.close()
    assert host.usable is works
    if not works:
        assert host.reason == ("CUDA works on this host but not inside the sandbox: "
                               "AssertionError: Torch not compiled with CUDA enabled")


# -- grading with a faked GPU ----------------------------------------------------------------------

TESTS = '''
import os
import time

import pytest


@pytest.mark.cuda
@pytest.mark.parametrize("i", range(2))
def test_double_on_the_gpu(student, i):
    """double on the GPU: records when it ran"""
    start = time.time()
    assert student.double(i) == 2 * i
    time.sleep(0.4)
    with open(os.path.join(os.environ["GPU_TEST_LOG"], f"{os.getpid()}-{i}"), "w") as fh:
        fh.write(f"{start} {time.time()}")


def test_double_on_the_cpu(student):
    """double on the CPU"""
    assert student.double(3) == 6
'''


@pytest.fixture
def fake_gpu_course(tmp_path) -> Path:
    """A course of one lesson whose CUDA-marked tests do CPU work, and three students' copies of it."""
    course = tmp_path / "course"
    (course / "assignments" / LESSON).mkdir(parents=True)
    (course / "assignments" / LESSON / "lesson.toml").write_text('module = "fake"\ndata = []\n')
    (course / "assignments" / LESSON / "fake.py").write_text("def double(x):\n    raise NotImplementedError\n")
    (course / "tests" / LESSON).mkdir(parents=True)
    (course / "tests" / LESSON / "test_public.py").write_text(textwrap.dedent(TESTS))
    for student in ("张三", "李四", "王五"):
        (tmp_path / "subs" / student / LESSON).mkdir(parents=True)
        (tmp_path / "subs" / student / LESSON / "fake.py").write_text("def double(x):\n    return 2 * x\n")
    (tmp_path / "log").mkdir()
    return course


def grade_fake(course: Path, *args: str, **answers) -> subprocess.CompletedProcess:
    env = {**os.environ, "GPU_TEST_LOG": str(course.parent / "log")}
    env.pop("CUDA_VISIBLE_DEVICES", None)
    env.update({ch.FAKE_ENV: json.dumps(answers)} if answers else {})
    return subprocess.run([str(Path(sys.executable).with_name("grader")), "--course", str(course), "grade",
                           str(course.parent / "subs"), "--out", str(course.parent / "out"), "--no-progress",
                           *args], capture_output=True, text=True, timeout=600, env=env)


def test_cuda_jobs_bounds_the_workers_on_the_gpu_and_reports_say_cuda_ran(fake_gpu_course):
    done = grade_fake(fake_gpu_course, "--jobs", "3", "--cuda-jobs", "1", **WORKS)
    assert done.returncode == 0, done.stdout + done.stderr
    spans = sorted(tuple(map(float, p.read_text().split())) for p in (fake_gpu_course.parent / "log").iterdir())
    assert len(spans) == 6   # two CUDA tests of each of three students
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), spans
    res = json.loads((fake_gpu_course.parent / "out" / "张三" / LESSON / "results.json").read_text())
    assert res["cuda"] == {"ran": True, "reason": "CUDA works on this host (1 GPU(s), 8 GiB)"}
    assert res["score"] == res["max_score"] == 3 and res["hardware_skips"] == []
    assert "1 on the GPU" in done.stdout and "CUDA tests: run" in done.stdout


def test_a_host_whose_cuda_fails_reports_why_its_cuda_tests_skipped(fake_gpu_course):
    error = "RuntimeError: CUDA driver version is insufficient for CUDA runtime version"
    done = grade_fake(fake_gpu_course, "--jobs", "2", nvml=1, error=error)
    assert done.returncode == 0, done.stdout + done.stderr
    reason = f"NVML sees 1 GPU(s) but CUDA cannot use them: {error}"
    out = fake_gpu_course.parent / "out" / "李四"
    res = json.loads((out / LESSON / "results.json").read_text())
    assert res["cuda"] == {"ran": False, "reason": reason}
    assert res["score"] == res["max_score"] == 1 and len(res["hardware_skips"]) == 2
    assert f"Not graded on this host ({reason})" in (out / "feedback.md").read_text()
    assert f"CUDA tests: not run ({reason})" in done.stdout
    assert not list((fake_gpu_course.parent / "log").iterdir())


def test_cuda_failing_in_the_sandbox_stops_the_run_before_any_student_is_graded(fake_gpu_course):
    done = grade_fake(fake_gpu_course, "--jobs", "2", **{**WORKS, "runner_device": "cuda"})
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert ("error: CUDA works on this host but not inside the sandbox: AssertionError: Torch not compiled "
            "with CUDA enabled") in done.stderr and "No student was graded" in done.stderr
    assert not list((fake_gpu_course.parent / "out").rglob("results.json"))


SERVICE_WRAPPER = '''
import os, runpy, sys
import torch

record, service = sys.argv[1], os.getpid()


def recording(name, real):
    def call(*args, **kwargs):
        if os.getpid() == service:
            with open(record, "a") as fh:
                fh.write(name + "\\n")
        return real(*args, **kwargs)
    return call


for name in ("is_available", "device_count", "init", "_lazy_init", "current_device", "get_device_properties",
             "synchronize", "mem_get_info"):
    setattr(torch.cuda, name, recording(name, getattr(torch.cuda, name)))
sys.argv = ["grader.trusted.service", *sys.argv[2:]]
runpy.run_module("grader.trusted.service", run_name="__main__", alter_sys=True)
'''


def test_the_grading_service_asks_nothing_of_cuda_before_it_forks(fake_gpu_course, tmp_path):
    """The real service entry, with torch's CUDA calls recorded in the service's own process:
    none before it forks its worker (a forked worker could not use CUDA), and it grades."""
    wrapper, record = tmp_path / "wrapper.py", tmp_path / "cuda-calls"
    wrapper.write_text(SERVICE_WRAPPER)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTORCH_NVML_BASED_CUDA_CHECK", ch.DECISION_ENV)}
    service = subprocess.Popen([sys.executable, str(wrapper), str(record), str(fake_gpu_course), str(os.getpid())],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        assert json.loads(service.stdout.readline()) == {"ready": True}
        request = {"staged": str(tmp_path / "subs" / "张三"), "student": "张三", "uid_index": 0,
                   "lessons": [LESSON], "include_hidden": True}
        service.stdin.write(json.dumps(request) + "\n")
        service.stdin.flush()
        reply = json.loads(service.stdout.readline())
    finally:
        service.stdin.close()
        service.wait(60)
    assert reply["ok"], reply
    assert reply["reports"][0]["cuda"]["ran"] is False and reply["reports"][0]["cuda"]["reason"]
    assert not record.exists(), record.read_text()
