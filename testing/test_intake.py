"""Finding and staging submissions: layouts, zips, hostile archives."""
import os
import stat
import zipfile
from pathlib import Path

import pytest

from grader.course import Lesson
from grader.trusted.intake import discover, stage, student_id

LESSONS = [Lesson("00_python_basics", "basics", Path("tests/00_python_basics")),
           Lesson("01_tensors", "tensors", Path("tests/01_tensors"))]


def write(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def staged(sub):
    return sorted(str(p.relative_to(sub.lessons_root)) for p in sub.lessons_root.rglob("*") if p.is_file())


@pytest.mark.parametrize("layout", ["01_tensors/tensors.py", "assignments/01_tensors/tensors.py",
                                    "repo-main/assignments/01_tensors/tensors.py", "wrapped/01_tensors/tensors.py"])
def test_folder_layouts(tmp_path, layout):
    write(tmp_path / "subs" / "ann" / layout)
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", LESSONS)
    assert sub.problem == "" and staged(sub) == ["01_tensors/tensors.py"]


def test_zip_with_top_folder_and_student_id(tmp_path):
    with zipfile.ZipFile(tmp_path / "li lei.zip", "w") as zf:
        zf.writestr("repo/assignments/00_python_basics/basics.py", "def sign(x): return 'zero'\n")
    sub = stage(tmp_path / "li lei.zip", tmp_path / "staging", LESSONS)
    assert sub.student == "li lei" and staged(sub) == ["00_python_basics/basics.py"]


def test_hostile_zip_entries_are_skipped(tmp_path):
    info = zipfile.ZipInfo("01_tensors/link.py")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "eve.zip", "w") as zf:
        zf.writestr("../../escape.py", "boom")
        zf.writestr("/abs/escape.py", "boom")
        zf.writestr(info, "/etc/passwd")
        zf.writestr("01_tensors/tensors.py", "ok = 1\n")
        zf.writestr("01_tensors/big.py", "#" * (2 * 1024 * 1024))
    sub = stage(tmp_path / "eve.zip", tmp_path / "staging", LESSONS)
    assert staged(sub) == ["01_tensors/tensors.py"]
    assert not (tmp_path / "escape.py").exists() and not (tmp_path.parent / "escape.py").exists()
    assert any("unsafe" in n for n in sub.notes) and any("oversized" in n for n in sub.notes)


def test_symlinks_in_folders_are_not_followed(tmp_path):
    write(tmp_path / "subs" / "eve" / "01_tensors" / "tensors.py")
    os.symlink("/etc/passwd", tmp_path / "subs" / "eve" / "01_tensors" / "secret.py")
    os.symlink("/etc", tmp_path / "subs" / "eve" / "00_python_basics")
    sub = stage(tmp_path / "subs" / "eve", tmp_path / "staging", LESSONS)
    assert staged(sub) == ["01_tensors/tensors.py"]


def test_broken_zip_and_empty_folder_are_problems_not_crashes(tmp_path):
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    (tmp_path / "empty").mkdir()
    assert "could not be read" in stage(tmp_path / "bad.zip", tmp_path / "st", LESSONS).problem
    assert "no lesson folders" in stage(tmp_path / "empty", tmp_path / "st", LESSONS).problem


def test_discover_order_and_ids(tmp_path):
    """Every folder, zip and other file is somebody's submission (ids as given); hidden files
    and what archivers leave are not."""
    for name in ("b", "a", ".hidden", "__MACOSX", "张三"):
        (tmp_path / name).mkdir()
    (tmp_path / "c.ZIP").write_bytes(b"")
    (tmp_path / "李四 homework.pdf").write_text("")
    (tmp_path / ".DS_Store").write_text("")
    entries, skipped = discover(tmp_path)
    assert [student_id(p) for p in entries] == ["a", "b", "c", "张三", "李四 homework.pdf"]
    assert skipped == [".DS_Store", ".hidden", "__MACOSX"]


def test_files_that_are_not_zips_and_links_are_problems(tmp_path):
    (tmp_path / "李四.pdf").write_text("my homework")
    os.symlink(tmp_path / "elsewhere", tmp_path / "eve")
    assert "neither a folder nor a .zip" in stage(tmp_path / "李四.pdf", tmp_path / "st1", LESSONS).problem
    assert "symbolic link" in stage(tmp_path / "eve", tmp_path / "st2", LESSONS).problem
