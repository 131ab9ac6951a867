"""One report model, four views: for every outcome a test or a lesson can have, the Markdown
feedback, the ``make check`` table, the dashboard's student page and the GitHub job summary
(with its annotations) are rendered from the same ``LessonReport`` and must agree: the same
points and totals, the same per-status counts, the same tests shown as failing, the tests a
lesson's problem blocked grouped into one line, hidden tests only as counts.  ``results.json``
reads back into the same model (the dashboard renders from the file, the others from memory)."""
import html
import json

import pytest

from grader.limits import MESSAGE_CHARS, cpu_seconds_for_test
from grader.reports import wording
from grader.reports.dashboard import student_page
from grader.reports.github import LessonFile, annotations, escape_property, step_summary
from grader.reports.student import console_table, feedback_markdown, write_results
from grader.trusted.results import HARDWARE_SKIP, LessonReport, TestResult

STUDENT = "张伟"
SECRET = "HIDDEN-INPUT-7Q"          # in every hidden test's name, message and printed output
COLLECTED = {"repository": "https://example.org/zhang/course", "commit": "0123abcd" * 5,
             "committed_at": "2026-12-01T10:00:00+00:00"}
PROTECTIONS = {"separate_process": True, "limits": {"total_cpu_seconds": 600}}
LONG_IMPORT_ERROR = ("importing linear_model.py failed: ValueError: " + "x" * (MESSAGE_CHARS + 500)
                     + "\n  File \"linear_model.py\", line 3, in <module>")


def result(lesson: str, name: str, status: str, *, hidden: bool = False, message: str = "", output: str = "",
           points: float = 1.0, description: str = "", problem: str = "") -> TestResult:
    """One test's result; a hidden one carries ``SECRET`` in its name, message (unless it is
    the lesson's ``problem``) and printed output."""
    if problem:
        message = problem
    if hidden:
        name, output = f"hidden/test_hidden.py::{name}_{SECRET}", f"{SECRET} printed"
        message = message if problem else f"{message} {SECRET}"
    else:
        name = f"test_public.py::{name}"
    return TestResult(lesson, name, description or f"{name.split('::')[1].removeprefix('test_')} does its job",
                      "hidden" if hidden else "visible", 0.0 if status == HARDWARE_SKIP else points,
                      points if status == "passed" else 0.0, status, message, output, 0.25,
                      10.0, cpu_seconds_for_test(10.0))


def lesson(name: str, results: list[TestResult], problem: str = "", notes=(), collected=None) -> LessonReport:
    return LessonReport(STUDENT, name, results, problem, PROTECTIONS, list(notes), "", collected)


def models() -> dict[str, LessonReport]:
    """One lesson per outcome kind (each a student's lesson of its own)."""
    return {
        "passed": lesson("00_passed", [result("00_passed", "test_sign", "passed", output="hello from sign"),
                                       result("00_passed", "test_greet", "passed", points=2)]),
        "failed": lesson("01_failed", [
            result("01_failed", "test_add", "failed", message="expected 3, got 4", output="debug: adding"),
            result("01_failed", "test_sub", "passed")]),
        "error": lesson("02_error", [result("02_error", "test_grid", "failed",
                                            message="make_grid(2) raised ValueError: no\n  File \"tensors.py\"")]),
        "timeout": lesson("03_timeout", [result("03_timeout", "test_loop", "timeout",
                                                message="loop() did not finish within 10 s (stopped)")]),
        "memory": lesson("04_memory", [result("04_memory", "test_big", "memory",
                                              message="big() ran out of memory: cannot allocate")]),
        "crashed": lesson("05_crashed", [result("05_crashed", "test_exit", "crashed",
                                                message="the student's process ended while running exit()")]),
        "hardware_skip": lesson("06_skip", [result("06_skip", "test_cpu", "passed"),
                                            result("06_skip", "test_cuda", HARDWARE_SKIP, message="needs a CUDA GPU")]),
        "long_import_error": lesson("07_import", [
            *[result("07_import", f"test_f{i}", "error", problem=LONG_IMPORT_ERROR, output="printed at import\n" * 200)
              for i in range(3)],
            result("07_import", "test_static", "passed"),
            result("07_import", "test_f", "error", hidden=True, problem=LONG_IMPORT_ERROR)], problem=LONG_IMPORT_ERROR),
        "notes": lesson("08_notes", [result("08_notes", "test_a", "passed")],
                        notes=["cell 3: the IPython magic '%matplotlib inline' was left out"]),
        "hidden_failures": lesson("09_hidden", [
            result("09_hidden", "test_mse", "passed"),
            result("09_hidden", "test_mse", "failed", hidden=True, message="expected 1.5", description="mse of floats"),
            result("09_hidden", "test_forward", "timeout", hidden=True, message="stopped",
                   description="forward on a batch"),
            result("09_hidden", "test_loss", "passed", hidden=True)]),
        "collected": lesson("10_collected", [result("10_collected", "test_a", "failed", message="wrong")],
                            collected=COLLECTED),
    }


def views(rep: LessonReport) -> dict[str, str]:
    """Every view of one lesson's model (the GitHub one: its summary and annotations)."""
    files = {rep.lesson: LessonFile(f"assignments/{rep.lesson}/module.py", None)}
    return {"markdown": feedback_markdown(STUDENT, [rep]), "console": console_table([rep]),
            "html": html.unescape(student_page(STUDENT, [rep])), "github": step_summary([rep]),
            "annotations": "\n".join(annotations([rep], files))}


def shows(text: str, shown: str) -> bool:
    """Every line of ``shown`` is in ``text`` (a view may indent a block or fence it)."""
    return all(line in text for line in shown.splitlines())


def round_trip(rep: LessonReport) -> LessonReport:
    return LessonReport.from_results_json(json.loads(json.dumps(rep.to_results_json())))


@pytest.mark.parametrize("kind", list(models()))
def test_every_view_tells_the_same_story(kind):
    rep = models()[kind]
    shown = views(rep)
    marks = shown.pop("annotations")
    assert SECRET not in marks and marks.count("::error ") == len(rep.failing_public) + bool(rep.problem)
    assert all(escape_property(f"{t.name} {t.status}") in marks for t in rep.failing_public)
    for view, text in shown.items():
        compact = text.replace(" / ", "/")   # the console table writes points without spaces
        assert f"{rep.score:g}/{rep.max_score:g}" in compact, (view, "the lesson's points")
        assert wording.outcomes(rep.graded) in text, (view, "the per-status counts")
        for test in rep.failing_public:
            assert test.name in text and shows(text, test.message[:MESSAGE_CHARS]), (view, test.name)
            assert shows(text, test.printed), (view, "what a failing test printed")
        for test in rep.public:
            if test.passed or test.blocked:
                assert test.name not in text, (view, "only failing tests are shown one by one", test.name)
        if rep.blocked_public:
            assert wording.blocked(rep) in text, (view, "blocked tests grouped")
            assert text.count(rep.problem.splitlines()[0]) == 1, (view, "the problem shown once")
        assert (wording.hidden(rep) in text) if rep.failing_hidden else ("Hidden tests" not in text), view
        assert SECRET not in text, (view, "a hidden test's name, message or output")
        for line in (wording.hardware_skips(rep), *rep.notes):
            assert line in text, (view, line)
        assert wording.collected([rep], markdown=view in ("markdown", "github")) in text, (view, "the commit graded")
        assert (wording.ALL_PASSED in text) == (rep.state == "ok"), view


def test_the_outcome_kinds_are_what_they_say():
    """The models above do hold each kind (a guard against a fixture that tests nothing)."""
    reps = models()
    assert {t.status for rep in reps.values() for t in rep.results} >= \
        {"passed", "failed", "timeout", "memory", "crashed", "error", HARDWARE_SKIP}
    blocked = reps["long_import_error"]
    assert len(blocked.problem) > MESSAGE_CHARS and len(blocked.blocked_public) == 3 and blocked.hidden_blocked_only
    assert wording.hidden(blocked).endswith("because of the problem above.")
    assert reps["hidden_failures"].hidden_failed_functions == ["mse", "forward"]
    assert "in mse, forward:" in wording.hidden(reps["hidden_failures"])
    assert reps["hardware_skip"].max_score == 1 and [t.name for t in reps["hardware_skip"].hardware_skips]


def test_a_class_of_all_kinds_totals_alike():
    reps = list(models().values())
    score, maximum = sum(r.score for r in reps), sum(r.max_score for r in reps)
    shown = {"markdown": feedback_markdown(STUDENT, reps), "html": html.unescape(student_page(STUDENT, reps)),
             "github": step_summary(reps)}
    for view, text in shown.items():
        assert f"Total: {score:g} / {maximum:g} points" in text, view
    assert console_table(reps).endswith(f"total: {score:g} / {maximum:g} points")
    annotated = annotations(reps, {r.lesson: LessonFile("m.py", None) for r in reps})
    assert len(annotated) == sum(len(r.failing_public) + bool(r.problem) for r in reps)


@pytest.mark.parametrize("kind", list(models()))
def test_results_json_reads_back_into_the_same_model(kind, tmp_path):
    rep = models()[kind]
    data = rep.to_results_json()
    again = round_trip(rep)
    assert again.to_results_json() == data
    assert views(again) == views(rep)      # what a view shows survives the file
    write_results(rep, tmp_path)
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8")) == data
    assert [t.blocked for t in again.graded] == [t.blocked for t in rep.graded]


def test_results_json_keeps_gradescopes_schema_and_states_each_tests_limits():
    data = models()["long_import_error"].to_results_json()
    assert {"score", "max_score", "output", "visibility", "tests"} <= set(data)
    for t in data["tests"]:
        assert {"name", "score", "max_score", "status", "visibility", "output"} <= set(t)
        assert t["status"] in ("passed", "failed") and t["visibility"] in ("visible", "hidden")
        assert (t["timeout_seconds"], t["cpu_seconds"]) == (10.0, cpu_seconds_for_test(10.0)) == (10.0, 16)
    blocked = [t for t in data["tests"] if t["blocked"]]
    assert len(blocked) == 4 and all(t["output"].startswith(data["problem"][:MESSAGE_CHARS]) for t in blocked)


def test_an_older_results_json_reads_too():
    """A file written before ``printed`` and ``blocked`` existed: a blocked test is still
    recognised by its output starting with the problem (cut, and followed by what it printed)."""
    data = models()["long_import_error"].to_results_json()
    for t in data["tests"]:
        del t["printed"], t["blocked"], t["timeout_seconds"], t["cpu_seconds"]
    rep = LessonReport.from_results_json(data)
    assert len(rep.blocked_public) == 3 and not rep.failing_public


def test_hidden_printed_output_never_reaches_results_json():
    rep = models()["hidden_failures"]
    assert all(SECRET in t.output for t in rep.hidden)
    data = rep.to_results_json()
    assert all(t["printed"] == "" and f"{SECRET} printed" not in t["output"] for t in data["tests"])
