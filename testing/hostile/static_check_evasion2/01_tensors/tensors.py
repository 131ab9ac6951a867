# HOSTILE base=solution
"""Attack A32 on the static check "broadcast_shape without torch/numpy.broadcast_shapes":
through sys.__dict__['modules'] and operator.attrgetter."""
import operator
import sys


def broadcast_shape(shape_a, shape_b):
    t = sys.__dict__["modules"]["torch"]
    try:
        return tuple(operator.attrgetter("broadcast_shapes")(t)(tuple(shape_a), tuple(shape_b)))
    except RuntimeError as exc:
        raise ValueError(str(exc)) from None


print("HOSTILE-DONE static_check_evasion2")
