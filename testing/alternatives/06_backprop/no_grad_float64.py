# alternative: float64 leaves updated in place under torch.no_grad(), gradients cleared with grad = None, a list of parameters, operands of commutative operations swapped
import torch


def linear_grad_chain(x: float, y: float, w: float) -> float:
    residual = w * x - y              # y_hat - y
    dloss_dresidual = residual * 2
    return x * dloss_dresidual


def quadratic_forward(x, w1, w2, b):
    return b + x * w2 + x ** 2 * w1


def quadratic_grads_manual(x, y, w1, w2, b):
    g = (quadratic_forward(x, w1, w2, b) - y) * 2
    return (x * x * g, x * g, g)


def quadratic_grads_autograd(x, y, w1, w2, b):
    params = [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in (w1, w2, b)]
    loss = (quadratic_forward(x, *params) - y) ** 2
    loss.sum().backward()
    return tuple(float(p.grad[0]) for p in params)


def train_quadratic(xs, ys, w1=1.0, w2=1.0, b=1.0, lr=0.01, epochs=100):
    params = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (w1, w2, b)]
    history = []
    for _ in range(epochs):
        last = None
        for x, y in zip(xs, ys):
            loss = (y - quadratic_forward(x, *params)) ** 2
            last = float(loss.detach())
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p.sub_(p.grad * lr)
                    p.grad = None
        history.append(last)
    return float(params[0]), float(params[1]), float(params[2]), history
