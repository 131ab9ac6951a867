"""``grader similarity``: a generated class with planted copies (renamed variables, reordered
functions, changed comments, all three, the reference solution, one lesson only) ranks every
planted pair at the top; the stub and code many students share make no pair; a notebook
compares as its module; bad input gets a message naming the file and leaves no output; the
dashboard's index (never a student's page) shows the top pairs; the pages open in Chromium."""
import csv
import json
import shutil
import subprocess
import tempfile

import pytest

from grader.course import Course
from grader.devtools.similarity_class import PLANTED, make_class
from grader.reports.dashboard import student_page
from grader.similarity.ranking import REFERENCE

from conftest import REPO, run_grader

HONEST = 30
LESSON, MODULE = "04_linear_model", "linear_model"


def ranked(out):
    with open(out / "pairs.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def planted_class(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    generated = make_class(Course(REPO), Course(REPO).lessons(), HONEST, folder / "subs", seed=3)
    run_grader("similarity", str(folder / "subs"), "--out", str(folder / "out"), "--pages", "10")
    return folder, generated


def test_every_planted_pair_ranks_above_almost_every_other_pair(planted_class):
    folder, generated = planted_class
    rows = ranked(folder / "out")
    rank = {frozenset((row["student_a"], row["student_b"])): int(row["rank"]) for row in rows}
    where = {kind: rank.get(frozenset(pair)) for kind, pair in generated.planted.items()}
    print(where)
    copied_everywhere = [where[kind] for kind in PLANTED if kind != "one_lesson"]
    assert sorted(copied_everywhere) == list(range(1, len(copied_everywhere) + 1)), where
    assert where["one_lesson"] is not None and where["one_lesson"] <= 3 * len(PLANTED), where
    solution = next(row for row in rows if row["student_b"] == REFERENCE)
    assert solution["student_a"] == generated.planted["solution"][0] and solution["kind"] == "reference"


def test_pages_name_pairs_by_rank_and_escape_student_text(planted_class):
    folder, _ = planted_class
    pages = sorted((folder / "out" / "pairs").iterdir())
    assert [p.name for p in pages] == sorted(f"{n}.html" for n in range(1, 11))
    first = (folder / "out" / "pairs" / "1.html").read_text(encoding="utf-8")
    assert "<mark>" in first and "<script" not in first


def write_class(folder, modules: dict):
    for student, code in modules.items():
        (folder / student / LESSON).mkdir(parents=True)
        (folder / student / LESSON / f"{MODULE}.py").write_text(code, encoding="utf-8")


def test_the_stub_and_code_many_students_share_make_no_pair_but_a_leaked_solution_shows(tmp_path):
    """Six students hand in the stub, six the solution: no pair of students (what six share is
    common code), and each of the six is paired with the reference solution (checked before that filter)."""
    stub = (REPO / "assignments" / LESSON / f"{MODULE}.py").read_text(encoding="utf-8")
    solution = (REPO / "solutions" / LESSON / f"{MODULE}.py").read_text(encoding="utf-8")
    write_class(tmp_path / "subs", {**{f"stub {i}": stub for i in range(6)},
                                    **{f"学生 {i}": solution for i in range(6)}})
    run_grader("similarity", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--lessons", LESSON)
    rows = ranked(tmp_path / "out")
    assert sorted(row["student_a"] for row in rows) == [f"学生 {i}" for i in range(6)]
    assert {row["student_b"] for row in rows} == {REFERENCE}


def notebook(code: str) -> str:
    half = code.index("\ndef ", len(code) // 2)
    cells = [{"cell_type": "code", "metadata": {}, "source": part, "outputs": [], "execution_count": None}
             for part in (code[:half], "%matplotlib inline\n" + code[half:])]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_notebook_compares_as_the_module_its_cells_make(tmp_path):
    generated = make_class(Course(REPO), Course(REPO).lessons([LESSON]), 12, tmp_path / "subs", seed=5)
    copier, victim = generated.planted["comments"]
    module = tmp_path / "subs" / copier / LESSON / f"{MODULE}.py"
    module.with_suffix(".ipynb").write_text(notebook(module.read_text(encoding="utf-8")), encoding="utf-8")
    module.unlink()
    run_grader("similarity", str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--lessons", LESSON)
    top = [{row["student_a"], row["student_b"]} for row in ranked(tmp_path / "out")][:len(PLANTED)]
    assert {copier, victim} in top


def test_bad_input_names_the_file_and_writes_nothing(tmp_path):
    proc = run_grader("similarity", str(tmp_path / "missing"), "--out", str(tmp_path / "out"), check=False)
    assert proc.returncode != 0 and str(tmp_path / "missing") in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
    taken = tmp_path / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    write_class(tmp_path / "subs", {"a": "x = 1\n", "b": "y = 2\n"})
    proc = run_grader("similarity", str(tmp_path / "subs"), "--out", str(taken), check=False)
    assert proc.returncode != 0 and str(taken) in proc.stderr and taken.read_text(encoding="utf-8") == "mine"
    (tmp_path / "subs" / "c" / LESSON).mkdir(parents=True)
    (tmp_path / "subs" / "c" / LESSON / f"{MODULE}.ipynb").write_text("{not json", encoding="utf-8")
    (tmp_path / "subs" / "d.zip").write_bytes(b"not a zip")
    proc = run_grader("similarity", str(tmp_path / "subs"), "--out", str(tmp_path / "out"))
    assert f"{MODULE}.ipynb is not a readable notebook" in proc.stdout and "d.zip" in proc.stdout
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "d.zip" in index and [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_the_dashboard_index_shows_the_top_pairs_and_student_pages_never_do(planted_class, tmp_path):
    from grader.reports.dashboard import write_dashboard
    from grader.reports.misconceptions import ClassMistakes

    folder, generated = planted_class
    reports = tmp_path / "reports"
    shutil.copytree(folder / "out", reports / "similarity")
    png = tmp_path / "h.png"
    png.write_bytes(b"\x89PNG")
    copier, victim = generated.planted["renamed"]
    row = {"score": 1, "max_score": 2, "problem": "", "folder": copier}
    write_dashboard(reports, {copier: {LESSON: row}}, {}, [LESSON], png, ClassMistakes())
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "Similar code" in index and victim in index and 'href="similarity/index.html"' in index
    assert "Similar code" not in student_page(copier, [])
    assert "Similar code" not in (reports / copier / "feedback.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["index.html", "pairs/1.html"])
def test_pages_open_in_headless_chromium(chromium, planted_class, page):
    folder, generated = planted_class
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                               "--dump-dom", (folder / "out" / page).as_uri()],
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "<table>" in proc.stdout or "<mark>" in proc.stdout
    assert "<script" not in proc.stdout.lower()
    if page == "index.html":
        assert generated.planted["renamed"][1] in proc.stdout
