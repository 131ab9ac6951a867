"""Lesson 09: neurons and layers (神经元与隐藏层), and the basic concepts of machine learning.

Course notes: 深度学习概述 (the house-price perceptron 线性感知机 ``w x + b``, a neuron 神经元 =
a linear part plus a non-linear unit 非线性单元, the activation function 激活函数, hidden
layers 隐藏层 and the output layer 输出层), 向量化和矩阵 (vectorisation: one matrix product
for a whole batch instead of Python loops), and 菜菜 Lesson 7 (samples 样本, features 特征,
labels 标签, the feature matrix 特征矩阵 ``X``, classification 分类 vs regression 回归, and
holding out a dev set 验证集 to judge a model).

Shapes: a sample is a vector of ``k`` features, shape ``(k,)``; a batch of ``n`` samples is
the feature matrix ``X`` of shape ``(n, k)`` (one row per sample).  A layer of ``h`` neurons
has weights ``W`` of shape ``(k, h)`` (column ``j`` holds the weights of neuron ``j``) and
biases ``b`` of shape ``(h,)``, so its output is ``X @ W + b``, shape ``(n, h)``.

Unless a docstring says otherwise, a function must not modify its inputs, must work for
float32 and float64 (a float32 input gives a float32 result, a float64 input a float64
result), and must return its results on the same device (设备) as its tensor inputs: never
create a tensor that meets an input without ``device=`` (or a ``*_like`` function).
"""
import torch


def perceptron(x: torch.Tensor, w: torch.Tensor, b) -> torch.Tensor:
    """The linear perceptron (线性感知机) ``x @ w + b``: weights (权重) times inputs plus
    the bias (偏移量).

    Inputs: ``x`` one sample of shape ``(k,)`` or a batch (特征矩阵) of shape ``(n, k)``;
    ``w`` the weights, shape ``(k,)``; ``b`` the bias, a Python float or a 0-d tensor.
    Output: a 0-d tensor (shape ``()``) for one sample, shape ``(n,)`` for a batch (one
    value per sample); dtype and device of ``x``.

    >>> perceptron(torch.tensor([100.0, 3.0]), torch.tensor([0.5, 10.0]), 20.0)
    tensor(100.)
    >>> perceptron(torch.tensor([[100.0, 3.0], [50.0, 1.0]]), torch.tensor([0.5, 10.0]), 20.0)
    tensor([100.,  55.])
    """
    raise NotImplementedError("perceptron: your code here (请在此处编写代码)")


def activation(z: torch.Tensor, name: str) -> torch.Tensor:
    """An activation function (激活函数), the non-linear unit (非线性单元) of a neuron,
    applied to every element of ``z``.

    ``name`` is one of:

    * ``'relu'``: ``max(z, 0)``;
    * ``'sigmoid'``: ``1 / (1 + exp(-z))``;
    * ``'tanh'``: ``(exp(z) - exp(-z)) / (exp(z) + exp(-z))``;
    * ``'identity'``: ``z`` itself (no non-linearity).

    Any other name raises ``ValueError``.  Input: ``z`` of any shape (a 0-d tensor too).
    Output: the same shape, dtype and device; ``z`` itself is not modified (no in-place
    ``relu_``/``clamp_``).

    >>> activation(torch.tensor([-2.0, 0.0, 3.0]), 'relu')
    tensor([0., 0., 3.])
    >>> activation(torch.tensor(0.0), 'sigmoid')
    tensor(0.5000)
    """
    raise NotImplementedError("activation: your code here (请在此处编写代码)")


def neuron(x: torch.Tensor, w: torch.Tensor, b, act: str = "relu") -> torch.Tensor:
    """One neuron (神经元): the perceptron followed by an activation function,
    ``activation(perceptron(x, w, b), act)``.

    Inputs as for ``perceptron`` (one sample ``(k,)`` or a batch ``(n, k)``, weights ``(k,)``,
    bias a float or 0-d tensor) and ``act`` an activation name (default ``'relu'``).
    Output: a 0-d tensor for one sample, shape ``(n,)`` for a batch.

    >>> neuron(torch.tensor([[1.0, 2.0], [3.0, -4.0]]), torch.tensor([1.0, 1.0]), -1.0)
    tensor([2., 0.])
    """
    raise NotImplementedError("neuron: your code here (请在此处编写代码)")


def dense_loop(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor, act: str = "relu") -> torch.Tensor:
    """A layer of ``h`` neurons (a hidden layer 隐藏层) computed with Python loops over the
    samples and the units: ``out[i, j] = act(sum_p X[i, p] * W[p, j] + b[j])``, i.e. neuron
    ``j`` (weights ``W[:, j]``, bias ``b[j]``) applied to sample ``i`` (row ``X[i]``).

    Inputs: ``X`` of shape ``(n, k)``, ``W`` of shape ``(k, h)``, ``b`` of shape ``(h,)``,
    ``act`` an activation name (default ``'relu'``).  Output: shape ``(n, h)``, dtype and
    device of ``X`` (a result tensor you fill in needs ``dtype=`` and ``device=``).

    >>> dense_loop(torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0, -1.0, 0.0], [1.0, 0.0, 2.0]]),
    ...            torch.tensor([0.0, 0.0, -1.0]))
    tensor([[3., 0., 3.]])
    """
    raise NotImplementedError("dense_loop: your code here (请在此处编写代码)")


def dense(X: torch.Tensor, W: torch.Tensor, b: torch.Tensor, act: str = "relu") -> torch.Tensor:
    """The same layer as ``dense_loop``, vectorised (向量化): ``act(X @ W + b)`` in one
    matrix product for all samples and units (``b`` broadcasts over the rows).

    Inputs: ``X`` ``(n, k)``, ``W`` ``(k, h)``, ``b`` ``(h,)``, ``act`` (default ``'relu'``).
    Output: shape ``(n, h)``, dtype and device of ``X``.

    >>> dense(torch.tensor([[1.0, 2.0]]), torch.tensor([[1.0, -1.0, 0.0], [1.0, 0.0, 2.0]]),
    ...       torch.tensor([0.0, 0.0, -1.0]))
    tensor([[3., 0., 3.]])
    """
    raise NotImplementedError("dense: your code here (请在此处编写代码)")


def mlp_forward(X: torch.Tensor, layers: list, act: str = "relu") -> torch.Tensor:
    """The forward pass of a neural network (神经网络) with hidden layers (隐藏层): layer
    after layer, ``X <- X @ W + b``, with the activation ``act`` after every layer except
    the last (the output layer 输出层 stays linear, e.g. a predicted house price).

    Inputs: ``X`` of shape ``(n, k)``; ``layers`` a list of ``(W, b)`` tuples, the first
    ``W`` of shape ``(k, h1)``, the next ``(h1, h2)``, ..., the last ``(h_last, m)``, each
    ``b`` of shape ``(h,)`` matching its ``W``; ``act`` (default ``'relu'``).  Output: shape
    ``(n, m)``, dtype and device of ``X``.  A single layer is linear: ``X @ W + b``.

    >>> W1, b1 = torch.tensor([[1.0, -1.0]]), torch.tensor([0.0, 0.0])
    >>> W2, b2 = torch.tensor([[1.0], [1.0]]), torch.tensor([-1.0])
    >>> mlp_forward(torch.tensor([[2.0], [-3.0]]), [(W1, b1), (W2, b2)])
    tensor([[1.],
            [2.]])
    """
    raise NotImplementedError("mlp_forward: your code here (请在此处编写代码)")


def task_type(labels: torch.Tensor) -> str:
    """Which kind of task the labels (标签) describe: ``'classification'`` (分类, labels
    are classes, a discrete variable 离散型变量) or ``'regression'`` (回归, labels are
    numbers, a continuous variable 连续型变量).

    Input: a tensor of labels.  Rules:

    * an integer or bool dtype -> ``'classification'`` (whatever the number of classes);
    * a float dtype -> ``'classification'`` when every label is a whole number (``2.0``,
      ``-1.0``) and there are at most 20 distinct values; otherwise (a fraction such as
      ``0.5``, or 21 or more distinct values) ``'regression'``.

    Output: the string ``'classification'`` or ``'regression'``.

    >>> task_type(torch.tensor([0, 1, 2, 1]))
    'classification'
    >>> task_type(torch.tensor([127500.0, 106000.5, 178100.0]))
    'regression'
    """
    raise NotImplementedError("task_type: your code here (请在此处编写代码)")


def train_dev_split(X: torch.Tensor, y: torch.Tensor, dev_fraction: float = 0.2, seed: int = 0) -> tuple:
    """Split the samples (样本) into a training set (训练集) and a dev set (验证集), at
    random but reproducibly: shuffle the row indices with a permutation seeded by ``seed``,
    put ``round(n * dev_fraction)`` samples in the dev set and the rest in the training set.

    Inputs: ``X`` of shape ``(n, ...)`` (one row per sample), ``y`` of shape ``(n,)`` (the
    label of each row), ``dev_fraction`` in ``[0, 1]``, ``seed`` an int.  Output: the tuple
    ``(X_train, y_train, X_dev, y_dev)``: ``n - n_dev`` and ``n_dev`` rows, where
    ``n_dev = round(n * dev_fraction)`` (Python's ``round``: ``round(2.5) == 2``).  Every row
    keeps its label (``y_train[i]`` is the label of ``X_train[i]``); together the two sets
    hold every row of ``X`` exactly once; the same ``seed`` gives the same split.  Results
    keep the dtypes and device of ``X`` and ``y``; ``X`` and ``y`` are not modified.

    >>> X, y = torch.arange(20.0).reshape(10, 2), torch.arange(10)
    >>> [t.shape[0] for t in train_dev_split(X, y)]
    [8, 8, 2, 2]
    """
    raise NotImplementedError("train_dev_split: your code here (请在此处编写代码)")
