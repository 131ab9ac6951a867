"""Hidden tests for lesson 06_backprop (backprop.py): other values, data, starting points,
learning rates and epochs than the public tests, and the common mistakes of Lec4: wrong
local derivatives (x instead of x**2, a missing factor 2, the sign), gradients that are
never (or only partly) zeroed, the leaf rebound by ``w = w - lr * w.grad``, tensors in the
results, the loss recorded after the update or summed over the epoch.  (Autograd used
where the chain rule must be written out is a rule, checked by the public tests.)

Training is graded by its trajectory: the expected weights and history are computed with
plain Python floats and the hand-derived gradients (../helpers.py), and compared with the
training tolerances (float32 and float64 tensors both pass on these data)."""
import pytest

from grader.checks import check, check_float, check_floats, check_type

from ..helpers import check_grads, check_trained, reference_train

# (x, y, w1, w2, b, (dw1, dw2, db)) worked out by hand: r = w1*x**2 + w2*x + b - y
GRAD_CASES = [
    (-1.5, 0.7, 0.8, -0.3, 0.25, (8.1, -5.4, 3.6)),             # r = 1.8
    (0.5, 3.0, 2.0, 1.5, -0.5, (-1.125, -2.25, -4.5)),          # r = -2.25
    (3.0, -2.0, -0.5, 0.25, 1.0, (-13.5, -4.5, -1.5)),          # r = -0.75
    (0.0, 1.0, 3.0, -2.0, 0.5, (0.0, 0.0, -1.0)),               # x = 0: only b moves
]


# ----------------------------------------------------------------------------- linear_grad_chain
@pytest.mark.points(2)
def test_linear_grad_chain_values(student):
    """linear_grad_chain is 2 * x * (x * w - y) for positive, negative and zero gradients"""
    for x, y, w in ((3.0, 2.0, 1.5), (-2.0, 1.0, 0.5), (0.5, -1.0, 2.0), (2.5, 7.0, 0.4), (-1.25, 0.5, -3.0)):
        check_float(student.linear_grad_chain(x, y, w), 2 * x * (x * w - y), f"linear_grad_chain({x}, {y}, {w})")


def test_linear_grad_chain_at_the_fit(student):
    """linear_grad_chain is 0.0 where x * w == y (the loss is at its minimum)"""
    for x, y, w in ((1.5, 3.0, 2.0), (-4.0, 2.0, -0.5)):
        check_float(student.linear_grad_chain(x, y, w), 0.0, f"linear_grad_chain({x}, {y}, {w})")


# ----------------------------------------------------------------------------- quadratic_forward
def test_quadratic_forward_values(student):
    """quadratic_forward is w1 * x**2 + w2 * x + b for negative, fractional and zero x"""
    for x, w1, w2, b in ((-2.0, 0.5, 3.0, -1.0), (0.25, -4.0, 2.0, 0.75), (0.0, 9.0, -9.0, 1.5),
                         (1.5, 1.0, 0.0, 0.0), (-0.5, 0.0, 1.0, 2.0)):
        check_float(student.quadratic_forward(x, w1, w2, b), w1 * x ** 2 + w2 * x + b,
                    f"quadratic_forward({x}, {w1}, {w2}, {b})")


# ----------------------------------------------------------------------------- quadratic_grads_manual
@pytest.mark.points(3)
def test_quadratic_grads_manual_values(student):
    """quadratic_grads_manual is (2*r*x**2, 2*r*x, 2*r) with r = y_hat - y, for several samples"""
    for x, y, w1, w2, b, expected in GRAD_CASES:
        check_grads(student.quadratic_grads_manual(x, y, w1, w2, b), expected,
                    f"quadratic_grads_manual({x}, {y}, {w1}, {w2}, {b})")


def test_quadratic_grads_manual_at_the_fit(student):
    """quadratic_grads_manual is (0.0, 0.0, 0.0) where the prediction equals y"""
    check_grads(student.quadratic_grads_manual(2.0, 7.0, 1.0, 1.0, 1.0), (0.0, 0.0, 0.0),
                "quadratic_grads_manual(2.0, 7.0, 1.0, 1.0, 1.0)")


# ----------------------------------------------------------------------------- quadratic_grads_autograd
@pytest.mark.points(3)
def test_quadratic_grads_autograd_values(student):
    """quadratic_grads_autograd gives the hand-derived gradients as Python floats, for several samples"""
    for x, y, w1, w2, b, expected in GRAD_CASES:
        check_grads(student.quadratic_grads_autograd(x, y, w1, w2, b), expected,
                    f"quadratic_grads_autograd({x}, {y}, {w1}, {w2}, {b})")


def test_quadratic_grads_autograd_fresh_each_call(student):
    """quadratic_grads_autograd called twice with the same sample gives the same gradients (nothing accumulates)"""
    what = "quadratic_grads_autograd(-1.5, 0.7, 0.8, -0.3, 0.25)"
    check_grads(student.quadratic_grads_autograd(-1.5, 0.7, 0.8, -0.3, 0.25), (8.1, -5.4, 3.6), what)
    check_grads(student.quadratic_grads_autograd(-1.5, 0.7, 0.8, -0.3, 0.25), (8.1, -5.4, 3.6),
                f"{what} called a second time")


# ----------------------------------------------------------------------------- train_quadratic
TRAIN_A = ([-1.5, 0.5, 2.5, 1.0, -0.5], [2.45, 0.55, 8.35, 1.62, 0.3])
TRAIN_D = ([0.5, -2.0, 1.5, 3.0], [1.0, 5.5, 2.5, 12.0])


@pytest.mark.points(3)
def test_train_quadratic_five_samples(student):
    """train_quadratic on 5 samples from (0.5, -0.5, 0.0), lr 0.02, 60 epochs follows the reference"""
    xs, ys = TRAIN_A
    out = student.train_quadratic(xs, ys, w1=0.5, w2=-0.5, b=0.0, lr=0.02, epochs=60)
    check_trained(out, reference_train(xs, ys, 0.5, -0.5, 0.0, 0.02, 60),
                  f"train_quadratic({xs}, {ys}, w1=0.5, w2=-0.5, b=0.0, lr=0.02, epochs=60)")


@pytest.mark.points(2)
def test_train_quadratic_four_samples(student):
    """train_quadratic on 4 samples from (-1.0, 2.0, 0.5), lr 0.01, 150 epochs follows the reference"""
    xs, ys = TRAIN_D
    out = student.train_quadratic(xs, ys, -1.0, 2.0, 0.5, 0.01, 150)
    check_trained(out, reference_train(xs, ys, -1.0, 2.0, 0.5, 0.01, 150),
                  f"train_quadratic({xs}, {ys}, -1.0, 2.0, 0.5, 0.01, 150)")


def test_train_quadratic_one_sample(student):
    """train_quadratic on one sample from zeros, lr 0.05, 20 epochs: the loss before each update"""
    out = student.train_quadratic([1.5], [2.0], w1=0.0, w2=0.0, b=0.0, lr=0.05, epochs=20)
    check_trained(out, reference_train([1.5], [2.0], 0.0, 0.0, 0.0, 0.05, 20),
                  "train_quadratic([1.5], [2.0], w1=0.0, w2=0.0, b=0.0, lr=0.05, epochs=20)")


def test_train_quadratic_defaults_other_epochs(student):
    """train_quadratic on the notes' data with lr 0.005 and 37 epochs (default starting values)"""
    xs, ys = [1.0, 2.0, 3.0], [1.98, 4.12, 5.95]
    out = student.train_quadratic(xs, ys, lr=0.005, epochs=37)
    check_trained(out, reference_train(xs, ys, 1.0, 1.0, 1.0, 0.005, 37),
                  "train_quadratic([1.0, 2.0, 3.0], [1.98, 4.12, 5.95], lr=0.005, epochs=37)")


def test_train_quadratic_returns_floats(student):
    """train_quadratic returns Python floats: trained w1, w2, b and every history item (no tensors)"""
    xs, ys = TRAIN_D
    what = f"train_quadratic({xs}, {ys}, epochs=5)"
    out = student.train_quadratic(xs, ys, epochs=5)
    check_type(out, tuple, what)
    check(len(out) == 4, f"{what}: expected a tuple (w1, w2, b, history) of 4 items, got {len(out)}")
    for name, value in zip(("w1", "w2", "b"), out[:3]):
        check(isinstance(value, float),
              f"{what}: the trained {name} must be a Python float (use .item()), got {type(value).__name__}")
    check_type(out[3], list, f"{what}, history")
    for i, value in enumerate(out[3]):
        check(isinstance(value, float),
              f"{what}: history item {i} must be a Python float (l.item()), got {type(value).__name__}; "
              "a tensor in the history keeps its computational graph alive")


def test_train_quadratic_inputs_unchanged(student):
    """train_quadratic does not modify xs or ys"""
    xs, ys = list(TRAIN_A[0]), list(TRAIN_A[1])
    seen = student.observe("train_quadratic", xs, ys, lr=0.02, epochs=3)
    check_floats(seen.args_after[0], TRAIN_A[0], "xs after train_quadratic(xs, ys, lr=0.02, epochs=3)", rtol=0, atol=0)
    check_floats(seen.args_after[1], TRAIN_A[1], "ys after train_quadratic(xs, ys, lr=0.02, epochs=3)", rtol=0, atol=0)
