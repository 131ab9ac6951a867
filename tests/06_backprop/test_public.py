"""Public tests for lesson 06_backprop (backprop.py): the examples of 刘二大人 Lec4 反向传播.

The notes' data x = [1.0, 2.0, 3.0], y = [1.98, 4.12, 5.95], starting values
w1 = w2 = b = 1.0, learning rate 0.01, 100 epochs, and their autograd loop::

    for epoch in range(100):
        for x, y in zip(x_data, y_data):
            l = loss(x, y)                                # (w1*x*x + w2*x + b - y) ** 2
            l.backward()
            w1.data = w1.data - 0.01 * w1.grad.data       # the same for w2 and b
            w1.grad.data.zero_()                          # the same for w2 and b
        print("progress: ", epoch, l.item())              # history: the last sample's loss

The training tests compute their expected values (helpers.py), with plain Python floats and the
gradients derived by hand on the computational graph (chain rule, r = y_hat - y):
d loss/d w1 = 2*r*x**2, d loss/d w2 = 2*r*x, d loss/d b = 2*r.  Your autograd loop must
follow the same trajectory (float32 and float64 tensors both pass).

linear_grad_chain and quadratic_grads_manual apply the chain rule by hand: the tests call them
with autograd's engine watched and fail when a backward pass ran (``.backward()`` on a tensor,
``torch.autograd.grad``), and refuse the names of torch's differentiation packages.  Your own
classes may have a ``backward()`` method of their own (a hand-built computational graph)."""
import pytest

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_float, check_not_used, check_type

from .helpers import check_grads, check_trained, reference_train

X_DATA = [1.0, 2.0, 3.0]          # the notes' data
Y_DATA = [1.98, 4.12, 5.95]
AUTOGRAD_PACKAGES = {"torch.autograd", "torch.func"}   # automatic differentiation, by any of its names


def check_by_hand(student, student_source, function, args, expected):
    """``function(*args)`` gives ``expected`` without a backward pass of torch's autograd, and
    nothing it reaches names torch.autograd or torch.func."""
    what = f"{function}{args}"
    facts = student.probe("backward_passes", getattr(student, function), *args)
    if isinstance(expected, tuple):
        check_grads(facts["value"], expected, what)
    else:
        check_float(facts["value"], expected, what)
    check(facts["backward_passes"] == 0,
          f"{what} ran autograd's backward pass ({facts['backward_passes']} time(s): .backward() on a tensor or "
          "torch.autograd.grad): apply the chain rule by hand, multiplying the local derivatives")
    check_not_used(student_source, AUTOGRAD_PACKAGES, function, function=function)


def test_linear_grad_chain(student):
    """linear_grad_chain(1.0, 2.0, 1.0) is -2.0 and linear_grad_chain(2.0, 4.0, 1.0) is -8.0"""
    check_float(student.linear_grad_chain(1.0, 2.0, 1.0), -2.0, "linear_grad_chain(1.0, 2.0, 1.0)")
    check_float(student.linear_grad_chain(2.0, 4.0, 1.0), -8.0, "linear_grad_chain(2.0, 4.0, 1.0)")


def test_linear_grad_chain_no_autograd(student, student_source):
    """linear_grad_chain applies the chain rule by hand: no backward pass of autograd, no torch.autograd"""
    check_by_hand(student, student_source, "linear_grad_chain", (3.0, 2.0, 1.5), 15.0)


def test_quadratic_forward(student):
    """quadratic_forward(5.0, 1.0, 1.0, 1.0) is 31.0 (the notes' forward(5) before training)"""
    check_float(student.quadratic_forward(5.0, 1.0, 1.0, 1.0), 31.0, "quadratic_forward(5.0, 1.0, 1.0, 1.0)")


@pytest.mark.points(2)
def test_quadratic_grads_manual(student):
    """quadratic_grads_manual(2.0, 4.12, 1.0, 1.0, 1.0) is (23.04, 11.52, 5.76)"""
    out = student.quadratic_grads_manual(2.0, 4.12, 1.0, 1.0, 1.0)
    check_grads(out, (23.04, 11.52, 5.76), "quadratic_grads_manual(2.0, 4.12, 1.0, 1.0, 1.0)")


def test_quadratic_grads_manual_no_autograd(student, student_source):
    """quadratic_grads_manual is derived by hand: no backward pass of autograd, no torch.autograd"""
    check_by_hand(student, student_source, "quadratic_grads_manual", (3.0, 5.95, 1.0, 1.0, 1.0), (126.9, 42.3, 14.1))


@pytest.mark.points(2)
def test_quadratic_grads_autograd(student):
    """quadratic_grads_autograd(2.0, 4.12, 1.0, 1.0, 1.0) is (23.04, 11.52, 5.76) as Python floats"""
    out = student.quadratic_grads_autograd(2.0, 4.12, 1.0, 1.0, 1.0)
    check_grads(out, (23.04, 11.52, 5.76), "quadratic_grads_autograd(2.0, 4.12, 1.0, 1.0, 1.0)")


def test_quadratic_grads_autograd_second_call(student):
    """quadratic_grads_autograd called twice: the second call's gradients are its own (nothing accumulates)"""
    check_grads(student.quadratic_grads_autograd(1.0, 1.98, 1.0, 1.0, 1.0), (2.04, 2.04, 2.04),
                "quadratic_grads_autograd(1.0, 1.98, 1.0, 1.0, 1.0)")
    check_grads(student.quadratic_grads_autograd(3.0, 5.95, 0.5, -1.0, 2.0), (-44.1, -14.7, -4.9),
                "quadratic_grads_autograd(3.0, 5.95, 0.5, -1.0, 2.0) called after another call")


@pytest.mark.points(3)
def test_train_quadratic_notes(student):
    """train_quadratic on the notes' data (w1 = w2 = b = 1.0, lr 0.01, 100 epochs) follows the reference"""
    out = student.train_quadratic(X_DATA, Y_DATA)
    check_trained(out, reference_train(X_DATA, Y_DATA, 1.0, 1.0, 1.0, 0.01, 100),
                  "train_quadratic([1.0, 2.0, 3.0], [1.98, 4.12, 5.95])")


def test_train_quadratic_loss_goes_down(student):
    """train_quadratic with the notes' lr 0.01: 100 losses, the last below the first"""
    out = student.train_quadratic(X_DATA, Y_DATA, 1.0, 1.0, 1.0, 0.01, 100)
    what = "train_quadratic([1.0, 2.0, 3.0], [1.98, 4.12, 5.95], 1.0, 1.0, 1.0, 0.01, 100)"
    check_type(out, tuple, what)
    check(len(out) == 4, f"{what}: expected a tuple (w1, w2, b, history) of 4 items, got {len(out)}")
    history = out[3]
    check_type(history, list, f"{what}, history")
    check(len(history) == 100, f"{what}: expected a history of 100 losses (one per epoch), got {len(history)}")
    expected = reference_train(X_DATA, Y_DATA, 1.0, 1.0, 1.0, 0.01, 100)[3]
    check_float(history[0], expected[0], f"{what}, history item 0", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_float(history[-1], expected[-1], f"{what}, history item 99", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check(history[-1] < history[0],
          f"{what}: the loss should go down, but the last epoch's loss {history[-1]!r} is not below "
          f"the first's {history[0]!r}")


def test_train_quadratic_given_start(student):
    """train_quadratic starts from the given w1 = 0.0, w2 = 2.0, b = -0.5 (lr 0.01, 10 epochs)"""
    out = student.train_quadratic(X_DATA, Y_DATA, 0.0, 2.0, -0.5, 0.01, 10)
    check_trained(out, reference_train(X_DATA, Y_DATA, 0.0, 2.0, -0.5, 0.01, 10),
                  "train_quadratic([1.0, 2.0, 3.0], [1.98, 4.12, 5.95], 0.0, 2.0, -0.5, 0.01, 10)")
