"""Lesson 04, written from the README: y_hat = x * w, its MSE and an exhaustive search."""
import numpy as np
from matplotlib.figure import Figure


def forward(x, w):
    """The prediction x * w."""
    return x * w


def loss(x, y, w):
    """Squared error of one sample (elementwise for tensors)."""
    y_pred = forward(x, w)
    return (y_pred - y) ** 2


def mse(xs, ys, w) -> float:
    """Mean of the losses over the data set."""
    total = 0.0
    for x, y in zip(xs, ys):
        total += loss(x, y, w)
    return total / len(xs)


def grid_search(xs, ys, ws=None):
    """Try every w, return (best_w, list of MSEs); the first smallest MSE wins."""
    if ws is None:
        ws = np.arange(0.0, 4.1, 0.1)
    mses = []
    best_w = None
    best_mse = None
    for w in ws:
        m = mse(xs, ys, w)
        mses.append(float(m))
        if best_mse is None or m <= best_mse:
            best_mse = m
            best_w = float(w)
    return best_w, mses


def plot_mse(ws, mses) -> Figure:
    """A figure of MSE against w."""
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot(ws, mses)
    ax.set_xlabel("w")
    ax.set_ylabel("MSE")
    return fig


def forward_affine(x, w, b):
    """The model with a bias, x * w + b."""
    return x * w + b


def mse_surface(xs, ys, ws, bs) -> np.ndarray:
    """MSE of x * w + b for every (w, b): shape (len(ws), len(bs))."""
    out = np.zeros((len(ws), len(bs)))
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            errors = [(forward_affine(x, w, b) - y) ** 2 for x, y in zip(xs, ys)]
            out[i, j] = sum(errors) / len(xs)
    return out
