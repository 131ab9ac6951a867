"""The blind set is sound: one-mistake submissions written from the lesson READMEs alone.

``testing/blind/<lesson>/`` holds ``correct/<module>.py`` (the helper's own correct
solution) and ``cases.toml``, whose ``[[case]]`` tables give each case's ``id``, the
``functions`` it gets wrong, its ``mistake`` (two are joined with ``"; "``) and ``replace``:
the top-level definitions that, spliced into the correct module, make the case's submission
(``grader.devtools.blind_set``, as a known mistake is made from its solution).  Each case's
``catalogue`` is the ground truth a second person wrote blind to the grader: the names of the
lesson's catalogued mistakes (``solutions/<lesson>/mistakes.toml``) that are the same mistake
as the case, ``[]`` when none is (a ``# near:`` comment names an entry that is close but
behaves differently).
The fast tests check the manifests, that every case splices and the catalogue; the slow one
grades every lesson's set with the real grader: ``correct`` gets full marks and every case
loses at least one point (a mistake the course cannot see is no measure of naming it)."""
import ast
from pathlib import Path

import pytest

from grader.course import Course
from grader.devtools.blind_set import BLIND, blind_case_sources, blind_manifest, case_source
from grader.trusted.mistakes import MistakeError, load_mistakes

from conftest import REPO, results, run_grader

LESSONS = {lesson.name: lesson for lesson in Course(REPO).lessons()}
BLIND_LESSONS = sorted(p.parent.name for p in (REPO / BLIND).glob("*/cases.toml"))


def manifest(lesson: str) -> dict:
    return blind_manifest(REPO, lesson)


def case_ids(lesson: str) -> list[str]:
    return [case["id"] for case in manifest(lesson).get("case", [])]


def test_there_is_a_blind_set():
    assert BLIND_LESSONS, f"no testing/blind/<lesson>/cases.toml under {REPO / BLIND}"


@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_manifest_lists_well_formed_cases(lesson):
    assert lesson in LESSONS, f"testing/blind/{lesson} is not a lesson of the course"
    data = manifest(lesson)
    assert set(data) <= {"case", "correct"}, f"unknown tables in {lesson}/cases.toml: {sorted(data)}"
    cases = data.get("case", [])
    assert cases, f"{lesson}/cases.toml lists no [[case]]"
    ids = case_ids(lesson)
    assert len(ids) == len(set(ids)), f"{lesson}: case ids repeat: {ids}"
    for case in cases:
        assert set(case) == {"id", "functions", "mistake", "catalogue", "replace"}, f"{lesson}: {case}"
        assert isinstance(case["id"], str) and case["id"] and case["id"] != "correct", case
        assert isinstance(case["functions"], list) and case["functions"], case
        assert all(isinstance(f, str) and f for f in case["functions"]), case
        assert isinstance(case["mistake"], str) and case["mistake"].strip(), case
        assert isinstance(case["replace"], str) and case["replace"].strip(), case
        parts = case["mistake"].split("; ")
        assert len(parts) == len(case["functions"]), f"{lesson} {case['id']}: one mistake per function"


@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_catalogue_names_known_mistakes_of_the_case_functions(lesson):
    known = {mistake.name: mistake for mistake in load_mistakes(REPO, lesson)}
    for case in manifest(lesson)["case"]:
        names = case["catalogue"]
        where = f"{lesson} {case['id']}: catalogue = {names!r}"
        assert isinstance(names, list) and all(isinstance(n, str) for n in names), where
        assert len(names) == len(set(names)) <= len(case["functions"]), where
        unknown = [n for n in names if n not in known]
        assert not unknown, f"{where}: not in solutions/{lesson}/mistakes.toml: {unknown}"
        for name in names:
            elsewhere = set(known[name].targets) - set(case["functions"])
            assert not elsewhere, f"{where}: {name} changes {sorted(elsewhere)}, which the case leaves alone"


@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_lesson_folder_holds_the_manifest_and_the_correct_module_only(lesson):
    folder = REPO / BLIND / lesson
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    expected = sorted(["cases.toml", f"correct/{LESSONS[lesson].filename}"])
    assert files == expected, f"testing/blind/{lesson} holds {files}, expected only {expected}"


@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_every_case_splices_into_the_correct_module_and_changes_it(lesson):
    module = LESSONS[lesson].filename
    sources = blind_case_sources(REPO, LESSONS[lesson])   # MistakeError names a case that does not splice
    assert list(sources) == ["correct", *case_ids(lesson)]
    correct = sources["correct"]
    defined = {n.name for n in ast.parse(correct).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for case in manifest(lesson)["case"]:
        unknown = set(case["functions"]) - defined
        assert not unknown, f"{lesson} {case['id']}: {sorted(unknown)} not defined in correct/{module}"
        assert sources[case["id"]] != correct, f"{lesson} {case['id']} is the correct module"


CORRECT = '''"""A module."""
import torch


def double(x):
    return 2 * x
'''


def test_a_case_import_goes_before_the_first_import_of_the_correct_module():
    source = case_source(CORRECT, "import numpy as np\n\ndef double(x):\n    return np.multiply(x, 2)\n", "case")
    assert source == CORRECT.replace("import torch", "import numpy as np\nimport torch").replace(
        "return 2 * x", "return np.multiply(x, 2)")


def test_a_case_import_needs_an_import_in_the_correct_module():
    with pytest.raises(MistakeError, match="case: replace imports, but the correct module has no import"):
        case_source(CORRECT.replace("import torch\n", ""), "import math\n\ndef double(x):\n    return x\n", "case")


def test_a_case_that_changes_nothing_does_not_splice():
    with pytest.raises(MistakeError, match="case: replace changes nothing"):
        case_source(CORRECT, 'def double(x):\n    """Twice x."""\n    return 2 * x\n', "case")


def blind_student(lesson: str, name: str) -> str:
    return f"{lesson}-{name}"


@pytest.mark.slow
@pytest.mark.timeout(1300)
@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_blind_set_grades_correct_full_and_every_case_below(lesson, tmp_path: Path):
    module = LESSONS[lesson].filename
    sources = blind_case_sources(REPO, LESSONS[lesson])
    names = list(sources)
    subs, out = tmp_path / "subs", tmp_path / "out"
    for name in names:
        dest = subs / blind_student(lesson, name) / lesson / module
        dest.parent.mkdir(parents=True)
        dest.write_text(sources[name], encoding="utf-8")
    run_grader("grade", str(subs), "--out", str(out), "--no-progress", "--lessons", lesson, timeout=1200)
    res = results(out, blind_student(lesson, "correct"), lesson)
    failed = [f"{t['name']}: {t['output'][:200]}" for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] == res["max_score"] > 0, f"{lesson} correct:\n" + "\n".join(failed)
    full = [name for name in names[1:]
            if (r := results(out, blind_student(lesson, name), lesson))["score"] >= r["max_score"]]
    assert not full, f"{lesson}: these cases lose no point: {full}"
