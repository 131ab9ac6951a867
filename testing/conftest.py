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


def report_snapshot(out: Path) -> dict[str, object]:
    """Every report file under ``out`` (PNG images aside), results without their timings:
    what must be identical between two gradings of the same class."""
    files = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.suffix == ".png":
            continue
        rel = path.relative_to(out).as_posix()
        if path.name == "results.json":
            data = json.loads(path.read_text())
            for t in data["tests"]:
                t.pop("duration_s")
            files[rel] = data
        else:
            files[rel] = path.read_text()
    return files
