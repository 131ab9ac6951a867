"""What lesson 07's public and hidden tests share (shipped with the public tests): torch's
class for each optimizer name, a LinearModel's state_dict, the reference training run
(plain torch from the same starting weights) and the check of a state_dict."""
import torch

from grader.checks import check, check_tensor

OPTIMIZERS = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adagrad": torch.optim.Adagrad,
              "adamax": torch.optim.Adamax, "asgd": torch.optim.ASGD, "rmsprop": torch.optim.RMSprop,
              "rprop": torch.optim.Rprop}


def weights(w, b, dtype=torch.float32, device="cpu"):
    """A LinearModel state_dict with weight w and bias b."""
    return {"linear.weight": torch.tensor([[w]], dtype=dtype, device=device),
            "linear.bias": torch.tensor([b], dtype=dtype, device=device)}


def reference_train(state, x, y, epochs, lr, name):
    """The notes' training cycle with the optimizer ``name`` (a key of ``OPTIMIZERS``, its
    defaults) on a plain torch.nn.Linear started from ``state``: (history of the loss
    before each step, trained state_dict)."""
    if name == "sgd":
        return _sgd_written_out(state, x, y, epochs, lr)
    ref = torch.nn.Linear(1, 1).to(dtype=x.dtype, device=x.device)
    ref.load_state_dict({"weight": state["linear.weight"], "bias": state["linear.bias"]})
    opt = OPTIMIZERS[name](ref.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        loss = torch.nn.functional.mse_loss(ref(x), y)
        history.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    return history, {"linear.weight": ref.weight.detach().clone(), "linear.bias": ref.bias.detach().clone()}


def _sgd_written_out(state, x, y, epochs, lr):
    """What torch.optim.SGD does to y = x w + b under the mean squared error, with the gradients
    written out (dL/dw = 2 mean(e x), dL/db = 2 mean(e), e = prediction - y): no autograd, so a
    1000-epoch reference costs a fraction of the student's run."""
    w = state["linear.weight"].to(dtype=x.dtype, device=x.device).clone()
    b = state["linear.bias"].to(dtype=x.dtype, device=x.device).clone()
    history = []
    for _ in range(epochs):
        e = x @ w.T + b - y
        history.append((e * e).mean().item())
        w, b = w - lr * 2 * (e * x).mean().reshape(1, 1), b - lr * 2 * e.mean().reshape(1)
    return history, {"linear.weight": w, "linear.bias": b}


def check_state(actual, expected, what, rtol=1e-5, atol=1e-6):
    """A state_dict with the expected keys and tensors."""
    check(isinstance(actual, dict) and set(actual) == set(expected),
          f"{what}: expected a state_dict with keys {sorted(expected)}, got {sorted(actual)}")
    for key, want in expected.items():
        check_tensor(actual[key], want, f"{what}: {key}", rtol=rtol, atol=atol)
