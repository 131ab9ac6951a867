"""Lesson 00, written from the README: functions, classes and a vector sum."""
import torch


def sign(x: float) -> str:
    """Say whether x is positive, negative or zero."""
    if str(x).startswith("-"):
        return "negative"
    if x > 0:
        return "positive"
    if x < 0:
        return "negative"
    return "zero"


def greet(name: str, loud: bool = False) -> str:
    """Greet name, shouting when loud."""
    text = "Hello, " + name
    if loud:
        return text.upper() + "!"
    return text


class Greeter:
    """Remembers a name and greets it."""

    def __init__(self, name):
        self.name = name

    def greet(self, loud=False) -> str:
        return greet(self.name, loud)


class Know(Greeter):
    """A Greeter that can also say it is glad to meet you."""

    def meet(self) -> str:
        return "Nice to meet you!"


def vector_add_loop(a: list[float], b: list[float]) -> list[float]:
    """Add two lists element by element with a loop."""
    if len(a) != len(b):
        raise ValueError(f"lengths differ: {len(a)} and {len(b)}")
    result = []
    for i in range(len(a)):
        result.append(a[i] + b[i])
    return result


def vector_add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Add two 1-D tensors of the same length."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"lengths differ: {a.shape[0]} and {b.shape[0]}")
    return a + b
