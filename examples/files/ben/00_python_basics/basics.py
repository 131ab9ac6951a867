"""Lesson 00: Python basics, written with expressions instead of statements."""
import torch


def sign(x: float) -> str:
    """'positive', 'negative' or 'zero'."""
    return "positive" if x > 0 else "negative" if x < 0 else "zero"


def greet(name: str, loud: bool = False) -> str:
    """'Hello, Will' or, loud, 'HELLO, WILL!'."""
    return f"Hello, {name}!".upper() if loud else f"Hello, {name}"


class Greeter:
    def __init__(self, name):
        self.name = name

    def greet(self, loud=False) -> str:
        return greet(self.name, loud=loud)


class Know(Greeter):
    def __init__(self, name):
        super().__init__(name)
        self.friends = []

    def meet(self) -> str:
        return "Nice to meet you!"


def vector_add_loop(a: list[float], b: list[float]) -> list[float]:
    if len(a) != len(b):
        raise ValueError("a and b must have the same length")
    return [x + y for x, y in zip(a, b)]


def vector_add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    if len(a) != len(b):
        raise ValueError("a and b must have the same length")
    return torch.add(b, a)
