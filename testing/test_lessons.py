"""Lesson tests are fair and sharp: other correct solutions get full marks, and a
solution with one realistic mistake loses points on that function's tests only.

Files: ``testing/alternatives/<lesson>/*.py`` (first line ``# alternative: ...``) and
``testing/mutants/<lesson>/*.py`` (first lines ``# mutant: <function>`` and
``# mistake: ...``, optionally ``# also fails: <function>, ...`` for functions built on the
mutated one).  All are graded together in one ``grader grade`` run."""
from pathlib import Path

import pytest

from grader.course import Course

from conftest import REPO, results, run_grader

COURSE = Course(REPO)
LESSONS = {lesson.name: lesson for lesson in COURSE.lessons()}
CASES = sorted(p for kind in ("alternatives", "mutants") for p in (REPO / "testing" / kind).glob("*/*.py")
               if p.parent.name in LESSONS)


def student_of(path: Path) -> str:
    return f"{path.parent.parent.name}-{path.parent.name}-{path.stem}"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs = tmp_path_factory.mktemp("subs")
    for path in CASES:
        lesson = LESSONS[path.parent.name]
        dest = subs / student_of(path) / lesson.name / lesson.filename
        dest.parent.mkdir(parents=True)
        dest.write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("out")
    run_grader("grade", str(subs), "--out", str(out), "--no-progress", timeout=1200)
    return out


def targets_of(path: Path) -> tuple[str, list[str]]:
    """The mutated function and the functions allowed to fail with it."""
    lines = path.read_text().splitlines()
    assert lines[0].startswith("# mutant: "), f"{path}: first line must be '# mutant: <function>'"
    also = [line.removeprefix("# also fails:") for line in lines[1:4] if line.startswith("# also fails:")]
    return lines[0].removeprefix("# mutant: ").strip().lower(), [f.strip().lower() for a in also for f in a.split(",")]


def test_every_lesson_has_mutants_and_alternatives():
    for name in LESSONS:
        assert any(p.parent.name == name and "mutants" in p.parts for p in CASES), name
        assert any(p.parent.name == name and "alternatives" in p.parts for p in CASES), name


@pytest.mark.parametrize("path", [p for p in CASES if "alternatives" in p.parts], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_alternative_correct_solution_gets_full_marks(graded, path):
    res = results(graded, student_of(path), path.parent.name)
    failed = [f"{t['name']}: {t['output'][:200]}" for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] == res["max_score"] > 0, "\n".join(failed)


@pytest.mark.parametrize("path", [p for p in CASES if "mutants" in p.parts], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mutant_loses_points_on_its_function_only(graded, path):
    res = results(graded, student_of(path), path.parent.name)
    target, also = targets_of(path)
    failed = [t["name"] for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] < res["max_score"], f"{path.name} scored full marks"
    assert any(target in name.lower() for name in failed), f"no failing test of {target}: {failed}"
    others = [name for name in failed if not any(f in name.lower() for f in [target, *also])]
    assert not others, f"a mistake in {target} also failed tests of other functions: {others}"
