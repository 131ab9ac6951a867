"""The student repository holds stubs, public tests and the grader; nothing secret."""
from pathlib import Path

from grader.course import Course
from grader.commands.release import release_files

from conftest import REPO, run_grader


def test_release_file_list(tmp_path):
    course = Course(REPO)
    files = {p.as_posix() for p in release_files(course)}
    lessons = course.lessons()
    assert lessons, "the course has lessons"
    for lesson in lessons:
        assert f"assignments/{lesson.name}/{lesson.filename}" in files
        assert f"assignments/{lesson.name}/README.md" in files
        assert {p.relative_to(REPO).as_posix() for p in lesson.public_tests()} <= files
    assert {"Makefile", "pyproject.toml", "README.md", "grader/cli.py", "grader/sandbox/runner.py",
            ".github/workflows/check.yml"} <= files
    for path in files:
        assert not path.startswith(("solutions/", "testing/", "examples/", ".ci/", "docs/")), path
        assert "/hidden/" not in path and "__pycache__" not in path, path


def test_release_writes_exactly_those_files_and_stubs_match(tmp_path):
    out = tmp_path / "student"
    run_grader("release", str(out))
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {p.as_posix() for p in release_files(Course(REPO))}
    for lesson in Course(REPO).lessons():
        stub = (out / "assignments" / lesson.name / lesson.filename).read_text()
        assert "### BEGIN SOLUTION" not in stub and "NotImplementedError" in stub
    assert "make check" in (out / "README.md").read_text()
    assert not any(Path(out, "tests").rglob("hidden"))
