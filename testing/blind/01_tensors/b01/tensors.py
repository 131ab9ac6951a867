"""Lesson 01, written from the README: creating tensors, operating on them, numpy bridge."""
import numpy as np
import torch


def make_grid(rows: int, cols: int) -> torch.Tensor:
    """0 .. rows*cols - 1 as a (rows, cols) int64 grid."""
    return torch.arange(rows * cols, dtype=torch.float32).reshape(rows, cols)


def describe(t: torch.Tensor) -> dict:
    """Shape, number of elements, dimensions, dtype and device of t."""
    return {
        "shape": tuple(t.shape),
        "numel": t.numel(),
        "ndim": t.dim(),
        "dtype": str(t.dtype),
        "device": str(t.device),
    }


def elementwise(x: torch.Tensor, y: torch.Tensor) -> tuple:
    """The five elementwise operations of d2l 2.1."""
    return x + y, x - y, x * y, x / y, x ** y


def concat(X: torch.Tensor, Y: torch.Tensor) -> tuple:
    """X and Y joined along rows, then along columns."""
    return torch.cat((X, Y), dim=0), torch.cat((X, Y), dim=1)


def outer_sum(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """out[i, j] = a[i] + b[j] by broadcasting a column against a row."""
    return a.reshape(-1, 1) + b.reshape(1, -1)


def broadcast_shape(shape_a: tuple, shape_b: tuple) -> tuple:
    """The broadcast shape of two shapes, by the rules."""
    n = max(len(shape_a), len(shape_b))
    a = (1,) * (n - len(shape_a)) + tuple(shape_a)
    b = (1,) * (n - len(shape_b)) + tuple(shape_b)
    out = []
    for da, db in zip(a, b):
        if da == db or db == 1:
            out.append(da)
        elif da == 1:
            out.append(db)
        else:
            raise ValueError(f"shapes {shape_a} and {shape_b} do not broadcast")
    return tuple(out)


def last_and_middle(X: torch.Tensor) -> tuple:
    """The last row and rows 1 and 2."""
    return X[-1], X[1:3]


def fill_rows(X: torch.Tensor, start: int, stop: int, value: float) -> torch.Tensor:
    """Set rows start:stop of X to value in place and return X."""
    X[start:stop] = value
    return X


def add_inplace(X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """X += Y in place; returns X."""
    X += Y
    return X


def to_numpy_shared(t: torch.Tensor) -> np.ndarray:
    """An ndarray sharing memory with t."""
    return t.numpy()


def from_numpy_shared(a: np.ndarray) -> torch.Tensor:
    """A tensor sharing memory with a."""
    return torch.from_numpy(a)


def to_scalar(t: torch.Tensor) -> float:
    """The Python float in a one-element tensor."""
    if t.numel() != 1:
        raise ValueError(f"expected one element, got {t.numel()}")
    return float(t.item())
