"""Known mistakes in every student view: ``feedback.md``, the dashboard's student page and the
GitHub job summary and annotations show each diagnosis of a ``LessonReport`` in
``wording``'s sentences, in English and Chinese, just before the first failing public test it
explains; hidden tests only as counts; failures no known mistake explains add nothing."""
import dataclasses
import html
import json

import pytest

from grader.reports import wording
from grader.reports.dashboard import student_page
from grader.reports.github import LessonFile, annotations, step_summary
from grader.reports.student import console_table, feedback_markdown
from grader.trusted.results import Diagnosis, LessonReport, TestResult, Unexplained

STUDENT = "王芳"
LESSON = "05_gradient_descent"
SECRET = "HIDDEN-CASE-3Z"            # in every hidden test's name, message and printed output
OTHER_SOURCE = "def mse(xs, ys, w):\n    return 'UNEXPLAINED-SOURCE-9K'"
FACTOR_2 = {"name": "gradient_no_factor_2", "en": "forgets the factor 2 from the derivative of the square.",
            "zh": "漏掉了平方求导得到的因子 2。"}
SUM = {"name": "cost_sum", "en": "sums the squared errors and forgets to divide by N.",
       "zh": "把平方误差求和，忘了除以 N。"}
OVERWRITES = {"name": "cost_overwrites_ys", "en": "stores the squared errors in ys",   # no stop: one is added
              "zh": "把平方误差存进了 ys"}


def result(name: str, passed: bool, hidden: bool = False) -> TestResult:
    """A public test ``test_public.py::name``, or a hidden one whose name, message and output
    hold ``SECRET``."""
    function = name.removeprefix("test_").split("_")[0]
    full = f"hidden/test_hidden.py::{name}_{SECRET}" if hidden else f"test_public.py::{name}"
    message = "" if passed else f"expected 4.0, got 2.0{f' {SECRET}' if hidden else ''}"
    return TestResult(LESSON, full, f"{function} does its job", "hidden" if hidden else "visible", 1.0,
                      1.0 if passed else 0.0, "passed" if passed else "failed", message,
                      f"{SECRET} printed" if hidden else "")


def hidden_name(name: str) -> str:
    return f"hidden/test_hidden.py::{name}_{SECRET}"


def model() -> LessonReport:
    """``cost`` passes its public test; ``mse`` fails one, unexplained; ``gradient`` fails one
    public and two hidden tests, named; ``cost`` fails a hidden test, two candidates; a hidden
    ``train`` test fails, unexplained."""
    tests = [result("test_cost", True), result("test_mse", False), result("test_gradient", False),
             result("test_gradient_random", False, hidden=True),
             result("test_gradient_large", False, hidden=True),
             result("test_cost_random", False, hidden=True), result("test_train", False, hidden=True),
             result("test_train_long", True, hidden=True)]
    diagnoses = [Diagnosis("gradient", [FACTOR_2], ["test_public.py::test_gradient",
                                                    hidden_name("test_gradient_random"),
                                                    hidden_name("test_gradient_large")]),
                 Diagnosis("cost", [SUM, OVERWRITES], [hidden_name("test_cost_random")])]
    unexplained = [Unexplained("mse", ["test_public.py::test_mse"], "sig-1", OTHER_SOURCE),
                   Unexplained("train", [hidden_name("test_train")], "sig-2", "def train(): pass")]
    return LessonReport(STUDENT, LESSON, tests, diagnoses=diagnoses, unexplained=unexplained)


def diagnosis_lines(rep: LessonReport) -> list[str]:
    """Every diagnosis's sentences, in the order the views show them."""
    return [line for item in wording.in_order(rep) if isinstance(item, Diagnosis)
            for line in wording.diagnosis(rep, item)]


def views(rep: LessonReport) -> dict[str, str]:
    files = {rep.lesson: LessonFile(f"assignments/{rep.lesson}/gradient_descent.py", None)}
    return {"markdown": feedback_markdown(STUDENT, [rep]), "console": console_table([rep]),
            "html": html.unescape(student_page(STUDENT, [rep])),
            "github": step_summary([rep]), "annotations": "\n".join(annotations([rep], files))}


GRADIENT_EN = ("`gradient`: this looks like a known mistake: it forgets the factor 2 from the derivative of the "
               "square. Failing tests it explains: test_public.py::test_gradient and 2 hidden tests.")
GRADIENT_ZH = ("`gradient`：这看起来是一个常见错误：它漏掉了平方求导得到的因子 2。"
               "它能解释的失败测试：test_public.py::test_gradient、2 个隐藏测试。")
COST_EN = ("`cost`: this looks like one of these known mistakes: (1) it sums the squared errors and forgets to "
           "divide by N. (2) it stores the squared errors in ys. Failing tests it explains: 1 hidden test.")
COST_ZH = ("`cost`：这看起来是以下常见错误之一：（1）它把平方误差求和，忘了除以 N。（2）它把平方误差存进了 ys。"
           "它能解释的失败测试：1 个隐藏测试。")


def test_the_sentences_name_the_mistake_in_both_languages_and_count_hidden_tests():
    rep = model()
    assert diagnosis_lines(rep) == [GRADIENT_EN, GRADIENT_ZH, COST_EN, COST_ZH]
    assert wording.hidden(rep) == (
        "Hidden tests: 4 of 5 did not pass (4 points), in gradient, cost, train: 3 match the known mistakes above "
        f"for gradient, cost; the other 1: {wording.HIDDEN_RULES}.")


def test_every_view_shows_each_diagnosis_before_the_test_it_explains():
    rep = model()
    for view, text in views(rep).items():
        if view == "annotations":
            continue
        for line in (GRADIENT_EN, GRADIENT_ZH, COST_EN, COST_ZH, wording.hidden(rep)):
            assert text.count(line) == 1, (view, line)
        # mse's failure, then gradient's diagnosis, then gradient's failure; cost's after them all
        order = [text.index(s) for s in ("test_public.py::test_mse (failed", GRADIENT_EN,
                                         "test_public.py::test_gradient (failed", COST_EN, wording.hidden(rep))]
        assert order == sorted(order), view


def test_annotations_head_the_failing_test_with_its_diagnosis_and_mark_a_hidden_only_one_at_its_function():
    marks = views(model())["annotations"].splitlines()
    assert len(marks) == 3      # mse, gradient, and cost's diagnosis of its own
    mse, gradient, cost = marks
    assert "this looks like" not in mse
    assert "title=05_gradient_descent%3A test_public.py%3A%3Atest_gradient failed::" in gradient
    assert gradient.split("::", 2)[2].startswith(f"{GRADIENT_EN}%0A{GRADIENT_ZH}%0A%0Aexpected 4.0, got 2.0")
    assert "title=05_gradient_descent%3A cost%3A known mistake::" in cost and cost.endswith(f"{COST_EN}%0A{COST_ZH}")


def test_no_view_shows_a_hidden_test_or_the_students_unexplained_source():
    for view, text in views(model()).items():
        assert SECRET not in text and "UNEXPLAINED-SOURCE" not in text and "sig-1" not in text, view


def test_unexplained_failures_add_nothing():
    rep = model()
    plain = dataclasses.replace(rep, diagnoses=[], unexplained=[])
    assert views(dataclasses.replace(rep, diagnoses=[])) == views(plain)
    assert diagnosis_lines(plain) == [] and "this looks like" not in str(views(plain))


def test_a_diagnosis_of_a_passing_or_unknown_test_shows_no_test_name():
    """A test it names that did not fail here (or that the report does not hold) is neither
    shown nor counted: only failing public tests by name, failing hidden tests as a count."""
    rep = dataclasses.replace(model(), diagnoses=[Diagnosis("cost", [SUM], ["test_public.py::test_cost", "x::y"])])
    [en, zh] = diagnosis_lines(rep)
    assert en == "`cost`: this looks like a known mistake: it sums the squared errors and forgets to divide by N."
    assert zh == "`cost`：这看起来是一个常见错误：它把平方误差求和，忘了除以 N。"
    assert wording.hidden(rep).endswith(f"in gradient, cost, train: {wording.HIDDEN_RULES}.")


@pytest.mark.parametrize("mistakes, shown", [
    ([], None),                                                      # names nothing: not shown at all
    ([{"name": "cost_sum"}], "known mistake: cost_sum."),           # no sentences: its name
    ([{"name": "cost_sum", "en": "sums."}], "常见错误：sums."),       # no Chinese: the English
    (["not a table", {"zh": "只有中文"}], None),
])
def test_a_diagnosis_with_missing_parts_shows_what_it_has(mistakes, shown):
    data = model().to_results_json()
    data["diagnoses"] = [{"function": "cost", "mistakes": mistakes, "tests": [hidden_name("test_cost_random")]}]
    rep = LessonReport.from_results_json(json.loads(json.dumps(data)))
    lines = diagnosis_lines(rep)
    if shown is None:
        assert lines == [] and wording.hidden(rep).endswith(f"in gradient, cost, train: {wording.HIDDEN_RULES}.")
        assert views(rep) == views(dataclasses.replace(rep, diagnoses=[]))
    else:
        assert shown in "\n".join(lines) and all(line in views(rep)["markdown"] for line in lines)


def test_the_views_read_the_same_from_results_json():
    rep = model()
    again = LessonReport.from_results_json(json.loads(json.dumps(rep.to_results_json(), ensure_ascii=False)))
    assert views(again) == views(rep)


def test_a_sentence_that_starts_with_code_is_not_put_after_it():
    """"it sums ..." where the catalogue's sentence starts with a verb; "a[None, :] + ..." as written."""
    data = model().to_results_json()
    data["diagnoses"] = [{"function": "cost", "tests": [hidden_name("test_cost_random")], "mistakes": [
        {"name": "m", "en": "a[None, :] + b[:, None]: the transposed table.", "zh": "get_dummies 没有加 dummy_na。"}]}]
    rep = LessonReport.from_results_json(json.loads(json.dumps(data)))
    en, zh = diagnosis_lines(rep)
    assert "known mistake: a[None, :] + b[:, None]: the transposed table." in en and " it a[" not in en
    assert "常见错误：get_dummies 没有加 dummy_na。" in zh and "它get" not in zh
