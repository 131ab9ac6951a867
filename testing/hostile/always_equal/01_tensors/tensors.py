# HOSTILE base=solution
"""Attack A4/A5 on lesson 01: tensors, dicts, tuples and floats that equal anything."""
import torch


class EqFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__


class EqDict(dict):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


class EqTuple(tuple):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = tuple.__hash__


_CMP = {torch.allclose, torch.equal, torch.Tensor.equal}
_ELEM = {torch.eq, torch.isclose, torch.Tensor.__eq__, torch.Tensor.eq}


class EqTensor(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in _CMP:
            return True
        if func in _ELEM:
            return torch.ones(args[0].shape, dtype=torch.bool)
        return super().__torch_function__(func, types, args, kwargs or {})


def make_grid(rows, cols):
    return torch.zeros(rows, cols, dtype=torch.int64).as_subclass(EqTensor)


def describe(t):
    return EqDict(shape=EqTuple(()), numel=-1, ndim=-1, dtype="nope", device="nope")


def concat(X, Y):
    return EqTuple((torch.zeros(1).as_subclass(EqTensor), torch.zeros(1).as_subclass(EqTensor)))


def broadcast_shape(shape_a, shape_b):
    return EqTuple((0,))


def to_scalar(t):
    return EqFloat(-12345.0)


print("HOSTILE-DONE always_equal")
