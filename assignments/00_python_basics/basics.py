"""Lesson 00: Python basics."""


def sign(x: float) -> str:
    """Return 'positive', 'negative' or 'zero'."""
    raise NotImplementedError("sign: your code here (请在此处编写代码)")
