# alternative: exactly the notes' style: torch.Tensor([1.0]) float32 leaves with w.requires_grad = True, .data updates, w.grad.data.zero_(), prints while training, l.item() in the history; demo code at module level as in the notes
import torch


def linear_grad_chain(x, y, w):
    y_pred = x * w
    return 2 * x * (y_pred - y)


def quadratic_forward(x, w1, w2, b):
    return w1 * x * x + w2 * x + b


def quadratic_grads_manual(x, y, w1, w2, b):
    y_pred = quadratic_forward(x, w1, w2, b)
    grad_w1 = 2 * x * x * (y_pred - y)
    grad_w2 = 2 * x * (y_pred - y)
    grad_b = 2 * (y_pred - y)
    return (grad_w1, grad_w2, grad_b)


def quadratic_grads_autograd(x, y, w1, w2, b):
    tw1 = torch.Tensor([w1])
    tw1.requires_grad = True
    tw2 = torch.Tensor([w2])
    tw2.requires_grad = True
    tb = torch.Tensor([b])
    tb.requires_grad = True
    l = (quadratic_forward(x, tw1, tw2, tb) - y) ** 2
    l.backward()
    return (tw1.grad.item(), tw2.grad.item(), tb.grad.item())


def train_quadratic(xs, ys, w1=1.0, w2=1.0, b=1.0, lr=0.01, epochs=100):
    W1 = torch.Tensor([w1])
    W1.requires_grad = True
    W2 = torch.Tensor([w2])
    W2.requires_grad = True
    B = torch.Tensor([b])
    B.requires_grad = True

    def forward(x):
        return W1 * x * x + W2 * x + B

    def loss(x, y):
        y_pred = forward(x)
        return (y_pred - y) ** 2

    history = []
    print("Before Training: ", 5, forward(5).item())
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = loss(x, y)
            l.backward()
            print("\tgrad:", x, y, W1.grad.item(), W2.grad.item(), B.grad.item())
            W1.data = W1.data - lr * W1.grad.data
            W2.data = W2.data - lr * W2.grad.data
            B.data = B.data - lr * B.grad.data
            W1.grad.data.zero_()
            W2.grad.data.zero_()
            B.grad.data.zero_()
        print("progress: ", epoch, l.item())
        history.append(l.item())
    print("After Training: ", 5, forward(5).item())
    return W1.item(), W2.item(), B.item(), history

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]
print("predict (before training)", 4, quadratic_forward(4, 1.0, 1.0, 1.0))
w1, w2, b, history = train_quadratic(x_data, y_data)
print("predict (after training)", 4, quadratic_forward(4, w1, w2, b))
