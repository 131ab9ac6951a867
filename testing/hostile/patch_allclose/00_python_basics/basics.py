# HOSTILE base=solution
"""Attack A5/A7: at import, replace every comparison helper a grader could use by one
that always agrees, then return wrong values.  Only works when the checks run in the
student's process."""
import math
import operator

import numpy
import numpy.testing
import torch
import torch.testing


def _true(*args, **kwargs):
    return True


def _none(*args, **kwargs):
    return None


torch.allclose = _true
torch.equal = _true
torch.Tensor.equal = _true
torch.testing.assert_close = _none
torch.isclose = lambda a, b, *x, **k: torch.ones_like(torch.as_tensor(a), dtype=torch.bool)
numpy.allclose = _true
numpy.array_equal = _true
numpy.testing.assert_allclose = _none
numpy.testing.assert_array_equal = _none
math.isclose = _true
operator.eq = _true
for _name in ("grader.checks", "grader.authoring.checks", "grader.trusted.plugin"):
    try:
        _mod = __import__(_name, fromlist=["_"])
        for _fn in ("check", "check_tensor", "check_equal", "check_float", "check_array", "check_type", "fail"):
            setattr(_mod, _fn, _none)
        print("HOSTILE-NOTE patched", _name)
    except Exception as _exc:  # the grader's test helpers are not in the student's process
        print("HOSTILE-NOTE cannot import", _name, type(_exc).__name__)


def sign(x):
    return "WRONG"


def vector_add(a, b):
    return a + b + 1


print("HOSTILE-DONE patch_allclose")
