# alternative: other torch APIs and swapped operands: b + x @ w via torch.matmul, einsum and torch.mm, torch.nn.functional with a dict dispatch, torch.where relu with a scalar, dense_loop filling X.new_zeros with torch.dot, mlp via dense with 'identity' last, task_type through numpy, the split through numpy default_rng
"""Lesson 09: neurons with other APIs."""
import numpy as np
import torch
import torch.nn.functional as F

ACTIVATIONS = {
    "relu": lambda z: torch.where(z > 0, z, 0.0),
    "sigmoid": F.sigmoid,
    "tanh": F.tanh,
    "identity": lambda z: z.clone(),
}


def perceptron(x: torch.Tensor, w: torch.Tensor, b) -> torch.Tensor:
    return b + torch.matmul(x, w)


def activation(z: torch.Tensor, name: str) -> torch.Tensor:
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name](z)


def neuron(x, w, b, act="relu"):
    return activation(torch.einsum("...k,k->...", x, w) + b, act)


def dense_loop(X, W, b, act="relu"):
    out = X.new_zeros((X.shape[0], W.shape[1]))
    for i, row in enumerate(X):
        for j in range(W.shape[1]):
            out[i, j] = torch.dot(row, W[:, j]) + b[j]
    return activation(out, act)


def dense(X, W, b, act="relu"):
    return activation(b + torch.mm(X, W), act)


def mlp_forward(X, layers, act="relu"):
    *hidden, (W_out, b_out) = layers
    for W, b in hidden:
        X = dense(X, W, b, act)
    return dense(X, W_out, b_out, "identity")


def task_type(labels):
    values = labels.detach().cpu().numpy()
    if values.dtype.kind in "biu":
        return "classification"
    if np.all(np.mod(values, 1) == 0) and len(np.unique(values)) <= 20:
        return "classification"
    return "regression"


def train_dev_split(X, y, dev_fraction=0.2, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_dev = round(n * dev_fraction)
    dev, train = order[:n_dev], order[n_dev:]
    return (X[torch.from_numpy(train)], y[torch.from_numpy(train)],
            X[torch.from_numpy(dev)], y[torch.from_numpy(dev)])
