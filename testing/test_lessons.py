"""Lesson tests are fair and sharp: other correct solutions get full marks, and a
solution with one realistic mistake loses points on that function's tests only.

Alternatives are whole files ``testing/alternatives/<lesson>/*.py`` (first line
``# alternative: ...``).  Mutants are the lesson's known mistakes (``[[mistake]]`` tables of
``solutions/<lesson>/mistakes.toml``), each built from the current solution with one
definition replaced (``grader.trusted.mistakes``).  Each lesson's are graded together in
one ``grader grade`` run, the first time a test of that lesson needs them (``-k 04_linear_model``
grades that lesson only).  A test is about the function or class that its description
(its docstring's first line) names first, matched exactly."""
import ast
from pathlib import Path

import pytest

from grader.course import Course
from grader.trusted.mistakes import Mistake, load_mistakes, mistake_source
from grader.trusted.results import described_function as about

from conftest import REPO, results, run_grader

COURSE = Course(REPO)
LESSONS = {lesson.name: lesson for lesson in COURSE.lessons()}
ALTERNATIVES = sorted(p for p in (REPO / "testing" / "alternatives").glob("*/*.py") if p.parent.name in LESSONS)
MUTANTS = [mutant for name in LESSONS for mutant in load_mistakes(REPO, name)]


def alternative_student(path: Path) -> str:
    return f"alternatives-{path.parent.name}-{path.stem}"


def mutant_student(mutant: Mistake) -> str:
    return f"mutants-{mutant.lesson}-{mutant.name}"


class Grading:
    """The alternatives and mutants of each lesson, graded the first time a test asks for that
    lesson, in one ``grader grade --lessons L`` run of their own (a student holding one lesson
    graded over all of them would run every other lesson's tests for nothing).  So
    ``pytest -k 04_linear_model`` grades that lesson only, and the full run grades each once."""

    def __init__(self, root: Path):
        self.root = root
        self.graded: dict[str, Path] = {}

    def out(self, lesson: str) -> Path:
        """The reports folder of ``lesson``'s run: ``<out>/<student>/<lesson>/results.json``."""
        if lesson not in self.graded:
            subs, out = self.root / "subs" / lesson, self.root / "out" / lesson
            sources = {alternative_student(p): p.read_text(encoding="utf-8")
                       for p in ALTERNATIVES if p.parent.name == lesson}
            sources |= {mutant_student(m): mistake_source(REPO, m) for m in MUTANTS if m.lesson == lesson}
            for student, source in sources.items():
                dest = subs / student / lesson / LESSONS[lesson].filename
                dest.parent.mkdir(parents=True)
                dest.write_text(source, encoding="utf-8")
            run_grader("grade", str(subs), "--out", str(out), "--no-progress", "--lessons", lesson, timeout=1200)
            self.graded[lesson] = out
        return self.graded[lesson]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Grading:
    return Grading(tmp_path_factory.mktemp("lessons"))


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
    assert not wrong, (f"docstrings must start with a name defined in the solution ({sorted(defined)}):\n"
                       + "\n".join(wrong))


@pytest.mark.slow
@pytest.mark.timeout(1300)  # the first test of a lesson waits for that lesson's grading
@pytest.mark.parametrize("path", ALTERNATIVES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alternative_correct_solution_gets_full_marks(graded, path):
    res = results(graded.out(path.parent.name), alternative_student(path), path.parent.name)
    failed = [f"{t['name']}: {t['output'][:200]}" for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] == res["max_score"] > 0, "\n".join(failed)


@pytest.mark.slow
@pytest.mark.timeout(1300)
@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.where)
def test_mutant_loses_points_on_its_function_only(graded, mutant):
    res = results(graded.out(mutant.lesson), mutant_student(mutant), mutant.lesson)
    failed = {t["name"]: about(t["description"]) for t in res["tests"] if t["status"] != "passed"}
    assert res["score"] < res["max_score"], f"{mutant.where} scored full marks"
    assert set(failed.values()) & set(mutant.targets), f"no failing test about {mutant.targets}: {failed}"
    others = [name for name, name_about in failed.items() if name_about not in {*mutant.targets, *mutant.also_fails}]
    assert not others, f"a mistake in {mutant.targets} also failed tests of other functions: {others}"
