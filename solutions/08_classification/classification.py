"""Lesson 08: classification (分类) with a small neural network (神经网络) in PyTorch.

Course notes: a PyTorch intro, part 4 "构建神经网络模型" (building a neural network model):
two Gaussian clusters of points made with ``torch.normal(±2, 1)``, the network
``Net(n_feature, n_hidden, n_output)`` with a ``hidden`` layer and an ``out`` layer,
``torch.nn.CrossEntropyLoss`` (交叉熵损失) and ``torch.optim.SGD`` with ``lr=0.02``, and
predictions read with ``torch.max(out, 1)[1]``.

The four steps of the notes: build the data (数据的构造), build the model (模型的构造),
choose the loss and the optimizer (优化器), train (训练) — then measure the accuracy
(准确率) of the predictions.

Functions that take tensors must not modify them, and return results on the device of
their tensor inputs.  A result described as ``float`` may be a Python ``float`` or a
subclass such as ``numpy.float64``, never a tensor or an array.
"""
import torch
import torch.nn.functional as F


def make_clusters(n_per_class=100, seed=0):
    """Two clusters of 2-D points (fake data, 模拟数据), one per class.

    Class 0: ``n_per_class`` points drawn from the normal distribution (正态分布) with mean
    ``+2`` and standard deviation ``1`` in each coordinate, i.e. around ``(2, 2)``.
    Class 1: ``n_per_class`` points from mean ``-2``, standard deviation ``1``, around
    ``(-2, -2)``.  The rows of class 0 come first.

    The draw is reproducible: the same ``seed`` gives the same data.  It must not change
    the global random state (全局随机状态): draw from your own ``torch.Generator`` (or a
    numpy ``default_rng(seed)``), not after ``torch.manual_seed(seed)``.

    Inputs:
    - n_per_class: int, the number of points of each class (the notes use 100)
    - seed: int, the seed of the draw

    Returns: a tuple ``(x, y)``:
    - x: float32 tensor of shape ``(2 * n_per_class, 2)``, the points (features, 特征)
    - y: int64 tensor of shape ``(2 * n_per_class,)``, the labels (标签): ``0`` for the
      first ``n_per_class`` rows, ``1`` for the rest (class indices, not one-hot)

    >>> x, y = make_clusters(3, seed=1)
    >>> x.shape, x.dtype, y.tolist()
    (torch.Size([6, 2]), torch.float32, [0, 0, 0, 1, 1, 1])
    """
    ### BEGIN SOLUTION
    gen = torch.Generator().manual_seed(seed)        # a private generator: the global state is untouched
    ones = torch.ones(n_per_class, 2)
    x0 = torch.normal(2 * ones, 1.0, generator=gen)   # class 0 around (+2, +2)
    x1 = torch.normal(-2 * ones, 1.0, generator=gen)  # class 1 around (-2, -2)
    x = torch.cat((x0, x1), 0)
    y = torch.cat((torch.zeros(n_per_class, dtype=torch.int64),
                   torch.ones(n_per_class, dtype=torch.int64)))
    return x, y
    ### END SOLUTION


class Net(torch.nn.Module):
    """The notes' network: one hidden layer (隐藏层) with ReLU, one output layer (输出层).

    ``Net(n_feature, n_hidden, n_output)`` has exactly two layers, under these names:
    - ``self.hidden = torch.nn.Linear(n_feature, n_hidden)``
    - ``self.out = torch.nn.Linear(n_hidden, n_output)``
    so that ``state_dict()`` has the keys ``hidden.weight`` ``(n_hidden, n_feature)``,
    ``hidden.bias`` ``(n_hidden,)``, ``out.weight`` ``(n_output, n_hidden)`` and
    ``out.bias`` ``(n_output,)``.

    ``forward(x)`` (前向传播) for ``x`` of shape ``(N, n_feature)`` returns
    ``out(relu(hidden(x)))`` of shape ``(N, n_output)``: the raw scores (logits), one per
    class.  No activation after the output layer and no softmax: ``CrossEntropyLoss``
    applies log-softmax itself.

    >>> net = Net(n_feature=2, n_hidden=10, n_output=2)
    >>> net(torch.zeros(5, 2)).shape
    torch.Size([5, 2])
    """

    def __init__(self, n_feature, n_hidden, n_output):
        ### BEGIN SOLUTION
        super().__init__()
        self.hidden = torch.nn.Linear(n_feature, n_hidden)   # hidden layer
        self.out = torch.nn.Linear(n_hidden, n_output)       # output layer
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = F.relu(self.hidden(x))      # activation function for the hidden layer
        return self.out(x)              # raw logits: no relu, no softmax here
        ### END SOLUTION


def accuracy(logits, y):
    """The accuracy (准确率): the fraction of samples whose predicted class, the index of
    the largest logit in the sample's row (``argmax`` over dim 1), equals the label.

    Inputs:
    - logits: tensor of shape ``(N, C)``, one row of class scores per sample (any float dtype)
    - y: int64 tensor of shape ``(N,)``, the labels ``0 .. C-1``, on the device of logits

    Returns: float in ``[0, 1]`` (a Python float, e.g. from ``.item()``), never a tensor.

    >>> accuracy(torch.tensor([[2.0, -1.0], [0.5, 1.5], [3.0, 0.0]]), torch.tensor([0, 1, 1]))
    0.6666666666666666
    """
    ### BEGIN SOLUTION
    pred = torch.max(logits, 1)[1]                   # the notes' idiom: indices of the row maxima
    return (pred == y).double().mean().item()
    ### END SOLUTION


def train_classifier(net, x, y, epochs=100, lr=0.02):
    """Train ``net`` on ``(x, y)`` with ``torch.nn.CrossEntropyLoss()`` (mean over the
    batch) and ``torch.optim.SGD(net.parameters(), lr=lr)``, full batch, as the notes do.

    Each of ``epochs`` epochs: ``out = net(x)``; ``loss = loss_func(out, y)`` on the raw
    logits; ``optimizer.zero_grad()``; ``loss.backward()``; ``optimizer.step()``.

    Inputs:
    - net: a ``torch.nn.Module`` returning logits ``(N, C)`` (a ``Net``); trained in place
    - x: tensor ``(N, F)``, on the device and of the dtype of ``net``; not modified
    - y: int64 tensor ``(N,)`` of class indices; not modified
    - epochs: int, the number of steps (the notes loop 20 or 50 times)
    - lr: float, the learning rate (学习率; the notes use 0.02)

    Returns: list of ``epochs`` floats: the loss of each epoch, computed before that
    epoch's step (``loss.item()``).
    """
    ### BEGIN SOLUTION
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss_func = torch.nn.CrossEntropyLoss()   # the target is class indices, not one-hot
    history = []
    for _ in range(epochs):
        out = net(x)
        loss = loss_func(out, y)
        optimizer.zero_grad()   # clear the gradients of the last step
        loss.backward()         # backpropagation, compute gradients
        optimizer.step()        # apply gradients
        history.append(loss.item())
    return history
    ### END SOLUTION


def predict(net, x):
    """The predicted class of every sample: the index of the largest logit of ``net(x)``
    in each row (the notes' ``torch.max(out, 1)[1]``), computed without building a graph
    (under ``torch.no_grad()``).

    Inputs:
    - net: a ``torch.nn.Module`` returning logits ``(N, C)`` (a ``Net``)
    - x: tensor ``(N, F)``, on the device and of the dtype of ``net``; not modified

    Returns: int64 tensor of shape ``(N,)`` with values in ``0 .. C-1``, on the device of
    ``x``, with ``requires_grad`` False.
    """
    ### BEGIN SOLUTION
    with torch.no_grad():
        return torch.max(net(x), 1)[1]
    ### END SOLUTION
