# alternative: plainest beginner style: Python loops and Python floats (.item(), float(b), math.exp), torch.Tensor/torch.tensor built with dtype= and device=, if/elif chains, the notes' house example printed at module level
"""Lesson 09: neurons, written with loops like in the notes."""
import math

import torch


def perceptron(x, w, b):
    if len(x.shape) == 1:
        total = 0.0
        for p in range(x.shape[0]):
            total = total + x[p].item() * w[p].item()
        return torch.tensor(total + float(b), dtype=x.dtype, device=x.device)
    results = []
    for i in range(x.shape[0]):
        total = 0.0
        for p in range(x.shape[1]):
            total = total + x[i, p].item() * w[p].item()
        results.append(total + float(b))
    return torch.tensor(results, dtype=x.dtype, device=x.device)


def one_value(v, name):
    if name == 'relu':
        if v > 0:
            return v
        return 0.0
    elif name == 'sigmoid':
        return 1.0 / (1.0 + math.exp(-v))
    elif name == 'tanh':
        return (math.exp(v) - math.exp(-v)) / (math.exp(v) + math.exp(-v))
    elif name == 'identity':
        return v
    else:
        raise ValueError('unknown activation: ' + str(name))


def activation(z, name):
    if name not in ['relu', 'sigmoid', 'tanh', 'identity']:
        raise ValueError('unknown activation: ' + str(name))
    flat = z.reshape(-1)
    out = torch.zeros(flat.shape[0], dtype=z.dtype, device=z.device)
    for i in range(flat.shape[0]):
        out[i] = one_value(flat[i].item(), name)
    return out.reshape(z.shape)


def neuron(x, w, b, act='relu'):
    z = perceptron(x, w, b)
    return activation(z, act)


def dense_loop(X, W, b, act='relu'):
    n = X.shape[0]
    k = X.shape[1]
    h = W.shape[1]
    out = torch.zeros(n, h, dtype=X.dtype, device=X.device)
    for i in range(n):
        for j in range(h):
            s = 0.0
            for p in range(k):
                s += X[i, p].item() * W[p, j].item()
            s += b[j].item()
            out[i, j] = one_value(s, act)
    return out


def dense(X, W, b, act='relu'):
    return activation(torch.mm(X, W) + b, act)


def mlp_forward(X, layers, act='relu'):
    out = X
    for i in range(len(layers)):
        W, b = layers[i]
        if i == len(layers) - 1:
            out = dense_loop(out, W, b, 'identity')
        else:
            out = dense_loop(out, W, b, act)
    return out


def task_type(labels):
    if labels.dtype == torch.bool:
        return 'classification'
    if labels.dtype in [torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64]:
        return 'classification'
    seen = []
    for v in labels.reshape(-1):
        v = v.item()
        if v != int(v):
            return 'regression'
        if v not in seen:
            seen.append(v)
    if len(seen) <= 20:
        return 'classification'
    return 'regression'


def train_dev_split(X, y, dev_fraction=0.2, seed=0):
    n = X.shape[0]
    n_dev = round(n * dev_fraction)
    torch.manual_seed(seed)
    index = torch.randperm(n)
    dev_index = index[:n_dev]
    train_index = index[n_dev:]
    X_train = X[train_index]
    y_train = y[train_index]
    X_dev = X[dev_index]
    y_dev = y[dev_index]
    return X_train, y_train, X_dev, y_dev


# the house example of the notes: area, rooms, location
X = torch.Tensor([[100, 3, 2], [80, 2, 1], [120, 4, 3], [60, 1, 1]])
w = torch.Tensor([0.5, 10, 20])
print('perceptron:', perceptron(X, w, 5.0))
W1 = torch.Tensor([[0.1, -0.1, 0.02], [1.0, 3.0, -1.0], [0.5, 1.0, 3.0]])
b1 = torch.Tensor([-5, 1.5, -3])
W2 = torch.Tensor([[2], [1], [-0.5]])
b2 = torch.Tensor([10])
print('hidden layer:', dense_loop(X, W1, b1))
print('prices:', mlp_forward(X, [(W1, b1), (W2, b2)]))
print(task_type(torch.tensor([0, 1, 2])), task_type(torch.Tensor([12.75, 10.6])))
