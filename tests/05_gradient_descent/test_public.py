"""Public tests for lesson 05_gradient_descent (gradient_descent.py): the example of
刘二大人 Lec3, x = [1, 2, 3], y = [2, 4, 6], starting at w = 1.0 with lr = 0.01 for 100 epochs.

Training is graded by trajectory: the expected history and final weight are computed from
the formulas (helpers.py) with the same starting values, and compared with training tolerances."""
import pytest

from grader.checks import check, check_equal, check_float, check_floats

from .helpers import check_training, ref_gd, ref_minibatch, ref_sgd

X_DATA = [1.0, 2.0, 3.0]
Y_DATA = [2.0, 4.0, 6.0]


def test_cost(student):
    """cost on the notes' data: 14/3 at w = 1.0, 0 at w = 2.0"""
    check_float(student.cost(X_DATA, Y_DATA, 1.0), 14 / 3, "cost([1, 2, 3], [2, 4, 6], 1.0)")
    check_float(student.cost(X_DATA, Y_DATA, 2.0), 0.0, "cost([1, 2, 3], [2, 4, 6], 2.0)")


def test_gradient(student):
    """gradient on the notes' data: -28/3 at w = 1.0, 0 at w = 2.0, +28/3 at w = 3.0"""
    for w, want in ((1.0, -28 / 3), (2.0, 0.0), (3.0, 28 / 3)):
        check_float(student.gradient(X_DATA, Y_DATA, w), want, f"gradient([1, 2, 3], [2, 4, 6], {w})")


def test_sgd_gradient(student):
    """sgd_gradient of single samples of the notes' data at w = 1.0"""
    for x, y, want in ((1.0, 2.0, -2.0), (2.0, 4.0, -8.0), (3.0, 6.0, -18.0)):
        check_float(student.sgd_gradient(x, y, 1.0), want, f"sgd_gradient({x}, {y}, 1.0)")


def test_gd_step(student):
    """gd_step: the first update of the notes, 1.0 - 0.01 * (-28/3)"""
    check_float(student.gd_step(1.0, -28 / 3, 0.01), 1.0 + 0.28 / 3, "gd_step(1.0, -9.333..., 0.01)")


@pytest.mark.points(2)
def test_train_gd(student):
    """train_gd on the notes' data, w0 = 1.0, lr = 0.01, 100 epochs: w -> 1.99994"""
    out = student.train_gd(X_DATA, Y_DATA, 1.0, 0.01, 100)
    check_training(out, ref_gd(X_DATA, Y_DATA, 1.0, 0.01, 100), "train_gd([1, 2, 3], [2, 4, 6], 1.0, 0.01, 100)")
    check(out[1][-1] < out[1][0], "train_gd: with lr = 0.01 the cost must go down (history[-1] < history[0])")


def test_train_gd_no_epochs(student):
    """train_gd with epochs = 0 returns (w0, [])"""
    out = student.train_gd(X_DATA, Y_DATA, 1.0, 0.01, 0)
    check_training(out, (1.0, []), "train_gd([1, 2, 3], [2, 4, 6], 1.0, 0.01, 0)")


def test_train_gd_keeps_inputs(student):
    """train_gd leaves xs and ys as they were (no shuffling or sorting in place)"""
    xs, ys = [2.0, 0.5, 1.5, 3.0], [3.5, 1.5, 2.5, 6.5]
    what = "train_gd([2, 0.5, 1.5, 3], [3.5, 1.5, 2.5, 6.5], 0.5, 0.02, 4)"
    seen = student.observe("train_gd", xs, ys, 0.5, 0.02, 4)
    check_equal(seen.args_after[0], xs, f"xs after {what} (the input list must not change)")
    check_equal(seen.args_after[1], ys, f"ys after {what} (the input list must not change)")
    check_training(seen.value, ref_gd(xs, ys, 0.5, 0.02, 4), what)


@pytest.mark.points(2)
def test_train_sgd(student):
    """train_sgd on the notes' data, w0 = 1.0, lr = 0.01, 100 epochs: w -> 2.0"""
    out = student.train_sgd(X_DATA, Y_DATA, 1.0, 0.01, 100)
    check_training(out, ref_sgd(X_DATA, Y_DATA, 1.0, 0.01, 100), "train_sgd([1, 2, 3], [2, 4, 6], 1.0, 0.01, 100)")


def test_train_sgd_keeps_inputs(student):
    """train_sgd leaves xs and ys as they were (no shuffling or sorting in place)"""
    xs, ys = [3.0, 1.0, 2.0], [6.5, 1.5, 4.0]
    what = "train_sgd([3, 1, 2], [6.5, 1.5, 4], 1.0, 0.01, 5)"
    seen = student.observe("train_sgd", xs, ys, 1.0, 0.01, 5)
    check_equal(seen.args_after[0], xs, f"xs after {what} (the input list must not change)")
    check_equal(seen.args_after[1], ys, f"ys after {what} (the input list must not change)")
    check_training(seen.value, ref_sgd(xs, ys, 1.0, 0.01, 5), what)


@pytest.mark.points(2)
def test_train_minibatch(student):
    """train_minibatch on the notes' data with batch_size 2 (batches [1, 2] and [3])"""
    out = student.train_minibatch(X_DATA, Y_DATA, 1.0, 0.01, 100, 2)
    check_training(out, ref_minibatch(X_DATA, Y_DATA, 1.0, 0.01, 100, 2),
                   "train_minibatch([1, 2, 3], [2, 4, 6], 1.0, 0.01, 100, 2)")


def test_train_minibatch_keeps_inputs(student):
    """train_minibatch leaves xs and ys as they were (no shuffling or sorting in place)"""
    xs, ys = [3.0, 1.0, 2.0], [6.5, 1.5, 4.0]
    what = "train_minibatch([3, 1, 2], [6.5, 1.5, 4], 1.0, 0.01, 5, 2)"
    seen = student.observe("train_minibatch", xs, ys, 1.0, 0.01, 5, 2)
    check_equal(seen.args_after[0], xs, f"xs after {what} (the input list must not change)")
    check_equal(seen.args_after[1], ys, f"ys after {what} (the input list must not change)")
    check_training(seen.value, ref_minibatch(xs, ys, 1.0, 0.01, 5, 2), what)


def test_ema(student):
    """ema([1.0, 2.0, 3.0], beta=0.5) is [1.0, 1.5, 2.25]; ema([]) is []"""
    check_floats(student.ema([1.0, 2.0, 3.0], beta=0.5), [1.0, 1.5, 2.25], "ema([1.0, 2.0, 3.0], beta=0.5)")
    check_equal(student.ema([]), [], "ema([])")


def test_ema_beta_weights_previous_average(student):
    """ema([4.0, 0.0, 8.0], beta=0.75) is [4.0, 3.0, 4.25]: beta weights the previous average"""
    check_floats(student.ema([4.0, 0.0, 8.0], beta=0.75), [4.0, 3.0, 4.25], "ema([4.0, 0.0, 8.0], beta=0.75)")


def test_ema_keeps_values(student):
    """ema returns a new list and leaves values as they were"""
    values = [6.0, 2.0, 4.0, 1.0]
    what = "ema([6.0, 2.0, 4.0, 1.0], beta=0.5)"
    seen = student.observe("ema", values, 0.5)
    check_equal(seen.args_after[0], values, f"values after {what} (the input list must not change)")
    check_floats(seen.value, [6.0, 4.0, 4.0, 2.5], what)
