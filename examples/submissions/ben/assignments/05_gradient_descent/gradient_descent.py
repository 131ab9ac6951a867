"""Lesson 05: gradient descent (梯度下降) and stochastic gradient descent (随机梯度下降).

Course notes: 刘二大人 PyTorch深度学习实践 Lec3 梯度下降算法 / 随机梯度下降.

The model is the linear model of lesson 04, ``y_hat = x * w``, with one weight ``w``.
Instead of trying every ``w`` on a grid (穷举), we follow the slope of the cost downhill:
``w = w - lr * d cost / d w``.  Everything here works on plain Python floats: ``xs`` and
``ys`` are equal-length lists of floats (at least one sample), ``w``, ``lr`` and ``beta``
are floats.  A function must not modify the lists it is given.  A result described as
``float`` may be a Python ``float`` or a subclass such as ``numpy.float64``, never a tensor
or an array.
"""


def cost(xs: list, ys: list, w: float) -> float:
    """The cost (代价函数): the mean squared error (平均平方误差, MSE) of ``y_hat = x * w``
    over all samples.

    Inputs:
    - xs: list of N floats (N >= 1), the inputs x
    - ys: list of N floats, the targets y
    - w: float, the weight (权重)

    Returns: float, ``(1/N) * sum((x * w - y) ** 2)``.

    >>> cost([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 1.0)   # (1 + 4 + 9) / 3
    4.666666666666667
    """
    ### BEGIN SOLUTION
    total = 0.0
    for x, y in zip(xs, ys):
        total += (x * w - y) ** 2
    return total / len(xs)
    ### END SOLUTION


def gradient(xs: list, ys: list, w: float) -> float:
    """The gradient (梯度) of ``cost`` with respect to ``w``:
    ``d cost / d w = (1/N) * sum(2 * x * (x * w - y))``.

    Inputs: as for ``cost``.  Returns: float.

    >>> gradient([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 1.0)   # -(2 + 8 + 18) / 3
    -9.333333333333334
    """
    ### BEGIN SOLUTION
    total = 0.0
    for x, y in zip(xs, ys):
        total += 2 * x * (x * w - y)
    return total / len(xs)
    ### END SOLUTION


def sgd_gradient(x: float, y: float, w: float) -> float:
    """The gradient of the loss (损失函数) of ONE sample, ``loss = (x * w - y) ** 2``,
    with respect to ``w``: ``2 * x * (x * w - y)``.  Stochastic gradient descent (随机梯度下降,
    SGD) uses it instead of the gradient of the whole cost.

    Inputs: floats x, y, w.  Returns: float.

    >>> sgd_gradient(2.0, 4.0, 1.0)   # 2 * 2 * (2 - 4)
    -8.0
    """
    ### BEGIN SOLUTION
    return 2 * x * (x * w - y)
    ### END SOLUTION


def gd_step(w: float, grad: float, lr: float) -> float:
    """One manual update (更新) of the weight: ``w - lr * grad``, with learning rate
    (学习率) ``lr``.  Returns the new weight (float); nothing else changes.

    >>> gd_step(1.0, -8.0, 0.01)
    1.08
    """
    ### BEGIN SOLUTION
    return w - lr * grad
    ### END SOLUTION


def train_gd(xs: list, ys: list, w0: float = 1.0, lr: float = 0.01, epochs: int = 100) -> tuple:
    w = w0
    history = []
    for epoch in range(epochs):
        w = gd_step(w, gradient(xs, ys, w), lr)
        history.append(cost(xs, ys, w))
    return w, history
    ### END SOLUTION


def train_sgd(xs: list, ys: list, w0: float = 1.0, lr: float = 0.01, epochs: int = 100) -> tuple:
    """Stochastic gradient descent (随机梯度下降): start at ``w = w0``; in each epoch go
    through the samples IN THE GIVEN ORDER (no shuffling) and update once per sample,
    ``w = w - lr * sgd_gradient(x, y, w)``.

    Returns: ``(w, history)`` — the final weight (float) and a list of ``epochs`` floats,
    ``history[i]`` = the loss ``(x * w - y) ** 2`` of the LAST sample of epoch i, computed
    BEFORE that sample's update.  ``epochs=0`` gives ``(w0, [])``.

    >>> w, history = train_sgd([1.0, 2.0], [2.0, 4.0], 1.0, 0.01, 1)
    >>> w, history  # after x=1: w = 1.02; loss of x=2 at w = 1.02, then its update
    (1.0984, [3.8415999999999997])
    """
    ### BEGIN SOLUTION
    w = w0
    history = []
    for epoch in range(epochs):
        for x, y in zip(xs, ys):
            loss_val = (x * w - y) ** 2
            w = gd_step(w, sgd_gradient(x, y, w), lr)
        history.append(loss_val)
    return w, history
    ### END SOLUTION


def train_minibatch(xs: list, ys: list, w0: float = 1.0, lr: float = 0.01, epochs: int = 100,
                    batch_size: int = 2) -> tuple:
    """Mini-batch gradient descent (小批量梯度下降, the compromise between GD and SGD):
    in each epoch cut the samples, in the given order, into batches of ``batch_size``
    (the last batch may be shorter) and update once per batch with the MEAN gradient of
    that batch, ``w = w - lr * gradient(batch_xs, batch_ys, w)``.

    Returns: ``(w, history)`` — the final weight (float) and a list of ``epochs`` floats,
    ``history[i]`` = the cost over ALL samples at the start of epoch i (before its first
    update).  ``epochs=0`` gives ``(w0, [])``.  ``batch_size=1`` is SGD's sequence of
    updates; ``batch_size >= len(xs)`` is full-batch GD.

    >>> w, history = train_minibatch([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 1.0, 0.01, 1, 2)
    >>> history     # batches [1, 2] and [3]
    [4.666666666666667]
    """
    ### BEGIN SOLUTION
    w = w0
    history = []
    for epoch in range(epochs):
        history.append(cost(xs, ys, w))
        for start in range(0, len(xs), batch_size):
            batch_xs = xs[start:start + batch_size]
            batch_ys = ys[start:start + batch_size]
            w = gd_step(w, gradient(batch_xs, batch_ys, w), lr)
    return w, history
    ### END SOLUTION


def ema(values: list, beta: float = 0.9) -> list:
    """Exponentially weighted average (指数加权均值), used to smooth a noisy loss curve
    before plotting it:

    ``s[0] = values[0]``,  ``s[t] = beta * s[t-1] + (1 - beta) * values[t]``.

    Inputs: ``values``, a list of floats (may be empty); ``beta`` in [0, 1], the weight of
    the previous average.  Returns: a list of floats as long as ``values``
    (``[]`` for ``[]``).

    >>> ema([1.0, 2.0, 3.0], beta=0.5)
    [1.0, 1.5, 2.25]
    """
    ### BEGIN SOLUTION
    smoothed = []
    for value in values:
        if smoothed:
            smoothed.append(beta * smoothed[-1] + (1 - beta) * value)
        else:
            smoothed.append(value)
    return smoothed
    ### END SOLUTION
