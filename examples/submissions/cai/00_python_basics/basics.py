"""Lesson 00: Python basics (函数 Function 与类 Class).

Functions (函数), classes (类) and inheritance (继承) in plain Python, then the same
elementwise vector sum written twice: once with a Python loop (循环) over lists and
once with PyTorch tensors (张量).

Every function returns its result; none of them needs to print anything.
"""
import torch


def sign(x: float) -> str:
    """Return the sign of the number ``x`` as text (字符串).

    ``'positive'`` when ``x > 0``, ``'negative'`` when ``x < 0`` and ``'zero'``
    when ``x`` equals zero (``0``, ``0.0`` and ``-0.0`` are all zero).
    Works for ints and floats, however small or large.

    >>> sign(3.5), sign(-2), sign(0.0)
    ('positive', 'negative', 'zero')
    """
    if x > 0:
        return "positive"
    if x < 0:
        return "negative"
    return "zero"


def greet(name: str, loud: bool = False) -> str:
    """Return a greeting for ``name`` (a function with a default argument, 默认参数).

    ``greet('Will')`` gives ``'Hello, Will'`` (the name exactly as given).
    ``greet('Will', loud=True)`` gives ``'HELLO, WILL!'``: the whole text in
    capitals (大写) with ``'!'`` at the end.
    """
    if loud:
        return "HELLO, " + name.upper() + "!"
    return "Hello, " + name


class Greeter:
    """A class (类) that remembers a name and greets it."""

    def __init__(self, name):
        """Constructor (构造函数): store ``name`` on the instance (实例) as ``self.name``."""
        self.name = name

    def greet(self, loud=False) -> str:
        """A method (方法): the same texts as the function ``greet`` for ``self.name``.

        ``Greeter('Will').greet()`` gives ``'Hello, Will'``;
        ``Greeter('Will').greet(loud=True)`` gives ``'HELLO, WILL!'``.
        """
        if loud:
            return f"HELLO, {self.name.upper()}!"
        return f"Hello, {self.name}"


class Know(Greeter):
    """A subclass (子类) of ``Greeter``: inheritance (继承).

    ``Know`` inherits ``greet`` from ``Greeter`` (do not define ``greet`` again in
    ``Know``); it also inherits ``__init__``, so ``Know('Will').name`` is ``'Will'``.
    It adds one method, ``meet``.
    """

    def meet(self) -> str:
        """Return exactly ``'Nice to meet you!'``."""
        return "Nice to meet you!"


def vector_add_loop(a: list[float], b: list[float]) -> list[float]:
    """Elementwise sum (逐元素相加) of two lists with a Python loop (循环).

    Returns a new list ``[a[0] + b[0], a[1] + b[1], ...]`` and leaves ``a`` and
    ``b`` unchanged.  Raises ``ValueError`` when ``len(a) != len(b)``.
    Uses no torch and no numpy.
    """
    if len(a) != len(b):
        raise ValueError(f"lengths differ: {len(a)} and {len(b)}")
    result = []
    for i in range(len(a)):
        result.append(a[i] + b[i])
    return result


def vector_add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Elementwise sum of two 1-D tensors (张量), vectorised (向量化, no Python loop needed).

    Returns a new tensor ``a + b`` with the inputs' dtype and device and leaves
    ``a`` and ``b`` unchanged.  Raises ``ValueError`` when the lengths differ,
    also where broadcasting (广播) would have allowed the sum (lengths 1 and 3).
    """
    if a.shape[0] != b.shape[0]:
        raise ValueError(f"lengths differ: {a.shape[0]} and {b.shape[0]}")
    return a + b
