"""``grader export gradescope``: the autograder zip, unpacked in Gradescope's layout in a
temporary root (``AUTOGRADER_ROOT``), grades uploads through its own ``run_autograder``
with this venv first on PATH (setup.sh's installs are not run; its syntax is checked):
the solution as a lone module file scores full marks, hidden tests included; the stub in
a whole repository scores zero; a broken zip or no upload gets score 0 and the problem.  The zip holds
one lesson's files and no solution."""
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSON, MODULE = "04_linear_model", "linear_model.py"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    run_grader("export", "gradescope", LESSON, str(out))
    return out


def unpack(archive: Path, root: Path) -> Path:
    """The zip's content in ``root/source`` as Gradescope extracts it (Unix modes kept)."""
    source = root / "source"
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            zf.extract(info, source)
            os.chmod(source / info.filename, (info.external_attr >> 16) & 0o777)
    return source


def run_autograder(autograder_zip: Path, root: Path, upload) -> dict:
    """Unpack, put the upload in ``root/submission`` (``upload(folder)``; None: no
    ``submission/`` at all), run the autograder as Gradescope does, read
    ``results/results.json``."""
    source = unpack(autograder_zip, root)
    if upload:
        (root / "submission").mkdir()
        upload(root / "submission")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run([str(source / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def test_zip_holds_one_lesson_and_no_solution(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = zf.namelist()
        contents = [zf.read(name) for name in names]
        modes = {info.filename: info.external_attr >> 16 for info in zf.infolist()}
    assert {"setup.sh", "run_autograder", "pyproject.toml", "grader/cli.py", f"assignments/{LESSON}/{MODULE}",
            f"tests/{LESSON}/test_public.py", f"tests/{LESSON}/hidden/test_hidden.py"} <= set(names)
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    lessons = {name.split("/")[1] for name in names if name.startswith(("assignments/", "tests/"))}
    assert lessons == {LESSON}
    assert not [n for n in names if n.startswith(("solutions/", "testing/", "examples/", "grader/devtools/"))]
    for solution in (REPO / "solutions").rglob("*.py"):
        body = solution.read_bytes()
        assert not any(body in content for content in contents), f"{solution} is in the zip"


def test_setup_script_is_valid_bash_and_installs_the_cpu_torch(autograder_zip, tmp_path):
    source = unpack(autograder_zip, tmp_path)
    subprocess.run(["bash", "-n", str(source / "setup.sh")], check=True)
    setup = (source / "setup.sh").read_text()
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in setup
    assert "python3.11 -m venv" in setup


def test_solution_uploaded_as_the_module_file_scores_full_marks(autograder_zip, tmp_path):
    res = run_autograder(autograder_zip, tmp_path,
                         lambda folder: shutil.copyfile(REPO / "solutions" / LESSON / MODULE, folder / MODULE))
    assert res["score"] == res["max_score"] > 0 and not res["problem"]
    assert any(t["visibility"] == "hidden" for t in res["tests"]), "hidden tests graded"
    assert all(t["status"] == "passed" for t in res["tests"])
    assert res["protections"]["separate_process"] and res["protections"]["syscall_filter"]
    if os.geteuid() == 0:  # as on Gradescope: the namespaces and the uid drop are on and reported
        assert res["protections"]["network_namespace"] and res["protections"]["unprivileged_uid"]


def test_stub_in_a_whole_repository_scores_zero(autograder_zip, tmp_path):
    def clone(folder: Path) -> None:
        shutil.copytree(REPO / "assignments" / LESSON, folder / "assignments" / LESSON)
        shutil.copytree(REPO / "tests" / LESSON, folder / "tests" / LESSON, ignore=shutil.ignore_patterns("hidden"))
        (folder / "README.md").write_text("# 张三的作业\n", encoding="utf-8")
        (folder / ".git").mkdir()

    res = run_autograder(autograder_zip, tmp_path, clone)
    assert res["score"] == 0 and res["max_score"] > 0 and res["tests"]
    assert not res["problem"], "the stub was found and graded"


def test_broken_zip_scores_zero_with_the_problem(autograder_zip, tmp_path):
    res = run_autograder(autograder_zip, tmp_path,
                         lambda folder: (folder / "作业.zip").write_bytes(b"PK\x03\x04 not really a zip"))
    assert res["score"] == 0 and "zip" in res["output"] and res["output"] == res["problem"]


def test_missing_submission_scores_zero_with_the_problem(autograder_zip, tmp_path):
    res = run_autograder(autograder_zip, tmp_path, None)
    assert res["score"] == 0 and res["max_score"] > 0 and "no lesson folders found" in res["output"]
