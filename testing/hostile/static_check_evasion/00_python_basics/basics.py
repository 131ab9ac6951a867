# HOSTILE base=solution
"""Attack A32 on the static checks: vector_add_loop must use no torch and no numpy (the
grader checks the function's source).  This one has torch do the work through a helper
defined outside the function, and a name built at run time that the parser cannot see."""
_backend = __import__("tor" + "ch")


def _elementwise(a, b):
    return _backend.tensor(a, dtype=_backend.float64) + _backend.tensor(b, dtype=_backend.float64)


def vector_add_loop(a, b):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    return [float(v) for v in _elementwise(a, b)]


print("HOSTILE-DONE static_check_evasion")
