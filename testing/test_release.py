"""The student repository holds stubs, public tests and the student part of the grader;
nothing secret, and every target of its Makefile works there."""
import ast
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.commands.release import release_files, ships
from grader.course import Course

from conftest import REPO, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

SHIPPED_GRADER = {
    "grader/__init__.py", "grader/__main__.py", "grader/cli.py", "grader/course.py", "grader/limits.py",
    "grader/checks.py", "grader/jupyter.py", "grader/report_files.py",
    *(f"grader/authoring/{m}.py" for m in ("__init__", "checks", "describe", "probes", "static")),
    *(p.relative_to(REPO).as_posix() for p in (REPO / "grader").glob("trusted/*.py")
      if p.stem not in ("identity", "reuse", "grading_run", "workers", "pool", "service", "cluster",
                        "known_mistakes", "mistakes")),
    *(p.relative_to(REPO).as_posix() for p in (REPO / "grader").glob("sandbox/*.py")),
    "grader/reports/__init__.py", "grader/reports/student.py", "grader/reports/atomic.py", "grader/reports/github.py",
    "grader/reports/wording.py",
    "grader/commands/__init__.py", "grader/commands/check.py", "grader/commands/submit.py",
}
INSTRUCTOR_COMMANDS = {"grade", "collect", "selfcheck", "stubs", "release", "export"}


def module_name(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def imported_names(path: Path, module: str) -> set[str]:
    """Every ``a.b`` that the module at ``path`` imports (``from a import b``: ``a`` and ``a.b``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]) if node.level else ""
            base = ".".join(filter(None, [base, node.module]))
            names |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return names


def test_release_file_list(tmp_path):
    course = Course(REPO)
    files = {p.as_posix() for p in release_files(course)}
    lessons = course.lessons()
    assert lessons, "the course has lessons"
    for lesson in lessons:
        assert f"assignments/{lesson.name}/{lesson.filename}" in files
        assert f"assignments/{lesson.name}/README.md" in files
        assert f"assignments/{lesson.name}/lesson.toml" in files  # check on a student's machine reads it
        assert {p.relative_to(REPO).as_posix() for p in lesson.public_tests()} <= files
    assert {"Makefile", "pyproject.toml", ".gitignore", "README.md", ".github/workflows/check.yml"} <= files
    assert release_files(course)[Path("Makefile")] == REPO / "release" / "Makefile"
    assert {f for f in files if f.startswith("grader/")} == SHIPPED_GRADER
    for path in files:
        assert not path.startswith(("solutions/", "testing/", "examples/", ".ci/", "docs/")), path
        assert Path(path).name != "mistakes.toml", path
        assert "/hidden/" not in path and "__pycache__" not in path, path


def test_release_leaves_out_a_catalogue_of_known_mistakes_copied_into_assignments(tmp_path):
    """A lesson's ``mistakes.toml`` names every known mistake and holds its code: even one
    copied into assignments/ by hand stays out of the student repository."""
    lesson = tmp_path / "assignments" / "01_demo"
    lesson.mkdir(parents=True)
    (lesson / "lesson.toml").write_text('module = "demo"\n')
    (lesson / "demo.py").write_text("def f():\n    raise NotImplementedError\n")
    (lesson / "mistakes.toml").write_text((REPO / "solutions" / "01_tensors" / "mistakes.toml").read_text())
    files = {p.as_posix() for p in release_files(Course(tmp_path))}
    assert "assignments/01_demo/demo.py" in files and "assignments/01_demo/mistakes.toml" not in files


def test_release_rule_covers_new_modules():
    assert ships("trusted/new_module.py") and ships("sandbox/new_module.py") and ships("authoring/new.py")
    assert not ships("devtools/new_tool.py") and not ships("devtools/sub/tool.py")
    assert not ships("authoring/stubs.py") and not ships("reports/classwide.py") and not ships("reports/dashboard.py")
    assert not any(ships(f"commands/{name}.py") for name in INSTRUCTOR_COMMANDS)


def test_shipped_modules_import_no_instructor_module():
    shipped = {module_name(p) for p in SHIPPED_GRADER}
    everything = {module_name(p.relative_to(REPO).as_posix()) for p in (REPO / "grader").rglob("*.py")}
    for path in SHIPPED_GRADER:
        left_out = imported_names(REPO / path, module_name(path)) & (everything - shipped)
        assert not left_out, f"{path} imports {left_out}, which the release leaves out"


def test_release_writes_exactly_those_files_and_stubs_match(tmp_path):
    out = tmp_path / "student"
    run_grader("release", str(out))
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    known = {f"tests/{p.parent.name}/known_mistakes.json" for p in REPO.glob("solutions/*/mistakes.toml")}
    assert known and written == {p.as_posix() for p in release_files(Course(REPO))} | known
    for lesson in Course(REPO).lessons():
        stub = (out / "assignments" / lesson.name / lesson.filename).read_text()
        assert "### BEGIN SOLUTION" not in stub and "NotImplementedError" in stub
    readme = (out / "README.md").read_text()
    for command in ("make setup", "make check", "make check LESSON=01_tensors", "make submit", "make clean"):
        assert command in readme
    assert set(re.findall(r"make (\w+)", readme)) == {"setup", "check", "submit", "clean"}
    assert {".venv/", "__pycache__/", "*.egg-info/"} <= set((out / ".gitignore").read_text().split())
    assert not any(Path(out, "tests").rglob("hidden"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_release_makefile_targets_work_in_the_release(tmp_path):
    """A real ``make setup`` (a new .venv, ``pip install -e .`` with torch from pip's configured
    index or cache: about a minute here), then every other target, all in the release."""
    out = tmp_path / "student"
    run_grader("release", str(out))
    phony = [line.split(":", 1)[1].split() for line in (out / "Makefile").read_text().splitlines()
             if line.startswith(".PHONY:")]
    # (and the .venv's stamp, where .venv is not this folder's: make setup makes it again)
    assert phony and set(sum(phony, [])) - {"$(VENV)/.installed"} == {"setup", "check", "submit", "clean"}

    # Nothing from an outer make (make test LESSON=...) or the shell may reach the release's make.
    env = {k: v for k, v in os.environ.items()
           if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHON", "VENV", "BIN", "LESSON", "VIRTUAL_ENV"}}

    def make(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "--no-print-directory", *args], cwd=out, env=env, capture_output=True,
                              text=True, timeout=timeout)

    try:
        start = time.monotonic()
        # PYTHON: this interpreter, so the test does not depend on what python3.11 is on PATH
        setup = make("setup", f"PYTHON={sys.executable}", timeout=600)
        assert setup.returncode == 0, setup.stdout + setup.stderr
        print(f"make setup: {time.monotonic() - start:.0f} s")
        python = out / ".venv" / "bin" / "python"

        # every shipped module imports, from the release, and nothing left out is importable
        shipped = sorted(module_name(p.relative_to(out).as_posix()) for p in (out / "grader").rglob("*.py")
                         if p.name != "__main__.py")  # importing it runs the command
        probe = ("import importlib, importlib.util, sys\n"
                 "root, *left_out = sys.argv[1:]\n"
                 "for m in sys.stdin.read().split(): assert importlib.import_module(m).__file__.startswith(root), m\n"
                 "for m in left_out: assert importlib.util.find_spec(m) is None, m\n")
        left_out = ["grader.devtools", "grader.authoring.stubs", "grader.reports.classwide", "grader.reports.dashboard",
                    *(f"grader.commands.{name}" for name in INSTRUCTOR_COMMANDS)]
        imports = subprocess.run([str(python), "-c", probe, f"{out}/", *left_out], input=" ".join(shipped), cwd=out,
                                 env={**env, "PYTHONPATH": str(out)}, capture_output=True, text=True, timeout=300)
        assert imports.returncode == 0, imports.stderr

        usage = subprocess.run([str(out / ".venv" / "bin" / "grader"), "--help"], cwd=out, env=env,
                               capture_output=True, text=True, timeout=120)
        assert usage.returncode == 0, usage.stderr
        assert set(re.search(r"\{([^}]*)\}", usage.stdout).group(1).split(",")) == {"check", "submit"}, usage.stdout

        stubs = make("check")
        assert stubs.returncode != 0
        assert re.search(r"total: 0 / \d+ points", stubs.stdout), stubs.stdout + stubs.stderr

        lesson = "00_python_basics"
        shutil.copy(REPO / "solutions" / lesson / "basics.py", out / "assignments" / lesson / "basics.py")
        work = snapshot(out / "assignments")
        clean = make("clean")
        assert clean.returncode == 0, clean.stdout + clean.stderr
        assert snapshot(out / "assignments") == work
        assert not list(out.glob("*.egg-info")) and not [p for p in out.rglob("__pycache__") if ".venv" not in p.parts]

        solved = make("check", f"LESSON={lesson}")
        assert solved.returncode == 0, solved.stdout + solved.stderr
        assert lesson in solved.stdout and "FAILED" not in solved.stdout
    finally:
        shutil.rmtree(out / ".venv", ignore_errors=True)  # about 1 GB; pytest keeps the last runs' tmp folders
