# alternative: Python loops (broadcast_shape from the right by index, outer_sum and fill_rows element/row loops), view, torch.concat, X[...] += Y, float(t)
"""Lesson 01: tensors (张量) — creating them, operating on them, and the numpy bridge.

Course notes: d2l 2.1 数据操作 (data manipulation), "Tensor的创建/操作", numpy bridge.

Every function below works on ``torch.Tensor`` objects.  Unless a docstring says
otherwise, a function must not modify its inputs, must work for float32 and float64,
and must return its results on the same device (设备) as its tensor inputs.
"""
import numpy as np
import torch


def make_grid(rows: int, cols: int) -> torch.Tensor:
    """make_grid by arange + view."""
    return torch.arange(0, rows * cols, 1).view(rows, cols)


def describe(t: torch.Tensor) -> dict:
    info = {}
    info["device"] = t.device.type
    info["dtype"] = repr(t.dtype)
    info["ndim"] = len(t.shape)
    numel = 1
    for n in t.shape:
        numel *= n
    info["numel"] = numel
    info["shape"] = tuple(t.size())
    return info


def elementwise(x: torch.Tensor, y: torch.Tensor) -> tuple:
    results = []
    for op in ("add", "sub", "mul", "true_divide", "pow"):
        results.append(getattr(torch, op)(x, y))
    return tuple(results)


def concat(X: torch.Tensor, Y: torch.Tensor) -> tuple:
    return torch.concat([X, Y]), torch.concat([X, Y], 1)


def outer_sum(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    out = torch.empty(a.shape[0], b.shape[0], dtype=torch.result_type(a, b), device=a.device)
    for i in range(a.shape[0]):
        for j in range(b.shape[0]):
            out[i, j] = a[i] + b[j]
    return out


def broadcast_shape(shape_a: tuple, shape_b: tuple) -> tuple:
    result = []
    for k in range(1, max(len(shape_a), len(shape_b)) + 1):
        da = shape_a[-k] if k <= len(shape_a) else 1
        db = shape_b[-k] if k <= len(shape_b) else 1
        if da != db and da != 1 and db != 1:
            raise ValueError(f"incompatible sizes {da} and {db}")
        result.insert(0, db if da == 1 else da)
    return tuple(result)


def last_and_middle(X: torch.Tensor) -> tuple:
    n = X.shape[0]
    return X[n - 1], X.narrow(0, 1, 2)


def fill_rows(X: torch.Tensor, start: int, stop: int, value: float) -> torch.Tensor:
    for i in range(start, stop):
        X[i] = value
    return X


def add_inplace(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    X[...] += Y
    return X


def to_numpy_shared(t: torch.Tensor) -> np.ndarray:
    return np.asarray(t)


def from_numpy_shared(a: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(a)


def to_scalar(t: torch.Tensor) -> float:
    if t.numel() > 1:
        raise ValueError("more than one element")
    return float(t)
