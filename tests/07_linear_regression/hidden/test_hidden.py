"""Hidden tests for lesson 07_linear_regression (linear_regression.py): other data, sizes,
dtypes (float32 and float64), starting weights, learning rates, epochs and devices than the
public tests, every optimizer name in several spellings, and the common mistakes of Lec5: the
summed loss (``size_average=False``), ``zero_grad`` missing, ``step()`` before ``backward()``,
predicting with the graph attached, the optimizer name ignored, an optimizer rebuilt every
epoch, the loss recorded after the step, off-by-one epochs, a layer created inside ``forward``.

Training is graded by its trajectory: each test repeats the training here with plain torch
(``torch.nn.Linear`` and ``torch.optim``'s own class with its defaults) from the SAME starting
weights, read from the student's model or loaded into it, and compares the whole history and
the trained weights with the training tolerances."""
import pytest
import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_floats, check_raises, check_tensor

from ..helpers import OPTIMIZERS, check_state, reference_train, weights

LECTURE_X = torch.tensor([[1.0], [2.0], [3.0]])     # the lecture's own y = 2x
LECTURE_Y = torch.tensor([[2.0], [4.0], [6.0]])


def new_model(student, dtype=torch.float32, device="cpu", start=None):
    """The student's LinearModel in ``dtype`` on ``device``, with the weights ``start`` if given."""
    model = student.LinearModel()
    model.to(device=device, dtype=dtype)
    if start is not None:
        model.load_state_dict(start)
    return model


def regression_data(rng, n, dtype, device="cpu", w=1.5, b=-0.5):
    """n samples of y = w * x + b + noise, shape (n, 1)."""
    x = torch.rand(n, 1, generator=rng, dtype=torch.float64) * 4 - 2
    y = w * x + b + 0.1 * torch.randn(n, 1, generator=rng, dtype=torch.float64)
    return x.to(dtype=dtype, device=device), y.to(dtype=dtype, device=device)


def check_training(student, model, x, y, start, what, reference, call):
    """Train the student's model (already holding ``start``) with the keyword arguments ``call``
    and compare with the reference run of ``reference = (epochs, lr, name)``."""
    history = student.train(model, x, y, **call)
    want_history, want_state = reference_train(start, x, y, *reference)
    check_floats(history, want_history, f"{what}: the history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_state(model.state_dict(), want_state, f"{what}: the trained model",
                rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


# ----------------------------------------------------------------------------- LinearModel
def test_LinearModel_parameters(student):
    """LinearModel() has exactly 2 float32 parameters, linear.weight (1, 1) and linear.bias (1,), in one Linear"""
    model = student.LinearModel()
    layers = student.probe("layers", model)
    check(layers.get("") == "torch.nn.Module" and layers.get("linear") == "torch.nn.Linear",
          f"LinearModel(): expected a torch.nn.Module whose attribute linear is a torch.nn.Linear, got the "
          f"submodules (name: class) {layers}")
    state = model.state_dict()
    check(set(state) == {"linear.weight", "linear.bias"},
          f"LinearModel().state_dict(): expected the keys ['linear.bias', 'linear.weight'], got {sorted(state)}")
    for key, shape in (("linear.weight", (1, 1)), ("linear.bias", (1,))):
        check(tuple(state[key].shape) == shape and state[key].dtype == torch.float32,
              f"LinearModel().state_dict()[{key!r}]: expected a float32 tensor of shape {shape}, got "
              f"{state[key].dtype} of shape {tuple(state[key].shape)}")


def _forward_case(student, rng, device):
    w, b = -1.25, 0.75
    model = new_model(student, torch.float32, device, weights(w, b, device=device))
    x = (torch.randn(7, 1, generator=rng) * 3).to(device)
    out = model(x)
    check_tensor(out, w * x + b, f"model(x) for x of shape (7, 1) on {device}, weight {w}, bias {b}")
    check(out.requires_grad, f"model(x) on {device}: the result must keep its computational graph "
                             "(requires_grad True), so that loss.backward() can reach the weights")


@pytest.mark.points(2)
def test_LinearModel_forward_values(student, rng):
    """LinearModel forward of 7 samples is weight * x + bias, for the weights loaded into it"""
    _forward_case(student, rng, "cpu")


@pytest.mark.cuda
def test_LinearModel_forward_cuda(student, rng):
    """LinearModel moved to cuda maps a cuda x to weight * x + bias on cuda"""
    _forward_case(student, rng, "cuda")


def test_LinearModel_forward_float64(student, rng):
    """LinearModel in float64 (model.double()) maps float64 x of shape (4, 1) to float64 predictions"""
    model = student.LinearModel()
    model.double()
    model.load_state_dict(weights(0.3, -2.0, torch.float64))
    x = torch.randn(4, 1, generator=rng, dtype=torch.float64)
    check_tensor(model(x), 0.3 * x - 2.0, "model(x) in float64, weight 0.3, bias -2.0")


def test_LinearModel_forward_one_sample(student):
    """LinearModel forward of a single sample (1, 1) keeps the shape (1, 1)"""
    model = new_model(student, start=weights(4.0, 1.0))
    check_tensor(model(torch.tensor([[-0.5]])), torch.tensor([[-1.0]]), "model([[-0.5]]) with weight 4.0, bias 1.0")


def test_LinearModel_meta_device(student):
    """LinearModel moved to the meta device maps a meta x of shape (5, 1) to a (5, 1) result on meta"""
    model = new_model(student, torch.float32, "meta")
    check_tensor(model(torch.empty(5, 1, device="meta")), torch.empty(5, 1, device="meta"),
                 "model(x (5, 1) on device 'meta')")


# ----------------------------------------------------------------------------- make_optimizer
STEP_GRADS = [(0.5, -2.0), (1.5, 0.3), (-0.8, 1.0), (0.2, 0.05)]   # signs change: Rprop's step sizes adapt


def _steps_case(student, name, lr, start, dtype, device):
    """Steps of the student's optimizer and of torch.optim's class, with the same chosen gradients."""
    (w, b) = start
    model = new_model(student, dtype, device, weights(w, b, dtype, device))
    opt = student.make_optimizer(model, name, lr)
    ref = torch.nn.Linear(1, 1).to(dtype=dtype, device=device)
    ref.load_state_dict({"weight": torch.tensor([[w]], dtype=dtype, device=device),
                         "bias": torch.tensor([b], dtype=dtype, device=device)})
    ref_opt = OPTIMIZERS[name.lower()](ref.parameters(), lr=lr)
    for step, (gw, gb) in enumerate(STEP_GRADS, 1):
        g = {"linear.weight": torch.tensor([[gw]], dtype=dtype, device=device),
             "linear.bias": torch.tensor([gb], dtype=dtype, device=device)}
        student.probe("set_grads", model, g)
        opt.step()
        ref.weight.grad, ref.bias.grad = g["linear.weight"].clone(), g["linear.bias"].clone()
        ref_opt.step()
        check_state(model.state_dict(), {"linear.weight": ref.weight.detach(), "linear.bias": ref.bias.detach()},
                    f"make_optimizer(model, {name!r}, {lr}) on a {str(dtype).removeprefix('torch.')} model "
                    f"from weight {w}, bias {b}, after step {step} with the gradients ({gw}, {gb}) (expected: "
                    f"the steps of torch.optim.{OPTIMIZERS[name.lower()].__name__} with lr={lr} and its defaults)")


@pytest.mark.parametrize("name", ["sgd", "adam", "adagrad", "adamax", "asgd", "rmsprop", "rprop"])
def test_make_optimizer_steps(student, name):
    """make_optimizer steps like torch.optim's own class with torch's defaults (4 steps, float64, lr 0.5)"""
    _steps_case(student, name, 0.5, (3.0, -2.0), torch.float64, "cpu")


@pytest.mark.parametrize("name", ["SGD", "AdAm", "ADAGRAD", "Adamax", "ASGD", "RMSprop", "RProp"])
def test_make_optimizer_any_case(student, name):
    """make_optimizer takes the names in any case: 'SGD', 'AdAm', 'RMSprop', ... (float32, lr 0.3)"""
    _steps_case(student, name, 0.3, (-2.5, 1.5), torch.float32, "cpu")


@pytest.mark.cuda
def test_make_optimizer_cuda(student):
    """make_optimizer 'rmsprop' steps a model on cuda like torch.optim.RMSprop on cuda"""
    _steps_case(student, "rmsprop", 0.05, (1.0, 0.5), torch.float32, "cuda")


@pytest.mark.points(2)
def test_make_optimizer_unknown_names(student):
    """make_optimizer raises ValueError for names it does not know: 'LBFGS', '', 'adamw', 'nadam', 'momentum'"""
    for name in ("LBFGS", "", "adamw", "nadam", "momentum", "sgd2"):
        check_raises(ValueError, student.make_optimizer, student.LinearModel(), name, 0.01,
                     what=f"make_optimizer(model, {name!r}, 0.01)")


# ----------------------------------------------------------------------------- train
@pytest.mark.points(2)
@pytest.mark.parametrize("name", ["sgd", "adam", "adagrad", "adamax", "asgd", "rmsprop", "rprop"])
def test_train_each_optimizer(student, rng, name):
    """train with each optimizer name follows torch.optim's class (float64, 6 samples, 15 epochs, lr 0.05)"""
    x, y = regression_data(rng, 6, torch.float64)
    start = weights(0.4, 0.8, torch.float64)
    model = new_model(student, torch.float64, start=start)
    check_training(student, model, x, y, start, f"train(model, x (6, 1) float64, y, epochs=15, lr=0.05, "
                   f"optimizer={name!r}) from weight 0.4, bias 0.8", (15, 0.05, name),
                   dict(epochs=15, lr=0.05, optimizer=name))


@pytest.mark.points(3)
def test_train_float32_from_student_weights(student, rng):
    """train in float32 from the model's own random weights: 8 samples, 50 SGD epochs, lr 0.02"""
    x, y = regression_data(rng, 8, torch.float32, w=-0.7, b=2.0)
    model = student.LinearModel()
    start = model.state_dict()
    check_training(student, model, x, y, start,
                   "train(model, x (8, 1), y, epochs=50, lr=0.02) from the model's own weights",
                   (50, 0.02, "sgd"), dict(epochs=50, lr=0.02))


@pytest.mark.points(2)
def test_train_default_lr_and_optimizer(student, rng):
    """train(model, x, y, epochs=40) uses SGD with lr 0.01 by default (float64, 5 samples)"""
    x, y = regression_data(rng, 5, torch.float64, w=3.0, b=1.0)
    start = weights(-1.0, 0.5, torch.float64)
    model = new_model(student, torch.float64, start=start)
    check_training(student, model, x, y, start, "train(model, x (5, 1) float64, y, epochs=40)",
                   (40, 0.01, "sgd"), dict(epochs=40))


@pytest.mark.points(2)
def test_train_one_epoch_by_formula(student):
    """train for 1 epoch: history [mean squared error], one SGD step with the mean gradient"""
    x = torch.tensor([[0.5], [-1.0], [2.0], [3.0]], dtype=torch.float64)
    y = torch.tensor([[1.0], [0.0], [2.5], [-1.0]], dtype=torch.float64)
    w, b, lr = 0.5, 0.25, 0.1
    model = new_model(student, torch.float64, start=weights(w, b, torch.float64))
    history = student.train(model, x, y, epochs=1, lr=lr, optimizer="sgd")
    r = [w * xi + b - yi for xi, yi in zip(x.flatten().tolist(), y.flatten().tolist())]   # residuals
    n = len(r)
    what = "train(model, x (4, 1) float64, y, epochs=1, lr=0.1, optimizer='sgd') from weight 0.5, bias 0.25"
    check_floats(history, [sum(ri ** 2 for ri in r) / n], f"{what}: the history (the MEAN of the squared "
                 "errors, before the step)", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    grad_w = sum(2 * ri * xi for ri, xi in zip(r, x.flatten().tolist())) / n
    grad_b = sum(2 * ri for ri in r) / n
    check_state(model.state_dict(), weights(w - lr * grad_w, b - lr * grad_b, torch.float64),
                f"{what}: after the step w - lr * dL/dw, b - lr * dL/db, the model", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


def test_train_lecture_data_defaults(student):
    """train(model, x, y, epochs=200) with the default lr and optimizer on the lecture's y = 2x: 200 SGD steps of lr 0.01"""  # noqa: E501 (the graders read this first line whole)
    start = weights(-0.5, 1.0)   # (all defaults, 1000 epochs, are the public test's case)
    model = new_model(student, start=start)
    check_training(student, model, LECTURE_X, LECTURE_Y, start,
                   "train(model, [[1.0], [2.0], [3.0]], [[2.0], [4.0], [6.0]], epochs=200) from weight -0.5, bias 1.0",
                   (200, 0.01, "sgd"), dict(epochs=200))


def _train_case(student, rng, device):
    x, y = regression_data(rng, 7, torch.float32, device, w=0.5, b=1.5)
    start = weights(2.0, -1.0, device=device)
    model = new_model(student, torch.float32, device, start)
    check_training(student, model, x, y, start, f"train(model, x, y, epochs=12, lr=0.1, optimizer='adam') on {device}",
                   (12, 0.1, "adam"), dict(epochs=12, lr=0.1, optimizer="adam"))


@pytest.mark.points(2)
def test_train_adam_float32(student, rng):
    """train with Adam on float32 data: 7 samples, 12 epochs, lr 0.1"""
    _train_case(student, rng, "cpu")


@pytest.mark.cuda
def test_train_cuda(student, rng):
    """train a model on cuda with cuda data: history and trained weights (on cuda) follow the reference"""
    _train_case(student, rng, "cuda")


def test_train_inputs_unchanged(student, rng):
    """train does not modify x or y (values, and requires_grad)"""
    x, y = regression_data(rng, 5, torch.float32)
    model = new_model(student, start=weights(1.0, 0.0))
    seen = student.observe("train", model, x.clone(), y.clone(), epochs=3, lr=0.1)
    for i, name, original in ((1, "x", x), (2, "y", y)):
        what = f"{name} after train(model, x, y, epochs=3, lr=0.1)"
        check_tensor(seen.args_after[i], original, what, rtol=0, atol=0)
        check(not seen.args_after[i].requires_grad, f"{what}: requires_grad was switched on; inputs need no "
                                                     "gradient (only the model's parameters do)")


# ----------------------------------------------------------------------------- predict
def _predict_case(student, rng, dtype, device):
    w, b = 1.75, -0.25
    model = new_model(student, dtype, device, weights(w, b, dtype, device))
    x = torch.randn(6, 1, generator=rng, dtype=dtype).to(device)
    seen = student.observe("predict", model, x.clone())
    what = f"predict(model, x (6, 1) {str(dtype).removeprefix('torch.')} on {device}) with weight {w}, bias {b}"
    check_tensor(seen.value, w * x + b, what)
    check(not seen.value.requires_grad, f"{what}: the result must carry no graph (requires_grad False): "
                                        "use torch.no_grad() or .detach()")
    check_tensor(seen.args_after[1], x, f"x after {what}", rtol=0, atol=0)
    check_state(model.state_dict(), weights(w, b, dtype, device), f"the model after {what}", rtol=0, atol=0)


@pytest.mark.points(2)
def test_predict_float32(student, rng):
    """predict is model(x) without a graph (float32, 6 samples); x and the model are unchanged"""
    _predict_case(student, rng, torch.float32, "cpu")


def test_predict_float64(student, rng):
    """predict of a float64 model and x gives float64 predictions without a graph"""
    _predict_case(student, rng, torch.float64, "cpu")


@pytest.mark.cuda
def test_predict_cuda(student, rng):
    """predict with a model and x on cuda gives the predictions on cuda, without a graph"""
    _predict_case(student, rng, torch.float32, "cuda")


def test_predict_meta_device(student):
    """predict with a model and x on the meta device gives a (3, 1) result on meta without a graph"""
    model = new_model(student, torch.float32, "meta")
    out = student.predict(model, torch.empty(3, 1, device="meta"))
    check_tensor(out, torch.empty(3, 1, device="meta"), "predict(model, x (3, 1)) on device 'meta'")
    check(not out.requires_grad, "predict(model, x) on device 'meta': the result must carry no graph "
                                 "(requires_grad False)")


def test_predict_many_samples(student, rng):
    """predict of 50 samples with random weights is weight * x + bias for every sample, without a graph"""
    w, b = torch.randn(2, generator=rng).tolist()
    model = new_model(student, start=weights(w, b))
    x = torch.linspace(-5.0, 5.0, 50).reshape(50, 1)
    out = student.predict(model, x)
    check_tensor(out, x * torch.tensor(w) + torch.tensor(b), f"predict(model, linspace(-5, 5, 50) as (50, 1)) "
                 f"with weight {w:.4f}, bias {b:.4f}")
    check(not out.requires_grad, "predict(model, x (50, 1)): the result must carry no graph (requires_grad False)")
