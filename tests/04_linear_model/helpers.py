"""What lesson 04's public and hidden tests share (shipped with the public tests): the
expected MSE, and the checks of the figure ``plot_mse`` returns."""
import numpy as np
import torch

from grader.checks import check, check_array


def expected_mse(xs, ys, w, b=0.0):
    """The mean of (x * w + b - y) ** 2, the lesson's MSE, computed the plain way."""
    return sum((x * w + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def one_line(student, fig, what):
    """The one line of a figure (a remote object) and the Axes that holds it."""
    type_name = student.probe("type_name", fig)
    check(type_name.endswith("Figure"), f"{what}: expected a matplotlib.figure.Figure, got a {type_name}")
    found = [(ax, line) for ax in fig.axes for line in ax.get_lines()]
    check(len(found) == 1, f"{what}: expected exactly one line in the figure, found {len(found)}")
    return found[0]


def as_floats(data):
    """A line's data (a list, an array or a tensor) as a float64 array."""
    return np.asarray(data.detach().cpu() if isinstance(data, torch.Tensor) else data, dtype=np.float64)


def check_plot(student, ws, mses, what):
    """``plot_mse(ws, mses)`` draws one line of ws against mses, labelled 'w' and 'MSE'."""
    ax, line = one_line(student, student.plot_mse(ws, mses), what)
    xdata, ydata = as_floats(line.get_xdata()), as_floats(line.get_ydata())
    check_array(xdata, np.asarray(ws, dtype=np.float64), f"{what}: the line's x data (must be ws)")
    check_array(ydata, np.asarray(mses, dtype=np.float64), f"{what}: the line's y data (must be mses)")
    xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
    check(xlabel == "w", f"{what}: expected the x label 'w', got {xlabel!r}")
    check(ylabel == "MSE", f"{what}: expected the y label 'MSE', got {ylabel!r}")
