"""Lesson 05, written from the README: gradient descent, SGD, mini-batches and an EMA."""


def cost(xs, ys, w):
    """Mean squared error of x * w over the samples."""
    total = 0.0
    for x, y in zip(xs, ys):
        total += (x * w - y) ** 2
    return total / len(xs)


def gradient(xs, ys, w):
    """d cost / d w: the mean of 2 * x * (x * w - y)."""
    total = 0.0
    for x, y in zip(xs, ys):
        total += 2 * x * (x * w - y)
    return total / len(xs)


def sgd_gradient(x, y, w):
    """Gradient of one sample's loss."""
    return 2 * x * (x * w - y)


def gd_step(w, grad, lr):
    """One update against the gradient."""
    return w - lr * grad


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    """Full-batch gradient descent; history holds the cost before each update."""
    w = w0
    history = []
    for _ in range(epochs):
        history.append(cost(xs, ys, w))
        w = gd_step(w, gradient(xs, ys, w), lr)
    return w, history


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    """One update per sample, in order; history holds each epoch's last loss before its update."""
    w = w0
    history = []
    for _ in range(epochs):
        last_loss = None
        for x, y in zip(xs, ys):
            w = gd_step(w, sgd_gradient(x, y, w), lr)
            last_loss = (x * w - y) ** 2
        history.append(last_loss)
    return w, history


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    """One update per batch with the batch's mean gradient; history holds the full cost per epoch."""
    w = w0
    history = []
    for _ in range(epochs):
        history.append(cost(xs, ys, w))
        for start in range(0, len(xs), batch_size):
            bx = xs[start:start + batch_size]
            by = ys[start:start + batch_size]
            w = gd_step(w, gradient(bx, by, w), lr)
    return w, history


def ema(values, beta=0.9):
    """Exponentially weighted average; beta weighs the previous average."""
    smoothed = []
    for v in values:
        if not smoothed:
            smoothed.append(v)
        else:
            smoothed.append(beta * smoothed[-1] + (1 - beta) * v)
    return smoothed
