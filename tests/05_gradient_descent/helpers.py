"""What lesson 05's public and hidden tests share (shipped with the public tests): the
reference formulas (the ones the README states, written out once) and the check of a
training result."""
from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_float, check_floats, check_type


def ref_cost(xs, ys, w):
    """The cost: the mean of (x * w - y) ** 2."""
    return sum((x * w - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def ref_gradient(xs, ys, w):
    """The cost's gradient in w: the mean of 2 * x * (x * w - y)."""
    return sum(2 * x * (x * w - y) for x, y in zip(xs, ys)) / len(xs)


def ref_gd(xs, ys, w0, lr, epochs):
    """Gradient descent: (final w, the cost before each epoch's step)."""
    w, history = w0, []
    for _ in range(epochs):
        history.append(ref_cost(xs, ys, w))
        w = w - lr * ref_gradient(xs, ys, w)
    return w, history


def ref_sgd(xs, ys, w0, lr, epochs):
    """SGD, one sample at a time in order: (final w, each epoch's last sample loss before its step)."""
    w, history = w0, []
    for _ in range(epochs):
        for x, y in zip(xs, ys):
            last_loss = (x * w - y) ** 2
            w = w - lr * 2 * x * (x * w - y)
        history.append(last_loss)
    return w, history


def ref_minibatch(xs, ys, w0, lr, epochs, batch_size):
    """Mini-batch GD, batches in order (the last may be short): (final w, the cost before each epoch)."""
    w, history = w0, []
    for _ in range(epochs):
        history.append(ref_cost(xs, ys, w))
        for start in range(0, len(xs), batch_size):
            w = w - lr * ref_gradient(xs[start:start + batch_size], ys[start:start + batch_size], w)
    return w, history


def check_training(out, expected, what):
    """``out`` is ``(w, history)`` close to the reference ``expected`` (w, history)."""
    check_type(out, tuple, what)
    check(len(out) == 2, f"{what}: expected a tuple (w, history), got {len(out)} items")
    check_floats(out[1], expected[1], f"{what} history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_float(out[0], expected[0], f"{what} final w", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
