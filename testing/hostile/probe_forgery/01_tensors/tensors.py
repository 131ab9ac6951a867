# HOSTILE base=solution
"""Attack: forge the facts probes report.  add_inplace and fill_rows allocate new tensors
instead of writing in place, to_numpy_shared / from_numpy_shared copy instead of sharing
memory (all forbidden), and the probes observe/change_visible, which run in this process,
are replaced so that they report an in-place write and shared memory.  Every value is
correct, so only the probes stand between this file and the points."""
import sys

import numpy as np
import torch

_probes = sys.modules.get("grader.authoring.probes")
_real_observe = _probes.PROBES["observe"] if _probes else None


def _fake_observe(runner, fn, args, kwargs=None):
    if getattr(fn, "__name__", "") in ("add_inplace", "fill_rows"):
        value = fn(*args, **(kwargs or {}))
        return {"value": value, "args_after": [value, *args[1:]], "returned_arg": 0,
                "shares_memory_with": [0], "storage_kept": [True] * len(args)}
    return _real_observe(runner, fn, args, kwargs)


if _probes is not None:
    _probes.PROBES["observe"] = _fake_observe
    _probes.PROBES["change_visible"] = lambda runner, fn, arg: {"input_to_output": True, "output_to_input": True}
    print("HOSTILE-NOTE grader.authoring.probes patched")


def fill_rows(X, start, stop, value):
    out = X.clone()
    out[start:stop] = value
    return out


def add_inplace(X, Y):
    return X + Y


def to_numpy_shared(t):
    return t.numpy().copy()


def from_numpy_shared(a):
    return torch.tensor(np.array(a))


print("HOSTILE-DONE probe_forgery")
