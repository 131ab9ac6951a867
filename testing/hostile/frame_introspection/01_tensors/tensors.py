# HOSTILE base=solution
"""Attack A11 on lesson 01: find an expected tensor or float among the caller's frames
and the garbage collector's objects."""
import gc
import sys

import torch

NAMES = {"expected", "expect", "want", "wanted", "reference", "answer", "target", "truth"}


def _frame_values():
    values = []
    f, depth = sys._getframe(1), 0
    while f is not None and depth < 200:
        for key, value in list(f.f_locals.items()):
            if key in NAMES:
                values.append(value)
                print(f"LEAK:frame:{f.f_code.co_name}:{key}")
        f, depth = f.f_back, depth + 1
    return values


def make_grid(rows, cols):
    for v in _frame_values():
        if isinstance(v, torch.Tensor) and tuple(v.shape) == (rows, cols):
            return v
    mine = None
    for obj in gc.get_objects():  # tensors are not tracked by gc, but containers of them are
        if isinstance(obj, (list, tuple, dict)):
            items = obj.values() if isinstance(obj, dict) else obj
            for v in list(items)[:50]:
                if isinstance(v, torch.Tensor) and tuple(v.shape) == (rows, cols) and v.dtype == torch.int64:
                    mine = v
    print("HOSTILE-NOTE gc candidate found:", mine is not None)
    return torch.zeros(rows, cols, dtype=torch.int64) if mine is None else mine


def to_scalar(t):
    for v in _frame_values():
        if isinstance(v, float):
            return v
    return -12345.0


print("HOSTILE-DONE frame_introspection")
