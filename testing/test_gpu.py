"""Where a GPU exists: the whole course is graded on it, with no test left out for lack of
hardware.  (Skipped on hosts without a GPU; ``test_runner`` checks there that runners
start with CUDA uninitialised.)"""
import pytest

from grader.trusted.cuda_host import cuda_host

from conftest import run_grader

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not cuda_host().usable, reason=f"CUDA tests do not run here: {cuda_host().reason}")]


def test_every_solution_scores_full_marks_on_the_gpu_with_no_hardware_skip():
    out = run_grader("selfcheck", check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "selfcheck passed" in out.stdout and "CUDA tests skipped" not in out.stdout, out.stdout
