# alternative: float32 numpy arithmetic throughout (np.float32 data and weight), converted with float() only at the end
"""Lesson 05: gradient descent in float32."""
import numpy as np

F = np.float32


def cost(xs, ys, w):
    x, y = np.array(xs, dtype=F), np.array(ys, dtype=F)
    return float(np.mean((x * F(w) - y) ** 2))


def gradient(xs, ys, w):
    x, y = np.array(xs, dtype=F), np.array(ys, dtype=F)
    return float(np.mean(F(2) * x * (x * F(w) - y)))


def sgd_gradient(x, y, w):
    return float(F(2) * F(x) * (F(x) * F(w) - F(y)))


def gd_step(w, grad, lr):
    return float(F(w) - F(lr) * F(grad))


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    x, y = np.array(xs, dtype=F), np.array(ys, dtype=F)
    w, lr = F(w0), F(lr)
    history = []
    for _ in range(epochs):
        r = x * w - y
        history.append(np.mean(r * r))
        w = w - lr * np.mean(F(2) * x * r)
    return float(w), [float(c) for c in history]


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    x, y = np.array(xs, dtype=F), np.array(ys, dtype=F)
    w, lr = F(w0), F(lr)
    history = []
    for _ in range(epochs):
        for i in range(len(x)):
            r = x[i] * w - y[i]
            last = r * r
            w = w - lr * F(2) * x[i] * r
        history.append(float(last))
    return float(w), history


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    x, y = np.array(xs, dtype=F), np.array(ys, dtype=F)
    w, lr = F(w0), F(lr)
    history = []
    for _ in range(epochs):
        history.append(float(np.mean((x * w - y) ** 2)))
        for s in range(0, len(x), batch_size):
            bx, by = x[s:s + batch_size], y[s:s + batch_size]
            w = w - lr * np.mean(F(2) * bx * (bx * w - by))
    return float(w), history


def ema(values, beta=0.9):
    out = []
    s = None
    b = F(beta)
    for v in np.array(values, dtype=F):
        s = v if s is None else b * s + (F(1) - b) * v
        out.append(float(s))
    return out
