"""Grading a whole class you can trust: ids kept as given and never sharing a report,
identical results on every run and for any ``--jobs``, reuse of what an earlier run
graded, and a run killed part-way that, run again, ends exactly like an uninterrupted one."""
import csv
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from grader.trusted.mistakes import load_mistakes, mistake_source

from conftest import GRADER, REPO, run_grader
from conftest import report_snapshot as snapshot

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSONS = ["00_python_basics", "01_tensors"]


def solution(lesson: str) -> str:
    module = {"00_python_basics": "basics.py", "01_tensors": "tensors.py"}[lesson]
    return (REPO / "solutions" / lesson / module).read_text()


def hand_in(folder, student: str, lesson: str, text: str) -> None:
    module = {"00_python_basics": "basics.py", "01_tensors": "tensors.py"}[lesson]
    path = folder / student / lesson / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """Six students: right, one mistake per lesson, a stub, with ids that need care."""
    subs = tmp_path_factory.mktemp("subs")
    wrong = {lesson: mistake_source(REPO, load_mistakes(REPO, lesson)[0]) for lesson in LESSONS}
    stub = {lesson: (REPO / "assignments" / lesson / solution_name).read_text()
            for lesson, solution_name in zip(LESSONS, ["basics.py", "tensors.py"])}
    for student, kind in [("张三", "right"), ("李四", "wrong"), ("Ana María", "right"), ("ana maría", "stub"),
                          ("!!!", "wrong"), ("gradebook.csv", "right")]:
        for lesson in LESSONS:
            source = {"right": solution(lesson), "wrong": wrong[lesson], "stub": stub[lesson]}[kind]
            hand_in(subs, student, lesson, source)
    return subs


def grade(subs, out, *extra):
    return run_grader("grade", str(subs), "--out", str(out), "--no-progress", "--lessons", *LESSONS, *extra)


@pytest.fixture(scope="module")
def first(classroom, tmp_path_factory):
    out = tmp_path_factory.mktemp("first")
    proc = grade(classroom, out, "--jobs", "2")
    return out, proc.stdout


def test_ids_are_kept_and_never_share_a_report(first):
    out, stdout = first
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        rows = {row["student"]: row for row in csv.DictReader(fh)}
    assert set(rows) == {"张三", "李四", "Ana María", "ana maría", "!!!", "gradebook.csv"}
    assert len({row["folder"] for row in rows.values()}) == 6
    assert rows["ana maría"]["folder"] == "ana maría~2" and rows["gradebook.csv"]["folder"] == "gradebook.csv~2"
    assert "'ana maría' is reported in the folder 'ana maría~2'" in stdout
    for student, row in rows.items():
        for lesson in LESSONS:
            res = json.loads((out / row["folder"] / lesson / "results.json").read_text())
            assert res["student"] == student
        assert (out / row["folder"] / "feedback.md").read_text().startswith(f"# Feedback for {student}")
    full = rows["张三"]["max"]
    assert rows["张三"]["total"] == rows["Ana María"]["total"] == rows["gradebook.csv"]["total"] == full
    assert 0 < float(rows["李四"]["total"]) < float(full) and rows["ana maría"]["total"] == "0"


def test_reruns_are_identical_for_any_jobs(first, classroom, tmp_path):
    out, _ = first
    grade(classroom, tmp_path / "again", "--jobs", "1")
    assert snapshot(tmp_path / "again") == snapshot(out)


def test_a_rerun_reuses_what_is_unchanged_and_regrades_the_rest(first, classroom, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(first[0], out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("results.json")}
    proc = grade(classroom, out)
    assert "0 graded, 6 reused" in proc.stdout
    assert before == {p: p.stat().st_mtime_ns for p in out.rglob("results.json")}
    changed = tmp_path / "subs"
    shutil.copytree(classroom, changed)
    hand_in(changed, "李四", "01_tensors", solution("01_tensors"))  # 李四 fixed lesson 01
    proc = grade(changed, out)
    assert "1 graded, 5 reused" in proc.stdout
    res = json.loads((out / "李四" / "01_tensors" / "results.json").read_text())
    assert res["score"] == res["max_score"]
    assert "6 graded, 0 reused" in grade(changed, out, "--force").stdout


def test_a_run_killed_part_way_and_run_again_ends_as_an_uninterrupted_one(first, classroom, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([str(GRADER), "--course", str(REPO), "grade", str(classroom), "--out", str(out),
                             "--no-progress", "--jobs", "1", "--lessons", *LESSONS],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/graded.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)  # mid-run: some students done, one being graded
    proc.wait()
    time.sleep(0.5)  # its worker dies with it (no process keeps writing)
    for path in out.rglob("results.json"):
        json.loads(path.read_text())  # every report on disk is whole
    stdout = grade(classroom, out).stdout
    assert "reused" in stdout and " 0 reused" not in stdout
    assert snapshot(out) == snapshot(first[0])  # no temporary file left either
