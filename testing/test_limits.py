"""Every limit once (``grader/limits.py``), by value: each has its unit in its name, the
docs and messages state the values the code applies, no module cuts a text at a number of
its own, and what ``results.json`` states of a runner and of each test is what was applied
(a test with a ``timeout`` marker and a default one, the CPU limit read inside the runner)."""
import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import fields

from grader import limits
from grader.limits import (
    CUDA_START_SECONDS,
    DEFAULT_TEST_TIMEOUT_SECONDS,
    MAX_FILE_BYTES,
    MAX_NOTEBOOK_BYTES,
    TEST_CPU_SLACK_SECONDS,
    Limits,
    cpu_seconds_for_test,
)
from grader.sandbox.confine import protections
from grader.trusted.results import LessonReport, TestResult

from conftest import REPO

UNITS = ("_BYTES", "_SECONDS", "_CHARS")
# a count names what it counts
COUNTED = ("_FILES_PER_LESSON", "_ENTRIES", "_LESSONS", "_LEVELS", "_RETRIES", "_NODES", "_TENSORS", "_ITEMS",
           "_PER_TEST", "_PER_TENSOR", "_MISTAKES", "_TASKS")
# not numbers: the file types a submission's lesson folder may hold; what says the host's GPU
# works (the variable, and the device nodes where it may)
KINDS = {"STAGED_SUFFIXES", "CUDA_SWITCH", "GPU_CONTROL_NODES"}
COUNTS = {"processes", "open_files", "cap_address_space"}   # Limits fields that are counts or switches
SHORTEST_CAP = 100   # a slice bound from this many up is a cap, and caps live in grader/limits.py


def test_every_limit_has_its_unit_in_its_name():
    constants = [name for name in vars(limits) if name.isupper()]
    assert constants and all(name.endswith(UNITS + COUNTED) or name in KINDS for name in constants), constants
    assert all(f.name.endswith(tuple(u.lower() for u in UNITS)) or f.name in COUNTS for f in fields(Limits))


def test_a_host_without_cuda_keeps_the_plain_runner_limits(monkeypatch):
    """Where the trusted side did not find CUDA working, runners get the limits of a CPU host
    (the address-space cap is off only where a GPU's control node exists, as before)."""
    monkeypatch.delenv(limits.CUDA_SWITCH, raising=False)
    plain = Limits()
    assert plain.memory_bytes == 2 * 1024**3 and plain.processes == 32
    assert plain.cap_address_space == (not any(os.path.exists(p) for p in ("/dev/nvidiactl", "/dev/dxg")))


def test_where_cuda_works_runners_may_hold_a_cuda_context(monkeypatch):
    """GRADER_CUDA=1: room for a CUDA context's host memory and the driver's threads, and no
    address-space cap (CUDA cannot start under one)."""
    monkeypatch.setenv(limits.CUDA_SWITCH, "1")
    gpu = Limits()
    assert gpu.memory_bytes == limits.RUNNER_MEMORY_BYTES + limits.CUDA_HOST_MEMORY_BYTES
    assert gpu.processes == limits.RUNNER_TASKS + limits.CUDA_TASKS
    assert gpu.cap_address_space is False


def test_a_tests_cpu_limit_comes_from_its_timeout():
    """16 s for a default 10 s test (the runner's CPU clock counts whole seconds), 36 s for a
    test marked ``timeout(30)``, 46 for a CUDA test."""
    assert DEFAULT_TEST_TIMEOUT_SECONDS == 10.0 and TEST_CPU_SLACK_SECONDS == 6
    assert cpu_seconds_for_test(DEFAULT_TEST_TIMEOUT_SECONDS) == 16
    assert cpu_seconds_for_test(30) == 36 and cpu_seconds_for_test(10.0 + CUDA_START_SECONDS) == 46
    assert cpu_seconds_for_test(0.5) == TEST_CPU_SLACK_SECONDS


def test_the_docs_state_the_values_applied():
    readme, authoring = (REPO / "README.md").read_text(encoding="utf-8"), \
        (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert f"Notebooks may be up to {MAX_NOTEBOOK_BYTES // 2**20} MiB" in readme
    assert f"`@pytest.mark.timeout(seconds)` (default {DEFAULT_TEST_TIMEOUT_SECONDS:g};" in authoring
    assert f"its timeout gets {CUDA_START_SECONDS:g} s more" in authoring
    assert MAX_FILE_BYTES == 2**20 and MAX_NOTEBOOK_BYTES == 16 * 2**20


def test_protections_state_the_runners_limits():
    """No per-test CPU number that no test runs under: the runner's own limits, and where each
    test's are."""
    applied = Limits()
    stated = protections(applied)["limits"]
    assert "cpu_seconds_per_test" not in stated
    if not protections(applied)["unconfined"]:
        assert stated["start_cpu_seconds"] == applied.start_cpu_seconds == 30
        assert stated["total_cpu_seconds"] == applied.total_cpu_seconds == 600
        assert stated["file_size_bytes"] == applied.file_size_bytes and stated["open_files"] == applied.open_files
    assert "tests" in stated["per_test"]


def literal_slice_caps(source: str) -> list[int]:
    """The lines of ``text[:N]`` and ``text[-N:]`` with a literal N of ``SHORTEST_CAP`` or more."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Slice):
            for bound in (node.lower, node.upper):
                if isinstance(bound, ast.UnaryOp) and isinstance(bound.op, ast.USub):
                    bound = bound.operand
                if isinstance(bound, ast.Constant) and isinstance(bound.value, int) and bound.value >= SHORTEST_CAP:
                    found.append(node.lineno)
    return found


def test_the_scan_finds_a_literal_cap():
    assert literal_slice_caps("a = text[:2000]\nb = text[-4000:]\nc = text[:9]\nd = text[:CAP_CHARS]\n") == [1, 2]


def test_no_module_cuts_text_at_a_number_of_its_own():
    caps = [f"{path.relative_to(REPO)}:{line}" for path in sorted((REPO / "grader").rglob("*.py"))
            for line in literal_slice_caps(path.read_text(encoding="utf-8"))]
    assert not caps, f"caps to name in grader/limits.py: {caps}"


BUDGET = '''

import resource as _resource


def _cpu_budget():
    used = _resource.getrusage(_resource.RUSAGE_SELF)
    return _resource.getrlimit(_resource.RLIMIT_CPU)[0] - int(used.ru_utime + used.ru_stime)


print("RUNNER-CPU", *_resource.getrlimit(_resource.RLIMIT_CPU))   # at import, before any test began
_train_classifier, _accuracy = train_classifier, accuracy


def train_classifier(*args, **kwargs):
    print(f"CPU-BUDGET {_cpu_budget()}")
    return _train_classifier(*args, **kwargs)


def accuracy(*args, **kwargs):
    print(f"CPU-BUDGET {_cpu_budget()}")
    return _accuracy(*args, **kwargs)
'''


def test_each_tests_stated_limits_are_those_applied(tmp_path):
    """08's ``train_classifier`` test is marked ``timeout(30)``, its ``accuracy`` test is not: the
    student's code prints the CPU time the runner left it, which is what results.json states
    (up to the fraction of a second the runner had used when the test began); and at import, the
    runner's CPU limits, which its protections state."""
    lesson = "08_classification"
    folder = tmp_path / lesson
    folder.mkdir()
    (folder / "classification.py").write_text(
        (REPO / "solutions" / lesson / "classification.py").read_text(encoding="utf-8") + BUDGET, encoding="utf-8")
    out = tmp_path / "results.json"
    subprocess.run([sys.executable, "-m", "grader", "--course", str(REPO), "check", "--submission", str(tmp_path),
                    "--lesson", lesson, "--results", str(out)], capture_output=True, text=True, timeout=600)
    [report] = json.loads(out.read_text(encoding="utf-8"))
    tests = {t["name"].split("::")[-1]: t for t in report["tests"]}
    stated = report["protections"]["limits"]
    [runner] = {tuple(map(int, found)) for t in report["tests"]
                for found in re.findall(r"RUNNER-CPU (\d+) (\d+)", t["printed"])}
    assert runner == (stated["start_cpu_seconds"], stated["total_cpu_seconds"]) == (30, 600)
    marked, default = tests["test_train_classifier_notes"], tests["test_accuracy_example"]
    assert (marked["timeout_seconds"], default["timeout_seconds"]) == (30, DEFAULT_TEST_TIMEOUT_SECONDS)
    for test in (marked, default):
        assert test["cpu_seconds"] == cpu_seconds_for_test(test["timeout_seconds"])
        [budget] = map(int, re.findall(r"CPU-BUDGET (\d+)", test["printed"]))
        assert test["cpu_seconds"] - 1 <= budget <= test["cpu_seconds"], (test["name"], budget)


def test_where_a_runner_has_no_cpu_limit_no_test_states_one():
    """Unconfined runners on Windows have no CPU limit (``sandbox.unconfined.protections``):
    their tests state their timeout only."""
    ran = TestResult("01_a", "test_public.py::test_x", "", "visible", 1.0, 1.0, "passed", timeout_seconds=10.0,
                     cpu_seconds=cpu_seconds_for_test(10.0))
    for total, cpu in ((None, None), (600, 16)):
        report = LessonReport("s", "01_a", [ran], protections={"limits": {"total_cpu_seconds": total}})
        [test] = report.to_results_json()["tests"]
        assert (test["timeout_seconds"], test["cpu_seconds"]) == (10.0, cpu)


def test_a_runner_gets_every_file_intake_staged(tmp_path):
    """The runner's copy of a lesson folder is capped no tighter than intake's staging: a
    lesson folder of as many files of the largest size as intake keeps, the module last by
    name, arrives whole (a second, tighter cap once dropped the module behind large files)."""
    from grader.limits import MAX_FILES_PER_LESSON, MAX_STAGED_LESSON_BYTES
    from grader.sandbox.confine import read_lesson_files

    assert MAX_STAGED_LESSON_BYTES == MAX_FILES_PER_LESSON * MAX_FILE_BYTES
    for i in range(MAX_FILES_PER_LESSON - 1):
        (tmp_path / f"a_data_{i:02}.csv").write_bytes(b"x" * MAX_FILE_BYTES)
    (tmp_path / "linear_model.py").write_text("def forward(x, w):\n    return x * w\n")
    files = read_lesson_files(str(tmp_path))
    assert len(files) == MAX_FILES_PER_LESSON and "linear_model.py" in files
