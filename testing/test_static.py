"""Static checks resolve imports, follow everything the checked code can reach (helpers,
aliases, sibling files) and refuse names built at run time."""
from pathlib import Path

import pytest

from grader.authoring.static import DYNAMIC, StudentSource, forbidden_uses, imported_modules, own_methods
from grader.checks import MATMUL, CheckFailed, check_not_used, check_used, method

REPO = Path(__file__).resolve().parents[1]
NO_LIBS = {"torch.*", "numpy.*"}
BROADCAST = {"torch.broadcast_shapes", "numpy.broadcast_shapes"}

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


def lines(uses) -> set[int]:
    return {line for _, line, _ in uses}


def test_names_are_resolved_through_imports():
    uses = forbidden_uses(SOURCE, BROADCAST)
    assert {name for _, _, name in uses} == BROADCAST
    assert {line for _, line, name in uses if name == "torch.broadcast_shapes"} == {4, 17}
    assert ("", 20, "numpy.broadcast_shapes") in uses


def test_one_function_and_whole_packages():
    assert forbidden_uses(SOURCE, NO_LIBS, function="loop") == []
    assert forbidden_uses(SOURCE, NO_LIBS, function="sneaky") == [("", 13, "numpy.add"), ("", 14, "numpy.add")]
    assert forbidden_uses(SOURCE, {"numpy.*"}, function="missing") == []


def test_unparsable_source_has_no_uses():
    assert forbidden_uses("def f(:\n", {"torch.*"}) == [] and imported_modules("def (") == set()


def test_imported_modules():
    assert imported_modules(SOURCE) == {"torch", "numpy"}


# ----------------------------------------------------------------------------- evasions
HELPER_OUTSIDE = '''
import torch

def _elementwise(a, b):
    return torch.tensor(a) + torch.tensor(b)

def _middle(a, b):
    return _elementwise(a, b)

def vector_add_loop(a, b):
    return [float(v) for v in _middle(a, b)]
'''

ALIASES = {
    "alias used inside": "import torch\nbs = torch.broadcast_shapes\ndef broadcast_shape(a, b):\n    return bs(a, b)\n",
    "function is an alias": "import torch\nbroadcast_shape = torch.broadcast_shapes\n",
    "function is imported": "from torch import broadcast_shapes as broadcast_shape\n",
    "global set elsewhere": ("import torch\ndef _setup():\n    global _bs\n    _bs = torch.broadcast_shapes\n"
                             "_setup()\ndef broadcast_shape(a, b):\n    return _bs(a, b)\n"),
    "default argument": ("import torch\n_bs = torch.broadcast_shapes\n"
                         "def broadcast_shape(a, b, _bs=_bs):\n    return _bs(a, b)\n"),
    "class attribute": ("import torch\nclass _Shapes:\n    rule = staticmethod(torch.broadcast_shapes)\n"
                        "def broadcast_shape(a, b):\n    return _Shapes.rule(a, b)\n"),
    "replaced code": ("import torch\ndef _impl(a, b):\n    return torch.broadcast_shapes(a, b)\n"
                      "def broadcast_shape(a, b):\n    pass\nbroadcast_shape.__code__ = _impl.__code__\n"),
    "star import": "from torch import *\ndef broadcast_shape(a, b):\n    return broadcast_shapes(a, b)\n",
}


def test_a_helper_outside_the_function_is_followed():
    assert lines(forbidden_uses(HELPER_OUTSIDE, NO_LIBS, function="vector_add_loop")) == {2, 5}


@pytest.mark.parametrize("source", ALIASES.values(), ids=ALIASES)
def test_module_level_aliases_are_followed(source):
    assert forbidden_uses(source, BROADCAST, function="broadcast_shape") != []
    assert forbidden_uses(source, BROADCAST) != []


RUN_TIME_NAMES = [
    '_backend = __import__("tor" + "ch")',
    'import importlib\n_backend = importlib.import_module("tor" + "ch")',
    'from importlib import import_module as _load\n_backend = _load("tor" + "ch")',
    '_backend = eval("tor" + "ch")',
    'exec("import tor" + "ch as _backend")',
    'import sys\n_backend = sys.modules["tor" + "ch"]',
    '_backend = globals()["tor" + "ch"]',
    '_backend = __builtins__.__dict__["__imp" + "ort__"]("torch")',
    'import os\n_backend = os.sys.modules["tor" + "ch"]',
    'import sys\n_backend = sys.__dict__["mod" + "ules"]["torch"]',
    'import operator, sys\n_backend = operator.attrgetter("modules")(sys)["torch"]',
]


@pytest.mark.parametrize("line", RUN_TIME_NAMES)
def test_names_built_at_run_time_fail_the_check(line):
    source = (f"import torch\n{line}\n\ndef _elementwise(a, b):\n    return _backend.tensor(a) + _backend.tensor(b)\n\n"
              "def vector_add_loop(a, b):\n    return [float(v) for v in _elementwise(a, b)]\n")
    assert forbidden_uses(source, DYNAMIC, function="vector_add_loop") != []
    assert forbidden_uses(source, DYNAMIC) != []
    with pytest.raises(CheckFailed, match=r"at run time \(.*line [23]\).*import what you use by name"):
        check_not_used(source, NO_LIBS, "vector_add_loop", function="vector_add_loop")


def test_a_package_reached_through_another_module_counts():
    source = "import pandas as pd\ndef vector_add_loop(a, b):\n    return list(pd.core.frame.np.add(a, b))\n"
    assert forbidden_uses(source, NO_LIBS, function="vector_add_loop") == [("", 3, "pandas.core.frame.np.add")]


def test_getattr_is_followed():
    literal = "import torch\ndef broadcast_shape(a, b):\n    return getattr(torch, 'broadcast_shapes')(a, b)\n"
    assert forbidden_uses(literal, BROADCAST, function="broadcast_shape") == [("", 3, "torch.broadcast_shapes")]
    computed = literal.replace("'broadcast_shapes'", "'broadcast_' + 'shapes'")
    with pytest.raises(CheckFailed, match=r"getattr with a computed name \(.*line 3\)"):
        check_not_used(computed, BROADCAST, "broadcast_shape", function="broadcast_shape")
    elsewhere = computed.replace("def broadcast_shape", "def op_by_name") \
        + "def broadcast_shape(a, b):\n    return tuple(max(x, y) for x, y in zip(a, b))\n"
    check_not_used(elsewhere, BROADCAST, "broadcast_shape", function="broadcast_shape")


def test_run_time_names_elsewhere_do_not_fail_a_function_check():
    source = HELPER_OUTSIDE.replace("import torch", 'import torch\nplugin = __import__("json")') \
        + "\ndef vector_add_loop_2(a, b):\n    return [x + y for x, y in zip(a, b)]\n"
    check_not_used(source, NO_LIBS, "vector_add_loop_2", function="vector_add_loop_2")


SHAPE_HELPER = '''import torch

def broadcast_shape(shape_a, shape_b):
    return tuple(torch.broadcast_shapes(tuple(shape_a), tuple(shape_b)))
'''


@pytest.mark.parametrize("importer", ["from shape_helper import broadcast_shape\n",
                                      "import shape_helper\nbroadcast_shape = shape_helper.broadcast_shape\n",
                                      "import shape_helper as h\ndef broadcast_shape(a, b):\n"
                                      "    return h.broadcast_shape(a, b)\n"])
def test_sibling_files_are_followed(importer):
    source = StudentSource("import torch\n" + importer, "tensors", {"shape_helper": SHAPE_HELPER})
    expected = [("shape_helper", 4, "torch.broadcast_shapes")]
    assert forbidden_uses(source, BROADCAST) == expected
    assert forbidden_uses(source, BROADCAST, function="broadcast_shape") == expected
    with pytest.raises(CheckFailed, match=r"torch.broadcast_shapes \(shape_helper.py, line 4\)"):
        check_not_used(source, BROADCAST, "broadcast_shape")


def test_siblings_that_import_back_or_patch_the_module_are_followed():
    back = StudentSource("import torch\ndef _h(a, b):\n    return torch.add(a, b)\n"
                         "from helper import vector_add_loop\n", "basics",
                         {"helper": "from basics import _h\ndef vector_add_loop(a, b):\n    return _h(a, b)\n"})
    patch = StudentSource("import helper\ndef vector_add_loop(a, b):\n    return [x + y for x, y in zip(a, b)]\n",
                          "basics", {"helper": "import basics, numpy\nbasics.vector_add_loop = numpy.add\n"})
    assert forbidden_uses(back, NO_LIBS, function="vector_add_loop") == [("basics", 1, "torch"),
                                                                         ("basics", 3, "torch.add")]
    assert forbidden_uses(patch, NO_LIBS, function="vector_add_loop") == [("helper", 1, "numpy"),
                                                                          ("helper", 2, "numpy.add")]


# ----------------------------------------------------------------------------- correct code still passes
CORRECT = '''
import torch
import numpy as np

a = torch.tensor([1.0, 2.0])   # a student's own try-out at module level
out = np.zeros(2)

def _pairs(a, b):
    return zip(a, b)

class _Adder:
    torch = None
    def add(self, x, y):
        return x + y

def vector_add_loop(a, b, add=_Adder().add):
    if len(a) != len(b):
        raise ValueError("lengths differ")
    out = []
    for x, y in _pairs(a, b):
        out.append(float(add(x, y)))
    total = sum(map(lambda out: out, out))
    return out

def vector_add(a, b):
    return torch.add(a, b)
'''


def test_correct_helpers_and_unrelated_imports_pass():
    assert forbidden_uses(CORRECT, NO_LIBS | DYNAMIC, function="vector_add_loop") == []
    helpers = StudentSource("import torch\nfrom rules import broadcast_shape\n", "tensors",
                            {"rules": "import torch\nfrom itertools import zip_longest\n\n"
                                      "def broadcast_shape(a, b):\n"
                                      "    return tuple(max(x, y) for x, y in zip_longest(a, b))\n",
                             "notes": "import torch\nprint(torch.broadcast_shapes((1,), (2,)))\n"})
    assert forbidden_uses(helpers, BROADCAST | DYNAMIC) == []
    sibling_with_torch = StudentSource("from helper import vector_add_loop\n", "basics",
                                       {"helper": "import torch\ndef vector_add_loop(a, b):\n"
                                                  "    return [x + y for x, y in zip(a, b)]\n"
                                                  "def other(a):\n    return torch.tensor(a)\n"})
    assert forbidden_uses(sibling_with_torch, NO_LIBS | DYNAMIC, function="vector_add_loop") == []


@pytest.mark.parametrize("path", sorted([*REPO.glob("solutions/0[01]_*/*.py"),
                                         *REPO.glob("testing/alternatives/0[01]_*/*.py")]),
                         ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.stem}")
def test_reference_and_alternative_solutions_pass(path):
    source = StudentSource(path.read_text(), path.stem, {})
    if path.parent.name.startswith("00"):
        check_not_used(source, NO_LIBS, "vector_add_loop", function="vector_add_loop")
    else:
        check_not_used(source, BROADCAST, "broadcast_shape", function="broadcast_shape")


def test_the_matmul_operator_and_methods_on_any_object_are_named():
    """``@`` and ``x.dot(y)`` reach no module name, yet a check can forbid them and say where."""
    source = ("import torch\n\ndef dot(x, y):\n    return x @ y\n\n"
              "def mm(a, b):\n    c = a\n    c @= b\n    return a.mm(b)\n")
    assert [u[1:] for u in forbidden_uses(source, {MATMUL}, "dot")] == [(4, MATMUL)]
    assert [u[1:] for u in forbidden_uses(source, {MATMUL, method("mm")}, "mm")] == [(8, MATMUL), (9, method("mm"))]
    assert not forbidden_uses(source, {method("dot"), "torch.dot"}, "dot")
    with pytest.raises(CheckFailed, match=r"must not use \.mm \(line 9\)"):
        check_not_used(source, {method("mm")}, "mm", function="mm")



PRODUCTS = {"torch.dot", "torch.matmul", MATMUL, method("dot"), method("matmul")}


@pytest.mark.parametrize("importer, name", [("import vec", "vec"), ("import vec as v", "v"),
                                            ("import linalg as me", "me")])
def test_a_function_of_the_students_own_module_is_not_a_method(importer, name):
    """``vec.dot(r, x)`` calls the student's own ``dot`` of ``vec.py`` (or of the lesson file
    itself): it is followed into that file, not refused as torch's ``.dot``."""
    own_dot = "def dot(x, y):\n    return sum(a * b for a, b in zip(x, y))\n"
    main = (f"import torch\n{importer}\n{own_dot}"
            f"def matvec(A, x):\n    return torch.stack([{name}.dot(r, x) for r in A])\n")
    source = StudentSource(main, "linalg", {"vec": own_dot})
    assert forbidden_uses(source, PRODUCTS, function="matvec") == []
    check_not_used(source, PRODUCTS, "matvec", function="matvec")


@pytest.mark.parametrize("helper, found", [("import torch\ndot = torch.dot\n", (2, "torch.dot")),
                                           ("def dot(x, y):\n    return x @ y\n", (2, MATMUL)),
                                           ("from torch import *\n", (1, "torch.dot"))])
def test_a_forbidden_call_behind_the_students_own_module_is_still_found(helper, found):
    source = StudentSource("import vec\ndef matvec(A, x):\n    return vec.dot(A, x) + vec.torch.dot(x, x)\n",
                           "linalg", {"vec": helper})
    uses = forbidden_uses(source, PRODUCTS, function="matvec")
    assert ("vec", *found) in uses and ("linalg", 3, method("dot")) in uses, uses  # vec.torch.dot: a method


def test_own_methods_are_those_of_the_classes_the_function_reaches():
    source = StudentSource("import vec\nclass Other:\n    def norm(self): return 0\n"
                           "def matvec(A, x):\n    return [vec.Vec(r) @ vec.Vec(x) for r in A]\n"
                           "def plain(x):\n    return x.dot(x)\n", "linalg",
                           {"vec": "class Vec:\n    def dot(self, o): return 0\n"
                                   "    def __matmul__(self, o): return 0\n"})
    assert own_methods(source, "matvec") == {"dot", "__matmul__"}
    assert own_methods(source, "plain") == set()
    assert own_methods(source) == {"norm", "dot", "__matmul__"}


def test_a_nested_package_wildcard_covers_everything_inside():
    """``"torch.linalg.*"`` forbids ``torch.linalg.norm`` and ``torch.linalg.vector_norm``, not ``torch.norm``."""
    source = ("import torch\nfrom torch import linalg as la\n\n"
              "def f(u):\n    return torch.linalg.norm(u) + la.vector_norm(u) + torch.norm(u)\n")
    found = [u[1:] for u in forbidden_uses(source, {"torch.linalg.*"}, "f")]
    assert found == [(2, "torch.linalg"), (5, "torch.linalg.norm"), (5, "torch.linalg.vector_norm")]


def test_check_used_requires_one_of_the_names_in_the_function():
    source = ("import time, torch\n"
              "def helper():\n    torch.cuda.synchronize()\n"
              "def timed(device):\n    helper()\n    return time.perf_counter()\n"
              "def untimed():\n    return time.perf_counter()\n")
    check_used(source, {method("synchronize")}, "timed", "must synchronise", function="timed")
    with pytest.raises(CheckFailed, match="untimed: must synchronise"):
        check_used(source, {method("synchronize")}, "untimed", "must synchronise", function="untimed")
