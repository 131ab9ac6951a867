"""Lesson 10: devices (设备): running tensors and models on the CPU or a GPU.

Course notes: the PyTorch introduction, PART2 "Tensor可以用在GPU等设备上去跑": a tensor
can live on the CPU or on a GPU, ``tensor.device`` says where, and the notes move one to
the GPU with::

    if torch.cuda.is_available():
        tensor = tensor.to('cuda')

This lesson turns that idea into four tools every training script needs: choosing a
device (``pick_device``), moving data and models to it (``to_device``), one training
step that works wherever the model lives (``train_step``), and timing a matrix
multiplication on a device the right way (``benchmark_matmul``).

Rules for the whole lesson: ``.to(device)`` on a tensor returns a NEW tensor and leaves
the old one where it was (reassign the result!), while ``.to(device)`` on an
``nn.Module`` moves the module itself and returns it.  A result described as ``float``
may be a Python ``float`` or a subclass such as ``numpy.float64``, never a tensor.
"""
import time

import torch


def pick_device(prefer: str | None = None) -> torch.device:
    """Choose the device (设备) to compute on.

    - ``prefer=None`` (the default): CUDA (the GPU) when ``torch.cuda.is_available()``,
      else the CPU, as in the notes' ``torch.device("cuda" if torch.cuda.is_available() else "cpu")``.
    - ``prefer`` given (e.g. ``'cpu'`` or ``'cuda'``): that device if this machine has it.
      A name that is not a device (``'gpu'``, ``'tpu0'``) or a device this machine does
      not have (``'cuda'`` without a GPU) raises ``ValueError``: an explicit wish is never
      silently replaced by another device.

    Inputs:
    - prefer: str or None

    Returns: a ``torch.device`` (not a string).

    >>> pick_device('cpu')
    device(type='cpu')
    >>> pick_device()               # on a machine without a GPU
    device(type='cpu')
    >>> pick_device('gpu')          # raises ValueError: 'gpu' is not a device name ('cuda' is)
    """
    ### BEGIN SOLUTION
    if prefer is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        device = torch.device(prefer)
    except (RuntimeError, TypeError, ValueError) as exc:
        raise ValueError(f"unknown device {prefer!r}") from exc
    if device.type == "cuda":
        available = torch.cuda.is_available() and (device.index is None
                                                   or device.index < torch.cuda.device_count())
    elif device.type == "mps":
        available = torch.backends.mps.is_available()
    else:
        available = device.type in ("cpu", "meta")   # meta: shapes only, on every machine
    if not available:
        raise ValueError(f"device {prefer!r} is not available on this machine")
    return device
    ### END SOLUTION


def to_device(obj, device):
    """Move ``obj`` to ``device`` (``tensor.to(device)``, the notes' ``tensor.to('cuda')``).

    - a tensor: returns ``obj.to(device)``, a tensor on ``device`` (the input tensor stays
      where it was; ``.to`` does not work in place on tensors);
    - an ``nn.Module`` (a model): moves its parameters with ``obj.to(device)`` and returns it;
    - a list, tuple or dict: a new container of the SAME type (list stays list, tuple stays
      tuple, dict keeps its keys) with every item moved, also inside nested containers;
    - anything else (ints, floats, strings, None, ...): returned unchanged.

    Inputs:
    - obj: a tensor, a module, or a (nested) list / tuple / dict of them and other values
    - device: a ``torch.device`` or a device name such as ``'cpu'``, ``'cuda'``, ``'meta'``

    Returns: ``obj`` moved.

    >>> batch = {"x": torch.ones(2, 3), "sizes": (torch.zeros(2), 5), "name": "demo"}
    >>> to_device(batch, "meta")   # {'x': <meta (2, 3)>, 'sizes': (<meta (2,)>, 5), 'name': 'demo'}
    """
    ### BEGIN SOLUTION
    if isinstance(obj, (torch.Tensor, torch.nn.Module)):
        return obj.to(device)
    if isinstance(obj, list):
        return [to_device(item, device) for item in obj]
    if isinstance(obj, tuple):
        items = [to_device(item, device) for item in obj]
        return type(obj)(*items) if hasattr(obj, "_fields") else tuple(items)   # a namedtuple too
    if isinstance(obj, dict):
        return {key: to_device(value, device) for key, value in obj.items()}
    return obj
    ### END SOLUTION


def train_step(model, batch: tuple, optimizer, loss_fn) -> float:
    """One training step (训练一步) of ``model`` on one batch, wherever the model lives.

    ``batch = (x, y)``: inputs and targets (目标), possibly on another device than the model
    (e.g. the model on the GPU, the batch still on the CPU).  The step:

    1. move ``x`` and ``y`` to the model's device (the device of its parameters,
       ``next(model.parameters()).device``);
    2. ``optimizer.zero_grad()`` (梯度清零: ``backward`` adds to ``.grad``);
    3. forward (前向): ``loss = loss_fn(model(x), y)`` (prediction first, target second);
    4. ``loss.backward()`` (反向传播);
    5. ``optimizer.step()`` (the optimizer 优化器 updates the parameters).

    Inputs:
    - model: an ``nn.Module`` with parameters
    - batch: a tuple ``(x, y)`` of tensors
    - optimizer: a ``torch.optim`` optimizer over ``model.parameters()``
    - loss_fn: a loss (损失函数) such as ``nn.MSELoss()`` or ``nn.CrossEntropyLoss()``

    Returns: the loss computed in step 3 (before the update) as a Python float (``loss.item()``).

    >>> model = torch.nn.Linear(3, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1)
    >>> train_step(model, (torch.ones(4, 3), torch.zeros(4, 1)), opt, torch.nn.MSELoss())
    0.73...                                    # depends on the random initial weights
    """
    ### BEGIN SOLUTION
    device = next(model.parameters()).device
    x, y = (t.to(device) for t in batch)
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()
    ### END SOLUTION


def benchmark_matmul(n: int, device) -> float:
    """Seconds one ``n x n`` matrix multiplication (矩阵乘法) takes on ``device``.

    Build two ``n x n`` float32 matrices ON the device, run one warm-up multiplication (the
    first call on a GPU also sets up its libraries), then time one multiplication with
    ``time.perf_counter()``.  On a GPU (CUDA) the multiplication is only *queued* when
    ``a @ b`` returns: call ``torch.cuda.synchronize()`` (同步) before reading the clock,
    at the start and at the end, or you time the queueing, not the work.  Do not call it for
    the CPU (on a machine without CUDA it raises).

    Inputs:
    - n: int, the size of the matrices
    - device: a ``torch.device`` or a device name (``'cpu'``, ``'cuda'``)

    Returns: the time in seconds, a positive Python float.

    >>> benchmark_matmul(256, 'cpu')
    0.0004...                                  # depends on the machine
    """
    ### BEGIN SOLUTION
    device = torch.device(device)
    a = torch.rand(n, n, device=device)
    b = torch.rand(n, n, device=device)
    a @ b                                       # warm-up
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    start = time.perf_counter()
    a @ b
    if device.type == "cuda":
        torch.cuda.synchronize(device)          # wait for the GPU before reading the clock
    return time.perf_counter() - start
    ### END SOLUTION
