"""Lesson 06: backpropagation (反向传播) on a computational graph (计算图).

Course notes: 刘二大人 PyTorch深度学习实践 Lec4 反向传播 (the computational graph, the chain
rule 链式法则, PyTorch's Tensor with ``data`` and ``grad``, and the homework model
``y_hat = w1 * x**2 + w2 * x + b``).

First the gradients are derived by hand, one local derivative per node of the graph,
then PyTorch's autograd (自动求导) computes the same numbers with ``.backward()``, and
finally a training loop updates ``w1, w2, b`` one sample at a time with those gradients.

Everything here takes plain Python floats: ``x``, ``y``, ``w``, ``w1``, ``w2``, ``b`` and
``lr`` are floats, ``xs`` and ``ys`` equal-length lists of floats (at least one sample).
A result described as ``float`` may be a Python ``float`` or a subclass such as
``numpy.float64``, never a tensor or an array.  A function must not modify the lists it
is given.
"""
import torch


def linear_grad_chain(x: float, y: float, w: float) -> float:
    """The gradient (梯度) ``d loss / d w`` of one sample's loss (损失)
    ``loss = (x * w - y) ** 2``, by the chain rule (链式法则) written out node by node,
    without autograd (checked: autograd runs no backward pass, no ``torch.autograd``; a
    ``backward()`` method of your own graph's classes is fine).

    The computational graph (计算图) of the linear model ``y_hat = x * w``::

        y_hat = x * w        local derivative  d y_hat / d w    = x
        r     = y_hat - y    local derivative  d r / d y_hat    = 1
        loss  = r ** 2       local derivative  d loss / d r     = 2 * r

    and ``d loss / d w = (d loss / d r) * (d r / d y_hat) * (d y_hat / d w) = 2 * x * (x * w - y)``.

    Inputs:
    - x: float, the input
    - y: float, the target (label)
    - w: float, the weight (权重)

    Returns: float.

    >>> linear_grad_chain(1.0, 2.0, 1.0)     # r = 1 - 2 = -1;  2 * (-1) * 1 * 1
    -2.0
    """
    raise NotImplementedError("linear_grad_chain: your code here (请在此处编写代码)")


def quadratic_forward(x, w1, w2, b):
    """The forward pass (前馈) of the homework model ``y_hat = w1 * x**2 + w2 * x + b``.

    Inputs:
    - x: float, the input
    - w1, w2: floats, the weights of ``x**2`` and ``x``
    - b: float, the bias (偏置)

    Returns: the prediction ``y_hat``, a float for float inputs.

    >>> quadratic_forward(5.0, 1.0, 1.0, 1.0)   # the notes' "Before Training: 5 forward(5)"
    31.0
    """
    raise NotImplementedError("quadratic_forward: your code here (请在此处编写代码)")


def quadratic_grads_manual(x: float, y: float, w1: float, w2: float, b: float) -> tuple:
    """The gradients of one sample's loss ``loss = (quadratic_forward(x, w1, w2, b) - y) ** 2``
    with respect to ``(w1, w2, b)``, derived by hand on the computational graph (no autograd;
    checked as for ``linear_grad_chain``).

    With ``r = y_hat - y`` (the residual) and ``d loss / d y_hat = 2 * r``::

        d loss / d w1 = 2 * r * x**2
        d loss / d w2 = 2 * r * x
        d loss / d b  = 2 * r

    Inputs: floats x, y, w1, w2, b.

    Returns: a tuple of 3 floats ``(dw1, dw2, db)``.

    >>> quadratic_grads_manual(2.0, 4.12, 1.0, 1.0, 1.0)   # r = 7 - 4.12 = 2.88
    (23.04, 11.52, 5.76)
    """
    raise NotImplementedError("quadratic_grads_manual: your code here (请在此处编写代码)")


def quadratic_grads_autograd(x: float, y: float, w1: float, w2: float, b: float) -> tuple:
    """The same gradients as ``quadratic_grads_manual``, computed by PyTorch's autograd
    (自动求导): make ``w1, w2, b`` tensors with ``requires_grad=True``, build the loss,
    call ``loss.backward()`` and read each ``.grad``.

    Inputs: floats x, y, w1, w2, b.

    Returns: a tuple of 3 Python floats ``(dw1, dw2, db)`` (``.item()`` of each gradient),
    never tensors.

    >>> quadratic_grads_autograd(2.0, 4.12, 1.0, 1.0, 1.0)    # float32 tensors give about the same
    (23.04, 11.52, 5.76)
    """
    raise NotImplementedError("quadratic_grads_autograd: your code here (请在此处编写代码)")


def train_quadratic(xs: list, ys: list, w1: float = 1.0, w2: float = 1.0, b: float = 1.0,
                    lr: float = 0.01, epochs: int = 100) -> tuple:
    """Train ``y_hat = w1 * x**2 + w2 * x + b`` with stochastic gradient descent (随机梯度下降),
    the gradients computed by autograd, as in the notes' Lec4 loop.

    For each of ``epochs`` epochs, for each sample ``(x, y)`` in the given order:
    compute ``loss = (y_hat - y) ** 2``, call ``loss.backward()``, update every parameter
    ``p = p - lr * p.grad`` under ``torch.no_grad()`` (or on ``p.data``, as the notes do),
    then zero (清零) every gradient, because ``.backward()`` adds to ``.grad``.

    Inputs:
    - xs, ys: lists of N floats (N >= 1); not modified
    - w1, w2, b: floats, the starting values (the notes start from 1.0, 1.0, 1.0)
    - lr: float, the learning rate (学习率; the notes use 0.01)
    - epochs: int, the number of passes over the data (the notes use 100)

    Returns: a tuple ``(w1, w2, b, history)``: the trained parameters as floats and
    ``history``, a list of ``epochs`` floats: per epoch, the loss of the LAST sample of that
    epoch, computed before its update (the notes' ``print("progress: ", epoch, l.item())``).
    The history holds Python floats (``l.item()``), not tensors that keep a graph alive.
    """
    raise NotImplementedError("train_quadratic: your code here (请在此处编写代码)")
