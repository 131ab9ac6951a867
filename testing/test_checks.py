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
