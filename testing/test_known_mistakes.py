"""The known mistakes at work on the real course (lesson 05): ``grader grade`` names a known
mistake's submission as that mistake, a helper's mistake once at the helper, two mistakes in
two functions both, a hidden-only mistake (one added to a copy of the catalogue: every mistake
of the real catalogue shows in a public test) without a word of its hidden tests, and nothing on
correct code; ``grader check`` names mistakes its public tests show; the mistakes' behaviour
is computed once per course version (a second run computes nothing) and a mistake added to
the catalogue is recognised on the next run."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grader.course import Course
from grader.trusted.known_store import cache_file
from grader.trusted.mistakes import load_mistakes, mistake_source, splice

from conftest import REPO, results, run_grader

LESSON = "05_gradient_descent"
MODULE = "gradient_descent.py"


def mistake(name: str, course: Path = REPO):
    return next(m for m in load_mistakes(course, LESSON) if m.name == name)


def hand_in(subs: Path, student: str, source: str) -> None:
    (subs / student / LESSON).mkdir(parents=True)
    (subs / student / LESSON / MODULE).write_text(source, encoding="utf-8")


def course_copy(tmp_path: Path) -> Path:
    """The parts of this course that grading reads, copied under ``tmp_path``."""
    course = tmp_path / "course"
    for part in ("solutions", "tests", "assignments"):
        shutil.copytree(REPO / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    return course


def add_mistake(course: Path, name: str, en: str, zh: str, replace: str, also_fails: tuple = ()) -> None:
    """Append a mistake to the copied course's catalogue of lesson 05."""
    with (course / "solutions" / LESSON / "mistakes.toml").open("a", encoding="utf-8") as fh:
        fh.write(f'\n[[mistake]]\nname = "{name}"\nen = "{en}"\nzh = "{zh}"\n'
                 f"also_fails = {json.dumps(list(also_fails))}\nreplace = '''\n{replace}'''\n")


def named(data: dict) -> dict[str, list[str]]:
    return {d["function"]: [m["name"] for m in d["mistakes"]] for d in data["diagnoses"]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One class of lesson 05, graded with the course's own cache folder."""
    root = tmp_path_factory.mktemp("known")
    subs, out = root / "subs", root / "out"
    solution = (REPO / "solutions" / LESSON / MODULE).read_text(encoding="utf-8")
    for name in ("gradient_no_factor_2", "cost_sum"):
        hand_in(subs, f"学生_{name}", mistake_source(REPO, mistake(name)))
    hand_in(subs, "两个错误", splice(mistake_source(REPO, mistake("cost_sum")), mistake("gd_step_plus").replace, "two"))
    hand_in(subs, "correct", solution)
    hand_in(subs, "alternative", (REPO / "testing" / "alternatives" / LESSON / "numpy_vectorised.py").read_text())
    hand_in(subs, "unknown", solution.replace("return w - lr * grad", "return w - 0.5 * lr * grad"))
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress")
    return out


def test_a_known_mistake_is_named_as_itself_once_at_the_helper(graded):
    data = results(graded, "学生_gradient_no_factor_2", LESSON)
    assert named(data) == {"gradient": ["gradient_no_factor_2"]}
    explained = data["diagnoses"][0]["tests"]
    assert any("train_gd" in t for t in explained)   # the trainer's tests, explained by the helper
    assert data["diagnoses"][0]["mistakes"][0]["zh"] == mistake("gradient_no_factor_2").zh
    assert data["unexplained"] == []


def test_two_mistakes_in_two_functions_are_both_named(graded):
    assert named(results(graded, "两个错误", LESSON)) == {"cost": ["cost_sum"], "gd_step": ["gd_step_plus"]}


def test_correct_code_gets_no_diagnosis(graded):
    for student in ("correct", "alternative"):
        data = results(graded, student, LESSON)
        assert data["score"] == data["max_score"] and data["diagnoses"] == [] and data["unexplained"] == []


def test_an_unknown_mistake_is_not_named_but_kept_with_its_source(graded):
    data = results(graded, "unknown", LESSON)
    assert data["diagnoses"] == []
    unexplained = {u["function"]: u for u in data["unexplained"]}
    assert "0.5 * lr * grad" in unexplained["gd_step"]["source"]


def test_a_mistake_only_hidden_tests_show_is_named_without_them(tmp_path):
    course = course_copy(tmp_path)       # no public test calls ema with its default beta
    add_mistake(course, "ema_default_beta_half", "the default beta is 0.5 instead of 0.9.",
                "beta 的默认值是 0.5，而不是 0.9。",
                "def ema(values, beta=0.5):\n    out = []\n    for v in values:\n"
                "        out.append(v if not out else beta * out[-1] + (1 - beta) * v)\n    return out\n")
    subs, out = tmp_path / "subs", tmp_path / "out"
    hand_in(subs, "学生_ema_default_beta_half", mistake_source(course, mistake("ema_default_beta_half", course)))
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress", course=course)
    data = results(out, "学生_ema_default_beta_half", LESSON)
    assert all(t["status"] == "passed" for t in data["tests"] if t["visibility"] == "visible")
    assert named(data) == {"ema": ["ema_default_beta_half"]}
    feedback = (out / "学生_ema_default_beta_half" / "feedback.md").read_text(encoding="utf-8")
    hidden = [t["name"].split("::")[-1] for t in data["tests"] if t["visibility"] == "hidden"]
    assert not [name for name in hidden if name in feedback]


def test_check_names_a_mistake_its_public_tests_show(graded, tmp_path):
    hand_in(tmp_path, "me", mistake_source(REPO, mistake("gradient_sign")))
    run_grader("check", "--submission", str(tmp_path / "me"), "--lesson", LESSON, "--results",
               str(tmp_path / "r.json"), check=False)
    data = json.loads((tmp_path / "r.json").read_text())[0]
    assert named(data) == {"gradient": ["gradient_sign"]}
    assert all(not t.startswith("hidden/") for d in data["diagnoses"] for t in d["tests"])


def test_a_mistake_added_to_the_catalogue_is_recognised_on_the_next_run(tmp_path, graded):
    course = course_copy(tmp_path)
    cached = cache_file(Course(course), Course(course).lessons([LESSON])[0])
    assert cached.is_file()   # the same lesson as the class above: its behaviour is cached, not computed
    subs, out = tmp_path / "subs", tmp_path / "out"
    hand_in(subs, "unknown", (REPO / "solutions" / LESSON / MODULE).read_text(encoding="utf-8")
            .replace("return w - lr * grad", "return w - 0.5 * lr * grad"))
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress", course=course)
    assert results(out, "unknown", LESSON)["diagnoses"] == []
    add_mistake(course, "gd_step_half_lr", "halves the learning rate.", "把学习率减半了。",
                "def gd_step(w: float, grad: float, lr: float) -> float:\n    return w - 0.5 * lr * grad\n",
                also_fails=("train_gd",))
    run_grader("grade", str(subs), "--out", str(out), "--lessons", LESSON, "--no-progress", course=course)
    assert named(results(out, "unknown", LESSON)) == {"gd_step": ["gd_step_half_lr"]}


@pytest.mark.slow   # grader release computes (or reads from the cache) every lesson's known mistakes
def test_the_release_carries_only_the_public_part_and_check_names_a_mistake_from_it(tmp_path):
    release = tmp_path / "student"
    run_grader("release", str(release))
    shipped = sorted(release.glob("tests/*/known_mistakes.json"))
    assert [p.parent.name for p in shipped] == sorted(p.parent.name for p in REPO.glob("solutions/*/mistakes.toml"))
    for path in shipped:
        known = json.loads(path.read_text(encoding="utf-8"))
        assert known and all(set(m) == {"name", "en", "zh", "targets", "fails"} for m in known), path
        assert not [t for m in known for t in m["fails"] if not t.startswith("test_")], path   # no hidden test
    assert not list(release.rglob("mistakes.toml")) and not (release / "grader" / "trusted" / "mistakes.py").exists()
    assert not (release / "solutions").exists()

    folder = release / "assignments" / LESSON
    (folder / MODULE).write_text(mistake_source(REPO, mistake("gradient_sign")), encoding="utf-8")
    proc = run_grader("check", "--lesson", LESSON, "--results", str(tmp_path / "r.json"), course=release,
                      check=False)
    assert named(json.loads((tmp_path / "r.json").read_text())[0]) == {"gradient": ["gradient_sign"]}
    sentences = mistake("gradient_sign")
    assert sentences.en.rstrip(".") in proc.stdout and sentences.zh.rstrip("。") in proc.stdout
