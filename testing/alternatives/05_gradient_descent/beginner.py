# alternative: the plainest beginner style of the notes: a forward() helper, for loops, cost += (y_pred - y) ** 2, prints while training, index loops for batches and ema; demo code at module level as in the notes
"""Lesson 05: gradient descent, written like the 刘二大人 Lec3 notes."""


def forward(x, w):
    return x * w


def cost(xs, ys, w):
    cost = 0
    for x, y in zip(xs, ys):
        y_pred = forward(x, w)
        cost += (y_pred - y) ** 2
    return cost / len(xs)


def gradient(xs, ys, w):
    grad = 0
    for x, y in zip(xs, ys):
        grad += 2 * x * (x * w - y)
    return grad / len(xs)


def sgd_gradient(x, y, w):
    return 2 * x * (x * w - y)


def loss(x, y, w):
    y_pred = forward(x, w)
    return (y_pred - y) ** 2


def gd_step(w, grad, lr):
    w -= lr * grad
    return w


def train_gd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    w = w0
    cost_list = []
    print('Predict (before training)', 4, forward(4, w))
    for epoch in range(epochs):
        cost_val = cost(xs, ys, w)
        grad_val = gradient(xs, ys, w)
        w -= lr * grad_val
        cost_list.append(cost_val)
        print('epoch:', epoch, 'w=', w, 'loss=', cost_val)
    print('Predict (after training)', 4, forward(4, w))
    return w, cost_list


def train_sgd(xs, ys, w0=1.0, lr=0.01, epochs=100):
    w = w0
    loss_list = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            l = loss(x, y, w)
            grad = sgd_gradient(x, y, w)
            w = w - lr * grad
            print('\tgrad:', x, y, grad)
        loss_list.append(l)
        print('progress:', epoch, 'w=', w, 'loss=', l)
    return w, loss_list


def train_minibatch(xs, ys, w0=1.0, lr=0.01, epochs=100, batch_size=2):
    w = w0
    cost_list = []
    n = len(xs)
    for epoch in range(epochs):
        cost_list.append(cost(xs, ys, w))
        i = 0
        while i < n:
            grad = 0
            count = 0
            for j in range(i, min(i + batch_size, n)):
                grad += 2 * xs[j] * (xs[j] * w - ys[j])
                count += 1
            w = w - lr * grad / count
            i += batch_size
        print('epoch:', epoch, 'w=', w, 'cost=', cost_list[-1])
    return w, cost_list


def ema(values, beta=0.9):
    ema_list = []
    for i in range(len(values)):
        if i == 0:
            ema_list.append(values[0])
        else:
            ema_list.append(beta * ema_list[i - 1] + (1 - beta) * values[i])
    return ema_list

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]
print('Predict (before training)', 4, 4 * 1.0)
w, history = train_gd(x_data, y_data)
print('Predict (after training)', 4, 4 * w)
