"""Public tests for lesson 07_linear_regression (linear_regression.py): 刘二大人 Lec5
用PyTorch实现线性回归, the notes' data and training cycle::

    x_data = torch.tensor([[1.0], [2.0], [3.0]])
    y_data = torch.tensor([[1.98], [4.12], [5.95]])
    model = LinearModel()
    criterion = torch.nn.MSELoss()                      # the mean
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(1000):
        y_pred = model(x_data)
        loss = criterion(y_pred, y_data)                 # history: loss.item(), before the step
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

Your model stays in your process: the tests read its weights with ``model.state_dict()``,
set them with ``model.load_state_dict(...)``, and repeat your training (helpers.py) with plain
torch from the SAME starting weights, then compare the whole loss history and the trained
weights (relative tolerance about 1e-4)."""
import pytest
import torch

from grader.checks import TRAIN_ATOL, TRAIN_RTOL, check, check_floats, check_raises, check_tensor

from .helpers import OPTIMIZERS, check_state, reference_train, weights

X_DATA = torch.tensor([[1.0], [2.0], [3.0]])          # the notes' data
Y_DATA = torch.tensor([[1.98], [4.12], [5.95]])


# ----------------------------------------------------------------------------- LinearModel
def test_LinearModel_structure(student):
    """LinearModel() holds one torch.nn.Linear(1, 1) named linear: weight (1, 1) and bias (1,)"""
    model = student.LinearModel()
    layers = student.probe("layers", model)
    check(layers.get("") == "torch.nn.Module" and layers.get("linear") == "torch.nn.Linear",
          f"LinearModel(): expected a torch.nn.Module whose attribute linear is a torch.nn.Linear, got the "
          f"submodules (name: class) {layers}")
    state = model.state_dict()
    check(set(state) == {"linear.weight", "linear.bias"},
          f"LinearModel().state_dict(): expected the keys ['linear.bias', 'linear.weight'], got {sorted(state)}")
    check(tuple(state["linear.weight"].shape) == (1, 1) and tuple(state["linear.bias"].shape) == (1,),
          f"LinearModel(): expected linear.weight of shape (1, 1) and linear.bias of shape (1,), got "
          f"{tuple(state['linear.weight'].shape)} and {tuple(state['linear.bias'].shape)}")


@pytest.mark.points(2)
def test_LinearModel_forward(student):
    """LinearModel with weight 2.0 and bias 0.5 maps the notes' x_data to 2 * x + 0.5, graph attached"""
    model = student.LinearModel()
    model.load_state_dict(weights(2.0, 0.5))
    out = model(X_DATA)
    check_tensor(out, 2.0 * X_DATA + 0.5, "model(x_data) with weight 2.0 and bias 0.5")
    check(out.requires_grad, "model(x_data): the result must keep its computational graph "
                             "(requires_grad True), so that loss.backward() can reach the weights")


# ----------------------------------------------------------------------------- make_optimizer
STEP_GRADS = [(0.5, -2.0), (1.5, 0.3), (-0.8, 1.0)]


def check_steps(student, name, lr, start):
    """make_optimizer(model, name, lr) takes the STEP_GRADS steps as torch.optim's class of that name does."""
    model = student.LinearModel()
    model.load_state_dict(weights(*start))
    opt = student.make_optimizer(model, name, lr)
    ref = torch.nn.Linear(1, 1)
    ref.load_state_dict({"weight": torch.tensor([[start[0]]]), "bias": torch.tensor([start[1]])})
    ref_opt = OPTIMIZERS[name.lower()](ref.parameters(), lr=lr)
    for step, (gw, gb) in enumerate(STEP_GRADS, 1):
        g = {"linear.weight": torch.tensor([[gw]]), "linear.bias": torch.tensor([gb])}
        student.probe("set_grads", model, g)
        opt.step()
        ref.weight.grad, ref.bias.grad = g["linear.weight"].clone(), g["linear.bias"].clone()
        ref_opt.step()
        check_state(model.state_dict(), {"linear.weight": ref.weight.detach(), "linear.bias": ref.bias.detach()},
                    f"make_optimizer(model, {name!r}, {lr}) from weight {start[0]}, bias {start[1]}, after step "
                    f"{step} with the gradients ({gw}, {gb}) (expected: the steps of "
                    f"torch.optim.{OPTIMIZERS[name.lower()].__name__} with its defaults)")


@pytest.mark.points(2)
def test_make_optimizer_sgd_and_adam(student):
    """make_optimizer 'sgd' and 'adam' step like torch.optim.SGD and torch.optim.Adam (3 steps, lr 0.1)"""
    for name in ("sgd", "adam"):
        check_steps(student, name, 0.1, (1.0, 0.0))


def test_make_optimizer_other_names(student):
    """make_optimizer 'adagrad', 'adamax', 'asgd', 'rmsprop' and 'rprop' step like their torch.optim classes"""
    for name in ("adagrad", "adamax", "asgd", "rmsprop", "rprop"):
        check_steps(student, name, 0.4, (-4.0, 2.5))


def test_make_optimizer_name_in_any_case(student):
    """make_optimizer takes the name in any case: 'Adam' and 'Sgd' are adam and sgd"""
    for name in ("Adam", "Sgd"):
        check_steps(student, name, 0.2, (-1.5, 0.5))


def test_make_optimizer_unknown_name(student):
    """make_optimizer(model, 'lbfgs', 0.1) raises ValueError"""
    check_raises(ValueError, student.make_optimizer, student.LinearModel(), "lbfgs", 0.1,
                 what="make_optimizer(model, 'lbfgs', 0.1)")


# ----------------------------------------------------------------------------- train
@pytest.mark.points(3)
def test_train_notes(student):
    """train(model, x_data, y_data) on the notes' data: 1000 SGD steps, lr 0.01, history and weights"""
    model = student.LinearModel()
    start = model.state_dict()              # your random starting weights, repeated here
    history = student.train(model, X_DATA, Y_DATA)
    want_history, want_state = reference_train(start, X_DATA, Y_DATA, 1000, 0.01, "sgd")
    what = "train(model, x_data, y_data)"
    check_floats(history, want_history, f"{what}: the history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_state(model.state_dict(), want_state, f"{what}: the trained model",
                rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


def test_train_adam_from_given_weights(student):
    """train with optimizer 'adam', lr 0.1, 20 epochs from weight 1.0 and bias 0.0"""
    model = student.LinearModel()
    model.load_state_dict(weights(1.0, 0.0))
    history = student.train(model, X_DATA, Y_DATA, epochs=20, lr=0.1, optimizer="adam")
    want_history, want_state = reference_train(weights(1.0, 0.0), X_DATA, Y_DATA, 20, 0.1, "adam")
    what = "train(model, x_data, y_data, epochs=20, lr=0.1, optimizer='adam')"
    check_floats(history, want_history, f"{what}: the history", rtol=TRAIN_RTOL, atol=TRAIN_ATOL)
    check_state(model.state_dict(), want_state, f"{what}: the trained model",
                rtol=TRAIN_RTOL, atol=TRAIN_ATOL)


# ----------------------------------------------------------------------------- predict
@pytest.mark.points(2)
def test_predict_notes(student):
    """predict(model, [[4.0], [5.0]]) with weight 2.0 and bias 0.0 is [[8.0], [10.0]] without a graph"""
    model = student.LinearModel()
    model.load_state_dict(weights(2.0, 0.0))
    out = student.predict(model, torch.tensor([[4.0], [5.0]]))
    check_tensor(out, torch.tensor([[8.0], [10.0]]), "predict(model, [[4.0], [5.0]])")
    check(not out.requires_grad, "predict(model, [[4.0], [5.0]]): the result must carry no graph "
                                 "(requires_grad False): use torch.no_grad() or .detach()")


def test_predict_float64(student):
    """predict of a float64 model and x gives float64 predictions (weight -1.0, bias 0.25)"""
    model = student.LinearModel()
    model.to(dtype=torch.float64)
    model.load_state_dict(weights(-1.0, 0.25, torch.float64))
    x = torch.tensor([[0.5], [-2.0], [3.0]], dtype=torch.float64)
    check_tensor(student.predict(model, x), -1.0 * x + 0.25, "predict(float64 model, float64 x (3, 1))")


def test_predict_keeps_device(student):
    """predict of a model and x on the meta device (a device without data) gives a (4, 1) result on meta"""
    model = student.LinearModel()
    model.to(device="meta")
    out = student.predict(model, torch.empty(4, 1, device="meta"))
    check_tensor(out, torch.empty(4, 1, device="meta"), "predict(model, x (4, 1)) on device 'meta'")
