"""``grader export nbgrader OUT_DIR``: the course as an nbgrader course folder.

Each lesson becomes ``source/<lesson>/<lesson>.ipynb``: the solution module cut into
cells (one per top-level function or class; those holding ``### BEGIN SOLUTION`` are
nbgrader solution cells), then one autograded test cell per test of the lesson, worth
the test's points.  A test cell calls ``grader.jupyter.check_test``, which grades the
kernel's code with our own tests in our sandbox; a hidden test's call sits in a
``### BEGIN HIDDEN TESTS`` region, so the released notebook does not have it.  Tests
marked ``cuda`` are left out (nbgrader would award a skipped test its points).

Back the other way, ``grader grade OUT_DIR/submitted`` grades what nbgrader collected.
"""
from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..authoring.stubs import BEGIN
from ..authoring.walkthrough import KERNELSPEC
from ..course import Course, Lesson
from ..limits import GRADING_BACKSTOP_SECONDS

if TYPE_CHECKING:
    from ..trusted.session import DeclaredTest

HELP = "the course as an nbgrader course folder (source/<lesson>/<lesson>.ipynb, nbgrader_config.py)"

CONFIG = '''"""nbgrader's settings for the course written by `grader export nbgrader`."""
import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "pytorch-course"
c.Execute.timeout = {timeout}
# Where the test cells find the course's tests (hidden ones included): this course.
os.environ.setdefault("GRADER_COURSE", {course!r})
'''

README = """# The course as an nbgrader course

Written by `grader export nbgrader`. Run nbgrader from this folder:

    nbgrader generate_assignment 04_linear_model      # release/04_linear_model/: the students' notebook
    nbgrader autograde 04_linear_model                 # grades submitted/<student>/04_linear_model/
    nbgrader export                                    # grades.csv

Each lesson's notebook has the lesson's code in cells (its solution regions, which nbgrader
replaces with `YOUR CODE HERE` in the release) and one autograded test cell per test of the course,
worth the same points. A test cell calls `grader.jupyter.check_test`, which runs the
course's own test in the grader's sandbox, in a process apart from the notebook's kernel,
on the code the kernel has run. Tests that need a GPU are not in these notebooks: grade
them with `grader grade` on a host that has one.

## Hidden tests and what students see

Hidden tests sit in `### BEGIN HIDDEN TESTS` regions, so the released notebook lacks them.
**nbgrader's design shows test cells to students in its feedback**: after `nbgrader
generate_feedback`, a student sees each hidden test cell's code. Here that code is one call
naming the test (e.g. `check_test("04_linear_model", "hidden/test_hidden.py::test_mse_float64")`)
and its output says only that the hidden test did not pass; the test's inputs and expected
values stay in the course's `tests/` folder, which nbgrader never copies. Our own grader's
reports (`grader grade`) show no hidden test's name either: use them if that matters.

Also by nbgrader's design, the student's code and the test cells run in one kernel, so a
submission can replace `check_test` and pass every cell. For grades you can trust, grade
what nbgrader collected with our sandbox: `grader grade submitted --out reports`.

# 以 nbgrader 课程目录形式导出的课程

在本目录下运行 nbgrader（`generate_assignment`、`autograde`、`export`）。每个测试单元格调用
`grader.jupyter.check_test`，在评分器的沙箱中、与内核分开的进程里运行课程自己的测试。
隐藏测试位于 `### BEGIN HIDDEN TESTS` 区域中，发布的笔记本里没有它们；但 nbgrader 的反馈会向
学生展示测试单元格的代码（这里只有测试的名称，不含输入和期望值）。学生代码与测试单元格在同一个
内核中运行，提交的代码可以替换 `check_test`：需要可信的成绩时，请用 `grader grade submitted`
在沙箱中评分。
"""


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path, help="the nbgrader course folder to write (replaced if it exists)")
    parser.add_argument("--lessons", nargs="*", default=None)


def run(course: Course, args) -> int:
    lessons = course.lessons(args.lessons)
    write_course(course, lessons, args.out)
    print(f"wrote an nbgrader course with {len(lessons)} lesson(s) to {args.out}; run nbgrader there")
    return 0


def write_course(course: Course, lessons: list[Lesson], out: Path) -> None:
    import nbformat

    if out.exists():
        shutil.rmtree(out)
    (out / "source").mkdir(parents=True)
    # a notebook's first test cell grades the whole lesson: the backstop of one student's grading
    config = CONFIG.format(timeout=GRADING_BACKSTOP_SECONDS, course=str(course.root))
    (out / "nbgrader_config.py").write_text(config, encoding="utf-8")
    (out / "README.md").write_text(README, encoding="utf-8")
    for lesson in lessons:
        folder = out / "source" / lesson.name
        folder.mkdir()
        notebook = lesson_notebook(course, lesson)
        nbformat.write(notebook, str(folder / f"{lesson.name}.ipynb"))
        for data in sorted((course.assignments_dir / lesson.name).iterdir()):
            if data.is_file() and data.suffix not in (".py", ".ipynb", ".md"):
                shutil.copyfile(data, folder / data.name)


def lesson_notebook(course: Course, lesson: Lesson):
    """The lesson's nbgrader source notebook."""
    import nbformat.v4 as v4

    from ..trusted.session import declared_tests  # loads torch and pytest: only when exporting

    solution = (course.solutions_dir / lesson.name / lesson.filename).read_text(encoding="utf-8")
    cells = [v4.new_markdown_cell(
        f"# {lesson.name}\n\n"
        f"Replace every `YOUR CODE HERE` (and the `raise NotImplementedError()` under it) with your code, "
        f"then run the whole notebook. Each test cell runs one of the course's tests on your code "
        f"in the grader's sandbox. `{lesson.module}.py`'s tasks are in `assignments/{lesson.name}/README.md`.\n\n"
        f"请把每个 `YOUR CODE HERE`（及其下的 `raise NotImplementedError()`）替换为你的代码，然后从头运行整个笔记本。"
        f"每个测试单元格都会在评分器的沙箱中对你的代码运行课程的一个测试。")]
    for number, code in enumerate(module_cells(solution), 1):
        cell = v4.new_code_cell(code)
        if BEGIN in code:
            cell.metadata["nbgrader"] = _grading(f"code_{number:02d}", solution=True)
        cells.append(cell)
    cells.append(v4.new_markdown_cell("## Tests / 测试"))
    for test in declared_tests(course, lesson):
        if not test.cuda:
            cells.append(_test_cell(lesson, test))
    for number, cell in enumerate(cells, 1):
        cell.id = f"cell-{number:03d}"
    return v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})


def module_cells(source: str) -> list[str]:
    """A module's text cut before each top-level function or class (with the decorators
    and comment lines right above it); what precedes the first one is the first cell."""
    lines = source.splitlines()
    starts = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            while start > 0 and lines[start - 1].lstrip().startswith("#"):
                start -= 1
            starts.append(start)
    bounds = [0, *[s for s in starts if s > 0], len(lines)]
    cells = ["\n".join(lines[a:b]).strip("\n") for a, b in zip(bounds, bounds[1:])]
    return [cell for cell in cells if cell.strip()]


def _test_cell(lesson: Lesson, test: DeclaredTest):
    import nbformat.v4 as v4

    call = f"from grader.jupyter import check_test\ncheck_test({lesson.name!r}, {test.name!r})"
    if test.hidden:
        code = f"# A hidden test (隐藏测试)\n### BEGIN HIDDEN TESTS\n{call}\n### END HIDDEN TESTS"
    else:
        code = f"# {test.description}\n{call}"
    cell = v4.new_code_cell(code)
    cell.metadata["nbgrader"] = _grading(re.sub(r"[^A-Za-z0-9_-]", "_", test.name), grade=True, points=test.points)
    return cell


def _grading(grade_id: str, *, solution: bool = False, grade: bool = False, points: float = 0.0) -> dict:
    """nbgrader's cell metadata (schema 3)."""
    data = {"grade": grade, "grade_id": grade_id, "locked": grade, "schema_version": 3, "solution": solution,
            "task": False}
    return data | ({"points": points} if grade else {})
