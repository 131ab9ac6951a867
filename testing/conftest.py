"""Shared helpers for the project's own tests."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GRADER = Path(sys.executable).with_name("grader")


def run_grader(*args: str, timeout: float = 900, check: bool = True, course: Path = REPO) -> subprocess.CompletedProcess:
    """Run the ``grader`` command of this checkout on ``course``."""
    proc = subprocess.run([str(GRADER), "--course", str(course), *args], capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"grader {' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def results(out: Path, student: str, lesson: str) -> dict:
    return json.loads((out / student / lesson / "results.json").read_text())


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO
