"""``grader export lms``: gradebook CSVs as Canvas and Moodle export them (Chinese names, a
student without a submission, a submission without a row) get one column per lesson and
a total; every original cell, record, encoding, BOM and line ending stays as it was;
Canvas's columns from an earlier import are filled in place; bad input exits 2 with a
clear message.  The reports are results.json files written as ``grader grade`` writes them."""
import csv
import io

import pytest

from grader.reports.student import write_results
from grader.trusted.results import LessonReport
from grader.trusted.results import TestResult as Result

from conftest import run_grader

LESSONS = ("04_linear_model", "05_gradient_descent")
SCORES = {  # submission id -> lesson -> (score, max)
    "张三": {"04_linear_model": (10, 10), "05_gradient_descent": (6.5, 8)},
    "Ana María": {"04_linear_model": (3, 10)},
    "王五": {"04_linear_model": (10, 10), "05_gradient_descent": (8, 8)},  # not in the rosters
}

CANVAS = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (1001),Current Score,Final Score\r\n"
    "    Points Possible,,,,,10.00,(read only),(read only)\r\n"
    '"张, 三",11,S1,张三,"第一班\r\n(晚)",9.00,90.00,90.00\r\n'
    '"李, 四",12,S2,李四,第一班,,0.00,0.00\r\n'
    '"María, Ana",13,S3, Ana María ,"Section ""A""",8.50,85.00,85.00\r\n'
    '"Student, Test",14,,,第一班,,,\r\n'
)
MOODLE = (
    "First name,Last name,ID number,Institution,Department,Email address,Assignment: 作业一 (Real),"
    "Last downloaded from this course\n"
    "三,张,张三,大学,计算机,zhangsan@example.edu,80.00,1700000000\n"
    "四,李,李四,大学,计算机,lisi@example.edu,-,1700000000"  # no line break at the end
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    for student, lessons in SCORES.items():
        for lesson, (score, maximum) in lessons.items():
            result = Result(lesson, "test_all", "all of it", "visible", maximum, score,
                                "passed" if score == maximum else "failed")
            write_results(LessonReport(student, lesson, [result]), out / student / lesson)
    return out


def export(reports, roster, *args):
    return run_grader("export", "lms", str(reports), "--roster", str(roster), *args, check=False, timeout=120)


def rows(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def assert_kept(original: str, filled: str, added: int, delimiter: str = ",") -> list[list[str]]:
    """Every original record and cell unchanged, ``added`` cells after each; the filled rows."""
    before, after = rows(original, delimiter), rows(filled, delimiter)
    assert len(after) == len(before)
    for old, new in zip(before, after):
        assert new[:len(old)] == old and len(new) == len(old) + added
    return after


def test_canvas_gradebook(reports, tmp_path):
    roster, out = tmp_path / "canvas.csv", tmp_path / "filled.csv"
    roster.write_bytes(CANVAS.encode("utf-8-sig"))
    proc = export(reports, roster, "--match", "SIS Login ID", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == CANVAS.count("\r\n")
    filled = assert_kept(CANVAS, data.decode("utf-8-sig"), 3)
    assert filled[0][-3:] == [*LESSONS, "total"]
    assert filled[1][-3:] == ["10", "8", "18"]          # Points Possible: each lesson's maximum
    assert filled[2][-3:] == ["10", "6.5", "16.5"]      # 张三
    assert filled[3][-3:] == ["", "", ""]               # 李四: no submission
    assert filled[4][-3:] == ["3", "", "3"]             # ' Ana María ' matches 'Ana María'
    assert filled[5][-3:] == ["", "", ""]               # Canvas's test student
    for line in CANVAS.split("\r\n")[:2]:               # records are kept byte for byte
        assert line in data.decode("utf-8-sig")
    assert "李四 (row 4)" in proc.stdout and "王五" in proc.stdout
    assert "Student, Test" not in proc.stdout


@pytest.mark.parametrize("delimiter", [",", ";"])  # Moodle's export lets the teacher pick it
def test_moodle_gradebook(reports, tmp_path, delimiter):
    roster, out = tmp_path / "moodle.csv", tmp_path / "filled.csv"
    original = MOODLE.replace(",", delimiter)
    roster.write_text(original, encoding="utf-8")
    proc = export(reports, roster, "--match", "ID number", "--out", str(out), "--no-total")
    assert proc.returncode == 0, proc.stderr
    text = out.read_bytes().decode("utf-8")
    assert not text.startswith("\ufeff") and "\r" not in text and not text.endswith("\n")
    filled = assert_kept(original, text, 2, delimiter)
    assert filled[0][-2:] == list(LESSONS) and filled[1][-2:] == ["10", "6.5"] and filled[2][-2:] == ["", ""]
    assert "李四 (row 3)" in proc.stdout and "Ana María" in proc.stdout and "王五" in proc.stdout


def test_canvas_columns_of_an_earlier_import_are_filled_in_place(reports, tmp_path):
    roster = tmp_path / "canvas.csv"
    roster.write_text("Student,ID,SIS Login ID,04_linear_model (4711),total (4712)\n"
                      "    Points Possible,,,10.00,20.00\n"
                      "张三,11,张三,1.00,2.00\n"
                      "李四,12,李四,7.00,7.00\n", encoding="utf-8")
    proc = export(reports, roster, "--match", "SIS Login ID", "--out", str(roster))
    assert proc.returncode == 0, proc.stderr
    filled = rows(roster.read_text(encoding="utf-8"))
    assert filled[0] == ["Student", "ID", "SIS Login ID", "04_linear_model (4711)", "total (4712)",
                         "05_gradient_descent"]
    assert filled[1] == ["    Points Possible", "", "", "10.00", "20.00", "8"]
    assert filled[2] == ["张三", "11", "张三", "10", "16.5", "6.5"]
    assert filled[3] == ["李四", "12", "李四", "7.00", "7.00", ""]  # no submission: Canvas's grades stay


def test_other_encodings_are_kept(reports, tmp_path):
    roster, out = tmp_path / "gbk.csv", tmp_path / "filled.csv"
    roster.write_bytes(MOODLE.encode("gb18030"))
    proc = export(reports, roster, "--match", "ID number", "--out", str(out))
    assert proc.returncode == 2 and "--encoding" in proc.stderr and not out.exists()
    proc = export(reports, roster, "--match", "ID number", "--out", str(out), "--encoding", "gb18030")
    assert proc.returncode == 0, proc.stderr
    assert_kept(MOODLE, out.read_bytes().decode("gb18030"), 3)


@pytest.mark.parametrize("content, args, message", [
    (MOODLE, ["--match", "Student"], "no column 'Student'"),
    ('Student,ID\n"张三,11\n', ["--match", "ID"], "not a readable CSV"),
    ("", ["--match", "ID"], "header row"),
    (None, ["--match", "ID"], "cannot read the roster"),
])
def test_bad_input_exits_2_with_a_message(reports, tmp_path, content, args, message):
    roster, out = tmp_path / "roster.csv", tmp_path / "filled.csv"
    if content is not None:
        roster.write_text(content, encoding="utf-8")
    proc = export(reports, roster, *args, "--out", str(out))
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_reports_folder_without_results_exits_2(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(MOODLE, encoding="utf-8")
    proc = export(tmp_path / "nothing", roster, "--match", "ID number", "--out", str(tmp_path / "out.csv"))
    assert proc.returncode == 2 and "reports folder not found" in proc.stderr
