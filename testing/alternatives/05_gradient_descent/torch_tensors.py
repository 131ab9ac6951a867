# alternative: torch inside, the notes' idioms: torch.Tensor([...]) (float32), autograd with requires_grad, .data updates and grad.data.zero_(), results back with .item(); ema with torch ops
"""Lesson 05: gradient descent with PyTorch tensors (Lec4 style)."""
import torch


def cost(xs, ys, w):
    x, y = torch.Tensor(xs), torch.Tensor(ys)
    return ((x * w - y) ** 2).mean().item()


def gradient(xs, ys, w):
    x, y = torch.Tensor(xs), torch.Tensor(ys)
    return (2 * x * (x * w - y)).mean().item()


def sgd_gradient(x, y, w):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    l = (x * wt - y) ** 2
    l.backward()
    return wt.grad.item()


def gd_step(w, grad, lr):
    return (torch.tensor(w, dtype=torch.float64) - lr * grad).item()


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    x, y = torch.Tensor(xs), torch.Tensor(ys)
    w = torch.Tensor([w0])
    w.requires_grad = True
    history = []
    for epoch in range(epochs):
        l = ((x * w - y) ** 2).mean()
        history.append(l.item())
        l.backward()
        w.data = w.data - lr * w.grad.data
        w.grad.data.zero_()
    return w.item(), history


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    w = torch.Tensor([w0])
    w.requires_grad = True
    history = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = (x * w - y) ** 2
            l.backward()
            w.data = w.data - lr * w.grad.data
            w.grad.data.zero_()
        history.append(l.item())
        print("progress:", epoch, l.item())
    return w.item(), history


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    x, y = torch.Tensor(xs), torch.Tensor(ys)
    w = torch.tensor([w0], requires_grad=True)
    history = []
    for epoch in range(epochs):
        with torch.no_grad():
            history.append(((x * w - y) ** 2).mean().item())
        for bx, by in zip(torch.split(x, batch_size), torch.split(y, batch_size)):
            l = ((bx * w - by) ** 2).mean()
            l.backward()
            with torch.no_grad():
                w -= lr * w.grad
            w.grad.zero_()
    return w.item(), history


def ema(values, beta=0.9):
    if len(values) == 0:
        return []
    v = torch.tensor(values, dtype=torch.float64)
    s = v.clone()
    for t in range(1, len(v)):
        s[t] = beta * s[t - 1] + (1 - beta) * v[t]
    return s.tolist()
