"""The assertion helpers accept exactly what the course specification (docs/course.md)
admits: a result stated as ``float`` is a Python float or any subclass of it
(``numpy.float64``), never a bool, a tensor, an array or a ``numpy.float32``;
``list[float]`` is a list of such floats."""
import numpy as np
import pytest
import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, CheckFailed, check_float, check_floats


class MyFloat(float):
    pass


@pytest.mark.parametrize("value", [0.5, np.float64(0.5), MyFloat(0.5)], ids=repr)
def test_check_float_takes_floats_and_their_subclasses(value):
    check_float(value, 0.5, "f()")


@pytest.mark.parametrize("value", [np.float32(0.5), True, np.array(0.5), torch.tensor(0.5), "0.5", None],
                         ids=repr)
def test_check_float_refuses_what_is_not_a_float(value):
    with pytest.raises(CheckFailed, match="expected a Python float"):
        check_float(value, 0.5, "f()")


def test_check_float_compares_with_tolerance():
    check_float(1.0 + 1e-7, 1.0, "f()")
    with pytest.raises(CheckFailed, match="expected 1.0, got 1.01"):
        check_float(1.01, 1.0, "f()")


def test_check_floats_compares_item_by_item_and_names_the_item():
    check_floats([1.0, np.float64(2.0)], [1.0, 2.0], "history")
    check_floats([1.0 + 5e-5], [1.0], "history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    with pytest.raises(CheckFailed, match="item 1"):
        check_floats([1.0, 2.5], [1.0, 2.0], "history")
    with pytest.raises(CheckFailed, match="a list of 2 values, got 1"):
        check_floats([1.0], [1.0, 2.0], "history")
    with pytest.raises(CheckFailed, match="expected a list"):
        check_floats(np.array([1.0, 2.0]), [1.0, 2.0], "history")
    with pytest.raises(CheckFailed, match="item 0"):
        check_floats([torch.tensor(1.0)], [1.0], "history")


def shown(got: list[float], expected: list[float]) -> list[list[str]]:
    """The rows (item, expected, got) of ``check_floats``'s message, split into cells."""
    with pytest.raises(CheckFailed) as failed:
        check_floats(got, expected, "train(...), the history")
    return [line.split() for line in str(failed.value).splitlines()[1:]]


def test_a_wrong_history_shows_its_trend_start_middle_and_end():
    """A loss stuck high and one drifting away from step 2 look alike at their first differing
    item; the message shows the start, that item, the middle and the end of both sequences."""
    expected = [2.0 * 0.9**i for i in range(100)]
    stuck = shown([2.0] * 100, expected)
    drifting = shown(expected[:2] + [e * (1 + 0.05 * i) for i, e in enumerate(expected) if i >= 2], expected)
    assert stuck[0] == ["item", "0", "1", "2", "…", "50", "…", "98", "99"]
    assert drifting[0] == ["item", "0", "1", "2", "3", "…", "50", "…", "98", "99"]
    assert stuck[2][1:] == ["2", "2", "2", "…", "2", "…", "2", "2"]              # got: flat
    assert drifting[2][-1] == f"{expected[99] * 5.95:.5g}" and drifting[1][-1] == f"{expected[99]:.5g}"
    assert len(stuck) == len(drifting) == 3


def test_a_short_wrong_list_is_shown_whole_and_nan_matches_nan():
    assert shown([1.0, 2.5, 3.0], [1.0, 2.0, 3.0]) == [["item", "0", "1", "2"], ["expected", "1", "2", "3"],
                                                       ["got", "1", "2.5", "3"]]
    check_floats([float("nan"), 1.0], [float("nan"), 1.0], "history")
