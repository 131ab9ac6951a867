"""Lesson 06 (blind set): backpropagation by hand and by autograd, written from the README."""
import torch


def linear_grad_chain(x, y, w):
    """d loss / d w for loss = (x * w - y) ** 2, node by node."""
    y_hat = x * w
    r = y_hat - y
    dloss_dr = 2 * r
    dr_dyhat = 1.0
    dyhat_dw = x
    return float(dloss_dr * dr_dyhat * dyhat_dw)


def quadratic_forward(x, w1, w2, b):
    """w1 * x**2 + w2 * x + b."""
    return w1 * x ** 2 + w2 * x + b


def quadratic_grads_manual(x, y, w1, w2, b):
    """(dw1, dw2, db) of the squared error, by hand."""
    r = quadratic_forward(x, w1, w2, b) - y
    g = 2 * r
    return (float(g * x ** 2), float(g * x), float(g))


def quadratic_grads_autograd(x, y, w1, w2, b):
    """(dw1, dw2, db) of the squared error, by autograd."""
    tw1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    tw2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = (quadratic_forward(x, tw1, tw2, tb) - y) ** 2
    loss.backward()
    return (tw1.grad, tw2.grad, tb.grad)


def train_quadratic(xs, ys, w1=1.0, w2=1.0, b=1.0, lr=0.01, epochs=100):
    """SGD on w1 * x**2 + w2 * x + b, one sample at a time; history of last-sample losses."""
    params = [torch.tensor([float(v)], dtype=torch.float64, requires_grad=True) for v in (w1, w2, b)]
    history = []
    for _ in range(epochs):
        loss = None
        for x, y in zip(xs, ys):
            loss = (quadratic_forward(x, *params) - y) ** 2
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad.zero_()
        history.append(loss.item())
    return (params[0].item(), params[1].item(), params[2].item(), history)
