"""What lesson 08's public and hidden tests share (shipped with the public tests): the
reference network and its training (plain torch, the same starting weights), the notes'
clusters, a plain network built in the student's process, and the check of a state_dict."""
import torch
import torch.nn.functional as F

from grader.checks import check, check_equal, check_type

NET_KEYS = ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]


def reference_forward(params, x, names=("hidden", "out")):
    """out(relu(hidden(x))) from a dict of weights."""
    first, second = names
    h = F.relu(F.linear(x, params[f"{first}.weight"], params[f"{first}.bias"]))
    return F.linear(h, params[f"{second}.weight"], params[f"{second}.bias"])


def reference_train(state, x, y, epochs, lr, names=("hidden", "out")):
    """Full-batch CrossEntropyLoss + SGD (p <- p - lr * grad) from the weights ``state``, on
    the CPU: (history of the loss before each step, trained weights)."""
    params = {k: v.detach().cpu().clone().requires_grad_(True) for k, v in state.items()}
    x, y = x.cpu(), y.cpu()
    history = []
    for _ in range(epochs):
        loss = F.cross_entropy(reference_forward(params, x, names), y)
        grads = torch.autograd.grad(loss, list(params.values()))
        with torch.no_grad():
            for p, g in zip(params.values(), grads):
                p.add_(g, alpha=-lr)
        history.append(loss.item())
    return history, {k: v.detach() for k, v in params.items()}


def clusters(n, gen):
    """The notes' clusters, drawn here with the test's own generator."""
    ones = torch.ones(n, 2)
    x = torch.cat((torch.normal(2 * ones, 1.0, generator=gen), torch.normal(-2 * ones, 1.0, generator=gen)))
    y = torch.cat((torch.zeros(n, dtype=torch.int64), torch.ones(n, dtype=torch.int64)))
    return x, y


def mlp(student, n_feature, n_hidden, n_output):
    """A plain torch.nn.Sequential(Linear, ReLU, Linear) built in the student's process: the
    same network as Net, so that train_classifier and predict are graded on their own."""
    def layer(*args):
        return student.probe("torch_object", *args)

    return layer("nn.Sequential", layer("nn.Linear", n_feature, n_hidden), layer("nn.ReLU"),
                 layer("nn.Linear", n_hidden, n_output))


def check_state_dict(sd, shapes, what):
    """A dict with exactly the keys of ``shapes``, each tensor of its shape."""
    check_type(sd, dict, what)
    check_equal(sorted(sd), sorted(shapes), f"{what} keys")
    for key, shape in shapes.items():
        check(tuple(sd[key].shape) == shape,
              f"{what}['{key}']: expected shape {shape}, got {tuple(sd[key].shape)}")
