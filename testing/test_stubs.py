"""Stubs are generated from solutions and their freshness is checked."""

import pytest

from grader.authoring.stubs import MarkerError, make_stub, stale_files, write_assignments
from grader.course import Course, render_declaration

from conftest import REPO, run_grader

SOLUTION = '''"""Module docstring."""
import torch

def f(x: int) -> int:
    """Docstring kept."""
    ### BEGIN SOLUTION
    y = x + 1
    return y
    ### END SOLUTION

class C:
    def m(self):
        ### BEGIN SOLUTION
        return 1
        ### END SOLUTION
'''

def test_marked_regions_become_not_implemented_at_their_indentation():
    stub = make_stub(SOLUTION)
    assert "y = x + 1" not in stub and "return 1" not in stub
    assert '    raise NotImplementedError("f: your code here' in stub
    assert '        raise NotImplementedError("m: your code here' in stub
    assert '"""Docstring kept."""' in stub and "def f(x: int) -> int:" in stub
    compile(stub, "stub.py", "exec")

@pytest.mark.parametrize("bad", [
    "### BEGIN SOLUTION\n", "### END SOLUTION\n", "### BEGIN SOLUTION\n### BEGIN SOLUTION\n",
])
def test_broken_markers_are_refused(bad):
    with pytest.raises(MarkerError):
        make_stub(bad)

def test_check_names_stale_and_extra_files(tmp_path):
    for name in ("solutions", "assignments", "tests"):
        (tmp_path / name).mkdir()
    (tmp_path / "solutions" / "01_demo").mkdir()
    (tmp_path / "solutions" / "01_demo" / "demo.py").write_text(SOLUTION)
    (tmp_path / "solutions" / "01_demo" / "README.md").write_text("# Demo\n")
    (tmp_path / "solutions" / "01_demo" / "lesson.toml").write_text('module = "demo"\n')
    course = Course(tmp_path)
    assert sorted(stale_files(course)) == ["01_demo/README.md", "01_demo/demo.py", "01_demo/lesson.toml"]
    write_assignments(course)
    assert stale_files(course) == []
    (tmp_path / "assignments" / "01_demo" / "demo.py").write_text("edited by hand\n")
    (tmp_path / "assignments" / "01_demo" / "extra.py").write_text("")
    assert stale_files(course) == ["01_demo/demo.py", "01_demo/extra.py (not generated from solutions/)"]
    proc = run_grader("stubs", "--check", check=False, course=tmp_path)
    assert proc.returncode == 1 and "01_demo/demo.py" in proc.stdout

def test_repository_assignments_are_fresh():
    assert stale_files(Course(REPO)) == []
    assert run_grader("stubs", "--check").returncode == 0


def test_the_catalogue_of_known_mistakes_is_never_copied_into_assignments(tmp_path):
    """``solutions/<lesson>/mistakes.toml`` stays on the instructor side: ``grader stubs`` does not
    write it, ``--check`` does not ask for it, and one left in assignments/ is removed."""
    for name in ("solutions", "assignments", "tests"):
        (tmp_path / name).mkdir()
    lesson = tmp_path / "solutions" / "01_demo"
    lesson.mkdir()
    (lesson / "demo.py").write_text(SOLUTION)
    (lesson / "lesson.toml").write_text('module = "demo"\n')
    (lesson / "mistakes.toml").write_text((REPO / "solutions" / "01_tensors" / "mistakes.toml").read_text())
    course = Course(tmp_path)
    assert sorted(stale_files(course)) == ["01_demo/demo.py", "01_demo/lesson.toml"]
    assert "01_demo/mistakes.toml" not in write_assignments(course)
    copied = tmp_path / "assignments" / "01_demo" / "mistakes.toml"
    assert not copied.exists() and stale_files(course) == []
    copied.write_text("copied by hand\n")
    assert stale_files(course) == ["01_demo/mistakes.toml (not generated from solutions/)"]
    write_assignments(course)
    assert not copied.exists()
    assert not list((REPO / "assignments").glob("*/mistakes.toml"))

def test_the_declaration_is_generated_in_one_form_and_checked(tmp_path):
    """``lesson.toml`` reaches assignments/ in the form ``render_declaration`` writes, whatever
    the author's comments and spacing; a stale or missing one is named by ``--check``, and a
    solution folder without one stops ``grader stubs`` with a message naming it."""
    for name in ("solutions", "assignments", "tests"):
        (tmp_path / name).mkdir()
    lesson = tmp_path / "solutions" / "01_demo"
    lesson.mkdir()
    (lesson / "demo.py").write_text(SOLUTION)
    (lesson / "lesson.toml").write_text('# the author\'s note\nmodule   =  "demo"\ndata = [ "表.csv" ]\n')
    course = Course(tmp_path)
    write_assignments(course)
    generated = tmp_path / "assignments" / "01_demo" / "lesson.toml"
    assert generated.read_text() == render_declaration({"module": "demo", "data": ("表.csv",)})
    lessons = [(lesson.name, lesson.module, lesson.data) for lesson in course.lessons()]
    assert lessons == [("01_demo", "demo", ("表.csv",))]
    generated.unlink()
    proc = run_grader("stubs", "--check", check=False, course=tmp_path)
    assert proc.returncode == 1 and "01_demo/lesson.toml" in proc.stdout
    write_assignments(course)
    generated.write_text('module = "demo"\n')
    assert stale_files(course) == ["01_demo/lesson.toml"]
    (lesson / "lesson.toml").unlink()
    proc = run_grader("stubs", check=False, course=tmp_path)
    assert proc.returncode != 0 and "solutions/01_demo/lesson.toml: missing" in proc.stderr
