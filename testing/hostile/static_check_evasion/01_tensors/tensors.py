# HOSTILE base=solution
"""Attack A32 on the static checks: broadcast_shape must not call torch.broadcast_shapes
(the grader parses tensors.py).  This file does not mention it: the call sits in
shape_helper.py next to it, found on sys.path at run time."""
from shape_helper import broadcast_shape  # noqa: E402,F401

print("HOSTILE-DONE static_check_evasion")
