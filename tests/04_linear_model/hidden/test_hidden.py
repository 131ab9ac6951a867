"""Hidden tests for lesson 04_linear_model (linear_model.py): other data, sizes, dtypes and
devices than the public tests, and the common mistakes of Lec2 (a sum instead of a mean, a
loss that is not squared, x + w, the last of tied candidates, an index or an MSE instead
of the best w, a grid that stops at 3.9, an array instead of a list, swapped plot labels,
a transposed MSE surface, a bias left out, a tensor instead of a float)."""
import numpy as np
import pytest
import torch

from grader.checks import check, check_array, check_float, check_floats, check_tensor, check_type

from ..helpers import check_plot, expected_mse

DEFAULT_WS = np.arange(0.0, 4.1, 0.1)


def floats(n, rng, scale=1.0, shift=0.0):
    """n Python floats drawn from the test's generator."""
    return [float(v) * scale + shift for v in torch.randn(n, generator=rng, dtype=torch.float64)]


def check_search(out, xs, ys, ws, best, what):
    check_type(out, tuple, what)
    check(len(out) == 2, f"{what}: expected a tuple (best_w, mses), got {len(out)} items")
    best_w, mses = out
    check_float(best_w, best, f"{what}, best w")
    check_floats(mses, [expected_mse(xs, ys, w) for w in ws], f"{what}, the list of MSEs")


def check_surface(out, xs, ys, ws, bs, what):
    check_type(out, np.ndarray, what)
    shape = (len(ws), len(bs))
    check(out.shape == shape, f"{what}: expected shape (len(ws), len(bs)) = {shape}, got {out.shape}")
    check(np.issubdtype(out.dtype, np.floating), f"{what}: expected a float array, got dtype {out.dtype}")
    expected = np.array([[expected_mse(xs, ys, w, b) for b in bs] for w in ws], dtype=np.float64)
    check_array(out, expected, what, check_dtype=False)


# ----------------------------------------------------------------------------- forward
def test_forward_floats_signs(student):
    """forward multiplies: negative, zero and fractional x and w"""
    for x, w in ((-1.5, 2.0), (0.0, 3.7), (2.5, -0.4), (4.0, 0.0), (0.3, 0.1)):
        check_float(student.forward(x, w), x * w, f"forward({x}, {w})")


def test_forward_tensor_float64_2d(student, rng):
    """forward of a float64 (2, 3) tensor and w = -1.25 keeps shape and float64"""
    x = torch.randn(2, 3, generator=rng, dtype=torch.float64)
    check_tensor(student.forward(x, -1.25), x * -1.25, "forward(x float64 (2, 3), -1.25)")
    _forward_on(student, rng, "cpu")


def test_forward_tensor_weight(student, rng):
    """forward of a float32 tensor x and a 1-element tensor w (requires_grad, as in Lec3)"""
    x = torch.randn(5, generator=rng, dtype=torch.float32)
    w = torch.tensor([1.5], requires_grad=True)
    check_tensor(student.forward(x, w), (x * w).detach(),
                 "forward(x float32 (5,), w = tensor([1.5], requires_grad=True))")


def test_forward_float_times_tensor(student):
    """forward of a Python float x and a float64 tensor w gives a float64 tensor"""
    w = torch.tensor([0.5, 2.0], dtype=torch.float64)
    check_tensor(student.forward(3.0, w), 3.0 * w, "forward(3.0, tensor([0.5, 2.0], dtype=float64))")


def test_forward_inputs_unchanged(student, rng):
    """forward does not modify the tensor x"""
    x = torch.randn(4, generator=rng, dtype=torch.float32)
    seen = student.observe("forward", x, 2.5)
    check_tensor(seen.args_after[0], x, "x after forward(x, 2.5)")
    check_tensor(seen.value, x * 2.5, "forward(x, 2.5)")


def test_forward_meta_device(student):
    """forward of a (4,) float32 tensor on the meta device gives a meta tensor"""
    x = torch.empty(4, dtype=torch.float32, device="meta")
    check_tensor(student.forward(x, 2.0), torch.empty(4, dtype=torch.float32, device="meta"),
                 "forward(x (4,) on device 'meta', 2.0)")


def _forward_on(student, rng, device):
    """The device case: float32 x on ``device`` times a float; a float times float64 w on ``device``."""
    x = torch.randn(6, generator=rng, dtype=torch.float32)
    check_tensor(student.forward(x.to(device), 1.75), (x * 1.75).to(device),
                 f"forward(x (6,) float32 on {device}, 1.75)")
    w = torch.tensor([0.25, -1.5], dtype=torch.float64)
    check_tensor(student.forward(2.0, w.to(device)), (2.0 * w).to(device),
                 f"forward(2.0, tensor([0.25, -1.5], dtype=float64) on {device})")


@pytest.mark.cuda
def test_forward_cuda(student, rng):
    """forward of CUDA tensors (x or w) gives a CUDA tensor with the CPU values"""
    _forward_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- loss
def test_loss_floats_prediction_below(student):
    """loss squares negative errors too: (1 * 2 - 5) ** 2 = 9, (3 * 0.5 - 4) ** 2 = 6.25"""
    for x, y, w in ((1.0, 5.0, 2.0), (3.0, 4.0, 0.5), (-2.0, 1.0, 1.5), (0.5, 0.2, 1.0)):
        check_float(student.loss(x, y, w), (x * w - y) ** 2, f"loss({x}, {y}, {w})")


def test_loss_tensor_float64(student, rng):
    """loss of float64 (6,) tensors is the per-sample squared error, float64"""
    x = torch.randn(6, generator=rng, dtype=torch.float64)
    y = torch.randn(6, generator=rng, dtype=torch.float64)
    check_tensor(student.loss(x, y, 0.8), (x * 0.8 - y) ** 2, "loss(x float64 (6,), y float64 (6,), 0.8)")
    _loss_on(student, rng, "cpu")


def test_loss_tensor_float32(student, rng):
    """loss of float32 (3, 2) tensors is the per-sample squared error, float32"""
    x = torch.randn(3, 2, generator=rng, dtype=torch.float32)
    y = torch.randn(3, 2, generator=rng, dtype=torch.float32)
    check_tensor(student.loss(x, y, -1.5), (x * -1.5 - y) ** 2, "loss(x float32 (3, 2), y float32 (3, 2), -1.5)")


def test_loss_inputs_unchanged(student, rng):
    """loss does not modify the tensors x and y"""
    x = torch.randn(5, generator=rng, dtype=torch.float32)
    y = torch.randn(5, generator=rng, dtype=torch.float32)
    seen = student.observe("loss", x, y, 2.0)
    check_tensor(seen.args_after[0], x, "x after loss(x, y, 2.0)")
    check_tensor(seen.args_after[1], y, "y after loss(x, y, 2.0)")
    check_tensor(seen.value, (x * 2.0 - y) ** 2, "loss(x, y, 2.0)")


def test_loss_meta_device(student):
    """loss of (3,) float64 tensors on the meta device gives a meta tensor"""
    x = torch.empty(3, dtype=torch.float64, device="meta")
    y = torch.empty(3, dtype=torch.float64, device="meta")
    check_tensor(student.loss(x, y, 2.0), torch.empty(3, dtype=torch.float64, device="meta"),
                 "loss(x, y (3,) float64 on device 'meta', 2.0)")


def _loss_on(student, rng, device):
    """The device case: float64 x and y on ``device`` give the squared errors on ``device``."""
    x = torch.randn(4, generator=rng, dtype=torch.float64)
    y = torch.randn(4, generator=rng, dtype=torch.float64)
    check_tensor(student.loss(x.to(device), y.to(device), 0.6), ((x * 0.6 - y) ** 2).to(device),
                 f"loss(x, y (4,) float64 on {device}, 0.6)")


@pytest.mark.cuda
def test_loss_cuda(student, rng):
    """loss of CUDA float64 tensors gives a CUDA tensor with the CPU values"""
    _loss_on(student, rng, "cuda")


# ----------------------------------------------------------------------------- mse
@pytest.mark.points(2)
def test_mse_random_data(student, rng):
    """mse of 7 random samples is the mean (not the sum) of the squared errors"""
    xs, ys = floats(7, rng), floats(7, rng, scale=2.0)
    for w in (-0.5, 0.9, 2.3):
        check_float(student.mse(xs, ys, w), expected_mse(xs, ys, w), f"mse(xs, ys, {w}) with 7 samples")


def test_mse_one_sample(student):
    """mse of a single sample is its squared error"""
    check_float(student.mse([2.0], [7.0], 1.5), 16.0, "mse([2.0], [7.0], 1.5)")


def test_mse_negative_errors(student):
    """mse where every prediction is below its label: errors -1, -2, -3 give (1 + 4 + 9) / 3"""
    xs, ys = [1.0, 2.0, 3.0], [3.0, 6.0, 9.0]
    check_float(student.mse(xs, ys, 2.0), 14 / 3, f"mse({xs}, {ys}, 2.0)")


def test_mse_numpy_weight(student):
    """mse with a numpy.float64 w (a value of the default grid) is a float"""
    xs, ys = [0.5, 1.5, -1.0, 2.0], [1.0, 2.5, -2.5, 4.5]
    w = DEFAULT_WS[17]
    check_float(student.mse(xs, ys, w), expected_mse(xs, ys, float(w)), f"mse({xs}, {ys}, numpy.float64(1.7))")


def test_mse_inputs_unchanged(student, rng):
    """mse does not modify the lists xs and ys"""
    xs, ys = floats(5, rng), floats(5, rng)
    seen = student.observe("mse", xs, ys, 1.2)
    check_floats(seen.args_after[0], xs, "xs after mse(xs, ys, 1.2)")
    check_floats(seen.args_after[1], ys, "ys after mse(xs, ys, 1.2)")
    check_float(seen.value, expected_mse(xs, ys, 1.2), "mse(xs, ys, 1.2)")


# ----------------------------------------------------------------------------- grid_search
@pytest.mark.points(2)
def test_grid_search_default_best_is_last(student):
    """grid_search with the default ws includes 4.0: y = 5x gives best w = 4.0 (the last value)"""
    xs = [0.5, 1.0, 1.5, 2.0, 2.5]
    ys = [5.0 * x for x in xs]
    check_search(student.grid_search(xs, ys), xs, ys, DEFAULT_WS, 4.0, f"grid_search({xs}, {ys})")


def test_grid_search_default_random(student, rng):
    """grid_search with the default ws on noisy data around y = 1.3x finds w = 1.3"""
    xs = [1.0, 2.0, -1.5, 3.0, 0.5, -2.5]
    noise = floats(6, rng, scale=0.02)
    ys = [1.3 * x + e for x, e in zip(xs, noise)]
    mses = [expected_mse(xs, ys, w) for w in DEFAULT_WS]
    best = float(DEFAULT_WS[int(np.argmin(mses))])
    check(abs(best - 1.3) < 1e-9, "test data: the best grid point should be 1.3")
    check_search(student.grid_search(xs, ys, None), xs, ys, DEFAULT_WS, best, "grid_search(xs, ys, None)")


@pytest.mark.points(2)
def test_grid_search_tie_first(student):
    """grid_search keeps the first of tied candidates: w = 2.0 and 0.0 tie, 2.0 comes first"""
    xs, ys, ws = [1.0, 2.0], [1.0, 2.0], [3.0, 2.0, 0.0, -1.0]
    check_search(student.grid_search(xs, ys, ws), xs, ys, ws, 2.0, f"grid_search({xs}, {ys}, {ws})")


def test_grid_search_tie_first_array(student):
    """grid_search with a numpy ws where 0.5 and -0.5 tie (y = 0): the first, -0.5, wins"""
    xs, ys = [1.0, -2.0, 0.5], [0.0, 0.0, 0.0]
    ws = np.array([1.5, -0.5, 0.75, 0.5, -1.0])
    check_search(student.grid_search(xs, ys, ws), xs, ys, ws, -0.5,
                 "grid_search(xs, [0, 0, 0], [1.5, -0.5, 0.75, 0.5, -1.0])")


@pytest.mark.points(2)
def test_grid_search_unsorted_list(student, rng):
    """grid_search with an unsorted list ws returns the best w itself (not its index or its MSE)"""
    xs = floats(8, rng, shift=1.0)
    ys = [0.7 * x + e for x, e in zip(xs, floats(8, rng, scale=0.05))]
    ws = [2.5, -1.0, 1.75, 0.7, 3.0, 0.25, 1.1]
    mses = [expected_mse(xs, ys, w) for w in ws]
    best = ws[int(np.argmin(mses))]
    check(best == 0.7, "test data: the best candidate should be 0.7")
    check_search(student.grid_search(xs, ys, ws), xs, ys, ws, best, f"grid_search(xs, ys, {ws})")


def test_grid_search_one_candidate(student):
    """grid_search with one candidate returns it and a list of one MSE"""
    xs, ys, ws = [1.0, 3.0], [2.0, 2.0], [1.5]
    check_search(student.grid_search(xs, ys, ws), xs, ys, ws, 1.5, f"grid_search({xs}, {ys}, {ws})")


def test_grid_search_inputs_unchanged(student):
    """grid_search does not modify xs, ys or the list ws"""
    xs, ys, ws = [2.0, 1.0, 3.0], [4.5, 2.5, 5.5], [3.0, 1.0, 2.0, 0.0]
    seen = student.observe("grid_search", xs, ys, ws)
    for i, (name, original) in enumerate((("xs", xs), ("ys", ys), ("ws", ws))):
        check_floats(seen.args_after[i], original, f"{name} after grid_search(xs, ys, ws)")
    check_search(seen.value, xs, ys, ws, 2.0, f"grid_search({xs}, {ys}, {ws})")


# ----------------------------------------------------------------------------- plot_mse
@pytest.mark.points(2)
def test_plot_mse_arrays(student):
    """plot_mse of numpy arrays ws and mses (7 points) draws x = ws, y = mses, labels w and MSE"""
    ws = np.linspace(-1.0, 2.0, 7)
    mses = np.array([expected_mse([1.0, 2.0], [0.5, 1.5], w) for w in ws])
    check_plot(student, ws, mses, "plot_mse(ws (7 values), mses)")


def test_plot_mse_short_lists(student):
    """plot_mse of two points given as lists (unsorted ws)"""
    check_plot(student, [3.0, 1.0], [0.25, 9.5], "plot_mse([3.0, 1.0], [0.25, 9.5])")


# ----------------------------------------------------------------------------- forward_affine
def test_forward_affine_values(student):
    """forward_affine adds the bias: x * w + b for negative, zero and fractional values"""
    for x, w, b in ((1.5, 2.0, -0.5), (0.0, 3.0, 2.25), (-2.0, 0.5, 1.0), (4.0, -1.0, 0.0), (2.0, 0.0, -3.0)):
        check_float(student.forward_affine(x, w, b), x * w + b, f"forward_affine({x}, {w}, {b})")


# ----------------------------------------------------------------------------- mse_surface
@pytest.mark.points(2)
def test_mse_surface_non_square(student, rng):
    """mse_surface with 4 weights and 3 biases has shape (4, 3), row = w, column = b"""
    xs, ys = floats(5, rng), floats(5, rng, scale=3.0)
    ws, bs = [-1.0, 0.5, 2.0, 3.5], [-2.0, 0.0, 1.5]
    check_surface(student.mse_surface(xs, ys, ws, bs), xs, ys, ws, bs, f"mse_surface(xs, ys, {ws}, {bs})")


def test_mse_surface_arange_grids(student):
    """mse_surface with numpy grids of 5 weights and 2 biases on y = 2x + 1"""
    xs = [1.0, 2.0, 3.0, 4.0]
    ys = [2.0 * x + 1.0 for x in xs]
    ws, bs = np.arange(1.0, 3.1, 0.5), np.array([0.0, 1.0])
    out = student.mse_surface(xs, ys, ws, bs)
    check_surface(out, xs, ys, ws, bs, "mse_surface(xs, ys, arange(1.0, 3.1, 0.5), [0.0, 1.0])")
    check_float(float(out[2, 1]), 0.0, "mse_surface(...)[2, 1], the MSE of w = 2.0, b = 1.0")


def test_mse_surface_one_weight(student):
    """mse_surface with one weight and 6 biases is a (1, 6) row"""
    xs, ys = [0.5, -1.0, 2.0], [1.0, 0.0, 3.0]
    ws, bs = [1.2], [-1.0, -0.5, 0.0, 0.5, 1.0, 1.5]
    check_surface(student.mse_surface(xs, ys, ws, bs), xs, ys, ws, bs, f"mse_surface({xs}, {ys}, {ws}, bs (6 values))")


def test_mse_surface_inputs_unchanged(student):
    """mse_surface does not modify xs, ys, ws or bs"""
    xs, ys, ws, bs = [1.0, 2.0], [3.0, 1.0], [0.0, 1.0, 2.0], [0.5, -0.5]
    seen = student.observe("mse_surface", xs, ys, ws, bs)
    for i, (name, original) in enumerate((("xs", xs), ("ys", ys), ("ws", ws), ("bs", bs))):
        check_floats(seen.args_after[i], original, f"{name} after mse_surface(xs, ys, ws, bs)")
    check_surface(seen.value, xs, ys, ws, bs, "mse_surface(xs, ys, ws, bs)")
