"""``grader.devtools.gpu_check`` (``make gpu-check``) on this host: its dry mode (``--expect-cpu``) passes
where CUDA tests are skipped with a reason, its real mode fails loudly where no CUDA test ran, and the
grader it drives runs from the checkout with an interpreter the grader is not installed in."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import torch

from grader.devtools.gpu_check import parse

from conftest import REPO, results

no_gpu = pytest.mark.skipif(torch.cuda.is_available(), reason="the dry mode is for a host without a GPU")
DEVICE_COMMAND_LIMIT = 2000   # characters of one command on the lent GPU machine


def gpu_check(*args: str, log: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OUT"}
    return subprocess.run([sys.executable, "-m", "grader.devtools.gpu_check", "--lessons", "01_tensors",
                           "--students", "2", "--log", str(log), *args],
                          capture_output=True, text=True, timeout=600, cwd=REPO, env=env)


@pytest.mark.slow
@no_gpu
def test_the_dry_mode_passes_where_every_cuda_test_is_skipped_with_a_reason(tmp_path):
    proc = gpu_check("--expect-cpu", "--steps", "host,class,no-gpu", log=tmp_path / "log")
    log = (tmp_path / "log").read_text(encoding="utf-8")
    assert proc.returncode == 0, log
    assert log == proc.stdout
    for step in ("host", "class", "no-gpu"):
        assert f"PASS  {step}" in log, log
    assert "8 CUDA tests each skipped" in log and log.rstrip().endswith("gpu-check passed")


@pytest.mark.slow
@no_gpu
def test_the_real_mode_fails_loudly_where_no_cuda_test_ran(tmp_path):
    proc = gpu_check("--steps", "host,class", log=tmp_path / "log")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "FAIL  host" in proc.stdout and "torch sees no CUDA device" in proc.stdout
    assert "problem: 张三/01_tensors: 01_tensors: hidden/test_hidden.py::test_describe_cuda skipped" in proc.stdout
    assert "FAIL  class" in proc.stdout and "gpu-check FAILED: host, class" in proc.stdout


@pytest.fixture
def foreign_python(tmp_path):
    """As on a GPU host: a python3 whose environment holds torch and the rest under its own prefix,
    but not our package.  Here: this virtual environment, hard-linked (same file system: the checkout's
    build/), without its editable install of the grader."""
    if sys.prefix == sys.base_prefix:
        pytest.skip("the project's tests run in a virtual environment (.venv)")
    (REPO / "build").mkdir(exist_ok=True)
    copy = Path(tempfile.mkdtemp(prefix="foreign-python-", dir=REPO / "build"))
    try:
        shutil.copytree(sys.prefix, copy / "env", symlinks=True, copy_function=os.link)
        for editable in (copy / "env").glob("lib/python*/site-packages/__editable__*"):
            editable.unlink()
        yield copy / "env" / "bin" / "python"
    finally:
        shutil.rmtree(copy)


@pytest.mark.slow
def test_the_grader_runs_from_the_checkout_with_an_interpreter_it_is_not_installed_in(foreign_python, tmp_path):
    alone = subprocess.run([foreign_python, "-c", "import torch, grader"], capture_output=True, text=True, cwd="/")
    assert "No module named 'grader'" in alone.stderr, alone.stderr

    subs = tmp_path / "subs"
    (subs / "王五" / "01_tensors").mkdir(parents=True)
    (subs / "王五" / "01_tensors" / "tensors.py").write_bytes((REPO / "solutions/01_tensors/tensors.py").read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(REPO)}
    proc = subprocess.run([foreign_python, "-m", "grader", "--course", str(REPO), "grade", str(subs), "--out",
                           str(tmp_path / "out"), "--lessons", "01_tensors", "--no-progress"],
                          capture_output=True, text=True, timeout=600, cwd="/", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = results(tmp_path / "out", "王五", "01_tensors")
    assert report["score"] == report["max_score"] > 0, json.dumps(report, ensure_ascii=False)[:2000]


def test_the_documented_device_command_fits_and_names_what_exists():
    text = (REPO / "docs" / "gpu.md").read_text(encoding="utf-8")
    command = text.split("<!-- gpu-check command -->\n```\n", 1)[1].split("\n```", 1)[0]
    assert "\n" not in command and len(command) <= DEVICE_COMMAND_LIMIT, len(command)
    assert ".whl/*.whl" in command and "gpu-wheels" in text and "/.whl/" in (REPO / ".gitignore").read_text()
    check_args = command.split("-m grader.devtools.gpu_check", 1)[1].split()
    assert parse(check_args).budget < int(command.split("timeout ", 1)[1].split()[0]) < 600
