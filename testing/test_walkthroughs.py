"""Every lesson's walkthrough notebook runs top to bottom against the solution (nbclient, a
real kernel, Agg backend, in a folder of its own), and against the stub stops at the first
unfinished function with the stub's message."""
import shutil

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from grader.authoring import walkthrough
from grader.authoring.stubs import stale_files
from grader.course import Course

from conftest import REPO

pytestmark = pytest.mark.slow  # runs every walkthrough notebook (minutes): the full tier only (make test)

COURSE = Course(REPO)
LESSONS = [lesson for lesson in COURSE.lessons() if (COURSE.solutions_dir / lesson.name / walkthrough.SOURCE).is_file()]


def execute(lesson, module_root, tmp_path, monkeypatch):
    """Run the lesson's generated notebook in a copy of ``module_root/<lesson>``."""
    folder = tmp_path / lesson.name
    shutil.copytree(module_root / lesson.name, folder, ignore=shutil.ignore_patterns("__pycache__", "*.md"))
    shutil.copyfile(COURSE.assignments_dir / lesson.name / walkthrough.NOTEBOOK, folder / walkthrough.NOTEBOOK)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    notebook = nbformat.read(folder / walkthrough.NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def test_every_lesson_has_a_walkthrough():
    assert [lesson.name for lesson in LESSONS] == [lesson.name for lesson in COURSE.lessons()]


def test_notebooks_are_generated_from_their_source():
    assert not [s for s in stale_files(COURSE) if s.endswith(".ipynb")]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_walkthrough_runs_on_the_solution(lesson, tmp_path, monkeypatch):
    notebook = execute(lesson, COURSE.solutions_dir, tmp_path, monkeypatch)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    errors = [out for cell in code for out in cell.outputs if out.output_type == "error"]
    assert not errors
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in markdown), "the prose is in English and Simplified Chinese"
    source = "\n".join(cell.source for cell in code)
    assert f"import {lesson.module}" in source or f"from {lesson.module} import" in source


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_walkthrough_stops_at_the_stub(lesson, tmp_path, monkeypatch):
    with pytest.raises(CellExecutionError) as stopped:
        execute(lesson, COURSE.assignments_dir, tmp_path, monkeypatch)
    assert "NotImplementedError" in str(stopped.value) and "your code here" in str(stopped.value)
