# alternative: numpy vectorised (np.mean, array slicing), results and histories of numpy.float64, ema with np.empty_like + list(...)
"""Lesson 05: gradient descent with numpy arrays."""
import numpy as np


def cost(xs, ys, w):
    x, y = np.asarray(xs), np.asarray(ys)
    return np.mean((x * w - y) ** 2)


def gradient(xs, ys, w):
    x, y = np.asarray(xs), np.asarray(ys)
    return np.mean(2 * x * (x * w - y))


def sgd_gradient(x, y, w):
    return np.float64(2 * x * (x * w - y))


def gd_step(w, grad, lr):
    return np.float64(w) - lr * grad


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    x, y = np.array(xs), np.array(ys)
    w = np.float64(w0)
    history = []
    for _ in range(epochs):
        residual = x * w - y
        history.append(np.mean(residual ** 2))
        w = w - lr * np.mean(2 * x * residual)
    return w, history


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    x, y = np.array(xs), np.array(ys)
    w = np.float64(w0)
    history = []
    for _ in range(epochs):
        for xi, yi in zip(x, y):
            last = (xi * w - yi) ** 2
            w = w - lr * 2 * xi * (xi * w - yi)
        history.append(last)
    return w, history


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    x, y = np.array(xs), np.array(ys)
    starts = np.arange(0, len(x), batch_size)
    w = np.float64(w0)
    history = []
    for _ in range(epochs):
        history.append(np.mean((x * w - y) ** 2))
        for s in starts:
            bx, by = x[s:s + batch_size], y[s:s + batch_size]
            w = w - lr * np.mean(2 * bx * (bx * w - by))
    return w, history


def ema(values, beta=0.9):
    v = np.asarray(values, dtype=np.float64)
    s = np.empty_like(v)
    for t in range(len(v)):
        s[t] = v[0] if t == 0 else beta * s[t - 1] + (1 - beta) * v[t]
    return list(s)
