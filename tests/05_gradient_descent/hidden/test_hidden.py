"""Hidden tests for lesson 05_gradient_descent (gradient_descent.py): noisy data whose cost
never reaches 0, other starting values, learning rates, epoch counts and batch sizes than the
public tests, and the lesson's common mistakes (sum instead of mean, the gradient's sign and
factor 2, lr applied twice, history recorded after the update, off-by-one epochs, SGD that
shuffles or reverses or logs the first sample, a dropped short batch, a summed batch
gradient, a biased or swapped ema, and modified input lists).

Training is graded by trajectory: the expected history and final weight are computed from
the formulas (../helpers.py), from the same starting values, and compared with
TRAIN_RTOL/TRAIN_ATOL."""
import pytest
import torch

from grader.checks import check, check_equal, check_float, check_floats

from ..helpers import check_training, ref_cost, ref_gd, ref_gradient, ref_minibatch, ref_sgd

# Five noisy samples of y ~ 2x (the best w leaves a positive cost).  With batch_size 2 the
# batches are [0, 1], [2, 3] and the short [4]; the first and the last sample have
# different losses; the order of the samples changes SGD's path.
XS5 = [0.5, 1.5, -1.0, 2.0, 3.0]
YS5 = [1.2, 2.9, -2.3, 4.4, 5.7]
DATA5 = f"{XS5}, {YS5}"  # how the calls on them are named in messages


# ----------------------------------------------------------------------------- reference formulas
def ref_ema(values, beta):
    out = []
    for v in values:
        out.append(v if not out else beta * out[-1] + (1 - beta) * v)
    return out


def noisy_data(rng, n, slope=1.5, noise=0.5):
    """n samples x in [-2, 2), y = slope * x + noise: Python floats, cost never 0."""
    xs = (torch.rand(n, generator=rng, dtype=torch.float64) * 4 - 2).tolist()
    ys = [slope * x + noise * e for x, e in zip(xs, torch.randn(n, generator=rng, dtype=torch.float64).tolist())]
    return xs, ys


def check_unchanged(seen, xs, ys, call):
    check_equal(seen.args_after[0], xs, f"xs after {call} (the input list must not be modified)")
    check_equal(seen.args_after[1], ys, f"ys after {call} (the input list must not be modified)")


# ----------------------------------------------------------------------------- cost
def test_cost_noisy_data(student):
    """cost of five noisy samples at several w (the mean, not the sum)"""
    for w in (-1.5, 0.0, 1.0, 1.9, 2.75):
        check_float(student.cost(XS5, YS5, w), ref_cost(XS5, YS5, w), f"cost({XS5}, {YS5}, {w})")


def test_cost_single_sample(student):
    """cost of one sample is its squared error"""
    check_float(student.cost([3.0], [5.0], 2.0), 1.0, "cost([3.0], [5.0], 2.0)")
    check_float(student.cost([-2.0], [1.0], 0.5), 4.0, "cost([-2.0], [1.0], 0.5)")


def test_cost_random_data(student, rng):
    """cost of nine random samples at a random w"""
    xs, ys = noisy_data(rng, 9)
    w = torch.randn(1, generator=rng, dtype=torch.float64).item()
    check_float(student.cost(xs, ys, w), ref_cost(xs, ys, w), f"cost(9 random samples, {w:.4f})")


def test_cost_inputs_unchanged(student):
    """cost does not modify xs or ys"""
    xs, ys = list(XS5), list(YS5)
    seen = student.observe("cost", xs, ys, 1.5)
    check_unchanged(seen, XS5, YS5, "cost(xs, ys, 1.5)")
    check_float(seen.value, ref_cost(XS5, YS5, 1.5), "cost(xs, ys, 1.5)")


# ----------------------------------------------------------------------------- gradient
def test_gradient_noisy_data(student):
    """gradient of five noisy samples at several w (mean of 2 * x * (x * w - y))"""
    for w in (-1.5, 0.0, 1.0, 1.9, 2.75):
        check_float(student.gradient(XS5, YS5, w), ref_gradient(XS5, YS5, w), f"gradient({XS5}, {YS5}, {w})")


def test_gradient_single_sample(student):
    """gradient of one sample is 2 * x * (x * w - y)"""
    check_float(student.gradient([3.0], [5.0], 2.0), 6.0, "gradient([3.0], [5.0], 2.0)")
    check_float(student.gradient([-2.0], [1.0], 0.5), 8.0, "gradient([-2.0], [1.0], 0.5)")


def test_gradient_random_data(student, rng):
    """gradient of nine random samples at a random w"""
    xs, ys = noisy_data(rng, 9)
    w = torch.randn(1, generator=rng, dtype=torch.float64).item()
    check_float(student.gradient(xs, ys, w), ref_gradient(xs, ys, w), f"gradient(9 random samples, {w:.4f})")


def test_gradient_inputs_unchanged(student):
    """gradient does not modify xs or ys"""
    xs, ys = list(XS5), list(YS5)
    seen = student.observe("gradient", xs, ys, 0.5)
    check_unchanged(seen, XS5, YS5, "gradient(xs, ys, 0.5)")
    check_float(seen.value, ref_gradient(XS5, YS5, 0.5), "gradient(xs, ys, 0.5)")


# ----------------------------------------------------------------------------- sgd_gradient
def test_sgd_gradient_values(student):
    """sgd_gradient is 2 * x * (x * w - y) with positive and negative x, w, y"""
    for x, y, w in ((1.5, 2.9, 0.0), (-1.0, -2.3, 3.0), (3.0, 5.7, 2.5), (0.5, 1.2, -2.0), (2.5, 5.0, 2.0)):
        check_float(student.sgd_gradient(x, y, w), 2 * x * (x * w - y), f"sgd_gradient({x}, {y}, {w})")


# ----------------------------------------------------------------------------- gd_step
def test_gd_step_values(student):
    """gd_step is w - lr * grad for several w, grad and lr"""
    for w, grad, lr in ((2.0, 3.0, 0.1), (-0.5, -4.0, 0.25), (1.0, 10.0, 0.5), (0.3, -0.7, 0.03)):
        check_float(student.gd_step(w, grad, lr), w - lr * grad, f"gd_step({w}, {grad}, {lr})")


def test_gd_step_no_move(student):
    """gd_step with grad 0 or lr 0 returns w"""
    check_float(student.gd_step(1.25, 0.0, 0.1), 1.25, "gd_step(1.25, 0.0, 0.1)")
    check_float(student.gd_step(-3.5, 2.0, 0.0), -3.5, "gd_step(-3.5, 2.0, 0.0)")


# ----------------------------------------------------------------------------- train_gd
@pytest.mark.points(2)
def test_train_gd_noisy_data(student):
    """train_gd on five noisy samples, w0 = -1.0, lr = 0.05, 40 epochs"""
    out = student.train_gd(XS5, YS5, -1.0, 0.05, 40)
    check_training(out, ref_gd(XS5, YS5, -1.0, 0.05, 40), f"train_gd({DATA5}, -1.0, 0.05, 40)")


def test_train_gd_defaults(student):
    """train_gd(xs, ys) uses w0 = 1.0, lr = 0.01, epochs = 100"""
    out = student.train_gd(XS5, YS5)
    check_training(out, ref_gd(XS5, YS5, 1.0, 0.01, 100), f"train_gd({DATA5})")


def test_train_gd_one_epoch(student):
    """train_gd for one epoch: history = [cost at w0], then one update"""
    out = student.train_gd(XS5, YS5, 0.5, 0.1, 1)
    check_training(out, ref_gd(XS5, YS5, 0.5, 0.1, 1), f"train_gd({DATA5}, 0.5, 0.1, 1)")


def test_train_gd_no_epochs(student):
    """train_gd with epochs = 0 returns (w0, []) for another w0"""
    out = student.train_gd(XS5, YS5, 0.5, 0.1, 0)
    check_training(out, (0.5, []), f"train_gd({DATA5}, 0.5, 0.1, 0)")


@pytest.mark.points(2)
def test_train_gd_keyword_arguments(student, rng):
    """train_gd called with keywords on random data: len(history) == epochs, the cost goes down"""
    xs, ys = noisy_data(rng, 6)
    out = student.train_gd(xs, ys, epochs=25, lr=0.03, w0=-2.0)
    expected = ref_gd(xs, ys, -2.0, 0.03, 25)
    check_training(out, expected, "train_gd(6 random samples, w0=-2.0, lr=0.03, epochs=25)")
    history = out[1]
    check(all(b <= a * (1 + 1e-6) for a, b in zip(history, history[1:])),
          "train_gd with a small lr (0.03): the cost must not go up from one epoch to the next")


def test_train_gd_lr_too_large(student):
    """train_gd with lr = 0.25 on the notes' data diverges: the cost grows every epoch"""
    xs, ys = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
    out = student.train_gd(xs, ys, 1.0, 0.25, 8)
    check_training(out, ref_gd(xs, ys, 1.0, 0.25, 8), "train_gd([1, 2, 3], [2, 4, 6], 1.0, 0.25, 8)")


def test_train_gd_long_run(student, rng):
    """train_gd for 500 epochs on seven random samples (float32 arithmetic inside must still pass)"""
    xs, ys = noisy_data(rng, 7, slope=-0.8)
    out = student.train_gd(xs, ys, 3.0, 0.02, 500)
    check_training(out, ref_gd(xs, ys, 3.0, 0.02, 500), "train_gd(7 random samples, 3.0, 0.02, 500)")


def test_train_gd_inputs_unchanged(student):
    """train_gd does not modify xs or ys"""
    xs, ys = list(XS5), list(YS5)
    seen = student.observe("train_gd", xs, ys, 0.0, 0.05, 5)
    check_unchanged(seen, XS5, YS5, "train_gd(xs, ys, 0.0, 0.05, 5)")
    check_training(seen.value, ref_gd(XS5, YS5, 0.0, 0.05, 5), f"train_gd({DATA5}, 0.0, 0.05, 5)")


# ----------------------------------------------------------------------------- train_sgd
@pytest.mark.points(2)
def test_train_sgd_noisy_data(student):
    """train_sgd on five noisy samples in the given order, w0 = 0.0, lr = 0.02, 30 epochs"""
    out = student.train_sgd(XS5, YS5, 0.0, 0.02, 30)
    check_training(out, ref_sgd(XS5, YS5, 0.0, 0.02, 30), f"train_sgd({DATA5}, 0.0, 0.02, 30)")


def test_train_sgd_one_epoch(student):
    """train_sgd for one epoch: history = [loss of the LAST sample before its update]"""
    xs, ys = [2.0, 1.0, -1.5], [3.0, 2.5, -2.0]
    w = 0.5 - 0.1 * 2 * 2.0 * (2.0 * 0.5 - 3.0)       # after sample 0: 0.9
    w = w - 0.1 * 2 * 1.0 * (1.0 * w - 2.5)           # after sample 1: 1.22
    last_loss = (-1.5 * w + 2.0) ** 2                 # sample 2, before its update
    w = w - 0.1 * 2 * -1.5 * (-1.5 * w + 2.0)
    out = student.train_sgd(xs, ys, 0.5, 0.1, 1)
    check_training(out, (w, [last_loss]), "train_sgd([2.0, 1.0, -1.5], [3.0, 2.5, -2.0], 0.5, 0.1, 1)")


def test_train_sgd_random_order(student, rng):
    """train_sgd on eight random samples follows their order, w0 = 1.0, lr = 0.05, 20 epochs"""
    xs, ys = noisy_data(rng, 8)
    out = student.train_sgd(xs, ys, 1.0, 0.05, 20)
    check_training(out, ref_sgd(xs, ys, 1.0, 0.05, 20), "train_sgd(8 random samples, 1.0, 0.05, 20)")


def test_train_sgd_defaults(student):
    """train_sgd(xs, ys) uses w0 = 1.0, lr = 0.01, epochs = 100"""
    out = student.train_sgd(XS5, YS5)
    check_training(out, ref_sgd(XS5, YS5, 1.0, 0.01, 100), f"train_sgd({DATA5})")


def test_train_sgd_single_sample(student):
    """train_sgd on one sample: one update per epoch, history = that sample's loss before it"""
    out = student.train_sgd([2.0], [3.0], 0.0, 0.05, 12)
    check_training(out, ref_sgd([2.0], [3.0], 0.0, 0.05, 12), "train_sgd([2.0], [3.0], 0.0, 0.05, 12)")


def test_train_sgd_no_epochs(student):
    """train_sgd with epochs = 0 returns (w0, [])"""
    out = student.train_sgd(XS5, YS5, -0.75, 0.02, 0)
    check_training(out, (-0.75, []), f"train_sgd({DATA5}, -0.75, 0.02, 0)")


def test_train_sgd_inputs_unchanged(student):
    """train_sgd does not modify xs or ys"""
    xs, ys = list(XS5), list(YS5)
    seen = student.observe("train_sgd", xs, ys, 0.0, 0.02, 5)
    check_unchanged(seen, XS5, YS5, "train_sgd(xs, ys, 0.0, 0.02, 5)")
    check_training(seen.value, ref_sgd(XS5, YS5, 0.0, 0.02, 5), f"train_sgd({DATA5}, 0.0, 0.02, 5)")


# ----------------------------------------------------------------------------- train_minibatch
@pytest.mark.points(2)
def test_train_minibatch_short_last_batch(student):
    """train_minibatch on five samples with batch_size 2: batches of 2, 2 and a short 1"""
    out = student.train_minibatch(XS5, YS5, 0.0, 0.03, 25, 2)
    check_training(out, ref_minibatch(XS5, YS5, 0.0, 0.03, 25, 2), f"train_minibatch({DATA5}, 0.0, 0.03, 25, 2)")


def test_train_minibatch_batches_of_three(student, rng):
    """train_minibatch on seven random samples with batch_size 3 (3, 3, 1)"""
    xs, ys = noisy_data(rng, 7)
    out = student.train_minibatch(xs, ys, 2.0, 0.05, 15, 3)
    check_training(out, ref_minibatch(xs, ys, 2.0, 0.05, 15, 3), "train_minibatch(7 random samples, 2.0, 0.05, 15, 3)")


def test_train_minibatch_batch_size_one(student):
    """train_minibatch with batch_size 1 makes SGD's updates; history = cost of all samples"""
    out = student.train_minibatch(XS5, YS5, 0.0, 0.02, 10, 1)
    check_training(out, ref_minibatch(XS5, YS5, 0.0, 0.02, 10, 1), f"train_minibatch({DATA5}, 0.0, 0.02, 10, 1)")


def test_train_minibatch_full_batch(student):
    """train_minibatch with batch_size >= len(xs) is full-batch gradient descent"""
    for batch_size in (5, 8):
        out = student.train_minibatch(XS5, YS5, 1.0, 0.05, 12, batch_size)
        check_training(out, ref_gd(XS5, YS5, 1.0, 0.05, 12),
                       f"train_minibatch({DATA5}, 1.0, 0.05, 12, {batch_size})")


def test_train_minibatch_defaults(student):
    """train_minibatch(xs, ys) uses w0 = 1.0, lr = 0.01, epochs = 100, batch_size = 2"""
    out = student.train_minibatch(XS5, YS5)
    check_training(out, ref_minibatch(XS5, YS5, 1.0, 0.01, 100, 2), f"train_minibatch({DATA5})")


def test_train_minibatch_no_epochs(student):
    """train_minibatch with epochs = 0 returns (w0, [])"""
    out = student.train_minibatch(XS5, YS5, 1.5, 0.03, 0, 2)
    check_training(out, (1.5, []), f"train_minibatch({DATA5}, 1.5, 0.03, 0, 2)")


def test_train_minibatch_inputs_unchanged(student):
    """train_minibatch does not modify xs or ys"""
    xs, ys = list(XS5), list(YS5)
    seen = student.observe("train_minibatch", xs, ys, 0.0, 0.03, 5, 2)
    check_unchanged(seen, XS5, YS5, "train_minibatch(xs, ys, 0.0, 0.03, 5, 2)")
    check_training(seen.value, ref_minibatch(XS5, YS5, 0.0, 0.03, 5, 2),
                   f"train_minibatch({DATA5}, 0.0, 0.03, 5, 2)")


# ----------------------------------------------------------------------------- ema
@pytest.mark.points(2)
def test_ema_default_beta(student):
    """ema with the default beta = 0.9 of a noisy loss curve"""
    values = [4.7, 3.1, 3.9, 2.2, 2.8, 1.4, 1.9, 0.8]
    check_floats(student.ema(values), ref_ema(values, 0.9), f"ema({values})")


def test_ema_other_betas(student):
    """ema with beta 0.3, 0.0 (no smoothing) and 1.0 (stays at values[0])"""
    values = [2.0, -1.0, 0.5, 3.0, 1.5]
    for beta in (0.3, 0.0, 1.0):
        check_floats(student.ema(values, beta), ref_ema(values, beta), f"ema({values}, {beta})")


def test_ema_starts_at_first_value(student):
    """ema of a constant list is that constant (s[0] = values[0], no bias toward 0)"""
    check_floats(student.ema([10.0, 10.0, 10.0], 0.8), [10.0, 10.0, 10.0], "ema([10.0, 10.0, 10.0], 0.8)")


def test_ema_empty_and_single(student):
    """ema([]) is [] and ema of one value is [that value]"""
    check_equal(student.ema([], 0.5), [], "ema([], 0.5)")
    check_floats(student.ema([2.5]), [2.5], "ema([2.5])")


def test_ema_random_values(student, rng):
    """ema of twenty random values with beta 0.75"""
    values = torch.rand(20, generator=rng, dtype=torch.float64).mul(5).tolist()
    check_floats(student.ema(values, 0.75), ref_ema(values, 0.75), "ema(20 random values, 0.75)")


def test_ema_inputs_unchanged(student):
    """ema does not modify values"""
    values = [4.7, 3.1, 3.9, 2.2]
    seen = student.observe("ema", list(values), 0.5)
    check_equal(seen.args_after[0], values, "values after ema(values, 0.5) (the input list must not be modified)")
    check_floats(seen.value, ref_ema(values, 0.5), "ema([4.7, 3.1, 3.9, 2.2], 0.5)")
