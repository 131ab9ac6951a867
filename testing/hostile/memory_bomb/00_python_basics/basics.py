# HOSTILE base=solution
"""Attack A19: allocate far more memory than any limit (one huge tensor, one huge
bytearray, a list grown chunk by chunk, a huge numpy array).  The grown list stops by
itself at 6 GB so that a missing limit is reported (LEAK:memory-unlimited) instead of
taking the host down."""
import numpy as np
import torch


def sign(x):
    return str(torch.empty(10**11).sum())


def greet(name, loud=False):
    return str(len(bytearray(10**11)))


def vector_add_loop(a, b):
    hoard = []
    for _ in range(600):                 # 600 x 10 MB = 6 GB
        hoard.append(bytearray(10**7))
    print("LEAK:memory-unlimited (6 GB allocated)")
    return []


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        return str(np.ones((10**6, 10**6)).sum())


print("HOSTILE-DONE memory_bomb")
