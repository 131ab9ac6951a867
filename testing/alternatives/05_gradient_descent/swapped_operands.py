# alternative: commutative operands swapped ((y - w * x) ** 2, (w * x - y) * x * 2, -lr * grad + w, (1 - beta) * v + s * beta), sum()/comprehensions, minibatch by index lists, sgd loss kept from the previous step via enumerate
"""Lesson 05: gradient descent with the operands the other way round."""


def cost(xs, ys, w):
    return sum([(y - w * x) ** 2 for x, y in zip(xs, ys)]) / len(ys)


def gradient(xs, ys, w):
    return sum((w * x - y) * x * 2 for y, x in zip(ys, xs)) * (1 / len(xs))


def sgd_gradient(x, y, w):
    return -2 * x * (y - w * x)


def gd_step(w, grad, lr):
    return -lr * grad + w


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    history = [0.0] * epochs
    w = w0
    epoch = 0
    while epoch < epochs:
        history[epoch] = cost(xs, ys, w)
        w = gd_step(w, gradient(xs, ys, w), lr)
        epoch += 1
    return w, history


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    w = w0
    history = []
    n = len(xs)
    for _ in range(epochs):
        for i in range(n):
            if i == n - 1:
                history.append((ys[i] - w * xs[i]) ** 2)
            w = gd_step(w, sgd_gradient(xs[i], ys[i], w), lr)
    return w, history


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    n = len(xs)
    batches = [list(range(n))[i:i + batch_size] for i in range(0, n, batch_size)]
    w = w0
    history = []
    for _ in range(epochs):
        history += [cost(xs, ys, w)]
        for idx in batches:
            g = sum(sgd_gradient(xs[i], ys[i], w) for i in idx) / len(idx)
            w = gd_step(w, g, lr)
    return w, history


def ema(values, beta=0.9):
    out = []
    for t, v in enumerate(values):
        out.append(v if t == 0 else (1 - beta) * v + out[t - 1] * beta)
    return out
