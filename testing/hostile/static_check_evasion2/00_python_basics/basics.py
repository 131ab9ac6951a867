# HOSTILE base=solution
"""Attack A32 on the static check "vector_add_loop uses no torch and no numpy": reach
torch through os.sys.modules (no name 'torch' is ever written as code)."""
import os


def vector_add_loop(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    t = os.sys.modules["torch"]
    return (t.tensor(a, dtype=t.float64) + t.tensor(b, dtype=t.float64)).tolist()


print("HOSTILE-DONE static_check_evasion2")
