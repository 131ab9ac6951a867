"""Finding and staging submissions: layouts, zips, hostile archives."""
import os
import stat
import zipfile
from pathlib import Path

import pytest

from grader.course import Lesson
from grader.limits import MAX_FILES_PER_LESSON
from grader.trusted.intake import discover, stage, student_id
from grader.trusted.lesson_files import missing_problem

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


# ----------------------------------------------------------------------------- a lesson's own files first
LINEAR = Lesson("04_linear_model", "linear_model", Path("tests/04_linear_model"), ("data.csv",))


def test_the_lessons_own_files_are_staged_whatever_else_the_folder_holds(tmp_path):
    """40 saved plots sort before linear_model.py: it is staged all the same, with its data
    file (of a type not otherwise staged), and every file left out is in the lesson's notes."""
    folder = tmp_path / "subs" / "ann" / LINEAR.name
    write(folder / "linear_model.py")
    write(folder / "data.csv", "x\n1\n")
    write(folder / "04_linear_model.ipynb", "{}")
    for i in range(40):
        write(folder / f"a_helper_{i:02}.py")
        write(folder / f"a_plot_{i:02}.png", "png")
    write(folder / ".DS_Store")
    write(folder / "__pycache__" / "x.pyc")
    write(folder / "lesson.toml", 'module = "other"\n')   # the course's: never the student's to change
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", [LINEAR])
    names = staged(sub)
    assert {"04_linear_model/linear_model.py", "04_linear_model/data.csv", "04_linear_model/04_linear_model.ipynb"} \
        <= set(names) and len(names) == MAX_FILES_PER_LESSON
    kept_helpers = [f"04_linear_model/a_helper_{i:02}.py" for i in range(MAX_FILES_PER_LESSON - 3)]
    assert sorted(names) == sorted(kept_helpers + ["04_linear_model/linear_model.py", "04_linear_model/data.csv",
                                                   "04_linear_model/04_linear_model.ipynb"])
    notes = sub.lesson_notes[LINEAR.name]
    assert len(notes) == 40 + 40 - (MAX_FILES_PER_LESSON - 3)
    assert notes[0].startswith("04_linear_model/a_plot_00.png: the grader reads only .py") and \
        notes[0].endswith("(not graded)")
    assert any(n.startswith(f"04_linear_model/a_helper_39.py: more than {MAX_FILES_PER_LESSON} files") for n in notes)
    assert not any(".DS_Store" in n or "__pycache__" in n or "lesson.toml" in n for n in notes)
    assert sub.notes == () and sub.problem == ""


def test_a_lesson_with_nothing_left_out_has_no_notes(tmp_path):
    write(tmp_path / "subs" / "ann" / LINEAR.name / "linear_model.py")
    write(tmp_path / "subs" / "ann" / LINEAR.name / "helpers.py")
    write(tmp_path / "subs" / "ann" / LINEAR.name / "scratch.ipynb", "{}")
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", [LINEAR])
    assert len(staged(sub)) == 3 and sub.lesson_notes == {}


NEAR_MISSES = {  # what the student handed in -> what the lesson's problem must say
    "04_linear_model/Linear_Model.py": "found 04_linear_model/Linear_Model.py: rename it to linear_model.py",
    "04_linear_model/src/linear_model.py":
        "found 04_linear_model/src/linear_model.py: move it to 04_linear_model/linear_model.py",
    "04_linear_model/work/deep/LINEAR_MODEL.ipynb":
        "found 04_linear_model/work/deep/LINEAR_MODEL.ipynb: move it to 04_linear_model/linear_model.ipynb",
    "linear_model/linear_model.py": "found linear_model/: rename the folder to 04_linear_model/",
    "04-linear-model/linear_model.py": "found 04-linear-model/: rename the folder to 04_linear_model/",
    "04_Linear_Model/linear_model.py": "found 04_Linear_Model/: rename the folder to 04_linear_model/",
    "4 linear model/x.py": "found 4 linear model/: rename the folder to 04_linear_model/",
    "assignments/linear_model.py": "found linear_model.py: move it into a folder 04_linear_model/",
}


@pytest.mark.parametrize("handed_in", NEAR_MISSES, ids=list(NEAR_MISSES))
def test_a_misplaced_module_is_named_in_the_problem_with_the_fix(tmp_path, handed_in):
    """Staged where it was found, so that the grading side (``missing_problem`` on the staged
    folder, as the plugin calls it) names it and says what to rename or move."""
    write(tmp_path / "subs" / "ann" / "assignments" / "00_python_basics" / "basics.py")
    write(tmp_path / "subs" / "ann" / ("" if handed_in.startswith("assignments/") else "assignments") / handed_in)
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", [*LESSONS, LINEAR])
    assert sub.problem == ""
    problem = missing_problem(sub.lessons_root, LINEAR)
    assert problem.startswith("linear_model.py is missing from the submission; ") and NEAR_MISSES[handed_in] in problem
    assert missing_problem(sub.lessons_root, LESSONS[1]) == "tensors.py is missing from the submission"


def test_only_misnamed_lesson_folders_are_still_a_submission(tmp_path):
    write(tmp_path / "subs" / "ann" / "04-linear-model" / "linear_model.py")
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", [LINEAR])
    assert sub.problem == "" and "rename the folder to 04_linear_model/" in missing_problem(sub.lessons_root, LINEAR)


def test_a_misplaced_link_is_not_followed(tmp_path):
    write(tmp_path / "outside" / "linear_model.py")
    (tmp_path / "subs" / "eve" / LINEAR.name / "src").mkdir(parents=True)
    os.symlink(tmp_path / "outside" / "linear_model.py",
               tmp_path / "subs" / "eve" / LINEAR.name / "src" / "linear_model.py")
    os.symlink(tmp_path / "outside", tmp_path / "subs" / "eve" / "linear_model")
    sub = stage(tmp_path / "subs" / "eve", tmp_path / "staging", [LINEAR])
    assert staged(sub) == []


def test_no_near_miss_where_the_module_is_in_place_or_a_folder_is_another_lesson(tmp_path):
    write(tmp_path / "subs" / "ann" / LINEAR.name / "linear_model.py")
    write(tmp_path / "subs" / "ann" / LINEAR.name / "old" / "linear_model.py")
    write(tmp_path / "subs" / "ann" / "05_linear_model" / "x.py")
    sub = stage(tmp_path / "subs" / "ann", tmp_path / "staging", [LINEAR])
    assert staged(sub) == ["04_linear_model/linear_model.py"]
    assert sub.lesson_notes[LINEAR.name] == ("04_linear_model/old/: a folder (the grader reads only the files "
                                             "directly in a lesson folder) (not graded)",)
    (sub.lessons_root / LINEAR.name / "linear_model.py").unlink()
    write(sub.lessons_root / "05_linear_model" / "linear_model.py")
    assert missing_problem(sub.lessons_root, LINEAR) == "linear_model.py is missing from the submission"
