# alternative: torch.optim.SGD on float32 torch.tensor([...]) leaves, zero_grad() before each backward, loss values via .tolist()
import torch


def linear_grad_chain(x, y, w):
    y_hat = x * w
    dloss_dyhat = 2.0 * (y_hat - y)
    dyhat_dw = x
    return dloss_dyhat * dyhat_dw


def quadratic_forward(x, w1, w2, b):
    return w1 * (x ** 2) + w2 * x + b


def quadratic_grads_manual(x, y, w1, w2, b):
    r = quadratic_forward(x, w1, w2, b) - y
    return tuple(2.0 * r * d for d in (x ** 2, x, 1.0))


def quadratic_grads_autograd(x, y, w1, w2, b):
    a = torch.tensor([w1], requires_grad=True)
    c = torch.tensor([w2], requires_grad=True)
    d = torch.tensor([b], requires_grad=True)
    loss = (a * x ** 2 + c * x + d - y).pow(2)
    loss.backward()
    return a.grad.tolist()[0], c.grad.tolist()[0], d.grad.tolist()[0]


def train_quadratic(xs, ys, w1=1.0, w2=1.0, b=1.0, lr=0.01, epochs=100):
    a = torch.tensor([w1], requires_grad=True)
    c = torch.tensor([w2], requires_grad=True)
    d = torch.tensor([b], requires_grad=True)
    optimizer = torch.optim.SGD([a, c, d], lr=lr)
    history = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            optimizer.zero_grad()
            loss = (a * x ** 2 + c * x + d - y).pow(2)
            loss.backward()
            optimizer.step()
        history.append(loss.tolist()[0])
    return a.tolist()[0], c.tolist()[0], d.tolist()[0], history
