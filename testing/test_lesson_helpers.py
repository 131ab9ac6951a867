"""Lesson test helpers: what a lesson's public and hidden tests share lives in one module
beside the public tests (``tests/NN_name/helpers.py``), never copied between the two files;
it ships with the public tests, a hidden helper (under ``hidden/``) never does, and both
are part of what a rerun of ``grader grade`` compares before reusing a student."""
import ast
import json
from pathlib import Path

import pytest

from grader.commands.release import release_files
from grader.course import Course, render_declaration
from grader.trusted.reuse import Conditions, lesson_fingerprint

from conftest import REPO, run_grader

LESSONS = Course(REPO).lessons()


def defined_names(paths: list[Path]) -> dict[str, str]:
    """Top-level functions and classes of ``paths`` that are not tests: name -> file."""
    found = {}
    for path in paths:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                    and not node.name.startswith(("test", "Test")):
                found[node.name] = path.relative_to(REPO).as_posix()
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_no_helper_is_defined_in_both_public_and_hidden_tests(lesson):
    public, hidden = defined_names(lesson.public_tests()), defined_names(lesson.hidden_tests())
    both = sorted(set(public) & set(hidden))
    assert not both, (f"{lesson.name}: {', '.join(both)} defined in both {public[both[0]]} and "
                      f"{hidden[both[0]]}; define it once in tests/{lesson.name}/helpers.py and import it "
                      f"(from .helpers import ... in the public tests, from ..helpers import ... in hidden/)")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.name)
def test_every_helper_module_says_what_it_holds(lesson):
    for path in lesson.helper_files(include_hidden=True):
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path} has no module docstring"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def course(tmp_path) -> Path:
    """A course of two lessons whose tests each import a public ``helpers`` module (the
    same name, other values) and a hidden-only ``secret`` module; the submission also holds
    a ``helpers.py`` of the student's own, which their module imports."""
    root = tmp_path / "course"
    for lesson in ("01_aa", "02_bb"):
        module = f"mod_{lesson[3:]}"
        write(root / "assignments" / lesson / f"{module}.py", "def which():\n    raise NotImplementedError\n")
        write(root / "assignments" / lesson / "lesson.toml", render_declaration({"module": module, "data": []}))
        write(root / "submission" / lesson / f"{module}.py",
              "import helpers\n\n\ndef which():\n    return helpers.WHICH\n")
        write(root / "submission" / lesson / "helpers.py", "WHICH = 'the student'\n")
        write(root / "tests" / lesson / "helpers.py", f'"""Shared."""\nWHICH = {lesson!r}\n')
        write(root / "tests" / lesson / "test_public.py",
              "from .helpers import WHICH\n\n\n"
              "def test_public(student):\n"
              f"    assert WHICH == {lesson!r}\n"
              "    assert student.which() == 'the student'\n")
        write(root / "tests" / lesson / "hidden" / "secret.py", '"""Hidden only."""\nSECRET = 42\n')
        write(root / "tests" / lesson / "hidden" / "test_hidden.py",
              "from ..helpers import WHICH\nfrom .secret import SECRET\n\n\n"
              "def test_hidden(student):\n"
              f"    assert (WHICH, SECRET) == ({lesson!r}, 42)\n"
              "    assert student.which() == 'the student'\n")
    return root


def test_lessons_tests_import_their_own_helpers_in_one_session(course, tmp_path):
    """Both lessons graded in one pytest session: each test gets its own lesson's helpers,
    the hidden one its secret module, and the student's module its own ``helpers``."""
    out = tmp_path / "results.json"
    run_grader("check", "--hidden", "--submission", str(course / "submission"), "--results", str(out),
               course=course)
    reports = json.loads(out.read_text(encoding="utf-8"))
    assert [r["lesson"] for r in reports] == ["01_aa", "02_bb"]
    for report in reports:
        assert not report["problem"], report["problem"]
        tests = [(t["name"].rpartition("::")[2], t["status"]) for t in report["tests"]]
        assert tests == [("test_public", "passed"), ("test_hidden", "passed")], report["tests"]


def test_release_ships_public_helpers_and_never_hidden_ones(course):
    files = {p.as_posix() for p in release_files(Course(course))}
    assert {"tests/01_aa/helpers.py", "tests/02_bb/helpers.py", "tests/01_aa/test_public.py"} <= files
    assert not [f for f in files if "hidden" in f or f.endswith("secret.py")]


def test_release_of_this_course_ships_each_public_helper():
    files = set(release_files(Course(REPO)))
    for lesson in LESSONS:
        public = lesson.helper_files(include_hidden=False)
        hidden = set(lesson.helper_files(include_hidden=True)) - set(public)
        assert {p.relative_to(REPO) for p in public} <= files
        assert not {p.relative_to(REPO) for p in hidden} & files


def test_a_changed_helper_changes_the_reuse_fingerprint(course):
    lesson = Course(course).lessons(["01_aa"])[0]
    submissions = course / "submission"

    def fingerprints() -> tuple[str, str]:
        return tuple(lesson_fingerprint(lesson, submissions, Conditions(hidden, gpu=False, unconfined=False))
                     for hidden in (False, True))

    before = fingerprints()
    write(course / "tests" / "01_aa" / "helpers.py", '"""Shared."""\nWHICH = "changed"\n')
    public_changed = fingerprints()
    assert public_changed[0] != before[0] and public_changed[1] != before[1]
    write(course / "tests" / "01_aa" / "hidden" / "secret.py", '"""Hidden only."""\nSECRET = 43\n')
    hidden_changed = fingerprints()
    assert hidden_changed[0] == public_changed[0], "a public-only grading does not depend on hidden helpers"
    assert hidden_changed[1] != public_changed[1]
