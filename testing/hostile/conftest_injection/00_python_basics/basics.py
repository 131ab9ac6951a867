# HOSTILE base=solution
"""Attack A13/A14: wrong answers, counting on the conftest.py, pytest.ini, plugin,
sitecustomize.py and .pth files next to this module to turn failures into passes."""
import builtins


def sign(x):
    return "WRONG"


def greet(name, loud=False):
    return "WRONG"


print("HOSTILE-NOTE sitecustomize ran in this process:", getattr(builtins, "__hostile_sitecustomize__", False))
print("HOSTILE-DONE conftest_injection")
