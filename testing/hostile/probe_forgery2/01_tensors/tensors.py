# HOSTILE base=solution
"""Second half of probe_forgery2 (see basics.py)."""
import numpy as _np, torch as _torch
def fill_rows(X, start, stop, value):
    out = X.clone(); out[start:stop] = value
    X.set_(out)          # X now points at NEW memory: not an in-place write
    return X
def add_inplace(X, Y):
    X.set_(X + Y)        # new allocation
    return X
def to_numpy_shared(t):
    return t.numpy().copy()
def from_numpy_shared(a):
    return _torch.tensor(_np.array(a))

import sys as _sys, itertools as _it
_p = _sys.modules["grader.authoring.probes"]
_c = _it.count()
_p.float = lambda x: float(next(_c))        # module global shadows the builtin inside probes
_p._storage_ptr = lambda x: 1                # storage "kept"

print("HOSTILE-DONE probe_forgery2")
