"""The switch that keeps CI from passing the security suite without running it
(``GRADER_REQUIRE_SECURITY=1``, ``testing/conftest.py``): a skipped test marked ``security``
fails under it and skips without it; other skips and expected failures are left alone."""
import os
import shutil
import subprocess
import sys

from conftest import REPO, REQUIRE_SECURITY

TINY = '''
import pytest

@pytest.mark.security
@pytest.mark.skipif(True, reason="needs root")
def test_marked_skipif():
    pass

@pytest.mark.security
def test_marked_skip_at_run_time():
    pytest.skip("no lessons")

@pytest.mark.security
@pytest.mark.xfail(strict=True, reason="GRADER HOLE: a known hole")
def test_marked_known_hole():
    assert False

@pytest.mark.skipif(True, reason="needs a GPU")
def test_unmarked_skip():
    pass

@pytest.mark.security
def test_marked_that_runs():
    pass
'''


def run_tiny(tmp_path, switch: str | None) -> tuple[int, str]:
    (tmp_path / "test_tiny.py").write_text(TINY)
    shutil.copy(REPO / "testing" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    security: a security test\n")
    env = {k: v for k, v in os.environ.items() if k != REQUIRE_SECURITY}
    if switch is not None:
        env[REQUIRE_SECURITY] = switch
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v", "-rf", "test_tiny.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def outcome(output: str, test: str) -> str:
    """PASSED, FAILED, SKIPPED, XFAIL or ERROR: the word after the test's id in pytest's ``-v`` lines."""
    for line in output.splitlines():
        if line.startswith(f"test_tiny.py::{test} "):
            return line.split()[1]
    raise AssertionError(f"{test} is not in the summary:\n{output}")


def test_without_the_switch_security_tests_skip_as_before(tmp_path):
    status, said = run_tiny(tmp_path, None)
    assert status == 0, said
    assert outcome(said, "test_marked_skipif") == outcome(said, "test_marked_skip_at_run_time") == "SKIPPED", said
    assert outcome(said, "test_marked_known_hole") == "XFAIL" and outcome(said, "test_marked_that_runs") == "PASSED"


def test_with_the_switch_a_skipped_security_test_fails_and_says_why(tmp_path):
    status, said = run_tiny(tmp_path, "1")
    assert status == 1, said
    assert outcome(said, "test_marked_skipif") == "ERROR", said  # a skipif skips in setup: an error there
    assert outcome(said, "test_marked_skip_at_run_time") == "FAILED", said
    assert f"{REQUIRE_SECURITY}=1: this security test must run here, but it skipped: needs root" in said
    assert "it skipped: no lessons" in said
    assert outcome(said, "test_unmarked_skip") == "SKIPPED" and outcome(said, "test_marked_known_hole") == "XFAIL"
    assert outcome(said, "test_marked_that_runs") == "PASSED"


def test_only_1_turns_the_switch_on(tmp_path):
    status, said = run_tiny(tmp_path, "0")
    assert status == 0 and outcome(said, "test_marked_skipif") == "SKIPPED", said
