# alternative: float64 arithmetic cast back to the input dtype, formulas by hand (relu as z * (z > 0), sigmoid and tanh from exp), broadcasting with unsqueeze for the layers, a while loop over layers, task_type with Python sets, the split with random.Random(seed).shuffle on a list of indices
"""Lesson 09: neurons, accumulated in float64."""
import random

import torch


def perceptron(x, w, b):
    out = (x.double() * w.double()).sum(dim=-1) + (b.double() if torch.is_tensor(b) else b)
    return out.to(x.dtype)


def activation(z, name):
    d = z.double()
    if name == "relu":
        out = d * (d > 0)
    elif name == "sigmoid":
        out = 1.0 / (1.0 + torch.exp(-d))
    elif name == "tanh":
        out = (torch.exp(d) - torch.exp(-d)) / (torch.exp(d) + torch.exp(-d))
    elif name == "identity":
        out = d
    else:
        raise ValueError("activation name must be relu, sigmoid, tanh or identity")
    return out.to(z.dtype)


def neuron(x, w, b, act="relu"):
    return activation(perceptron(x, w, b), act)


def dense_loop(X, W, b, act="relu"):
    rows = []
    for i in range(X.shape[0]):
        units = []
        for j in range(W.shape[1]):
            units.append((X[i].double() * W[:, j].double()).sum() + b[j].double())
        rows.append(torch.stack(units))
    return activation(torch.stack(rows), act).to(X.dtype)


def dense(X, W, b, act="relu"):
    z = (X.double().unsqueeze(2) * W.double().unsqueeze(0)).sum(dim=1) + b.double().unsqueeze(0)
    return activation(z, act).to(X.dtype)


def mlp_forward(X, layers, act="relu"):
    out = X.double()
    i = 0
    while i < len(layers):
        W, b = layers[i]
        out = out @ W.double() + b.double()
        if i + 1 < len(layers):
            out = activation(out, act)
        i += 1
    return out.to(X.dtype)


def task_type(labels):
    if labels.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
        values = labels.tolist()
        if all(float(v).is_integer() for v in values) and len(set(values)) <= 20:
            return "classification"
        return "regression"
    return "classification"


def train_dev_split(X, y, dev_fraction=0.2, seed=0):
    n = X.shape[0]
    indices = list(range(n))
    random.Random(seed).shuffle(indices)
    n_dev = int(round(n * dev_fraction))
    dev = indices[:n_dev]
    train = indices[n_dev:]
    return (X[train], y[train], X[dev], y[dev])
