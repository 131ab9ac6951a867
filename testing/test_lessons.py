"""Lesson tests are fair and sharp: other correct solutions get full marks, and a
solution with one realistic mistake loses points on that function's tests only.

Alternatives are whole files ``testing/alternatives/<lesson>/*.py`` (first line
``# alternative: ...``).  Mutants are ``[[mutant]]`` tables of
``testing/mutants/<lesson>.toml``, each built from the current solution with one
definition replaced (``grader.devtools.mutants``).  All are graded together in one
``grader grade`` run.  A test is about the function or class that its description
(its docstring's first line) names first, matched exactly."""
import ast
from pathlib import Path

import pytest

from grader.course import Course
from grader.devtools.mutants import Mutant, load_mutants, mutant_source
from grader.trusted.results import described_function as about

from conftest import REPO, results, run_grader

COURSE = Course(REPO)
LESSONS = {lesson.name: lesson for lesson in COURSE.lessons()}
ALTERNATIVES = sorted(p for p in (REPO / "testing" / "alternatives").glob("*/*.py") if p.parent.name in LESSONS)
MUTANTS = [mutant for name in LESSONS for mutant in load_mutants(REPO, name)]


def alternative_student(path: Path) -> str:
    return f"alternatives-{path.parent.name}-{path.stem}"


def mutant_student(mutant: Mutant) -> str:
    return f"mutants-{mutant.lesson}-{mutant.name}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every alternative and mutant graded, one ``grader grade --lessons L`` run per lesson
    (a student holding one lesson graded over all of them would run every other lesson's
    tests for nothing); returns ``out`` with ``out/<lesson>/<student>/<lesson>/results.json``."""
    subs, out = tmp_path_factory.mktemp("subs"), tmp_path_factory.mktemp("out")
    sources = {(alternative_student(p), p.parent.name): p.read_text(encoding="utf-8") for p in ALTERNATIVES}
    sources |= {(mutant_student(m), m.lesson): mutant_source(REPO, m) for m in MUTANTS}
    for (student, lesson), source in sources.items():
        dest = subs / lesson / student / lesson / LESSONS[lesson].filename
        dest.parent.mkdir(parents=True)
        dest.write_text(source, encoding="utf-8")
    for lesson in sorted({lesson for _, lesson in sources}):
        run_grader("grade", str(subs / lesson), "--out", str(out / lesson), "--no-progress", "--lessons", lesson,
                   timeout=1200)
    return out


def test_every_lesson_has_mutants_and_alternatives():
    for name in LESSONS:
        assert any(m.lesson == name for m in MUTANTS), name
        assert any(p.parent.name == name for p in ALTERNATIVES), name


def test_about_matches_the_first_name_exactly():
    assert about("vector_add_loop raises ValueError") == "vector_add_loop"
    assert about("vector_add(a, b) returns a + b") == "vector_add"
    assert about("Know('x').name is 'x'") == "Know"
    assert about("each Greeter keeps its name") == "each"
    assert about("") is None


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_lesson_test_names_a_solution_definition(lesson):
    """So that matching failed tests to functions by exact name cannot match nothing."""
    solution = ast.parse((COURSE.solutions_dir / lesson / LESSONS[lesson].filename).read_text(encoding="utf-8"))
    defined = {n.name for n in solution.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    tests = LESSONS[lesson].test_files(include_hidden=True)
    assert tests, f"{lesson} has no test files"
    wrong = []
    for path in tests:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                first_line = (ast.get_docstring(node) or "").strip().split("\n")[0]
                if about(first_line) not in defined:
                    wrong.append(f"{path.relative_to(REPO)}::{node.name}: {first_line!r}")
    assert not wrong, f"docstrings must start with a name defined in the solution ({sorted(defined)}):\n" + "\n".join(wrong)


@pytest.mark.timeout(1800)  # the first one waits for the whole course's grading (``graded``)
@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alternative_correct_solution_gets_full_marks(graded, path):
    res = results(graded / path.parent.name, alternative_student(path), path.parent.name)
    failed = [f"{t['name']}: {t['output'][:200]}" for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] == res["max_score"] > 0, "\n".join(failed)


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.where)
def test_mutant_loses_points_on_its_function_only(graded, mutant):
    res = results(graded / mutant.lesson, mutant_student(mutant), mutant.lesson)
    failed = {t["name"]: about(t["description"]) for t in res["tests"] if t["status"] != "passed"}
    assert res["score"] < res["max_score"], f"{mutant.where} scored full marks"
    assert set(failed.values()) & set(mutant.targets), f"no failing test about {mutant.targets}: {failed}"
    others = [name for name, name_about in failed.items() if name_about not in {*mutant.targets, *mutant.also_fails}]
    assert not others, f"a mistake in {mutant.targets} also failed tests of other functions: {others}"
