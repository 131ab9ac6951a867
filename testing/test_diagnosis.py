"""Naming a mistake by behaviour (``trusted.diagnosis``, ``trusted.behaviour``) on made-up
lessons: a report of which tests failed, the call logs of the failing ones, and known
mistakes with their own logs.  The real course is graded in test_known_mistakes.py."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from grader.limits import MAX_CANDIDATE_MISTAKES
from grader.trusted.behaviour import CallLog, logs_agree, values_close
from grader.trusted.diagnosis import diagnose, function_source
from grader.trusted.results import LessonReport, TestResult

# tests of a lesson: name -> description (its first word names the function it is about)
TESTS = {"test_public.py::test_cost": "cost on the notes' data",
         "test_public.py::test_gradient": "gradient on the notes' data",
         "test_public.py::test_train_gd": "train_gd: 100 epochs",
         "hidden/test_hidden.py::test_gradient_random": "gradient on random data",
         "hidden/test_hidden.py::test_cost_random": "cost on random data"}
SOURCE = ("def cost(xs, ys, w):\n    return sum((x * w - y) ** 2 for x, y in zip(xs, ys))\n\n\n"
          "def gradient(xs, ys, w):\n    return 0.0\n")


def call(name: str, value, args=(1.0,)) -> dict:
    return {"call": CallLog().key("call", name, args), "value": value}


def report(failing: set[str], problem: str = "") -> LessonReport:
    return LessonReport("s", "05_x", [
        TestResult("05_x", name, doc, "hidden" if name.startswith("hidden/") else "visible", 1.0,
                   0.0 if name in failing else 1.0, "failed" if name in failing else "passed",
                   problem if name in failing and problem else "")
        for name, doc in TESTS.items()], problem=problem)


def mistake(name: str, targets: list[str], fails: dict[str, list[dict]]) -> dict:
    return {"name": name, "en": f"does {name}.", "zh": f"{name}。", "targets": targets, "fails": fails}


GRAD_NO_2 = mistake("gradient_no_factor_2", ["gradient"], {
    "test_public.py::test_gradient": [call("gradient", -14 / 3)],
    "hidden/test_hidden.py::test_gradient_random": [call("gradient", 0.5, (2.0,))],
    "test_public.py::test_train_gd": [call("train_gd", [1.5, [4.6, 3.1]])]})
GRAD_SIGN = mistake("gradient_sign", ["gradient"], {
    "test_public.py::test_gradient": [call("gradient", 28 / 3)],
    "hidden/test_hidden.py::test_gradient_random": [call("gradient", -1.0, (2.0,))],
    "test_public.py::test_train_gd": [call("train_gd", [0.1, [4.6, 9.0]])]})
# a trainer mistake that gives the very trajectory of the helper's mistake (lr halved)
TRAIN_HALF_LR = mistake("train_gd_half_lr", ["train_gd"], {
    "test_public.py::test_train_gd": [call("train_gd", [1.5, [4.6, 3.1]])]})
COST_SUM = mistake("cost_sum", ["cost"], {
    "test_public.py::test_cost": [call("cost", 14.0)],
    "hidden/test_hidden.py::test_cost_random": [call("cost", 3.0, (2.0,))]})
KNOWN = [GRAD_NO_2, GRAD_SIGN, TRAIN_HALF_LR, COST_SUM]


def names(diagnoses) -> list[tuple[str, list[str]]]:
    return [(d.function, [m["name"] for m in d.mistakes]) for d in diagnoses]


def test_a_helpers_mistake_is_named_once_at_the_helper():
    logs = GRAD_NO_2["fails"]
    found, unexplained = diagnose(report(set(logs)), logs, KNOWN, SOURCE)
    assert names(found) == [("gradient", ["gradient_no_factor_2"])]
    assert set(found[0].tests) == set(logs)   # the trainer's test too, explained by the helper
    assert found[0].mistakes[0] == {"name": "gradient_no_factor_2", "en": "does gradient_no_factor_2.",
                                    "zh": "gradient_no_factor_2。"}
    assert unexplained == []


def test_the_trainers_own_mistake_is_named_when_the_helper_is_right():
    logs = TRAIN_HALF_LR["fails"]
    found, _ = diagnose(report(set(logs)), logs, KNOWN)
    assert names(found) == [("train_gd", ["train_gd_half_lr"])]


def test_two_mistakes_in_two_functions_are_both_named():
    logs = {**COST_SUM["fails"], **GRAD_SIGN["fails"]}
    found, unexplained = diagnose(report(set(logs)), logs, KNOWN)
    assert sorted(names(found)) == [("cost", ["cost_sum"]), ("gradient", ["gradient_sign"])]
    assert unexplained == []


def test_values_off_by_more_than_the_tolerance_name_nothing_and_group_as_unexplained():
    logs = {t: [call("gradient", -14 / 3 * 1.01)] if "gradient" in t else log for t, log in GRAD_NO_2["fails"].items()}
    logs["hidden/test_hidden.py::test_gradient_random"] = [call("gradient", 0.7, (2.0,))]
    found, unexplained = diagnose(report(set(logs)), logs, KNOWN, SOURCE)
    assert found == []
    by_function = {u.function: u for u in unexplained}
    assert set(by_function) == {"gradient", "train_gd"}
    assert by_function["gradient"].source == "def gradient(xs, ys, w):\n    return 0.0"
    again, _ = diagnose(report(set(logs)), {t: [dict(e) for e in log] for t, log in logs.items()}, KNOWN)
    other = dict(logs, **{"test_public.py::test_gradient": [call("gradient", 5.0)]})
    _, different = diagnose(report(set(logs)), other, KNOWN)
    assert [u.signature for u in unexplained] == [u.signature for u in diagnose(report(set(logs)), logs, KNOWN)[1]]
    assert again == [] and different[0].signature != by_function["gradient"].signature


def test_another_failing_test_of_the_same_function_names_nothing():
    """A student who fails a test of gradient that the known mistake passes has another mistake too."""
    logs = dict(GRAD_NO_2["fails"], **{"test_public.py::test_cost": [call("cost", 1.0)]})
    only_gradient = {t: log for t, log in logs.items() if t != "hidden/test_hidden.py::test_gradient_random"}
    found, _ = diagnose(report(set(only_gradient)), only_gradient, KNOWN)
    assert "gradient_no_factor_2" not in [n for _, ns in names(found) for n in ns]


def test_a_mistake_the_student_fails_differently_in_hidden_tests_is_not_named():
    logs = dict(GRAD_NO_2["fails"])
    hidden = "hidden/test_hidden.py::test_gradient_random"
    logs[hidden] = [{"call": logs[hidden][0]["call"], "raised": "ZeroDivisionError"}]
    found, unexplained = diagnose(report(set(logs)), logs, KNOWN)
    assert found == [] and {u.function for u in unexplained} == {"gradient", "train_gd"}


def test_mistakes_that_behave_alike_are_candidates_and_too_many_are_none():
    twins = [mistake(f"twin_{i}", ["cost"], COST_SUM["fails"]) for i in range(2)]
    found, _ = diagnose(report(set(COST_SUM["fails"])), COST_SUM["fails"], [COST_SUM, *twins])
    assert names(found) == [("cost", ["cost_sum", "twin_0", "twin_1"])] and not found[0].named
    crowd = [mistake(f"twin_{i}", ["cost"], COST_SUM["fails"]) for i in range(MAX_CANDIDATE_MISTAKES)]
    found, unexplained = diagnose(report(set(COST_SUM["fails"])), COST_SUM["fails"], [COST_SUM, *crowd])
    assert found == [] and [u.function for u in unexplained] == ["cost"]


def test_a_lesson_problem_or_a_passing_lesson_has_no_diagnosis():
    assert diagnose(report(set(COST_SUM["fails"]), problem="importing x.py failed"), COST_SUM["fails"], KNOWN) \
        == ([], [])
    assert diagnose(report(set()), {}, KNOWN) == ([], [])


def test_a_public_only_run_compares_the_public_tests():
    """grader check has no hidden tests: the known mistakes' hidden logs are left aside."""
    public = {t: log for t, log in COST_SUM["fails"].items() if not t.startswith("hidden/")}
    rep = report(set(public))
    rep.results = [r for r in rep.results if not r.hidden]
    found, _ = diagnose(rep, public, KNOWN)
    assert names(found) == [("cost", ["cost_sum"])]


def test_a_mistake_with_no_call_to_compare_is_never_named():
    static = mistake("uses_numpy", ["cost"], {"test_public.py::test_cost": []})
    found, unexplained = diagnose(report({"test_public.py::test_cost"}), {"test_public.py::test_cost": []}, [static])
    assert found == [] and [u.function for u in unexplained] == ["cost"]


# ----------------------------------------------------------------------------- behaviour
def test_values_close_uses_looser_tolerances_for_sequences_and_exact_integers():
    assert values_close(1.0, 1.0 + 5e-5) and not values_close(1.0, 1.0 + 5e-4)
    assert values_close([1.0, 2.0], [1.0 + 5e-4, 2.0]) and not values_close([1.0, 2.0], [1.01, 2.0])
    assert not values_close(1000, 1001) and not values_close(True, 1) and not values_close("a", "b")
    assert not values_close([1.0], [1.0, 2.0]) and not values_close({"a": 1}, {"b": 1})


def test_plain_forms_of_tensors_arrays_and_student_objects():
    log = CallLog()
    t = log.plain(torch.arange(6, dtype=torch.float32).reshape(2, 3))
    assert t == {"tensor": [2, 3], "dtype": "float32", "values": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0], "device": "cpu"}
    assert log.plain(torch.ones(2, device="meta")) == {"tensor": [2], "dtype": "float32", "device": "meta"}
    assert log.plain(np.array([1, 2])) == {"array": [2], "dtype": "int64", "values": [1, 2]}
    big = log.plain(torch.ones(10_000))
    assert len(big["values"]) == 257 and big["values"][-1] == 10_000.0   # sampled, with the sum
    assert log.plain(float("nan")) == {"float": "nan"}
    assert log.plain(torch.device("cpu")) == {"device": "cpu"} != log.plain(torch.device("meta"))
    assert log.plain(torch.float64) == {"dtype": "torch.float64"}


def test_student_objects_are_numbered_by_first_appearance_not_by_runner_id():
    from grader.trusted.remote import RemoteObject

    def logged(ids):
        log = CallLog()
        return [log.plain(RemoteObject(None, i, "Net", True, 1, "Net()")) for i in ids]

    assert logged([7, 9, 7]) == logged([3, 4, 3]) == [{"object": "Net#0"}, {"object": "Net#1"}, {"object": "Net#0"}]


def test_calls_are_turned_into_plain_entries_only_when_the_entries_are_asked_for():
    touched = []

    class Frame:   # a pandas-like value: ``plain`` reads it through to_numpy
        shape, columns = (1,), ["a"]

        def to_numpy(self):
            touched.append(True)
            return np.zeros(1)

    log = CallLog()
    log.called("call", {"target": "f", "args": (1.0,)}, "value", Frame())
    log.called("call", {"target": "f", "args": (2.0,)}, "raised", "ValueError")
    assert not touched   # a passing test's calls cost no conversion
    entries = log.entries()
    assert touched and entries == [{"call": log.key("call", "f", (1.0,)), "value": {"frame": ["a"], "values": [0.0]}},
                                   {"call": log.key("call", "f", (2.0,)), "raised": "ValueError"}]


def test_logs_agree_needs_the_same_calls_and_outcomes():
    a = [call("f", 1.0), call("f", 2.0, (2.0,))]
    assert logs_agree(a, [dict(e) for e in a])
    assert not logs_agree(a, a[:1])
    assert not logs_agree(a, [a[0], {"call": a[1]["call"], "raised": "ValueError"}])
    assert not logs_agree(a, [a[0], call("f", 2.0, (3.0,))])


@pytest.mark.parametrize("name, expected", [("gradient", "def gradient(xs, ys, w):\n    return 0.0"),
                                            ("missing", "")])
def test_function_source(name, expected):
    assert function_source(SOURCE, name) == expected
    assert function_source("def broken(:\n", name) == ""
