# alternative: numpy vectorised (np.mean returns numpy.float64, argmin, linspace grid, list(array) of numpy.float64, meshgrid indexing='ij'), object-oriented fig/ax from plt.subplots
import numpy as np
import matplotlib.pyplot as plt


def forward(x, w):
    return w * x


def loss(x, y, w):
    return (y - forward(x, w)) ** 2


def mse(xs, ys, w):
    x = np.asarray(xs, dtype=np.float64)
    y = np.asarray(ys, dtype=np.float64)
    return np.mean(loss(x, y, w))


def grid_search(xs, ys, ws=None):
    if ws is None:
        ws = np.linspace(0.0, 4.0, 41)
    ws = np.asarray(ws, dtype=np.float64)
    mses = np.array([mse(xs, ys, w) for w in ws])
    return ws[np.argmin(mses)], list(mses)


def plot_mse(ws, mses):
    fig, ax = plt.subplots()
    ax.plot(np.asarray(ws), np.asarray(mses))
    ax.set(xlabel="w", ylabel="MSE")
    return fig


def forward_affine(x, w, b):
    return b + w * x


def mse_surface(xs, ys, ws, bs):
    W, B = np.meshgrid(np.asarray(ws, dtype=np.float64), np.asarray(bs, dtype=np.float64), indexing="ij")
    x = np.asarray(xs, dtype=np.float64)[:, None, None]
    y = np.asarray(ys, dtype=np.float64)[:, None, None]
    return np.mean((forward_affine(x, W, B) - y) ** 2, axis=0)
