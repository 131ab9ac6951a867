# alternative: other torch APIs (unflatten, meta tensors for broadcast_shape, unsqueeze, out=, fill_, as_tensor, tolist)
"""Lesson 01: tensors (张量) — creating them, operating on them, and the numpy bridge.

Course notes: d2l 2.1 数据操作 (data manipulation), "Tensor的创建/操作", numpy bridge.

Every function below works on ``torch.Tensor`` objects.  Unless a docstring says
otherwise, a function must not modify its inputs, must work for float32 and float64,
and must return its results on the same device (设备) as its tensor inputs.
"""
import numpy as np
import torch


def make_grid(rows: int, cols: int) -> torch.Tensor:
    return torch.arange(rows * cols).unflatten(0, (rows, cols))


def describe(t: torch.Tensor) -> dict:
    return dict(shape=tuple(t.shape), numel=t.nelement(), ndim=t.ndim,
                dtype=str(t.dtype), device=str(t.device))


def elementwise(x: torch.Tensor, y: torch.Tensor) -> tuple:
    return (x.add(y), x.sub(y), x.mul(y), x.div(y), x.pow(y))


def concat(X: torch.Tensor, Y: torch.Tensor) -> tuple:
    return torch.cat((X, Y)), torch.cat([X, Y], dim=1)


def outer_sum(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return b.unsqueeze(0) + a.unsqueeze(1)


def broadcast_shape(shape_a: tuple, shape_b: tuple) -> tuple:
    # Let PyTorch apply the rules to data-less tensors on the meta device.
    try:
        out = torch.empty(shape_a, device="meta") + torch.empty(shape_b, device="meta")
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None
    return tuple(out.shape)


def last_and_middle(X: torch.Tensor) -> tuple:
    return X[len(X) - 1], X[1:3, ...]


def fill_rows(X: torch.Tensor, start: int, stop: int, value: float) -> torch.Tensor:
    X[start:stop].fill_(value)
    return X


def add_inplace(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    return torch.add(X, Y, out=X)


def to_numpy_shared(t: torch.Tensor) -> np.ndarray:
    return t.numpy(force=False)


def from_numpy_shared(a: np.ndarray) -> torch.Tensor:
    return torch.as_tensor(a, device="cpu")


def to_scalar(t: torch.Tensor) -> float:
    values = t.reshape(-1).tolist()
    if len(values) != 1:
        raise ValueError(f"expected one element, got {len(values)}")
    return float(values[0])
