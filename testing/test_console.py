"""What ``make check`` (``grader check``) prints to a student: a function not written yet is one
name on one line per lesson (its stub's failures are not shown), a lesson nobody started reads
apart from one that fails, a fresh repository fits on one screen, and a written function's
failure is shown in full under its test's description line.  A lesson that cannot be imported
says what to do: a package the course does not provide, top-level code that runs too long."""
import shutil

import pytest

from grader.authoring.stubs import make_stub
from grader.course import Course
from grader.limits import CONSOLE_LINE_CHARS
from grader.reports.student import console_table
from grader.trusted import unwritten
from grader.trusted.outcomes import COURSE_PACKAGES, import_hint
from grader.trusted.results import LessonReport, TestResult

from conftest import REPO, run_grader

SCREEN_LINES = 40   # one screen (80 columns): grader check of the 11 lessons' stubs measured 39 lines


def stub_failure(call: str, stub: str, *, frames: tuple[str, ...] | None = None) -> str:
    """The message of a test whose call ran into the stub ``stub`` (``frames``: the functions of
    the student's traceback, outermost first; None: a ``check_raises`` message, which has none)."""
    raised = f"raised NotImplementedError: {stub}: {unwritten.STUB_TODO}"
    if frames is None:
        return f"{call}: expected ValueError, but it {raised}"
    trace = "".join(f'\n  File "basics.py", line {3 + i}, in {f}\n    {f}()' for i, f in enumerate(frames))
    return f"{call} {raised}{trace}"


def unwrapped(text: str) -> str:
    """``text`` with each wrapped line of names joined back to the line it continues."""
    return text.replace("\n    ", " ")


def result(name: str, status: str, message: str = "", description: str = "") -> TestResult:
    return TestResult("00_python_basics", f"test_public.py::{name}", description or f"{name[5:]} does its job",
                      "visible", 1.0, 1.0 if status == "passed" else 0.0, status, message)


def report(*results: TestResult) -> LessonReport:
    return LessonReport("you", "00_python_basics", list(results))


def test_the_message_form_is_the_generated_stubs():
    stub = make_stub("def sign(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n")
    assert f'raise NotImplementedError("sign: {unwritten.STUB_TODO}")' in stub


@pytest.mark.parametrize("message, description, waits_on", [
    (stub_failure("sign(3.5)", "sign", frames=("sign",)), "sign of a float", "sign"),
    (stub_failure("vector_add_loop([1.0], [])", "vector_add_loop"), "vector_add_loop refuses", "vector_add_loop"),
    (stub_failure("Greeter('Will')", "__init__", frames=("__init__",)), "Greeter keeps the name", "Greeter"),
    (stub_failure("LinearModel()", "__init__", frames=("__init__",)), "make_optimizer for sgd", "LinearModel"),
    (stub_failure("train_gd([1.0], [2.0])", "gradient", frames=("train_gd", "gradient")), "train_gd trains",
     "gradient"),
    # not the stub's own raise: another function raised an error that reads like one
    (stub_failure("sign(3.5)", "sign", frames=("sign", "helper")), "sign of a float", None),
    ("sign(3.5) raised NotImplementedError: not yet\n  File \"basics.py\", line 3, in sign", "sign of a float", None),
    ("expected 1.0, got -1.0", "sign of a float", None),
], ids=["stub", "check_raises", "class", "class-built", "helper", "other-frame", "own-error", "wrong-value"])
def test_a_test_waits_on_a_stub_only_where_the_stub_itself_raised(message, description, waits_on):
    assert unwritten.stub_waited_on(result("test_x", "failed", message, description)) == waits_on


def test_a_timed_out_test_never_waits_on_a_stub():
    message = stub_failure("sign(3.5)", "sign", frames=("sign",))
    assert unwritten.stub_waited_on(result("test_sign", "timeout", message)) is None


def test_not_started_unfinished_and_failing_read_apart():
    sign_stub = result("test_sign", "failed", stub_failure("sign(1.0)", "sign", frames=("sign",)))
    greet_stub = result("test_greet", "failed", stub_failure("greet('W')", "greet", frames=("greet",)))
    greet_ok, greet_wrong = result("test_greet", "passed"), result("test_greet", "failed", "expected 'Hi W', got 'W'")
    assert unwritten.progress(report(sign_stub, greet_stub)) == unwritten.NOT_STARTED
    assert unwritten.progress(report(sign_stub, greet_ok)) == unwritten.UNFINISHED
    assert unwritten.progress(report(sign_stub, greet_wrong)) == "failing"
    assert unwritten.progress(report(greet_ok)) == "ok"
    assert unwritten.still_to_write(report(sign_stub, greet_stub, sign_stub)) == ["sign", "greet"]


def test_the_console_names_stubs_once_and_shows_written_failures_in_full():
    description = "greet(name, loud) says hello; loud: in capitals, with '!'"
    rep = report(result("test_sign", "failed", stub_failure("sign(1.0)", "sign", frames=("sign",))),
                 result("test_sign_zero", "failed", stub_failure("sign(0.0)", "sign", frames=("sign",))),
                 result("test_greet", "failed", "greet('W', loud=True): expected 'HELLO W!', got 'hello W'",
                      description),
                 result("test_vector_add", "passed"))
    text = console_table([rep])
    assert "[00_python_basics] still to write: sign" in text and "NotImplementedError" not in text
    assert "test_sign" not in text, "a stub's failures are the name to write, not failures"
    assert f"FAILED 00_python_basics::test_public.py::test_greet (failed, 0 / 1)\n  {description}\n" in text
    assert "expected 'HELLO W!', got 'hello W'" in text
    assert "00_python_basics  1/4     1/4     failing" in text


def test_a_lesson_not_started_is_one_line():
    rep = report(*(result(f"test_{name}", "failed", stub_failure(f"{name}()", name, frames=(name,)))
                   for name in ("sign", "greet")))
    text = console_table([rep, rep])
    assert text.count("[00_python_basics] still to write: sign, greet\n") == 2
    assert "not started" in text and "tests:" not in text and "FAILED" not in text
    noted = LessonReport("you", "00_python_basics", rep.results, notes=["cell 2: '%matplotlib inline' left out"])
    text = console_table([noted])
    assert "note: cell 2" in text and "still to write: sign, greet" in text, "a note is never left out"


def test_a_long_list_of_names_wraps_under_itself():
    names = [f"function_number_{i}" for i in range(12)]
    rep = report(*(result(f"test_{n}", "failed", stub_failure(f"{n}()", n, frames=(n,))) for n in names))
    lines = [line for line in console_table([rep]).splitlines() if "function_number" in line]
    assert len(lines) > 1 and all(len(line) <= CONSOLE_LINE_CHARS for line in lines)
    assert all(line.startswith("    ") for line in lines[1:])
    assert ", ".join(names) == unwrapped("\n".join(lines)).split("still to write: ")[1]


@pytest.mark.parametrize("type_name, message, says", [
    ("ModuleNotFoundError", "No module named 'd2l'", "d2l is not installed"),
    ("ModuleNotFoundError", "No module named 'seaborn.objects'", "seaborn is not installed"),
    ("UnicodeDecodeError", "'utf-8' codec can't decode byte 0xc4", "not UTF-8"),
])
def test_an_import_failure_says_what_to_do(type_name, message, says):
    hint = import_hint(type_name, message)
    assert says in hint and ("standard library" in hint) == ("installed" in says)
    assert ("Python 标准库" in hint) == ("installed" in says), "in both of the course's languages"


@pytest.mark.parametrize("type_name, message", [
    ("ModuleNotFoundError", "No module named 'torch.nonexistent'"), ("NameError", "name 'x' is not defined")])
def test_an_import_failure_of_something_provided_gets_no_hint(type_name, message):
    assert import_hint(type_name, message) == ""


def test_the_packages_the_hint_names_are_the_courses():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = {dep.split("=")[0].split(">")[0].split("[")[0].strip() for dep in project["dependencies"]}
    assert set(COURSE_PACKAGES) <= required


# ----------------------------------------------------------------------------- the real command
@pytest.mark.slow  # runs grader check on every lesson's stubs
def test_a_fresh_repository_fits_on_one_screen():
    proc = run_grader("check", check=False)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 1 and "NotImplementedError" not in proc.stdout
    assert len(lines) <= SCREEN_LINES, proc.stdout
    lessons = Course(REPO).lessons()
    assert sum(line.endswith("not started") for line in lines) == len(lessons)
    assert all(f"[{lesson.name}] still to write: " in proc.stdout for lesson in lessons)
    assert "[00_python_basics] still to write: sign, greet, Greeter, Know, vector_add_loop, vector_add\n" \
        in unwrapped(proc.stdout)
    assert all(len(line) <= CONSOLE_LINE_CHARS for line in lines)


@pytest.mark.slow  # runs grader check on lesson 00
def test_a_lesson_half_written_shows_its_written_failure_and_names_the_rest(tmp_path):
    lesson = tmp_path / "00_python_basics"
    shutil.copytree(REPO / "assignments" / "00_python_basics", lesson)
    source = (lesson / "basics.py").read_text(encoding="utf-8")
    wrong_sign = source.replace('raise NotImplementedError("sign: ', 'return 1.0  # ("sign: ', 1)
    assert wrong_sign != source
    (lesson / "basics.py").write_text(wrong_sign, encoding="utf-8")
    proc = run_grader("check", "--lesson", "00_python_basics", "--submission", str(tmp_path), check=False)
    assert proc.returncode == 1
    assert "[00_python_basics] still to write: greet, Greeter, Know, vector_add_loop, vector_add\n" \
        in unwrapped(proc.stdout)
    assert "failing" in proc.stdout and "FAILED 00_python_basics::test_public.py::test_sign" in proc.stdout
    assert "NotImplementedError" not in proc.stdout


@pytest.mark.slow  # runs grader check twice, one waiting out the import limit
@pytest.mark.parametrize("top, says", [
    ("from d2l import torch as d2l\n", "d2l is not installed where your code is graded"),
    ("import time\ntime.sleep(60)\n", 'under `if __name__ == "__main__":`)\n(评分程序导入文件时会运行其顶层代码'),
], ids=["d2l", "slow-import"])
def test_a_lesson_wide_problem_says_what_to_do(tmp_path, top, says):
    lesson = tmp_path / "00_python_basics"
    shutil.copytree(REPO / "assignments" / "00_python_basics", lesson)
    (lesson / "basics.py").write_text(top + (lesson / "basics.py").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_grader("check", "--lesson", "00_python_basics", "--submission", str(tmp_path), check=False)
    assert proc.returncode == 1 and says in proc.stdout, proc.stdout
    assert ("torch, numpy, pandas, matplotlib and Python's standard library" in proc.stdout) == ("d2l" in top)


@pytest.mark.slow  # runs grader check on lesson 00
def test_the_packages_the_hint_names_import_where_student_code_runs(tmp_path):
    lesson = tmp_path / "00_python_basics"
    shutil.copytree(REPO / "assignments" / "00_python_basics", lesson)
    top = "".join(f"import {name}\n" for name in COURSE_PACKAGES)
    (lesson / "basics.py").write_text(top + (lesson / "basics.py").read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_grader("check", "--lesson", "00_python_basics", "--submission", str(tmp_path), check=False)
    assert "not started" in proc.stdout and "importing basics.py" not in proc.stdout, proc.stdout
