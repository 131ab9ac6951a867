"""Awkward submissions: each gets a clear status in its own report and never affects
another student (CRLF, tabs, a byte-order mark, a non-UTF-8 comment, macOS and empty
zips, a file that is not a zip, empty files and folders, a link, an oversized file,
imports that hang or raise)."""
import csv
import os
import zipfile

import pytest

from conftest import REPO, results, run_grader

pytestmark = pytest.mark.slow  # grades with the grader command: the full tier only (make test)

LESSONS = ["00_python_basics", "01_tensors"]


def solution(lesson: str, module: str) -> str:
    text = (REPO / "solutions" / lesson / module).read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines(keepends=True) if "### " not in line)


BASICS = solution("00_python_basics", "basics.py")
TENSORS = solution("01_tensors", "tensors.py")


def put(subs, student: str, data: bytes, lesson="00_python_basics", name="basics.py") -> None:
    path = subs / student / lesson / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    subs, out = tmp_path_factory.mktemp("subs"), tmp_path_factory.mktemp("out")
    put(subs, "crlf", BASICS.replace("\n", "\r\n").encode())
    put(subs, "tabs", BASICS.replace("    ", "\t").encode())
    put(subs, "bom", b"\xef\xbb\xbf" + BASICS.encode())
    put(subs, "bom", b"\xef\xbb\xbf" + TENSORS.encode(), "01_tensors", "tensors.py")  # static checks read it too
    put(subs, "gbk", ("# 作者：张三\n" + BASICS).encode("gbk", errors="replace"))
    put(subs, "gbk declared", ("# -*- coding: gbk -*-\n# 作者：张三\n" + BASICS).encode("gbk", errors="replace"))
    put(subs, "empty file", b"")
    (subs / "empty folder").mkdir()
    put(subs, "hangs", b"while True:\n    pass\n")
    put(subs, "raises", b"raise RuntimeError('boom at import')\n")
    put(subs, "big", BASICS.encode())
    put(subs, "big", b"#" * (2 * 1024 * 1024), name="data.txt")
    with zipfile.ZipFile(subs / "mac.zip", "w") as zf:
        zf.writestr("mac/00_python_basics/basics.py", BASICS)
        zf.writestr("mac/00_python_basics/._basics.py", b"\x00\x05\x16\x07\xff resource fork")
        zf.writestr("__MACOSX/mac/00_python_basics/._basics.py", b"\x00\x05\x16\x07\xff resource fork")
        zf.writestr("mac/.DS_Store", b"\x00\x00\x00\x01Bud1")
    zipfile.ZipFile(subs / "empty.zip", "w").close()
    (subs / "fake.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (subs / "作业.pdf").write_bytes(b"%PDF-1.4")
    os.symlink("/etc", subs / "link")
    run_grader("grade", str(subs), "--out", str(out), "--no-progress", "--lessons", *LESSONS)
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        return out, {row["student"]: row for row in csv.DictReader(fh)}


def problem(out, row, lesson="00_python_basics") -> str:
    return results(out, row["folder"], lesson)["problem"]


def test_every_submission_has_a_row_and_the_right_ones_full_marks(graded):
    out, rows = graded
    assert set(rows) == {"crlf", "tabs", "bom", "gbk", "gbk declared", "empty file", "empty folder", "hangs",
                         "raises", "big", "mac", "empty", "fake", "作业.pdf", "link"}
    for student in ("crlf", "tabs", "bom", "gbk declared", "big", "mac"):
        res = results(out, rows[student]["folder"], "00_python_basics")
        assert res["score"] == res["max_score"] > 0, (student, res["problem"])
    tensors = results(out, "bom", "01_tensors")
    assert tensors["score"] == tensors["max_score"] > 0  # a byte-order mark costs no static check


@pytest.mark.parametrize("student, words", [
    ("gbk", "not UTF-8"), ("empty folder", "no lesson folders"), ("empty", "no lesson folders"),
    ("fake", "could not be read"), ("作业.pdf", "neither a folder nor a .zip"), ("link", "symbolic link"),
    ("hangs", "did not finish"), ("raises", "boom at import"),
])
def test_each_awkward_one_gets_a_clear_problem_and_no_points(graded, student, words):
    out, rows = graded
    assert words in problem(out, rows[student]) and float(rows[student]["total"]) == 0


def test_an_empty_file_says_which_functions_are_missing(graded):
    out, rows = graded
    res = results(out, rows["empty file"]["folder"], "00_python_basics")
    assert res["score"] == 0 and any("defines no 'sign'" in t["output"] for t in res["tests"])


def test_skipped_files_are_named_in_the_students_feedback(graded):
    out, _ = graded
    assert "data.txt: larger than" in (out / "big" / "feedback.md").read_text()
