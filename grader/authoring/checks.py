"""Assertion helpers for lesson tests.  Each failure says what was called, what was
expected and what came back (type, shape, dtype, device, values) in words a student
can act on, without quoting the test's source."""
from __future__ import annotations

import math

import numpy as np
import torch

from ..limits import TREND_ITEMS
from ..trusted.outcomes import StudentRaised
from .describe import describe
from .static import ANY_OBJECT, DYNAMIC, MATMUL, matching, method, own_methods, references

__all__ = ["RTOL", "ATOL", "TRAIN_RTOL", "TRAIN_ATOL", "CheckFailed", "fail", "check", "check_type", "check_tensor",
           "check_array", "check_float", "check_floats", "check_equal", "check_raises", "check_shared", "check_frame",
           "check_series", "check_not_used", "check_used", "MATMUL", "method", "own_methods", "StudentRaised"]

RTOL, ATOL = 1e-5, 1e-6
TRAIN_RTOL, TRAIN_ATOL = 1e-4, 1e-5  # results of iterative training (histories, trained weights)


class CheckFailed(AssertionError):
    """A test's expectation was not met; the message is shown to the student."""


def fail(message: str) -> None:
    raise CheckFailed(message)


def check(condition, message: str) -> None:
    """``assert`` with a message that is always shown (works with --assert=plain)."""
    if not condition:
        fail(message)


def check_type(actual, types, what: str) -> None:
    types = types if isinstance(types, tuple) else (types,)
    if type(actual) not in types:
        names = " or ".join(t.__name__ for t in types)
        fail(f"{what}: expected a {names}, got {type(actual).__name__} ({describe(actual)})")


def _first_mismatch(a: torch.Tensor, e: torch.Tensor, rtol: float, atol: float, equal_nan: bool):
    if a.dtype.is_floating_point or a.dtype.is_complex or e.dtype.is_floating_point:
        close = torch.isclose(a.to(torch.float64), e.to(torch.float64), rtol=rtol, atol=atol, equal_nan=equal_nan)
    else:
        close = a == e
    bad = (~close).nonzero()
    if len(bad) == 0:
        return None
    idx = tuple(int(i) for i in bad[0])
    return len(bad), idx, a[idx].item() if a.dim() else a.item(), e[idx].item() if e.dim() else e.item()


def check_tensor(actual, expected: torch.Tensor, what: str, *, rtol: float = RTOL, atol: float = ATOL,
                 check_dtype: bool = True, check_device: bool = True, equal_nan: bool = False) -> None:
    """A plain ``torch.Tensor`` with the expected shape, dtype, device and values."""
    check_type(actual, torch.Tensor, what)
    if tuple(actual.shape) != tuple(expected.shape):
        fail(f"{what}: expected shape {tuple(expected.shape)}, got {tuple(actual.shape)}")
    if check_dtype and actual.dtype != expected.dtype:
        fail(f"{what}: expected dtype {expected.dtype}, got {actual.dtype}")
    if check_device and actual.device != expected.device:
        fail(f"{what}: expected the result on device '{expected.device}', got '{actual.device}'")
    if actual.device.type == "meta" or expected.device.type == "meta":
        return
    mismatch = _first_mismatch(actual.detach().cpu(), expected.detach().cpu(), rtol, atol, equal_nan)
    if mismatch:
        count, idx, got, want = mismatch
        where = f" at index {idx}" if idx else ""
        fail(f"{what}: {count} of {expected.numel()} values differ; first{where}: "
             f"expected {want!r}, got {got!r}")


def check_array(actual, expected: np.ndarray, what: str, *, rtol: float = RTOL, atol: float = ATOL,
                check_dtype: bool = True) -> None:
    """A plain ``numpy.ndarray`` with the expected shape, dtype and values."""
    check_type(actual, np.ndarray, what)
    if actual.shape != expected.shape:
        fail(f"{what}: expected shape {expected.shape}, got {actual.shape}")
    if check_dtype and actual.dtype != expected.dtype:
        fail(f"{what}: expected dtype {expected.dtype}, got {actual.dtype}")
    check_tensor(torch.from_numpy(np.asarray(actual)), torch.from_numpy(np.asarray(expected)), what,
                 rtol=rtol, atol=atol, check_dtype=False)


def check_float(actual, expected: float, what: str, *, rtol: float = RTOL, atol: float = ATOL) -> None:
    """A ``float`` close to ``expected``: a Python float or any subclass of it
    (``numpy.float64`` included), or an ``int``; never a bool, tensor or array."""
    if not _is_float(actual):
        fail(f"{what}: expected a Python float, got {type(actual).__name__} ({describe(actual)})")
    if math.isnan(expected) and math.isnan(actual):
        return
    if not math.isclose(actual, expected, rel_tol=rtol, abs_tol=atol):
        fail(f"{what}: expected {expected!r}, got {actual!r}")


def check_floats(actual, expected: list[float], what: str, *, rtol: float = RTOL, atol: float = ATOL) -> None:
    """A ``list`` of floats (as ``check_float`` takes them) as long as ``expected`` and
    close to it item by item, e.g. a loss history."""
    check_type(actual, list, what)
    if len(actual) != len(expected):
        fail(f"{what}: expected a list of {len(expected)} values, got {len(actual)}")
    for i, got in enumerate(actual):
        if not _is_float(got):
            fail(f"{what}, item {i}: expected a Python float, got {type(got).__name__} ({describe(got)})")
    differ = [i for i, (got, want) in enumerate(zip(actual, expected)) if not _close(got, want, rtol, atol)]
    if differ:
        first = differ[0]
        fail(f"{what}: {len(differ)} of {len(expected)} values differ, the first at item {first}: "
             f"expected {expected[first]!r}, got {actual[first]!r}\n{trend(expected, actual, first)}")


def trend(expected: list[float], actual: list[float], first: int) -> str:
    """Three aligned lines (item, expected, got) of a few items of two equally long sequences:
    the start, around the ``first`` differing item, the middle and the end (``…`` where items
    are left out), so that a loss stuck high reads apart from one drifting away step by step."""
    n = len(expected)
    picked = sorted({i for i in (0, 1, first - 1, first, first + 1, n // 2, n - 2, n - 1) if 0 <= i < n})
    columns = [("item", "expected", "got")]
    for k, i in enumerate(picked[:TREND_ITEMS]):
        if k and i != picked[k - 1] + 1:
            columns.append(("…", "…", "…"))
        columns.append((str(i), f"{expected[i]:.5g}", f"{actual[i]:.5g}"))
    widths = [max(map(len, column)) for column in columns]
    return "\n".join("  " + "  ".join(column[row].ljust(w) if k == 0 else column[row].rjust(w)
                                        for k, (column, w) in enumerate(zip(columns, widths)))
                      for row in range(3))


def _close(got: float, want: float, rtol: float, atol: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or math.isclose(got, want, rel_tol=rtol, abs_tol=atol)


def _is_float(value) -> bool:
    return isinstance(value, float) or type(value) is int


def check_equal(actual, expected, what: str) -> None:
    """Exactly ``expected``, of exactly its type, recursively for lists, tuples and dicts."""
    problem = _difference(actual, expected, "")
    if problem and problem.startswith("item "):
        problem += f" (expected {describe(expected)}, got {describe(actual)})"
    if problem:
        fail(f"{what}: {problem}")


def _difference(actual, expected, path: str) -> str | None:
    """Where ``actual`` first differs from ``expected``, in words, or None."""
    where = f"item {path}" if path else "the result"
    if type(actual) is not type(expected):
        return (f"{where} is a {type(actual).__name__} ({describe(actual)}), "
                f"expected a {type(expected).__name__} ({describe(expected)})")
    if isinstance(expected, (list, tuple)):
        if len(actual) != len(expected):
            return f"{where} has {len(actual)} items, expected {len(expected)}: {describe(expected)}"
        pairs = [(f"{path}[{i}]", a, e) for i, (a, e) in enumerate(zip(actual, expected))]
    elif isinstance(expected, dict):
        if set(actual) != set(expected):
            return f"{where} has keys {sorted(map(str, actual))}, expected {sorted(map(str, expected))}"
        pairs = [(f"{path}[{k!r}]", actual[k], expected[k]) for k in expected]
    else:
        return None if actual == expected else f"{where} is {describe(actual)}, expected {describe(expected)}"
    return next((d for p, a, e in pairs if (d := _difference(a, e, p))), None)


def check_raises(exc_type: type[BaseException], fn, *args, what: str | None = None, **kwargs) -> StudentRaised:
    """``fn(*args, **kwargs)`` must raise ``exc_type`` (or a subclass) in the student's code."""
    label = what or getattr(fn, "_name", "the call")
    try:
        value = fn(*args, **kwargs)
    except StudentRaised as exc:
        if exc.is_a(exc_type):
            return exc
        fail(f"{label}: expected {exc_type.__name__}, but it raised {exc.type_name}: {exc.message}")
    fail(f"{label}: expected {exc_type.__name__} to be raised, but it returned {describe(value)}")


def check_shared(facts: dict, what: str) -> None:
    """Facts from the ``change_visible`` probe: a write on either side must show on the other."""
    if not facts.get("input_to_output"):
        fail(f"{what}: a write into the input did not show in the result, so the result is a copy; "
             "it must share memory with the input")
    if not facts.get("output_to_input"):
        fail(f"{what}: a write into the result did not show in the input; they must share memory")


def check_frame(actual, expected, what: str, *, check_dtype: bool = True,
                rtol: float = RTOL, atol: float = ATOL) -> None:
    """A ``DataFrame`` with the expected column names and order, dtypes and values."""
    import pandas as pd  # here: lessons without frames do not pay for pandas

    check_type(actual, pd.DataFrame, what)
    if list(map(str, actual.columns)) != list(map(str, expected.columns)):
        fail(f"{what}: expected columns {list(expected.columns)}, got {list(actual.columns)}")
    if actual.shape != expected.shape:
        fail(f"{what}: expected shape {expected.shape}, got {actual.shape}")
    for col_a, col_e in zip(actual.columns, expected.columns):
        _check_column(actual[col_a], expected[col_e], f"{what}, column '{col_e}'", check_dtype, rtol, atol)


def check_series(actual, expected, what: str, *, check_dtype: bool = True,
                 rtol: float = RTOL, atol: float = ATOL) -> None:
    import pandas as pd

    check_type(actual, pd.Series, what)
    if len(actual) != len(expected):
        fail(f"{what}: expected {len(expected)} values, got {len(actual)}")
    if str(actual.name) != str(expected.name):
        fail(f"{what}: expected the Series to be named {expected.name!r}, got {actual.name!r}")
    _check_column(actual, expected, what, check_dtype, rtol, atol)


def _check_column(a, e, what: str, check_dtype: bool, rtol: float, atol: float) -> None:
    import pandas as pd

    numeric = pd.api.types.is_numeric_dtype(e.dtype) and not pd.api.types.is_bool_dtype(e.dtype)
    if check_dtype and str(a.dtype) != str(e.dtype):
        fail(f"{what}: expected dtype {e.dtype}, got {a.dtype}")
    if numeric and pd.api.types.is_numeric_dtype(a.dtype):
        check_tensor(torch.tensor(a.to_numpy(dtype="float64", na_value=np.nan)),
                     torch.tensor(e.to_numpy(dtype="float64", na_value=np.nan)), what,
                     rtol=rtol, atol=atol, equal_nan=True)
        return
    got = [None if pd.isna(x) else x for x in a.tolist()]
    want = [None if pd.isna(x) else x for x in e.tolist()]
    if got != want:
        i = next(i for i, (x, y) in enumerate(zip(got, want)) if x != y)
        fail(f"{what}: row {i}: expected {want[i]!r}, got {got[i]!r}")


def check_used(source: str, names: set[str], what: str, message: str, function: str | None = None) -> None:
    """The student's file (or what its ``function`` can reach) must use one of ``names``
    (written as for ``check_not_used``); ``message`` says why, when it does not."""
    if not matching(references(source, function), names):
        fail(f"{what}: {message}")


def check_not_used(source: str, names: set[str], what: str, function: str | None = None) -> None:
    """The student's file (or only what its ``function`` can reach) must not use any of
    ``names``; ``"numpy.*"`` stands for everything in numpy, ``MATMUL`` for the ``@``
    operator and ``method("dot")`` for ``.dot`` on any object (a static check).  A
    ``StudentSource`` lets the check follow imports of the lesson folder's other files.
    Code that loads modules or code at run time fails the check: it cannot be followed."""
    def listed(uses):
        return ", ".join(f"{name.replace(ANY_OBJECT, '')} ({f'{module}.py, ' if module else ''}line {line})"
                         for module, line, name in uses)

    found = references(source, function)
    if uses := matching(found, names):
        fail(f"{what} must not use {listed(uses)}; write it from the rules instead")
    if dynamic := matching(found, DYNAMIC):
        fail(f"{what} builds a module name or code at run time ({listed(dynamic)}), which this check "
             "cannot follow; import what you use by name")
