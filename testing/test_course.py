"""A lesson declares itself: ``lesson.toml`` read into ``Lesson``s, every malformed or
ambiguous course folder an error naming the file, and the repository's own declarations."""
import json
from pathlib import Path

import pytest

import grader.course
from grader.course import Course, CourseError, read_declaration, render_declaration

from conftest import REPO, results, run_grader


def course_with(tmp_path, declarations: dict[str, str | None]) -> Course:
    """A course whose ``assignments/`` has a folder per key, with that ``lesson.toml`` text (None: none)."""
    for name in ("assignments", "tests"):
        (tmp_path / name).mkdir(exist_ok=True)
    for lesson, text in declarations.items():
        (tmp_path / "assignments" / lesson).mkdir()
        if text is not None:
            (tmp_path / "assignments" / lesson / "lesson.toml").write_text(text, encoding="utf-8")
    return Course(tmp_path)


def error_of(course: Course) -> str:
    with pytest.raises(CourseError) as caught:
        course.lessons()
    return str(caught.value)


def test_declarations_are_the_lessons_in_name_order(tmp_path):
    course = course_with(tmp_path, {"01_b": 'module = "b"\n', "00_a": 'module = "a"\ndata = ["房价.csv", "x.bin"]\n'})
    (tmp_path / "assignments" / ".ipynb_checkpoints").mkdir()   # not lesson folders: never looked at
    (tmp_path / "assignments" / "notes").mkdir()
    (tmp_path / "assignments" / "README.md").write_text("mine\n")
    lessons = course.lessons()
    assert [(lesson.name, lesson.module, lesson.data) for lesson in lessons] == [
        ("00_a", "a", ("房价.csv", "x.bin")), ("01_b", "b", ())]
    assert lessons[0].tests_dir == tmp_path / "tests" / "00_a" and lessons[1].filename == "b.py"
    assert [lesson.name for lesson in course.lessons(["01_b"])] == ["01_b"]


def test_extra_modules_and_notebooks_beside_the_lesson_file_do_not_hide_it(tmp_path):
    course = course_with(tmp_path, {"04_linear_model": 'module = "linear_model"\n'})
    for name in ("linear_model.py", "helpers.py", "scratch.ipynb", "linear_model.ipynb"):
        (tmp_path / "assignments" / "04_linear_model" / name).write_text("")
    assert [lesson.module for lesson in course.lessons(["04_linear_model"])] == ["linear_model"]


@pytest.mark.parametrize("text, said", [
    (None, "missing; every lesson folder declares its module"),
    ('module = "a\n', "not valid TOML"),
    ("module = linear_model\n", "not valid TOML"),
    ("", "module must be a Python module name"),
    ('module = "linear-model"\n', "module must be a Python module name"),
    ('module = "class"\n', "module must be a Python module name"),
    ('module = "04_linear_model"\n', "module must be a Python module name"),
    ("module = 3\n", "module must be a Python module name"),
    ('module = "a"\nmodul = "b"\n', "unknown key(s) modul"),
    ('module = "a"\ndata = "x.csv"\n', "data must be a list of file names"),
    ('module = "a"\ndata = [1]\n', "data must be a list of file names"),
    ('module = "a"\ndata = ["../x.csv"]\n', "must be a plain file name"),
    ('module = "a"\ndata = ["sub/x.csv"]\n', "must be a plain file name"),
    ('module = "a"\ndata = [".hidden"]\n', "must be a plain file name"),
    ('module = "a"\ndata = ["mistakes.toml"]\n', "catalogue of known mistakes, instructors only"),
])
def test_a_bad_declaration_is_an_error_naming_its_file(tmp_path, text, said):
    message = error_of(course_with(tmp_path, {"00_ok": 'module = "ok"\n', "01_bad": text}))
    assert said in message and str(tmp_path / "assignments" / "01_bad" / "lesson.toml") in message


def test_toml_errors_name_the_line(tmp_path):
    message = error_of(course_with(tmp_path, {"01_bad": '# a comment\nmodule = "a"\ndata = [1,,]\n'}))
    assert "01_bad/lesson.toml" in message and "line 3" in message


def test_an_unreadable_declaration_is_an_error(tmp_path):
    course = course_with(tmp_path, {"01_bad": None})
    (tmp_path / "assignments" / "01_bad" / "lesson.toml").write_bytes(b'module = "\xff"\n')
    assert "01_bad/lesson.toml" in error_of(course)


def test_two_lessons_declaring_one_module_is_an_error(tmp_path):
    message = error_of(course_with(tmp_path, {"01_a": 'module = "same"\n', "02_b": 'module = "same"\n'}))
    assert "02_b/lesson.toml" in message and "declared by 01_a too" in message


def test_more_lessons_than_the_limit_is_an_error_naming_it(tmp_path, monkeypatch):
    course = course_with(tmp_path, {f"0{i}_l": f'module = "m{i}"\n' for i in range(3)})
    monkeypatch.setattr(grader.course, "MAX_LESSONS", 2)
    message = error_of(course)
    assert "3 lessons" in message and "at most 2" in message and "MAX_LESSONS" in message


def test_the_command_line_says_which_file_is_wrong(tmp_path):
    course_with(tmp_path, {"01_bad": 'module = "a"\ndata = [\n'})
    proc = run_grader("check", "--lesson", "01_bad", check=False, course=tmp_path, timeout=120)
    assert proc.returncode != 0 and "01_bad/lesson.toml: not valid TOML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_render_is_stable_and_reads_back(tmp_path):
    declared = {"module": "preprocessing", "data": ("house_tiny.csv", '引号"和 空格.csv')}
    text = render_declaration(declared)
    path = tmp_path / "lesson.toml"
    path.write_text(text, encoding="utf-8")
    assert read_declaration(path) == declared and render_declaration(read_declaration(path)) == text


def test_every_lesson_of_the_repository_declares_its_module():
    lessons = Course(REPO).lessons()
    assert len(lessons) == 11
    for lesson in lessons:
        declared = read_declaration(REPO / "solutions" / lesson.name / "lesson.toml")
        assert declared["module"] == lesson.module and (REPO / "solutions" / lesson.name / lesson.filename).is_file()
        assert all((REPO / "assignments" / lesson.name / name).is_file() for name in declared["data"])


# ----------------------------------------------------------------------------- end to end: check and grade
LESSON = "04_linear_model"
SCRATCH = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                      "source": "import linear_model\nprint(linear_model.forward(2.0, 3.0))"}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def write_student_lesson(folder: Path, plots: int = 0) -> None:
    """The solution of 04 that imports its ``forward`` from ``helpers.py`` beside it, a scratch
    notebook, and ``plots`` saved plots (which sort before the module)."""
    from grader.authoring.stubs import without_markers

    source = without_markers((REPO / "solutions" / LESSON / "linear_model.py").read_text(encoding="utf-8"))
    assert "    return x * w\n" in source
    source = source.replace("    return x * w\n", "    return times(x, w)\n", 1) + "\nfrom helpers import times\n"
    (folder / "linear_model.py").write_text(source, encoding="utf-8")
    (folder / "helpers.py").write_text('"""Mine."""\n\ndef times(a, b):\n    return a * b\n', encoding="utf-8")
    (folder / "scratch.ipynb").write_text(json.dumps(SCRATCH), encoding="utf-8")
    for i in range(plots):
        (folder / f"a_plot_{i:02}.png").write_bytes(b"\x89PNG\r\n")


@pytest.mark.slow  # runs the grader on lesson 04
def test_check_in_a_student_repository_with_a_helper_module_and_a_scratch_notebook(tmp_path):
    """The student release (no solutions/) with helpers.py and scratch.ipynb beside the lesson
    file: ``grader check --lesson 04_linear_model`` knows the lesson and passes it."""
    release = tmp_path / "student"
    run_grader("release", str(release))
    assert not (release / "solutions").exists() and (release / "assignments" / LESSON / "lesson.toml").is_file()
    write_student_lesson(release / "assignments" / LESSON)
    proc = run_grader("check", "--lesson", LESSON, "--results", str(tmp_path / "r.json"), course=release, timeout=600)
    [report] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["score"] == report["max_score"] > 0 and not report["problem"], proc.stdout

    # The module renamed with capitals: check says what to rename, in the table and the reports.
    folder = release / "assignments" / LESSON
    (folder / "linear_model.py").rename(folder / "Linear_Model.py")
    proc = run_grader("check", "--lesson", LESSON, "--results", str(tmp_path / "r.json"), course=release,
                      timeout=600, check=False)
    [report] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    fix = f"found {LESSON}/Linear_Model.py: rename it to linear_model.py"
    assert proc.returncode == 1 and report["score"] == 0 and fix in report["problem"] and fix in proc.stdout


@pytest.mark.slow  # runs the grader on lesson 04
def test_grade_with_extra_files_and_near_misses(tmp_path):
    """``grader grade``: helpers.py, a scratch notebook and 40 plots beside a correct module score
    full marks, every plot listed as not graded (results.json and feedback.md); a module in src/
    or a misnamed lesson folder scores 0 with a problem that says what to move or rename."""
    subs = tmp_path / "subs"
    for student in ("ann", "李雷"):
        (subs / student / LESSON).mkdir(parents=True)
        write_student_lesson(subs / student / LESSON, plots=40 if student == "ann" else 0)
    (subs / "bob" / LESSON / "src").mkdir(parents=True)
    write_student_lesson(subs / "bob" / LESSON / "src")
    (subs / "cy" / "linear_model").mkdir(parents=True)
    write_student_lesson(subs / "cy" / "linear_model")
    out = tmp_path / "out"
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress", "--jobs", "2", timeout=600)

    for student in ("ann", "李雷"):
        res = results(out, student, LESSON)
        assert res["score"] == res["max_score"] > 0 and not res["problem"], (student, res["problem"])
    ann = results(out, "ann", LESSON)["notes"]
    assert [n.split(":")[0] for n in ann] == [f"{LESSON}/a_plot_{i:02}.png" for i in range(40)]
    assert all(": the grader reads only .py" in n and n.endswith("(not graded)") for n in ann)
    assert f"{LESSON}/a_plot_39.png: the grader reads only" in (out / "ann" / "feedback.md").read_text(encoding="utf-8")
    assert results(out, "李雷", LESSON)["notes"] == []

    bob, cy = results(out, "bob", LESSON), results(out, "cy", LESSON)
    assert bob["score"] == cy["score"] == 0
    assert f"found {LESSON}/src/linear_model.py: move it to {LESSON}/linear_model.py" in bob["problem"]
    assert f"found linear_model/: rename the folder to {LESSON}/" in cy["problem"]
    assert f"rename the folder to {LESSON}/" in (out / "cy" / "feedback.md").read_text(encoding="utf-8")
