# alternative: commutative operands swapped (y + x, b + a), zip_longest over reversed shapes, index_fill_, add_, item() after a numel check
"""Lesson 01: tensors (张量) — creating them, operating on them, and the numpy bridge.

Course notes: d2l 2.1 数据操作 (data manipulation), "Tensor的创建/操作", numpy bridge.

Every function below works on ``torch.Tensor`` objects.  Unless a docstring says
otherwise, a function must not modify its inputs, must work for float32 and float64,
and must return its results on the same device (设备) as its tensor inputs.
"""
from itertools import zip_longest

import numpy as np
import torch


def make_grid(rows: int, cols: int) -> torch.Tensor:
    return torch.arange(rows * cols, dtype=torch.long).view(rows, -1) if cols else torch.empty(rows, 0, dtype=torch.long)


def describe(t: torch.Tensor) -> dict:
    return {"ndim": t.dim(), "shape": tuple(int(n) for n in t.size()), "numel": t.numel(),
            "device": f"{t.device}", "dtype": f"{t.dtype}"}


def elementwise(x: torch.Tensor, y: torch.Tensor) -> tuple:
    return y + x, x - y, y * x, x / y, torch.pow(x, y)


def concat(X: torch.Tensor, Y: torch.Tensor) -> tuple:
    both = [X, Y]
    return torch.cat(both, dim=-X.dim()), torch.cat(both, dim=1 - X.dim())


def outer_sum(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return b + a.view(-1, 1)


def broadcast_shape(shape_a: tuple, shape_b: tuple) -> tuple:
    out = []
    for da, db in zip_longest(reversed(shape_a), reversed(shape_b), fillvalue=1):
        if da == 1:
            out.append(db)
        elif db == 1 or db == da:
            out.append(da)
        else:
            raise ValueError(f"cannot broadcast {shape_a} with {shape_b}")
    return tuple(reversed(out))


def last_and_middle(X: torch.Tensor) -> tuple:
    return X.select(0, -1), X[1:3]


def fill_rows(X: torch.Tensor, start: int, stop: int, value: float) -> torch.Tensor:
    return X.index_fill_(0, torch.arange(start, stop, device=X.device), value)


def add_inplace(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    return X.add_(Y)


def to_numpy_shared(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy()


def from_numpy_shared(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(a).view(a.shape)


def to_scalar(t: torch.Tensor) -> float:
    if t.numel() != 1:
        raise ValueError("to_scalar: the tensor must hold exactly one element")
    return float(t.item())
