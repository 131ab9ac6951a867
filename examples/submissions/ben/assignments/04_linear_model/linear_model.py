"""Lesson 04: the linear model (线性模型) ``y_hat = x * w`` and exhaustive search (穷举法).

Course notes: 刘二大人《PyTorch深度学习实践》Lec2 线性模型 — the data set x = [1, 2, 3],
the model ``forward(x) = x * w``, the squared-error loss (损失), the mean square error
(平均平方误差, MSE), and trying every ``w`` in ``np.arange(0.0, 4.1, 0.1)`` to find the
one with the smallest MSE; homework: the model ``x * w + b`` and its MSE surface.

``xs, ys`` are equal-length lists of Python floats (at least one sample); ``x``, ``y``,
``w``, ``b`` are Python floats.  ``forward`` and ``loss`` also take tensors.  A result
stated as ``float`` may be a Python float or a subclass of it (``numpy.float64``), never
a tensor or an array.  No function modifies its inputs or prints anything it must return.
"""
import numpy as np
from matplotlib.figure import Figure


def forward(x, w):
    """The linear model (线性模型) without bias: the prediction ``y_hat = x * w``.

    Inputs:
    - x: a Python float, or a tensor of any shape
    - w: the weight (权重), a Python float or a tensor

    Returns ``x * w``: a float for floats; for tensors a tensor of the input's dtype and
    device (with broadcasting, 广播).

    >>> forward(3.0, 2.0)
    6.0
    """
    ### BEGIN SOLUTION
    return x * w
    ### END SOLUTION


def loss(x, y, w):
    """The loss (损失) of one sample: the squared error ``(forward(x, w) - y) ** 2``.

    Inputs:
    - x, y: one sample and its label (Python floats), or tensors of the same shape
      (then the loss is computed elementwise, one value per sample)
    - w: the weight, a Python float (or a tensor)

    Returns a float for floats; for tensors a tensor of the input's dtype and device.

    >>> loss(2.0, 4.0, 3.0)      # (2 * 3 - 4) ** 2
    4.0
    """
    ### BEGIN SOLUTION
    y_pred = forward(x, w)
    return (y_pred - y) ** 2
    ### END SOLUTION


def mse(xs, ys, w) -> float:
    l_sum = 0.0
    for x, y in zip(xs, ys):
        l_sum += loss(x, y, w)
    return float(l_sum)
    ### END SOLUTION


def grid_search(xs, ys, ws=None) -> tuple[float, list[float]]:
    """Exhaustive search (穷举法): the MSE of every candidate weight in ``ws``.

    Inputs:
    - xs, ys: equal-length lists of Python floats
    - ws: the candidate weights, a list or a 1-D numpy array of floats; ``None`` means
      ``numpy.arange(0.0, 4.1, 0.1)``, the 41 values 0.0, 0.1, ..., 4.0 of the notes

    Returns ``(best_w, mses)``:
    - best_w: the candidate with the smallest MSE (a float); when several candidates
      share the smallest MSE, the first of them in ``ws`` order
    - mses: a ``list`` of floats, ``mses[i] = mse(xs, ys, ws[i])``, in ``ws`` order

    >>> best_w, mses = grid_search([1.0, 2.0, 3.0], [2.0, 4.0, 6.0])
    >>> best_w, len(mses)
    (2.0, 41)
    """
    ### BEGIN SOLUTION
    if ws is None:
        ws = np.arange(0.0, 4.1, 0.1)
    best_w, best_mse = None, None
    mses = []
    for w in ws:
        m = mse(xs, ys, w)
        mses.append(m)
        if best_mse is None or m < best_mse:
            best_w, best_mse = float(w), m
    return best_w, mses
    ### END SOLUTION


def plot_mse(ws, mses) -> Figure:
    """The MSE curve of the search: a ``matplotlib.figure.Figure`` with one line,
    x = ``ws`` and y = ``mses``, x label ``w`` and y label ``MSE``.

    Inputs:
    - ws: the candidate weights (list or 1-D numpy array)
    - mses: their MSEs, as ``grid_search`` returns them (same length as ``ws``)

    Returns the figure.  Do not call ``plt.show()`` (checked): the caller decides
    whether to show it or save it (``fig.savefig("mse.png")``).
    """
    ### BEGIN SOLUTION
    fig = Figure()
    ax = fig.subplots()
    ax.plot(ws, mses)
    ax.set_xlabel("w")
    ax.set_ylabel("MSE")
    return fig
    ### END SOLUTION


def forward_affine(x, w, b):
    """Homework: the linear model with a bias (偏置) ``b``: ``y_hat = x * w + b``.

    Inputs: x, w, b Python floats.  Returns a float.

    >>> forward_affine(2.0, 3.0, 1.0)
    7.0
    """
    ### BEGIN SOLUTION
    return x * w + b
    ### END SOLUTION


def mse_surface(xs, ys, ws, bs) -> np.ndarray:
    """Homework: the MSE of the model ``x * w + b`` for every pair ``(w, b)``.

    Inputs:
    - xs, ys: equal-length lists of N >= 1 Python floats
    - ws: K candidate weights; bs: M candidate biases (lists or 1-D numpy arrays)

    Returns a float ``numpy.ndarray`` of shape ``(K, M)`` with

        out[i, j] = (1 / N) * sum over n of (xs[n] * ws[i] + bs[j] - ys[n]) ** 2

    (row i is the weight ``ws[i]``, column j the bias ``bs[j]``).  Note that
    ``np.meshgrid(ws, bs)`` has shape ``(M, K)`` unless you pass ``indexing="ij"``.
    """
    ### BEGIN SOLUTION
    out = np.empty((len(ws), len(bs)), dtype=np.float64)
    for i, w in enumerate(ws):
        for j, b in enumerate(bs):
            l_sum = 0.0
            for x, y in zip(xs, ys):
                l_sum += (forward_affine(x, w, b) - y) ** 2
            out[i, j] = l_sum / len(xs)
    return out
    ### END SOLUTION
