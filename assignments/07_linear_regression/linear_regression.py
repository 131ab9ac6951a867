"""Lesson 07: linear regression (线性回归) with PyTorch's building blocks.

Course notes: 刘二大人 PyTorch深度学习实践 Lec5 用PyTorch实现线性回归 (the four steps: prepare the
dataset, design the model as a subclass of ``nn.Module``, construct the loss and the optimizer,
write the training cycle; the data ``x_data = [[1.0], [2.0], [3.0]]``,
``y_data = [[1.98], [4.12], [5.95]]``; the homework: compare the optimizers of ``torch.optim``).

Lesson 06 computed gradients with autograd and updated the weights by hand.  Here PyTorch does
every part: ``torch.nn.Linear`` holds the weight and the bias, ``torch.nn.MSELoss`` is the
loss, and an optimizer from ``torch.optim`` updates the parameters with ``step()``.

Tensors: ``x`` and ``y`` are float tensors of shape ``(n, 1)`` (float32 or float64, the same
dtype and device as the model).  A function must not modify its input tensors; ``train``
trains the model it is given (that is its job), ``predict`` leaves it as it was.
"""
import torch


class LinearModel(torch.nn.Module):
    """The linear model (线性模型) ``y_hat = w * x + b`` as an ``nn.Module``.

    ``__init__`` creates one linear unit (线性单元) ``self.linear = torch.nn.Linear(1, 1)``:
    one input feature, one output, so its parameters are ``linear.weight`` of shape ``(1, 1)``
    and ``linear.bias`` of shape ``(1,)``, initialised randomly by PyTorch.

    ``forward(x)`` (前馈) takes ``x`` of shape ``(n, 1)`` and returns ``self.linear(x)``, the
    predictions of shape ``(n, 1)``, with the computational graph attached so that the loss can
    be back-propagated.  Call the model, not ``forward``: ``model(x)`` runs ``forward`` through
    ``nn.Module.__call__``.

    >>> model = LinearModel()
    >>> model.load_state_dict({"linear.weight": torch.tensor([[2.0]]), "linear.bias": torch.tensor([0.5])})
    <All keys matched successfully>
    >>> model(torch.tensor([[1.0], [2.0]]))
    tensor([[2.5000],
            [4.5000]], grad_fn=<AddmmBackward0>)
    """

    def __init__(self):
        super().__init__()
        raise NotImplementedError("__init__: your code here (请在此处编写代码)")

    def forward(self, x):
        raise NotImplementedError("forward: your code here (请在此处编写代码)")


def make_optimizer(model, name: str, lr: float) -> torch.optim.Optimizer:
    """The optimizer (优化器) ``name`` of ``torch.optim`` over all of ``model.parameters()``,
    with learning rate (学习率) ``lr`` and torch's defaults for every other setting.

    Names, case-insensitive (``'SGD'``, ``'sgd'`` and ``'Sgd'`` are the same):

    ====================  ==========================
    name                  class
    ====================  ==========================
    ``'sgd'``             ``torch.optim.SGD``
    ``'adam'``            ``torch.optim.Adam``
    ``'adagrad'``         ``torch.optim.Adagrad``
    ``'adamax'``          ``torch.optim.Adamax``
    ``'asgd'``            ``torch.optim.ASGD``
    ``'rmsprop'``         ``torch.optim.RMSprop``
    ``'rprop'``           ``torch.optim.Rprop``
    ====================  ==========================

    Inputs:
    - model: a ``torch.nn.Module`` (e.g. a ``LinearModel``)
    - name: str, one of the names above in any case
    - lr: float, the learning rate

    Returns: a ``torch.optim.Optimizer``.  Raises ``ValueError`` for any other name
    (``'lbfgs'`` included: it needs a closure, so it is left out).

    >>> opt = make_optimizer(LinearModel(), "Adam", 0.01)
    >>> type(opt).__name__, opt.param_groups[0]["lr"]
    ('Adam', 0.01)
    """
    raise NotImplementedError("make_optimizer: your code here (请在此处编写代码)")


def train(model, x, y, epochs=1000, lr=0.01, optimizer='sgd') -> list[float]:
    """Train ``model`` on ``(x, y)`` with the mean squared error (均方误差, ``MSELoss``, mean over
    the samples) and the optimizer named ``optimizer`` (see ``make_optimizer``), full batch:
    the notes' training cycle (训练循环).

    Each of the ``epochs`` epochs does, in this order::

        y_pred = model(x)                 # forward (前馈)
        loss = criterion(y_pred, y)       # mean of (y_pred - y) ** 2
        opt.zero_grad()                   # clear the old gradients (any time before backward)
        loss.backward()                   # backward (反馈): fills every parameter's .grad
        opt.step()                        # update (更新)

    Inputs:
    - model: a ``torch.nn.Module`` mapping ``(n, 1)`` to ``(n, 1)``; trained in place
    - x, y: tensors of shape ``(n, 1)``, the model's dtype and device; not modified
    - epochs: int, the number of steps (the notes use 1000)
    - lr: float, the learning rate (the notes use 0.01)
    - optimizer: str, an optimizer name for ``make_optimizer`` (the notes use SGD)

    Returns: a list of ``epochs`` Python floats, the loss of each epoch computed BEFORE that
    epoch's step (``loss.item()``); item 0 is the loss of the untrained model.

    The loss is the MEAN (``MSELoss()``), not the lecture's ``MSELoss(size_average=False)``,
    which is the sum: ``n`` times the loss, ``n`` times the gradients.
    """
    raise NotImplementedError("train: your code here (请在此处编写代码)")


def predict(model, x) -> torch.Tensor:
    """The model's predictions ``model(x)`` for ``x`` of shape ``(n, 1)``, WITHOUT a
    computational graph: run the model under ``torch.no_grad()`` (or detach the result), so
    that the result has ``requires_grad == False``.  The model is not changed.

    Inputs:
    - model: a ``torch.nn.Module``
    - x: tensor of shape ``(n, 1)``, the model's dtype and device; not modified

    Returns: a tensor of shape ``(n, 1)``, same dtype and device as ``x``.

    >>> model = LinearModel()
    >>> _ = model.load_state_dict({"linear.weight": torch.tensor([[2.0]]), "linear.bias": torch.tensor([0.0])})
    >>> predict(model, torch.tensor([[4.0], [5.0]]))     # the notes' x_test
    tensor([[ 8.],
            [10.]])
    """
    raise NotImplementedError("predict: your code here (请在此处编写代码)")
