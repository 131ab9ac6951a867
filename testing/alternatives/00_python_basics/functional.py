# alternative: a lookup table for sign, operator.add with map for the loop, torch imported by name (from torch import add)
"""Lesson 00: Python basics, a functional style."""
import operator
from torch import Tensor
from torch import add as tensor_add

LABELS = ("zero", "positive", "negative")


def sign(x: float) -> str:
    return LABELS[(x > 0) - (x < 0)]


def greet(name: str, loud: bool = False) -> str:
    words = "{}, {}".format("Hello", name)
    return words.upper() + "!" if loud else words


class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self, loud=False) -> str:
        return greet(self.name, loud)


class Know(Greeter):
    def __init__(self, *args, **kwargs):
        super(Know, self).__init__(*args, **kwargs)

    def meet(self) -> str:
        return "Nice to meet you!"


def vector_add_loop(a: list[float], b: list[float]) -> list[float]:
    if len(a) != len(b):
        raise ValueError(f"cannot add a list of {len(a)} to a list of {len(b)}")
    add = operator.add
    return list(map(add, a, b))


def vector_add(a: Tensor, b: Tensor) -> Tensor:
    if a.numel() != b.numel():
        raise ValueError(f"cannot add {a.numel()} values to {b.numel()} values")
    return tensor_add(a, b)
