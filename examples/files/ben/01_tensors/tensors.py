"""Lesson 01: tensors (张量) — creating them, operating on them, and the numpy bridge.

Course notes: d2l 2.1 数据操作 (data manipulation), "Tensor的创建/操作", numpy bridge.

Every function below works on ``torch.Tensor`` objects.  Unless a docstring says
otherwise, a function must not modify its inputs, must work for float32 and float64,
and must return its results on the same device (设备) as its tensor inputs.
"""
import numpy as np
import torch


def make_grid(rows: int, cols: int) -> torch.Tensor:
    """The numbers ``0, 1, ..., rows*cols - 1`` arranged as a ``(rows, cols)`` grid.

    Create them with ``torch.arange`` (a row vector, 行向量) and change the shape
    (形状) with ``reshape`` (or ``view``).  The result has dtype ``torch.int64``.

    >>> make_grid(2, 3)
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
    return torch.arange(rows * cols, dtype=torch.int64).reshape(rows, cols)


def describe(t: torch.Tensor) -> dict:
    """A summary of a tensor (张量) as a dict with exactly these keys:

    * ``"shape"``: the shape (形状) as a tuple of ints, e.g. ``(3, 4)``; ``()`` for a 0-d tensor
    * ``"numel"``: the number of elements (元素个数), an int
    * ``"ndim"``: the number of dimensions (维数 / 轴的个数), an int
    * ``"dtype"``: the data type (数据类型) as a string, e.g. ``"torch.float32"``
    * ``"device"``: the device (设备) as a string, e.g. ``"cpu"``
    """
    return {
        "shape": tuple(int(n) for n in t.shape),
        "numel": int(t.numel()),
        "ndim": int(t.dim()),
        "dtype": str(t.dtype),
        "device": str(t.device),
    }


def elementwise(x: torch.Tensor, y: torch.Tensor) -> tuple:
    """The five elementwise operations (按元素运算) of d2l 2.1, in this order:

    ``(x + y, x - y, x * y, x / y, x ** y)``

    ``/`` is true division (not floor division).  ``x`` and ``y`` have the same shape or
    shapes that broadcast (广播) together.
    """
    return x + y, x - y, x * y, x / y, x ** y


def concat(X: torch.Tensor, Y: torch.Tensor) -> tuple:
    """Concatenate (连结) ``X`` and ``Y`` twice: along dim 0 (rows, 按行), then along
    dim 1 (columns, 按列).  Returns the tuple ``(along_dim0, along_dim1)``, with ``X``
    first in both.
    """
    return torch.cat((X, Y), dim=0), torch.cat((X, Y), dim=1)


def outer_sum(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """For 1-D ``a`` of length n and 1-D ``b`` of length m, the ``(n, m)`` tensor with
    ``out[i, j] = a[i] + b[j]``.

    Reshape (改变形状) ``a`` into a column and ``b`` into a row and let broadcasting
    (广播机制) do the rest.
    """
    return a[None, :] + b[:, None]


def broadcast_shape(shape_a: tuple, shape_b: tuple) -> tuple:
    """The shape (a tuple of ints) that broadcasting (广播) two tensors of shapes
    ``shape_a`` and ``shape_b`` produces, computed by the rules:

    1. align the shapes on the right (missing leading dimensions count as 1);
    2. in each position the sizes must be equal, or one of them must be 1 (it stretches);
    3. otherwise the shapes are incompatible: raise ``ValueError``.

    Do not call ``torch.broadcast_shapes`` or ``numpy.broadcast_shapes`` (checked).

    >>> broadcast_shape((3, 1), (1, 2))
    (3, 2)
    """
    ndim = max(len(shape_a), len(shape_b))
    a = (1,) * (ndim - len(shape_a)) + tuple(shape_a)
    b = (1,) * (ndim - len(shape_b)) + tuple(shape_b)
    result = []
    for size_a, size_b in zip(a, b):
        if size_a == size_b or size_b == 1:
            result.append(int(size_a))
        elif size_a == 1:
            result.append(int(size_b))
        else:
            raise ValueError(f"shapes {tuple(shape_a)} and {tuple(shape_b)} cannot be broadcast: "
                             f"sizes {size_a} and {size_b}")
    return tuple(result)


def last_and_middle(X: torch.Tensor) -> tuple:
    """Indexing and slicing (索引和切片) along the first axis: ``(X[-1], X[1:3])`` —
    the last element (row) and the elements (rows) 1 and 2.
    """
    return X[-1], X[1:3]


def fill_rows(X: torch.Tensor, start: int, stop: int, value: float) -> torch.Tensor:
    """Set rows ``start:stop`` of ``X`` to ``value`` **in place** (原地操作) and return
    the same tensor object ``X`` (not a copy).  Other rows stay as they were; with
    ``start == stop`` nothing changes.
    """
    X[start:stop] = value
    return X


def add_inplace(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """``X += Y`` in place (原地操作), without allocating a new result (节省内存):
    returns ``X`` itself, whose memory (storage) is unchanged.  ``Y`` may broadcast
    (广播) to ``X``'s shape and is not modified.  (``X = X + Y`` is *not* in place.)
    """
    X += Y
    return X


def to_numpy_shared(t: torch.Tensor) -> np.ndarray:
    """A numpy ``ndarray`` that shares memory (共享内存) with the CPU tensor ``t``:
    a change to one shows in the other.  Same shape, dtype and values.
    """
    return t.detach().numpy()


def from_numpy_shared(a: np.ndarray) -> torch.Tensor:
    """A tensor (张量) that shares memory (共享内存) with the ndarray ``a``: a change to
    one shows in the other.  Same shape, dtype and values.  (``torch.tensor(a)`` copies.)
    """
    return torch.from_numpy(a)


def to_scalar(t: torch.Tensor) -> float:
    """The Python ``float`` (标量, scalar) held by a one-element tensor (shape ``()``,
    ``(1,)``, ``(1, 1)``, ...).  A tensor with more than one element raises ``ValueError``.
    """
    if t.numel() != 1:
        raise ValueError(f"to_scalar needs a tensor with one element, got shape {tuple(t.shape)}")
    return float(t.item())
