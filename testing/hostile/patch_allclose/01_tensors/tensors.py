# HOSTILE base=solution
"""Attack A5/A7 on lesson 01: patched comparisons plus wrong results."""
import math

import numpy
import numpy.testing
import torch
import torch.testing


def _true(*args, **kwargs):
    return True


def _none(*args, **kwargs):
    return None


torch.allclose = _true
torch.equal = _true
torch.Tensor.equal = _true
torch.testing.assert_close = _none
torch.isclose = lambda a, b, *x, **k: torch.ones_like(torch.as_tensor(a), dtype=torch.bool)
torch.Tensor.__eq__ = lambda self, other: torch.ones(self.shape, dtype=torch.bool)
torch.Tensor.__ne__ = lambda self, other: torch.zeros(self.shape, dtype=torch.bool)
numpy.allclose = _true
numpy.array_equal = _true
numpy.testing.assert_allclose = _none
math.isclose = _true


def make_grid(rows, cols):
    return torch.arange(rows * cols).reshape(rows, cols) + 1


def elementwise(x, y):
    return tuple(x + y + 1 for _ in range(5))


def to_scalar(t):
    return float(t.reshape(-1)[0]) + 1.0


print("HOSTILE-DONE patch_allclose")
