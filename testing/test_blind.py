"""The blind set is sound: one-mistake submissions written from the lesson READMEs alone.

``testing/blind/<lesson>/`` holds ``correct/<module>.py`` (the helper's own correct
solution) and one folder per case, ``<case id>/<module>.py``, each with the mistake(s)
that ``cases.toml`` lists (``[[case]]`` tables: ``id``, ``functions``, ``mistake``; two
mistakes are joined with ``"; "``).  Each case's ``catalogue`` is the ground truth a second
person wrote blind to the grader: the names of the lesson's catalogued mistakes
(``solutions/<lesson>/mistakes.toml``) that are the same mistake as the case, ``[]`` when
none is (a ``# near:`` comment names an entry that is close but behaves differently).
The fast tests check the manifests against the folders and the catalogue; the slow one
grades every lesson's set with the real grader: ``correct`` gets full marks and every case
loses at least one point (a mistake the course cannot see is no measure of naming it)."""
import ast
import tomllib
from pathlib import Path

import pytest

from grader.course import Course
from grader.trusted.mistakes import load_mistakes

from conftest import REPO, results, run_grader

BLIND = REPO / "testing" / "blind"
LESSONS = {lesson.name: lesson for lesson in Course(REPO).lessons()}
BLIND_LESSONS = sorted(p.parent.name for p in BLIND.glob("*/cases.toml"))


def manifest(lesson: str) -> dict:
    return tomllib.loads((BLIND / lesson / "cases.toml").read_text(encoding="utf-8"))


def case_ids(lesson: str) -> list[str]:
    return [case["id"] for case in manifest(lesson).get("case", [])]


def test_there_is_a_blind_set():
    assert BLIND_LESSONS, f"no testing/blind/<lesson>/cases.toml under {BLIND}"


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
        assert set(case) == {"id", "functions", "mistake", "catalogue"}, f"{lesson}: {case}"
        assert isinstance(case["id"], str) and case["id"] and case["id"] != "correct", case
        assert isinstance(case["functions"], list) and case["functions"], case
        assert all(isinstance(f, str) and f for f in case["functions"]), case
        assert isinstance(case["mistake"], str) and case["mistake"].strip(), case
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
def test_every_case_has_its_folder_and_every_folder_is_a_case(lesson):
    module = LESSONS[lesson].filename
    folders = {p.name for p in (BLIND / lesson).iterdir() if p.is_dir()}
    expected = {"correct", *case_ids(lesson)}
    assert folders == expected, (f"{lesson}: folders without a case {sorted(folders - expected)}, "
                                 f"cases without a folder {sorted(expected - folders)}")
    for name in expected:
        files = sorted(p.name for p in (BLIND / lesson / name).iterdir())
        assert files == [module], f"{lesson}/{name} holds {files}, expected only {module}"


@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_cases_name_definitions_of_the_correct_module_and_differ_from_it(lesson):
    module = LESSONS[lesson].filename
    correct = (BLIND / lesson / "correct" / module).read_text(encoding="utf-8")
    tree = ast.parse(correct)
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    for case in manifest(lesson)["case"]:
        unknown = set(case["functions"]) - defined
        assert not unknown, f"{lesson} {case['id']}: {sorted(unknown)} not defined in correct/{module}"
        source = (BLIND / lesson / case["id"] / module).read_text(encoding="utf-8")
        ast.parse(source)
        assert source != correct, f"{lesson} {case['id']} is the correct module"


def blind_student(lesson: str, name: str) -> str:
    return f"{lesson}-{name}"


@pytest.mark.slow
@pytest.mark.timeout(1300)
@pytest.mark.parametrize("lesson", BLIND_LESSONS)
def test_blind_set_grades_correct_full_and_every_case_below(lesson, tmp_path: Path):
    module = LESSONS[lesson].filename
    names = ["correct", *case_ids(lesson)]
    subs, out = tmp_path / "subs", tmp_path / "out"
    for name in names:
        dest = subs / blind_student(lesson, name) / lesson / module
        dest.parent.mkdir(parents=True)
        dest.write_text((BLIND / lesson / name / module).read_text(encoding="utf-8"), encoding="utf-8")
    run_grader("grade", str(subs), "--out", str(out), "--no-progress", "--lessons", lesson, timeout=1200)
    res = results(out, blind_student(lesson, "correct"), lesson)
    failed = [f"{t['name']}: {t['output'][:200]}" for t in res["tests"] if t["status"] != "passed"]
    assert res["score"] == res["max_score"] > 0, f"{lesson} correct:\n" + "\n".join(failed)
    full = [name for name in names[1:]
            if (r := results(out, blind_student(lesson, name), lesson))["score"] >= r["max_score"]]
    assert not full, f"{lesson}: these cases lose no point: {full}"
