"""Public tests for lesson 04_linear_model (linear_model.py): the worked example of
刘二大人 Lec2 (x = [1, 2, 3], y = [2, 4, 6], w from 0.0 to 4.0 in steps of 0.1)."""
import numpy as np
import pytest
import torch

from grader.checks import (
    check,
    check_array,
    check_float,
    check_floats,
    check_not_used,
    check_tensor,
    check_type,
    method,
    own_methods,
)

from .helpers import check_plot, expected_mse, one_line

XS = [1.0, 2.0, 3.0]
YS = [2.0, 4.0, 6.0]
NOTES_YS = [2.02, 3.98, 6.01]     # the noisy labels of the notes' own code


# ----------------------------------------------------------------------------- forward, loss, mse
def test_forward_floats(student):
    """forward(x, w) = x * w on the notes' inputs with w = 2.0"""
    for x in XS:
        check_float(student.forward(x, 2.0), x * 2.0, f"forward({x}, 2.0)")


def test_forward_tensor(student):
    """forward of a float32 tensor x and w = 3.0 is the float32 tensor x * w"""
    x = torch.tensor(XS)
    check_tensor(student.forward(x, 3.0), x * 3.0, "forward(tensor([1., 2., 3.]), 3.0)")


def test_loss_floats(student):
    """loss(x, y, w) is the squared error (x * w - y) ** 2 of one sample"""
    for x, y in zip(XS, YS):
        check_float(student.loss(x, y, 3.0), (x * 3.0 - y) ** 2, f"loss({x}, {y}, 3.0)")
    check_float(student.loss(2.0, 4.0, 1.0), 4.0, "loss(2.0, 4.0, 1.0) (prediction below the label)")


def test_loss_tensor(student):
    """loss of float32 tensors x, y and w = 3.0 is the per-sample tensor (x * w - y) ** 2"""
    x, y = torch.tensor(XS), torch.tensor(YS)
    check_tensor(student.loss(x, y, 3.0), (x * 3.0 - y) ** 2, "loss(tensor([1., 2., 3.]), tensor([2., 4., 6.]), 3.0)")


@pytest.mark.points(2)
def test_mse(student):
    """mse of the notes' data for w = 0, 1, 2, 3, 4 is 14/3 * (w - 2) ** 2, a float"""
    for w in (0.0, 1.0, 2.0, 3.0, 4.0):
        check_float(student.mse(XS, YS, w), expected_mse(XS, YS, w), f"mse({XS}, {YS}, {w})")


def test_mse_four_samples(student):
    """mse divides by len(xs): 4 samples, w = 1.5, not the notes' 3"""
    xs, ys = [0.5, 1.0, 2.5, 4.0], [1.0, 3.0, 4.0, 5.0]
    check_float(student.mse(xs, ys, 1.5), expected_mse(xs, ys, 1.5), f"mse({xs}, {ys}, 1.5)")


# ----------------------------------------------------------------------------- grid_search
@pytest.mark.points(2)
def test_grid_search_default(student):
    """grid_search(xs, ys) tries w = 0.0, 0.1, ..., 4.0 (41 values): best w = 2.0 with MSE 0"""
    out = student.grid_search(XS, YS)
    check_type(out, tuple, f"grid_search({XS}, {YS})")
    check(len(out) == 2, f"grid_search({XS}, {YS}): expected a tuple (best_w, mses), got {len(out)} items")
    best_w, mses = out
    ws = np.arange(0.0, 4.1, 0.1)
    check_float(best_w, 2.0, f"grid_search({XS}, {YS}), best w")
    check_floats(mses, [expected_mse(XS, YS, w) for w in ws], f"grid_search({XS}, {YS}), the list of MSEs")
    check_float(mses[20], 0.0, f"grid_search({XS}, {YS}), the MSE of w = 2.0")


def test_grid_search_notes_labels(student):
    """grid_search on the notes' noisy labels y = [2.02, 3.98, 6.01] still finds w = 2.0"""
    best_w, mses = student.grid_search(XS, NOTES_YS)
    check_float(best_w, 2.0, f"grid_search({XS}, {NOTES_YS}), best w")
    check_floats(mses, [expected_mse(XS, NOTES_YS, w) for w in np.arange(0.0, 4.1, 0.1)],
                 f"grid_search({XS}, {NOTES_YS}), the list of MSEs")


def test_grid_search_tie(student):
    """grid_search with ws = [-1.0, 1.0] and y = 0: both MSEs are equal, the first (-1.0) wins"""
    ys = [0.0, 0.0, 0.0]
    best_w, mses = student.grid_search(XS, ys, [-1.0, 1.0])
    check_float(best_w, -1.0, f"grid_search({XS}, {ys}, [-1.0, 1.0]), best w (ties: the first)")
    check_floats(mses, [14 / 3, 14 / 3], f"grid_search({XS}, {ys}, [-1.0, 1.0]), the list of MSEs")


def test_grid_search_unsorted(student):
    """grid_search with an unsorted ws = [3.5, 0.5, 2.25, 1.5]: the MSEs in the order of ws"""
    ws = [3.5, 0.5, 2.25, 1.5]
    best_w, mses = student.grid_search(XS, YS, ws)
    what = f"grid_search({XS}, {YS}, {ws})"
    check_float(best_w, 2.25, f"{what}, best w")
    check_floats(mses, [expected_mse(XS, YS, w) for w in ws], f"{what}, the list of MSEs (in the order of ws)")


# ----------------------------------------------------------------------------- plot_mse
@pytest.mark.points(2)
def test_plot_mse(student):
    """plot_mse draws one line (x = ws, y = mses) labelled w and MSE"""
    ws = [float(w) for w in np.arange(0.0, 4.1, 0.1)]
    check_plot(student, ws, [expected_mse(XS, YS, w) for w in ws], "plot_mse(ws, mses) of the notes' data")


def test_plot_mse_no_show(student, student_source):
    """plot_mse returns the figure and does not call plt.show()"""
    one_line(student, student.plot_mse([0.0, 1.0, 2.0], [4.0, 1.0, 0.0]), "plot_mse([0.0, 1.0, 2.0], [4.0, 1.0, 0.0])")
    own = own_methods(student_source, "plot_mse")   # a show() of the student's own class is theirs to call
    shows = {"matplotlib.pyplot.show"} | (set() if "show" in own else {method("show")})
    check_not_used(student_source, shows, "plot_mse", function="plot_mse")


# ----------------------------------------------------------------------------- homework
def test_forward_affine(student):
    """forward_affine(x, w, b) = x * w + b"""
    for x in XS:
        check_float(student.forward_affine(x, 2.0, 1.0), x * 2.0 + 1.0, f"forward_affine({x}, 2.0, 1.0)")


@pytest.mark.points(2)
def test_mse_surface(student):
    """mse_surface(xs, ys, ws, bs) has one row per w and one column per b: shape (3, 2)"""
    ws, bs = [1.0, 2.0, 3.0], [0.0, 1.0]
    out = student.mse_surface(XS, YS, ws, bs)
    what = f"mse_surface({XS}, {YS}, {ws}, {bs})"
    check_type(out, np.ndarray, what)
    check(out.shape == (3, 2), f"{what}: expected shape (len(ws), len(bs)) = (3, 2), got {out.shape}")
    check(np.issubdtype(out.dtype, np.floating), f"{what}: expected a float array, got dtype {out.dtype}")
    expected = np.array([[expected_mse(XS, YS, w, b) for b in bs] for w in ws])
    check_array(out, expected, what, check_dtype=False)


def test_mse_surface_two_samples(student):
    """mse_surface divides by len(xs): 2 samples, 2 weights and 3 biases"""
    xs, ys, ws, bs = [1.0, 3.0], [0.5, 2.5], [0.5, 1.5], [-1.0, 0.0, 2.0]
    out = student.mse_surface(xs, ys, ws, bs)
    what = f"mse_surface({xs}, {ys}, {ws}, {bs})"
    check_type(out, np.ndarray, what)
    expected = np.array([[expected_mse(xs, ys, w, b) for b in bs] for w in ws])
    check_array(out, expected, what, check_dtype=False)
