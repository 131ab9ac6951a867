"""Static checks resolve imports and can look at one function only."""
from grader.static import forbidden_uses, imported_modules

SOURCE = '''
import torch
import numpy as np
from torch import broadcast_shapes as bs

def loop(a, b):
    out = []
    for x, y in zip(a, b):
        out.append(x + y)
    return out

def sneaky(a, b):
    from numpy import add
    return list(add(a, b))

def shapes(a, b):
    return np.broadcast_shapes(a, b), torch.broadcast_shapes(a, b), bs(a, b)

def hidden(a, b):
    return np.broadcast_shapes.__call__(a, b)
'''


def test_names_are_resolved_through_imports():
    uses = forbidden_uses(SOURCE, {"torch.broadcast_shapes", "numpy.broadcast_shapes"})
    assert {name for _, name in uses} == {"torch.broadcast_shapes", "numpy.broadcast_shapes"}
    assert {line for line, name in uses if name == "torch.broadcast_shapes"} == {4, 17}
    assert (20, "numpy.broadcast_shapes") in uses


def test_one_function_and_whole_packages():
    assert forbidden_uses(SOURCE, {"torch.*", "numpy.*"}, function="loop") == []
    assert forbidden_uses(SOURCE, {"torch.*", "numpy.*"}, function="sneaky") == [(13, "numpy.add"), (14, "numpy.add")]
    assert forbidden_uses(SOURCE, {"numpy.*"}, function="missing") == []


def test_unparsable_source_has_no_uses():
    assert forbidden_uses("def f(:\n", {"torch.*"}) == [] and imported_modules("def (") == set()


def test_imported_modules():
    assert imported_modules(SOURCE) == {"torch", "numpy"}
