"""``grader export nbgrader`` round trip through real nbgrader: every lesson's source notebook
is released by ``nbgrader generate_assignment`` without its solutions and hidden tests; then
``nbgrader autograde`` gives a submission made from the solution notebook full marks and
one made from the released notebook zero, read back from nbgrader's own gradebook."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from grader.course import Course

from conftest import REPO, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

COURSE = Course(REPO)
BIN = Path(sys.executable).parent
LESSON = "04_linear_model"


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run nbgrader in ``course`` the way a teacher does (it runs ``alembic`` by name: the
    venv's bin/ goes first on PATH)."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "MPLBACKEND": "Agg"}
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("nbgrader") / "course"
    run_grader("export", "nbgrader", str(out))
    return out


def test_every_lesson_is_exported_with_points_and_hidden_regions(course):
    assert (course / "nbgrader_config.py").is_file() and "hidden" in (course / "README.md").read_text().lower()
    for lesson in COURSE.lessons():
        nb = nbformat.read(course / "source" / lesson.name / f"{lesson.name}.ipynb", as_version=4)
        nbformat.validate(nb)
        grading = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
        assert any(g["solution"] for g in grading) and any(g["grade"] and g["points"] > 0 for g in grading)
        hidden = [c for c in nb.cells if "### BEGIN HIDDEN TESTS" in c.source]
        assert hidden and all(c.metadata["nbgrader"]["grade"] for c in hidden)
        ids = [g["grade_id"] for g in grading]
        assert len(ids) == len(set(ids))


def test_nbgrader_releases_and_autogrades(course):
    nbgrader(course, "generate_assignment", LESSON, "--force")
    released = (course / "release" / LESSON / f"{LESSON}.ipynb").read_text(encoding="utf-8")
    source = (course / "source" / LESSON / f"{LESSON}.ipynb").read_text(encoding="utf-8")
    assert "hidden/test_hidden.py" in source and "hidden/test_hidden.py" not in released
    assert "### BEGIN SOLUTION" in source and "### BEGIN SOLUTION" not in released and "YOUR CODE HERE" in released

    for student, notebook in (("alice", course / "source" / LESSON / f"{LESSON}.ipynb"),
                              ("bob", course / "release" / LESSON / f"{LESSON}.ipynb")):
        folder = course / "submitted" / student / LESSON
        folder.mkdir(parents=True)
        shutil.copyfile(notebook, folder / f"{LESSON}.ipynb")
    nbgrader(course, "autograde", LESSON, "--force")

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        alice = gradebook.find_submission(LESSON, "alice")
        bob = gradebook.find_submission(LESSON, "bob")
        scores = {"alice": (alice.score, alice.max_score), "bob": (bob.score, bob.max_score)}
    points = sum(c.metadata["nbgrader"].get("points", 0)
                 for c in nbformat.read(course / "source" / LESSON / f"{LESSON}.ipynb", as_version=4).cells
                 if "nbgrader" in c.metadata)
    assert scores == {"alice": (points, points), "bob": (0, points)}, scores

    # ... and the same submissions graded by our own sandbox from nbgrader's submitted/ tree
    run_grader("grade", str(course / "submitted"), "--out", str(course / "ours"), "--no-progress",
               "--lessons", LESSON)
    ours = {s: json.loads((course / "ours" / s / LESSON / "results.json").read_text()) for s in ("alice", "bob")}
    assert ours["alice"]["score"] == ours["alice"]["max_score"] > 0 and ours["bob"]["score"] == 0
