"""The example class builder (``grader.devtools.examples``): what each source means, the
three layouts, and clear errors for a ``class.toml`` that asks for what does not exist."""
import zipfile

import pytest

from grader.authoring.stubs import BEGIN
from grader.course import Course
from grader.devtools.examples import ExampleError, build, lesson_source
from grader.trusted.mistakes import load_mistakes

from conftest import REPO

COURSE = Course(REPO)
LESSON = next(lesson for lesson in COURSE.lessons() if lesson.name == "01_tensors")


def test_sources_are_built_from_the_course_files():
    solution = lesson_source(COURSE, LESSON, "x", "solution")
    assert BEGIN not in solution and "def make_grid" in solution
    stub = (COURSE.assignments_dir / "01_tensors" / "tensors.py").read_text()
    assert lesson_source(COURSE, LESSON, "x", "stub") == stub
    mutant = load_mistakes(REPO, "01_tensors")[0]
    assert lesson_source(COURSE, LESSON, "x", f"mutant:{mutant.name}") not in (solution, None)
    assert lesson_source(COURSE, LESSON, "x", "missing") is None
    edit = {"from": "solution", "find": "def make_grid", "replace": "def  make_grid"}
    edited = lesson_source(COURSE, LESSON, "x", edit)
    assert edited == solution.replace("def make_grid", "def  make_grid", 1)


@pytest.mark.parametrize("spec, words", [
    ("mutant:no_such_mistake", "no known mistake named 'no_such_mistake'"),
    ("alternative:no_such_file", "does not exist"),
    ("solutoin", "unknown source"),
    ({"from": "solution", "find": "text that is not there", "replace": ""}, "is not in the solution"),
])
def test_a_wrong_source_names_the_student_and_lesson(spec, words):
    with pytest.raises(ExampleError, match="nobody, 01_tensors") as info:
        lesson_source(COURSE, LESSON, "nobody", spec)
    assert words in str(info.value)


def test_the_class_is_built_in_its_layouts_and_the_same_every_time(tmp_path):
    students = build(COURSE, tmp_path / "a")
    build(COURSE, tmp_path / "b")
    assert (tmp_path / "a" / "ada" / "00_python_basics" / "basics.py").is_file()
    assert (tmp_path / "a" / "ben" / "assignments" / "03_linear_algebra" / "linalg.py").is_file()
    with zipfile.ZipFile(tmp_path / "a" / "dana.zip") as zf:
        names = zf.namelist()
    assert "dana-main/assignments/00_python_basics/basics.py" in names
    assert not any("02_preprocessing" in name for name in names)  # dana's missing lesson
    assert (tmp_path / "a" / "dana.zip").read_bytes() == (tmp_path / "b" / "dana.zip").read_bytes()
    assert students == ["ada", "ben", "cai", "dana"]
