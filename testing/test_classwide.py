"""The class reports (``grader.reports.classwide``) from hand-written ``results.json`` files:
three students, two lessons, one student without the second lesson, one with a problem."""
import json

import pytest

from grader.reports.classwide import write_class_reports
from grader.trusted.results import LessonReport, TestResult

LESSONS = ["01_a", "02_b"]
PROBLEM = "SyntaxError: a `stray` backtick\n  line 2 of the message"


def _result(lesson: str, passed: dict[str, bool], points: dict[str, float], problem: str = "") -> dict:
    """The results.json of one lesson, as grading writes it (the report model's file form)."""
    tests = [TestResult(lesson, n, "", "visible", points[n], points[n] if ok else 0.0, "passed" if ok else "failed")
             for n, ok in passed.items()]
    return LessonReport("", lesson, tests, problem).to_results_json()


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("class")
    a, b = {"t1": 1.0, "t2": 1.5}, {"u1": 1.0, "u2": 1.0}
    files = {
        ("amy", "01_a"): _result("01_a", {"t1": True, "t2": True}, a),
        ("amy", "02_b"): _result("02_b", {"u1": True, "u2": False}, b),
        ("bo", "01_a"): _result("01_a", {"t1": False, "t2": False}, a, PROBLEM),
        ("bo", "02_b"): _result("02_b", {"u1": True, "u2": True}, b),
        ("cy", "01_a"): _result("01_a", {"t1": False, "t2": True}, a),  # cy never handed in 02_b
    }
    for (student, lesson), res in files.items():
        (tmp_path / student / lesson).mkdir(parents=True)
        (tmp_path / student / lesson / "results.json").write_text(json.dumps(res))
    paths = write_class_reports(tmp_path, LESSONS)
    assert [p.name for p in paths] == ["gradebook.csv", "summary.md", "scores.png", "index.html"]
    return tmp_path


def test_gradebook_cell_by_cell(out):
    """A row per student folder on disk, by id: each lesson's score (empty where the lesson is
    missing), the total, the maximum of the lessons that student has, and the folder."""
    assert (out / "gradebook.csv").read_text().splitlines() == [
        "student,01_a,02_b,total,max,folder",
        "amy,2.5,1,3.5,4.5,amy",
        "bo,0,2,2,4.5,bo",
        "cy,1.5,,1.5,2.5,cy",
    ]


def test_summary_lesson_statistics(out):
    """Per lesson: students graded, mean, median, min, max, how many got full marks, max_score;
    then the same statistics over the totals."""
    lines = (out / "summary.md").read_text().splitlines()
    assert "Students: 3" in lines
    assert "| 01_a | 3 | 1.33 | 1.5 | 0 | 2.5 | 1 | 2.5 |" in lines   # scores 2.5, 0, 1.5
    assert "| 02_b | 2 | 1.50 | 1.5 | 1 | 2 | 1 | 2 |" in lines       # scores 1, 2
    assert "Total points: mean 2.33, median 2, min 1.5, max 3.5" in lines


def test_summary_pass_rates_hardest_first(out):
    lines = (out / "summary.md").read_text().splitlines()
    table = lines[lines.index("## Tests, hardest first"):]
    assert [line for line in table if line.startswith("| 0")] == [
        "| 01_a: t1 | 33% | 1/3 |",
        "| 02_b: u2 | 50% | 1/2 |",
        "| 01_a: t2 | 67% | 2/3 |",
        "| 02_b: u1 | 100% | 2/2 |",
    ]


def test_summary_lists_problems_in_an_unbreakable_code_span(out):
    """The problem's first line only, its backtick replaced so the code span holds it all."""
    lines = (out / "summary.md").read_text().splitlines()
    problems = lines[lines.index("## Submission problems") + 1:]
    problems = problems[:next(i for i, line in enumerate(problems) if line.startswith("## "))]
    assert [line for line in problems if line] == ["- bo / 01_a: `SyntaxError: a 'stray' backtick`"]


def test_histogram_is_a_png(out):
    assert (out / "scores.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_files_are_replaced_whole_and_leftovers_removed(tmp_path):
    from grader.reports.atomic import remove_leftovers, write_atomic

    target = tmp_path / "学生" / "results.json"
    write_atomic(target, "{}")
    write_atomic(target, "新的")
    assert target.read_text(encoding="utf-8") == "新的"
    assert [p.name for p in target.parent.iterdir()] == ["results.json"]
    (target.parent / ".results.json.abc.part").write_text("half")
    assert remove_leftovers(tmp_path) == 1 and [p.name for p in target.parent.iterdir()] == ["results.json"]


def test_two_submissions_under_one_id_are_two_rows(tmp_path):
    """``a/`` and ``a.zip`` are both id ``a`` (graded into folders ``a`` and ``a~2``): the
    gradebook, summary and dashboard show both, told apart by their folders."""
    for folder, student, score in (("a", "a", 1.0), ("a~2", "a", 2.0), ("李雷", "李雷", 0.5)):
        (tmp_path / folder / "01_a").mkdir(parents=True)
        res = _result("01_a", {"t1": score >= 1, "t2": score >= 2}, {"t1": 1.0, "t2": 1.0}) | {"student": student}
        (tmp_path / folder / "01_a" / "results.json").write_text(json.dumps(res, ensure_ascii=False))
    write_class_reports(tmp_path, ["01_a"])
    assert (tmp_path / "gradebook.csv").read_text().splitlines() == [
        "student,01_a,total,max,folder", "a (a),1,1,2,a", "a (a~2),2,2,2,a~2", "李雷,0,0,2,李雷"]
    assert "Students: 3" in (tmp_path / "summary.md").read_text()
    index = (tmp_path / "index.html").read_text()
    assert 'href="a/feedback.html">a (a)</a>' in index and 'href="a~2/feedback.html">a (a~2)</a>' in index
