"""``make setup`` (and so ``make check``) makes ``.venv`` again, from scratch, where the folder it
was made in moved, was renamed or was copied (its scripts point at the old folder, or run the old
copy's code), and keeps one made in this folder.  Tried for real with both Makefiles (the student
release's and the project's) on a tiny stand-in repository: its ``grader`` package says where it
runs from, and its build backend is its own (no requirements), so ``pip install -e`` needs no
network."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow  # makes virtual environments (a few seconds each)

BACKEND = '''"""A PEP 517/660 build backend of its own: an editable wheel whose .pth file names this folder."""
import os
import zipfile

NAME, SCRIPTS = "grader", "[console_scripts]\\ngrader = grader:main\\n"
INFO = f"{NAME}-0.dist-info"


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    wheel = f"{NAME}-0-py3-none-any.whl"
    files = {f"{NAME}.pth": os.getcwd() + "\\n",
             f"{INFO}/METADATA": f"Metadata-Version: 2.1\\nName: {NAME}\\nVersion: 0\\n",
             f"{INFO}/WHEEL": "Wheel-Version: 1.0\\nGenerator: stand-in\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
             f"{INFO}/entry_points.txt": SCRIPTS}
    files[f"{INFO}/RECORD"] = "".join(f"{name},,\\n" for name in [*files, f"{INFO}/RECORD"])
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return wheel


build_wheel = build_editable
'''
PYPROJECT = '''[build-system]
requires = []
build-backend = "backend"
backend-path = ["."]

[project]
name = "grader"
version = "0"
'''
GRADER = '''"""Stand-in: says which folder's grader runs."""
import os


def main():
    print("grader of", os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
'''


def stand_in(folder: Path, makefile: Path) -> Path:
    (folder / "grader").mkdir(parents=True)
    (folder / "grader" / "__init__.py").write_text(GRADER)
    (folder / "backend.py").write_text(BACKEND)
    (folder / "pyproject.toml").write_text(PYPROJECT)
    shutil.copy(makefile, folder / "Makefile")
    return folder


def make_check(folder: Path) -> subprocess.CompletedProcess:
    # Nothing from an outer make or the shell reaches this make; pip looks at no index.
    env = {k: v for k, v in os.environ.items()
           if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV", "BIN", "LESSON", "VIRTUAL_ENV"}}
    return subprocess.run(["make", "--no-print-directory", "check", f"PYTHON={sys.executable}"], cwd=folder,
                          env={**env, "PIP_NO_INDEX": "1"}, capture_output=True, text=True, timeout=300)


def runs_its_own_grader(folder: Path) -> bool:
    """``make check`` works in ``folder`` and runs the grader of ``folder`` itself."""
    proc = make_check(folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return f"grader of {folder.resolve()}\n" in proc.stdout


@pytest.mark.parametrize("makefile", [REPO / "release" / "Makefile", REPO / "Makefile"], ids=["release", "project"])
def test_setup_makes_venv_again_in_a_moved_or_copied_folder(tmp_path, makefile):
    first = stand_in(tmp_path / "course", makefile)
    assert runs_its_own_grader(first)
    again = make_check(first)
    assert "-m venv" not in again.stdout, "an up-to-date .venv is kept"

    moved = tmp_path / "renamed course"
    first.rename(moved)
    shebang = (moved / ".venv" / "bin" / "grader").read_text().splitlines()[0]
    assert shebang.startswith(f"#!{first}/"), "a moved .venv's scripts point at the old folder"
    assert runs_its_own_grader(moved)
    assert "-m venv" not in make_check(moved).stdout, "made again once (its path has a space)"

    copied = tmp_path / "copy"
    shutil.copytree(moved, copied, symlinks=True)
    assert runs_its_own_grader(copied) and runs_its_own_grader(moved)



@pytest.mark.parametrize("makefile", [REPO / "release" / "Makefile", REPO / "Makefile"], ids=["release", "project"])
def test_setup_keeps_a_venv_made_here_first(tmp_path, makefile):
    """CI makes .venv itself (torch's CPU build first), then runs make setup: that .venv stays."""
    folder = stand_in(tmp_path / "course", makefile)
    subprocess.run([sys.executable, "-m", "venv", folder / ".venv"], check=True, timeout=300)
    (folder / ".venv" / "installed first").write_text("torch, say")
    assert runs_its_own_grader(folder) and (folder / ".venv" / "installed first").is_file()
