"""Notebook submissions are graded as the module their code cells make: a notebook and its
``.py`` twin get the same results test by test (correct ones and ones with a mistake, the
notebooks carrying magics, shell escapes, Markdown cells and outputs); feedback names the
cell where a failing function is defined; a broken notebook gets a clear problem."""
import json
import shutil

import nbformat
import pytest

from grader.course import Course
from grader.exports.nbgrader import module_cells
from grader.trusted.mistakes import load_mistakes, mistake_source
from grader.trusted.notebooks import NotebookProblem, find_lesson_source, module_from_notebook

from conftest import REPO, lesson_points, results, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

COURSE = Course(REPO)
LESSONS = {lesson.name: lesson for lesson in COURSE.lessons()}


def as_notebook(source: str, *, nbgrader_test: bool = False) -> bytes:
    """``source`` as a notebook a student would hand in: a title, a magic, a shell escape, the
    code cut per function, a help line, a cell magic, outputs and execution counts."""
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# My lesson\n\n我的作业"),
             v4.new_code_cell("%matplotlib inline\n!pip list | head -3\nimport math", execution_count=1,
                              outputs=[v4.new_output("stream", name="stdout", text="Package Version\n")])]
    for number, code in enumerate(module_cells(source), 2):
        cells.append(v4.new_code_cell(code, execution_count=number))
        cells.append(v4.new_markdown_cell(f"Notes on part {number}"))
    cells.append(v4.new_code_cell("math.sqrt?", execution_count=99))
    cells.append(v4.new_code_cell("%%timeit\nsum(range(10))", execution_count=100,
                                  outputs=[v4.new_output("stream", name="stdout", text="1 µs per loop\n")]))
    if nbgrader_test:
        test = v4.new_code_cell("assert False, 'an nbgrader test cell'")
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1, "grade_id": "t",
                                     "locked": True, "schema_version": 3}
        cells.append(test)
    return nbformat.writes(v4.new_notebook(cells=cells)).encode()


# ----------------------------------------------------------------------------- conversion
def test_magics_shell_escapes_and_test_cells_are_left_out_with_notes():
    made = module_from_notebook(as_notebook("def f(x):\n    return x + 1\n", nbgrader_test=True), "m.ipynb")
    namespace = {}
    exec(compile(made.text, "m.py", "exec"), namespace)
    assert namespace["f"](1) == 2
    notes = "\n".join(made.notes)
    for left_out in ("%matplotlib inline", "!pip list | head -3", "math.sqrt?", "%%timeit", "nbgrader test cell"):
        assert left_out in notes, left_out
    assert "assert False" not in made.text


def test_future_imports_move_to_the_top():
    made = module_from_notebook(as_notebook('"""Doc."""\nfrom __future__ import annotations\n\n\n'
                                            'def f(x: "T") -> "T":\n    return x\n'), "m.ipynb")
    namespace = {}
    exec(compile(made.text, "m.py", "exec"), namespace)
    assert made.text.startswith("from __future__ import annotations\n") and namespace["f"](3) == 3


def test_lines_are_traced_back_to_cells():
    made = module_from_notebook(as_notebook("X = 1\n\n\ndef f(x):\n    return x + X\n"), "m.ipynb")
    line = made.defined_at("f")
    assert made.where(line) == "m.ipynb, cell 5 ('def f(x):'), line 1"
    assert made.where(line + 1).endswith("line 2")
    assert made.translate('File "m.py", line %d, in f' % (line + 1)) == \
        "File m.ipynb, cell 5 ('def f(x):'), line 2, in f"


@pytest.mark.parametrize("data, why", [
    (b'{"cells": [', "JSON is broken"),
    (b"\xff\xfe not text", "JSON is broken"),
    (b'{"nbformat": 4}', "not a readable notebook"),
])
def test_a_broken_notebook_is_a_clear_problem(data, why):
    with pytest.raises(NotebookProblem, match=why):
        module_from_notebook(data, "m.ipynb")


def test_which_file_a_lesson_is_graded_from(tmp_path):
    assert find_lesson_source(tmp_path, "m", "04_x") is None
    (tmp_path / "04_x.ipynb").write_bytes(as_notebook("A = 1\n"))
    assert find_lesson_source(tmp_path, "m", "04_x").filename == "04_x.ipynb"
    (tmp_path / "m.ipynb").write_bytes(as_notebook("A = 2\n"))
    assert find_lesson_source(tmp_path, "m", "04_x").filename == "m.ipynb"
    (tmp_path / "m.py").write_text("A = 3\n")
    found = find_lesson_source(tmp_path, "m", "04_x")
    assert found.filename == "m.py" and "m.ipynb was not graded" in found.notes[0]


# ----------------------------------------------------------------------------- graded like modules
def twins():
    """Per lesson: one other correct solution and two mutants (the first two of its file)."""
    found = []
    for name in LESSONS:
        alternative = sorted((REPO / "testing" / "alternatives" / name).glob("*.py"))[0]
        found.append((name, f"alt-{alternative.stem}", alternative.read_text(encoding="utf-8")))
        found += [(name, f"mut-{m.name}", mistake_source(REPO, m)) for m in load_mistakes(REPO, name)[:2]]
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs, out = tmp_path_factory.mktemp("subs"), tmp_path_factory.mktemp("out")
    for lesson, student, source in twins():
        module = LESSONS[lesson].module
        (subs / lesson / f"py-{student}" / lesson).mkdir(parents=True)
        (subs / lesson / f"py-{student}" / lesson / f"{module}.py").write_text(source, encoding="utf-8")
        (subs / lesson / f"nb-{student}" / lesson).mkdir(parents=True)
        (subs / lesson / f"nb-{student}" / lesson / f"{module}.ipynb").write_bytes(as_notebook(source))
    for lesson in LESSONS:
        run_grader("grade", str(subs / lesson), "--out", str(out / lesson), "--no-progress", "--lessons", lesson,
                   timeout=1200)
    return out


@pytest.mark.parametrize("lesson, student, source",
                         [pytest.param(*twin, id=f"{twin[0]}-{twin[1]}") for twin in twins()])
def test_a_notebook_scores_as_its_py_twin(graded, lesson, student, source):
    py = results(graded / lesson, f"py-{student}", lesson)
    nb = results(graded / lesson, f"nb-{student}", lesson)
    assert not nb["problem"], nb["problem"]
    assert [(t["name"], t["score"]) for t in nb["tests"]] == [(t["name"], t["score"]) for t in py["tests"]]
    assert any("%matplotlib inline" in note for note in nb["notes"])
    module = LESSONS[lesson].module
    for test in nb["tests"]:
        if test["status"] != "passed" and test["visibility"] == "visible":
            assert f"is defined in {module}.ipynb, cell " in test["output"], test
            assert f'File "{module}.py"' not in test["output"], test


def test_a_broken_notebook_is_reported_and_the_rest_graded(tmp_path):
    lesson = LESSONS["04_linear_model"]
    subs = tmp_path / "subs"
    (subs / "broken" / lesson.name).mkdir(parents=True)
    (subs / "broken" / lesson.name / f"{lesson.module}.ipynb").write_text('{"cells": [', encoding="utf-8")
    (subs / "fine" / lesson.name).mkdir(parents=True)
    shutil.copy(REPO / "solutions" / lesson.name / lesson.filename, subs / "fine" / lesson.name)
    run_grader("grade", str(subs), "--out", str(tmp_path / "out"), "--no-progress", "--lessons", lesson.name)
    broken = results(tmp_path / "out", "broken", lesson.name)
    assert broken["score"] == 0 and "linear_model.ipynb is not a readable notebook" in broken["problem"]
    fine = results(tmp_path / "out", "fine", lesson.name)
    assert fine["score"] == fine["max_score"] > 0


def test_nbgrader_submitted_tree_is_a_folder_of_submissions(tmp_path):
    """``submitted/<student>/<lesson>/<lesson>.ipynb`` (with nbgrader's timestamp.txt)."""
    lesson = LESSONS["04_linear_model"]
    solution = (REPO / "solutions" / lesson.name / lesson.filename).read_text(encoding="utf-8")
    stub = (REPO / "assignments" / lesson.name / lesson.filename).read_text()
    for student, source in (("张伟", solution), ("stub", stub)):
        folder = tmp_path / "submitted" / student / lesson.name
        folder.mkdir(parents=True)
        (folder / f"{lesson.name}.ipynb").write_bytes(as_notebook(source, nbgrader_test=True))
        (folder / "timestamp.txt").write_text("2026-11-30 08:00:00.000000 UTC")
    run_grader("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"), "--no-progress",
               "--lessons", lesson.name)
    full = results(tmp_path / "out", "张伟", lesson.name)
    assert full["score"] == full["max_score"] > 0
    assert any("nbgrader test cell" in note for note in full["notes"])
    assert results(tmp_path / "out", "stub", lesson.name)["score"] == 0


def test_check_grades_a_notebook_in_place_of_the_module(tmp_path):
    lesson = LESSONS["04_linear_model"]
    folder = tmp_path / lesson.name
    folder.mkdir()
    source = (REPO / "solutions" / lesson.name / lesson.filename).read_text(encoding="utf-8")
    (folder / f"{lesson.module}.ipynb").write_bytes(as_notebook(source.replace("return x * w", "return x + w")))
    proc = run_grader("check", "--lesson", lesson.name, "--submission", str(tmp_path),
                      "--results", str(tmp_path / "r.json"), check=False)
    assert proc.returncode == 1
    assert "forward is defined in linear_model.ipynb, cell" in proc.stdout
    assert "note: cell 2: left out the IPython line '%matplotlib inline'" in proc.stdout
    report = json.loads((tmp_path / "r.json").read_text())[0]
    assert 0 < report["score"] < report["max_score"]


def test_check_in_a_students_repository_where_the_notebook_replaced_the_module(tmp_path):
    """The student release with ``assignments/04_linear_model/linear_model.py`` deleted and
    ``linear_model.ipynb`` in its place (``walkthrough.ipynb`` beside it): ``grader check`` finds
    the lesson by the notebook and grades it."""
    lesson = LESSONS["04_linear_model"]
    release = tmp_path / "release"
    run_grader("release", str(release))
    folder = release / "assignments" / lesson.name
    (folder / lesson.filename).unlink()
    source = (REPO / "solutions" / lesson.name / lesson.filename).read_text(encoding="utf-8")
    (folder / f"{lesson.module}.ipynb").write_bytes(as_notebook(source))
    assert (folder / "walkthrough.ipynb").is_file()
    proc = run_grader("check", "--lesson", lesson.name, course=release)
    full = f"{lesson_points('04_linear_model', include_hidden=False):g}"
    assert "04_linear_model" in proc.stdout and f"total: {full} / {full} points" in proc.stdout, proc.stdout
