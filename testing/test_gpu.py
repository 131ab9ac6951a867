"""Where a GPU exists: the whole course is graded on it, with no test left out for lack of
hardware.  (Skipped on hosts without a GPU; ``test_runner`` checks there that runners
start with CUDA uninitialised.)"""
import pytest
import torch

from conftest import run_grader

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


def test_every_solution_scores_full_marks_on_the_gpu_with_no_hardware_skip():
    out = run_grader("selfcheck", check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "selfcheck passed" in out.stdout and "lack of a GPU" not in out.stdout, out.stdout
