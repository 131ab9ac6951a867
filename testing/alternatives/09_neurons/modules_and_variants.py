# alternative: torch.nn activation modules (nn.ReLU, nn.Sigmoid, nn.Tanh, nn.Identity), sigmoid as exp(z) / (1 + exp(z)) and tanh as 2 sigmoid(2z) - 1 in a second helper, torch.inner/sum for the perceptron, dense_loop stacking one row per sample, F.linear(X, W.T, b) layers, task_type with torch.floor/torch.equal, the split with torch.manual_seed on a fresh generator and lists returned in a tuple
"""Lesson 09: neurons with torch.nn modules and other formulas."""
import torch
from torch import nn
import torch.nn.functional as F


def perceptron(x, w, b):
    if x.dim() == 1:
        return torch.inner(x, w) + b
    return torch.sum(w * x, dim=1) + b


def _sigmoid(z):
    e = torch.exp(z)
    return e / (1 + e)


def activation(z, name):
    if name == "relu":
        return nn.ReLU()(z)
    elif name == "sigmoid":
        return _sigmoid(z)
    elif name == "tanh":
        return 2 * _sigmoid(2 * z) - 1
    elif name == "identity":
        return nn.Identity()(z)
    raise ValueError("no such activation: %s" % name)


def neuron(x, w, b, act='relu'):
    out = perceptron(x, w, b)
    out = activation(out, act)
    return out


def dense_loop(X, W, b, act='relu'):
    rows = []
    for i in range(X.shape[0]):
        row = []
        for j in range(W.shape[1]):
            row.append(neuron(X[i], W[:, j], b[j], act))
        rows.append(torch.stack(row))
    return torch.stack(rows)


def dense(X, W, b, act='relu'):
    return activation(F.linear(X, W.T, b), act)


def mlp_forward(X, layers, act='relu'):
    h = X
    last = len(layers) - 1
    for i, layer in enumerate(layers):
        h = F.linear(h, layer[0].T, layer[1])
        if i != last:
            h = activation(h, act)
    return h


def task_type(labels):
    if labels.dtype.is_floating_point:
        if torch.equal(labels, torch.floor(labels)) and len(torch.unique(labels)) <= 20:
            return "classification"
        return "regression"
    return "classification"


def train_dev_split(X, y, dev_fraction=0.2, seed=0):
    g = torch.Generator()
    g.manual_seed(seed)
    perm = torch.randperm(X.shape[0], generator=g).tolist()
    n_dev = round(len(perm) * dev_fraction)
    train_rows, dev_rows = perm[: len(perm) - n_dev], perm[len(perm) - n_dev:]
    return X[train_rows], y[train_rows], X[dev_rows], y[dev_rows]
