"""What lesson 06's public and hidden tests share (shipped with the public tests): the
reference training loop, written with the hand-derived gradients, and the checks of a
gradient triple and of a training result."""
from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_float, check_floats, check_type


def reference_train(xs, ys, w1, w2, b, lr, epochs):
    """SGD on y_hat = w1*x**2 + w2*x + b with the hand-derived gradients, one sample at a
    time; per epoch, the last sample's loss before its update."""
    history = []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            r = w1 * x ** 2 + w2 * x + b - y           # residual y_hat - y
            loss = r ** 2
            w1, w2, b = w1 - lr * 2 * r * x ** 2, w2 - lr * 2 * r * x, b - lr * 2 * r
        history.append(loss)
    return w1, w2, b, history


def check_grads(out, expected, what):
    """A tuple (dw1, dw2, db) of the expected values."""
    check_type(out, tuple, what)
    check(len(out) == 3, f"{what}: expected a tuple of 3 floats (dw1, dw2, db), got {len(out)} items")
    for name, got, want in zip(("dw1", "dw2", "db"), out, expected):
        check_float(got, want, f"{what}, item {name}")


def check_trained(out, expected, what):
    """A tuple (w1, w2, b, history) on the expected trajectory, within the training tolerances."""
    check_type(out, tuple, what)
    check(len(out) == 4, f"{what}: expected a tuple (w1, w2, b, history) of 4 items, got {len(out)}")
    for name, got, want in zip(("w1", "w2", "b"), out[:3], expected[:3]):
        check_float(got, want, f"{what}, trained {name}", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_floats(out[3], expected[3], f"{what}, history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
