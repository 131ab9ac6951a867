# HOSTILE base=solution
"""Attack A4/A5: return objects that claim to equal anything (plain object, str, float
and tensor subclasses, __torch_function__ and __array_function__ hooks), holding wrong
values."""
import torch


class AlwaysEqual:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__

    def __bool__(self):
        return True

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __str__(self):
        return "Hello, Will"


class EqStr(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__


class EqFloat(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __lt__(self, other):
        return False

    def __gt__(self, other):
        return False

    def __le__(self, other):
        return True

    def __ge__(self, other):
        return True

    __hash__ = float.__hash__


_CMP = {torch.allclose, torch.equal, torch.Tensor.equal}
_ELEM = {torch.eq, torch.isclose, torch.Tensor.__eq__, torch.Tensor.eq}


class EqTensor(torch.Tensor):
    def __eq__(self, other):
        return True

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in _CMP:
            return True
        if func in _ELEM:
            return torch.ones(args[0].shape, dtype=torch.bool)
        return super().__torch_function__(func, types, args, kwargs or {})


def sign(x):
    return AlwaysEqual()


def greet(name, loud=False):
    return EqStr("nope")


def vector_add_loop(a, b):
    return [EqFloat(-12345.0) for _ in a]


def vector_add(a, b):
    return torch.full_like(a, -12345.0).as_subclass(EqTensor)


print("HOSTILE-DONE always_equal")
