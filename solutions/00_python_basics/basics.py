"""Lesson 00: Python basics."""


def sign(x: float) -> str:
    """Return 'positive', 'negative' or 'zero'."""
    ### BEGIN SOLUTION
    if x > 0:
        return "positive"
    if x < 0:
        return "negative"
    return "zero"
    ### END SOLUTION
