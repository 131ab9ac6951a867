"""Lesson 09 (blind set): perceptron, activations, dense layers, an MLP, task type and a dev split, from the README."""
import torch


def perceptron(x, w, b):
    """x @ w + b for one sample (k,) or a batch (n, k)."""
    return x @ w + b


def activation(z, name):
    """relu, sigmoid, tanh or identity of every element of z."""
    if name == "relu":
        return torch.clamp(z, min=0)
    if name == "sigmoid":
        return 1 / (1 + torch.exp(-z))
    if name == "tanh":
        return 2 * torch.sigmoid(z) - 1
    if name == "identity":
        return z.clone()
    raise ValueError(f"unknown activation {name!r}: use 'relu', 'sigmoid', 'tanh' or 'identity'")


def neuron(x, w, b, act="relu"):
    """The perceptron followed by the activation."""
    return activation(perceptron(x, w, b), act)


def dense_loop(X, W, b, act="relu"):
    """A layer of neurons, with Python loops over samples and units."""
    n, h = X.shape[0], W.shape[1]
    out = torch.zeros(n, h, dtype=X.dtype, device=X.device)
    for i in range(n):
        for j in range(h):
            out[i, j] = (X[i] * W[:, j]).sum() + b[j]
    return activation(out, act)


def dense(X, W, b, act="relu"):
    """The same layer, vectorised."""
    return activation(X @ W + b, act)


def mlp_forward(X, layers, act="relu"):
    """Layers in order, the activation after every one but the last."""
    out = X
    for index, (W, b) in enumerate(layers):
        out = out @ W + b
        if index < len(layers) - 1:
            out = activation(out, act)
    return out


def task_type(labels):
    """'classification' for integer/bool labels or few whole-number floats, else 'regression'."""
    if not labels.is_floating_point():
        return "classification"
    whole = bool(torch.all(labels == torch.round(labels)))
    if whole and torch.unique(labels).numel() <= 20:
        return "classification"
    return "regression"


def train_dev_split(X, y, dev_fraction=0.2, seed=0):
    """(X_train, y_train, X_dev, y_dev) from a seeded permutation of the rows."""
    n = X.shape[0]
    n_dev = round(n * dev_fraction)
    gen = torch.Generator().manual_seed(seed)
    perm = torch.randperm(n, generator=gen).to(X.device)
    dev_idx, train_idx = perm[:n_dev], perm[n_dev:]
    return X[train_idx], X[dev_idx], y[train_idx], y[dev_idx]
