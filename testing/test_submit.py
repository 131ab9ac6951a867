"""``grader submit`` and ``make submit`` in the student release: ``submission.zip`` holds the
lesson files and nothing of what a student's working copy gathers (a venv, caches, notebook
checkpoints, model checkpoints, links, hidden and oversized files), and ``grader grade``
grades it: the stubs score zero, a lesson with the solution copied in full marks."""
import os
import shutil
import subprocess
import sys
import zipfile
from argparse import Namespace
from pathlib import Path

import pytest

from grader.commands.submit import lesson_files
from grader.commands.submit import run as submit
from grader.course import Course
from grader.limits import MAX_FILE_BYTES

from conftest import REPO, results, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

SOLVED = "04_linear_model"
OTHER = "00_python_basics"
KEPT = {f"{SOLVED}/my_data.csv": "x,y\n1,2\n", f"{OTHER}/笔记.md": "# 我的笔记\n"}
JUNK = {  # path under the release -> what the terminal must name
    ".venv/bin/python": None,  # outside assignments/: never looked at
    f"assignments/{SOLVED}/.venv/pyvenv.cfg": f"assignments/{SOLVED}/.venv/: hidden",
    f"assignments/{SOLVED}/__pycache__/linear_model.cpython-311.pyc": f"assignments/{SOLVED}/__pycache__/: a folder",
    f"assignments/{SOLVED}/.ipynb_checkpoints/linear_model-checkpoint.ipynb":
        f"assignments/{SOLVED}/.ipynb_checkpoints/: hidden",
    f"assignments/{SOLVED}/.pytest_cache/README.md": f"assignments/{SOLVED}/.pytest_cache/: hidden",
    f"assignments/{SOLVED}/model.pt": f"assignments/{SOLVED}/model.pt: the grader reads only",
    f"assignments/{OTHER}/best.ckpt": f"assignments/{OTHER}/best.ckpt: the grader reads only",
    f"assignments/{OTHER}/.DS_Store": f"assignments/{OTHER}/.DS_Store: hidden",
    f"assignments/{OTHER}/big.csv": f"assignments/{OTHER}/big.csv: larger than the {MAX_FILE_BYTES // 1024} KiB",
    "assignments/notes.txt": "assignments/notes.txt: not a lesson folder",
}
LINK = f"assignments/{OTHER}/link.py"


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    """The student release, with the junk of a working copy added."""
    out = tmp_path_factory.mktemp("release") / "student"
    run_grader("release", str(out))
    for rel in JUNK:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"x" * (MAX_FILE_BYTES + 1) if rel.endswith("big.csv") else b"junk")
    (out / LINK).symlink_to(REPO / "solutions" / OTHER / "basics.py")
    for rel, text in KEPT.items():
        (out / "assignments" / rel).write_text(text, encoding="utf-8")
    return out


def lesson_files_of_the_release(release: Path) -> set[str]:
    """Every file the release put in a lesson folder, as a name in the zip (the course's
    lesson.toml aside: the grader reads its own)."""
    return {p.relative_to(release / "assignments").as_posix()
            for p in (release / "assignments").rglob("*") if p.is_file() and not p.is_symlink()
            and p.name != "lesson.toml"
            and f"assignments/{p.relative_to(release / 'assignments').as_posix()}" not in JUNK}


def test_the_zip_holds_the_lesson_files_only_and_says_what_it_left_out(release):
    # The released grader (cwd), by a Python without site-packages (-S): it needs no .venv.
    proc = subprocess.run([sys.executable, "-S", "-m", "grader", "--course", str(release), "submit"], cwd=release,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(release / "submission.zip") as zf:
        names = set(zf.namelist())
        assert zf.read(f"{OTHER}/笔记.md").decode() == KEPT[f"{OTHER}/笔记.md"]
    lessons = Course(REPO).lessons()
    assert len(lessons) > 2 and {name.split("/")[0] for name in names} == {lesson.name for lesson in lessons}
    assert names == lesson_files_of_the_release(release)
    assert set(KEPT) <= names and {f"{lesson.name}/{lesson.filename}" for lesson in lessons} <= names
    for said in filter(None, JUNK.values()):
        assert f"left out {said}" in proc.stdout, said
    assert f"left out {LINK}: a link" in proc.stdout
    assert "wrote" in proc.stdout and "submission.zip" in proc.stdout


def test_grade_reads_the_zips_make_submit_writes(release, tmp_path):
    """Two students hand in ``make submit``'s zip: the stubs, and the stubs with one lesson
    solved.  ``make`` runs with this interpreter as ``PYTHON`` (no ``.venv`` is needed)."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VIRTUAL_ENV"}}
    subs = tmp_path / "subs"
    subs.mkdir()
    module = release / "assignments" / SOLVED / "linear_model.py"
    stub = module.read_text(encoding="utf-8")
    solution = (REPO / "solutions" / SOLVED / "linear_model.py").read_text(encoding="utf-8")
    try:
        for student, code in [("李雷", stub), ("张伟", solution)]:
            module.write_text(code, encoding="utf-8")
            made = subprocess.run(["make", "--no-print-directory", "submit", f"PYTHON={sys.executable}"], cwd=release,
                                  env=env, capture_output=True, text=True, timeout=120)
            assert made.returncode == 0, made.stdout + made.stderr
            shutil.move(release / "submission.zip", subs / f"{student}.zip")
    finally:
        module.write_text(stub, encoding="utf-8")
    out = tmp_path / "reports"
    run_grader("grade", str(subs), "--out", str(out), "--lessons", OTHER, SOLVED, "--no-progress", "--jobs", "2")
    for student in ("李雷", "张伟"):
        for lesson in (OTHER, SOLVED):
            res = results(out, student, lesson)
            assert res["max_score"] > 0 and not res["problem"] and not res["notes"], (student, lesson, res["problem"])
            solved = student == "张伟" and lesson == SOLVED
            assert res["score"] == (res["max_score"] if solved else 0), (student, lesson, res["score"])
        assert "Files not graded" not in (out / student / "feedback.md").read_text(encoding="utf-8")


def test_nothing_to_submit_is_said_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "assignments").mkdir()
    (tmp_path / "tests").mkdir()
    assert submit(Course(tmp_path), Namespace(out=None)) == 1
    assert "no lesson files found" in capsys.readouterr().out
    assert not (tmp_path / "submission.zip").exists()


def test_submit_packs_by_the_rule_intake_stages_by(tmp_path):
    """40 saved plots and 40 helper modules beside the lesson file: the zip holds the module, its
    data file and helpers up to the per-lesson cap, and names everything it left out and why."""
    from grader.limits import MAX_FILES_PER_LESSON

    folder = tmp_path / "assignments" / SOLVED
    folder.mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    (folder / "lesson.toml").write_text('module = "linear_model"\ndata = ["points.dat"]\n')
    for name in ("linear_model.py", "points.dat", *(f"a_plot_{i:02}.png" for i in range(40)),
                 *(f"a_helper_{i:02}.py" for i in range(40))):
        (folder / name).write_text("x\n")
    files, left_out = lesson_files(Course(tmp_path))
    names = [name for name, _ in files]
    assert {f"{SOLVED}/linear_model.py", f"{SOLVED}/points.dat"} <= set(names)
    assert len(names) == MAX_FILES_PER_LESSON and f"{SOLVED}/lesson.toml" not in names
    why = dict(left_out)
    assert why[f"assignments/{SOLVED}/a_plot_00.png"].startswith("the grader reads only .py")
    assert why[f"assignments/{SOLVED}/a_helper_39.py"].startswith(f"more than {MAX_FILES_PER_LESSON} files")
    assert len(left_out) == 80 + 2 - MAX_FILES_PER_LESSON
