"""Short, safe descriptions of values for the messages students read:
``tensor(shape=(2, 3), dtype=torch.float32, device=cpu)`` rather than the values."""
from __future__ import annotations

import numpy as np
import torch


def describe(value) -> str:
    """A short, safe description of a value for messages."""
    if isinstance(value, torch.Tensor):
        return f"tensor(shape={tuple(value.shape)}, dtype={value.dtype}, device={value.device})"
    if isinstance(value, np.ndarray):
        return f"ndarray(shape={value.shape}, dtype={value.dtype})"
    if isinstance(value, (list, tuple)) and len(value) > 6:
        return f"{type(value).__name__} of {len(value)} items"
    if type(value).__name__ == "DataFrame":
        cols = [str(c) for c in value.columns]
        shown = ", ".join(cols[:6]) + (", ..." if len(cols) > 6 else "")
        return f"DataFrame({len(value)} rows; columns {shown})"
    if type(value).__name__ == "Series":
        return f"Series({value.name!r}, {len(value)} values, {value.dtype})"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def describe_call(name: str, args, kwargs) -> str:
    parts = [describe(a) for a in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"
