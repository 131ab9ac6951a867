# alternative: torch.autograd.grad in the training loop (no .grad to zero), float64; manual gradients written as expanded polynomials; results as numpy.float64
import numpy as np
import torch


def linear_grad_chain(x, y, w):
    # d/dw (x^2 w^2 - 2 x y w + y^2) = 2 x^2 w - 2 x y
    return np.float64(2 * x * x * w - 2 * x * y)


def quadratic_forward(x, w1, w2, b):
    return np.float64(w1) * np.square(x) + np.float64(w2) * x + b


def quadratic_grads_manual(x, y, w1, w2, b):
    dw1 = 2 * (w1 * x ** 4 + w2 * x ** 3 + b * x ** 2 - y * x ** 2)
    dw2 = 2 * (w1 * x ** 3 + w2 * x ** 2 + b * x - y * x)
    db = 2 * (w1 * x ** 2 + w2 * x + b - y)
    return np.float64(dw1), np.float64(dw2), np.float64(db)


def quadratic_grads_autograd(x, y, w1, w2, b):
    w = torch.tensor([w1, w2, b], dtype=torch.float64, requires_grad=True)
    features = torch.tensor([x * x, x, 1.0], dtype=torch.float64)
    loss = ((features * w).sum() - y) ** 2
    loss.backward()
    g = w.grad.numpy()
    return g[0], g[1], g[2]


def train_quadratic(xs, ys, w1=1.0, w2=1.0, b=1.0, lr=0.01, epochs=100):
    w = torch.tensor([w1, w2, b], dtype=torch.float64, requires_grad=True)
    history = []
    for epoch in range(epochs):
        for i in range(len(xs)):
            features = torch.tensor([xs[i] ** 2, xs[i], 1.0], dtype=torch.float64)
            loss = (torch.dot(features, w) - ys[i]) ** 2
            (grad,) = torch.autograd.grad(loss, w)
            with torch.no_grad():
                w -= lr * grad
            if i == len(xs) - 1:
                history.append(loss.detach().numpy().item())
    values = w.detach().numpy()
    return values[0], values[1], values[2], history
