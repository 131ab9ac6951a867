"""What a submission's code did in one test: the calls the test made through the ``student``
fixture and what came back, as a *call log* in a plain JSON form that can be stored, hashed
and compared with tolerance.  ``trusted.diagnosis`` compares a student's log with the logs of
the course's known mistakes.  Plain data only: values are already decoded by the wire.

A log entry is ``{"call": key, "value": plain}`` (it returned), ``{"call": key, "raised": type}``
(the student's code raised) or ``{"call": key, "stopped": status}`` (timeout, memory, crash).
``key`` names the callee and hashes the arguments, so two logs agree only on the same calls."""
from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import torch

from ..limits import LOGGED_CALLS_PER_TEST, LOGGED_VALUES_PER_TENSOR
from .remote import AttrRef, RemoteFunction, RemoteObject

# Tolerances of a diagnosis: a value is a known mistake's value when it is this close to it.
# Sequences (histories, trained weights) are results of many steps: looser than one number.
SCALAR_RTOL, SCALAR_ATOL = 1e-4, 1e-6
SEQUENCE_RTOL, SEQUENCE_ATOL = 1e-3, 1e-5


class CallLog:
    """The calls of one test, in order.  They are kept as the test made them and turned into
    plain entries only when asked (``entries``: for a test that failed, so a passing test pays
    for no conversion), with student objects numbered by first appearance (so two runs of the
    same test number them alike, whatever ids their runners used)."""

    def __init__(self):
        self._calls: list[tuple[str, dict, str, object]] = []   # (op, request fields, outcome, what)
        self._objects: dict[int, int] = {}   # runner handle id -> its number in this test

    def called(self, op: str, fields: dict, outcome: str, what) -> None:
        """Keep one call: it returned the value ``what`` (``outcome`` "value"), the student's
        code raised the type named ``what`` ("raised") or it was stopped with status ``what``
        ("stopped")."""
        if len(self._calls) < LOGGED_CALLS_PER_TEST:
            self._calls.append((op, fields, outcome, what))

    def entries(self) -> list[dict]:
        """The calls as plain entries (the module docstring's form); never raises."""
        return [self._entry(*call) for call in self._calls]

    def _entry(self, op: str, fields: dict, outcome: str, what) -> dict:
        key = self.safe_key(op, fields)
        if outcome != "value":
            return {"call": key, outcome: what}
        try:
            return {"call": key, "value": self.plain(what)}
        except Exception:   # a log must not change a grade
            return {"call": key, "value": {"unloggable": type(what).__name__}}

    def key(self, op: str, target, args=(), kwargs=None, probe: str | None = None) -> str:
        """The call's identity: what was called (a function by name, an object by number,
        a probe by name) and a hash of its arguments."""
        if probe is not None:
            callee = f"probe {probe}"
        elif isinstance(target, RemoteFunction):
            callee = target._name
        elif isinstance(target, AttrRef):
            callee = f"{self.plain(target.obj)['object']}.{target.attr}"
        elif isinstance(target, RemoteObject):
            callee = f"{self.plain(target)['object']}()"
        else:
            callee = str(target)
        digest = hashlib.sha256(json.dumps([self.plain(list(args)), self.plain(dict(kwargs or {}))],
                                           sort_keys=True).encode()).hexdigest()[:16]
        return f"{op} {callee} {digest}"

    def safe_key(self, op: str, fields: dict) -> str:
        """``key`` of a request's fields; never raises."""
        try:
            return self.key(op, fields.get("target"), fields.get("args", ()), fields.get("kwargs"),
                            fields["name"] if op == "probe" else None)
        except Exception:
            return f"{op} unloggable"

    def plain(self, value, depth: int = 0):
        """``value`` as JSON data: numbers, text, lists, dicts; a tensor, array or frame as a
        tagged dict (large ones summarised); a student's object as its type and number."""
        if depth > 20:
            return {"deep": True}
        if value is None or isinstance(value, (bool, int, str)):
            return value
        if isinstance(value, float):
            return value if math.isfinite(value) else {"float": str(value)}
        if isinstance(value, torch.Tensor):
            dtype = str(value.dtype).removeprefix("torch.")
            if value.device.type == "meta":   # shape and dtype only: a meta tensor has no values
                return {"tensor": list(value.shape), "dtype": dtype, "device": "meta"}
            return {**_tensor(value.detach().cpu(), dtype), "device": value.device.type}
        if isinstance(value, np.ndarray):
            return _tensor(torch.from_numpy(np.asarray(value, dtype=np.float64) if value.dtype.kind in "fc"
                                            else value.astype(np.int64) if value.dtype.kind in "iub"
                                            else np.zeros(0)), str(value.dtype), kind="array")
        if isinstance(value, np.generic):
            return self.plain(value.item(), depth + 1)
        if isinstance(value, (list, tuple)):
            return [self.plain(v, depth + 1) for v in value[:LOGGED_VALUES_PER_TENSOR]]
        if isinstance(value, dict):
            return {str(k): self.plain(v, depth + 1) for k, v in list(value.items())[:LOGGED_VALUES_PER_TENSOR]}
        if isinstance(value, RemoteObject):
            number = self._objects.setdefault(value._id, len(self._objects))
            return {"object": f"{value._type_name}#{number}"}
        if isinstance(value, RemoteFunction):
            return {"function": value._name}
        if isinstance(value, (torch.device, torch.dtype)):
            return {type(value).__name__: str(value)}
        if hasattr(value, "to_numpy") and hasattr(value, "shape"):   # a pandas frame or series
            return {"frame": [str(c) for c in getattr(value, "columns", [getattr(value, "name", "")])],
                    "values": self.plain(_frame_values(value), depth + 1)}
        return {"type": type(value).__name__}


def _frame_values(frame) -> list:
    import pandas as pd

    return [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)
            for v in frame.to_numpy().reshape(-1)[:LOGGED_VALUES_PER_TENSOR].tolist()]


def _tensor(t: torch.Tensor, dtype: str, kind: str = "tensor") -> dict:
    """A tensor's shape, dtype and values (evenly spaced ones, with the sum, when large)."""
    flat = t.reshape(-1)
    if t.is_complex():
        flat = torch.view_as_real(flat).reshape(-1)
    numbers = flat.to(torch.float64) if (flat.is_floating_point() or flat.dtype == torch.bool) else flat.to(torch.int64)
    if numbers.numel() > LOGGED_VALUES_PER_TENSOR:
        step = numbers.numel() / LOGGED_VALUES_PER_TENSOR
        picked = numbers[[int(i * step) for i in range(LOGGED_VALUES_PER_TENSOR)]]
        values = picked.tolist() + [numbers.to(torch.float64).sum().item()]
    else:
        values = numbers.tolist()
    return {kind: list(t.shape), "dtype": dtype,
            "values": [v if not isinstance(v, float) or math.isfinite(v) else str(v) for v in values]}


# ----------------------------------------------------------------------------- comparing
def logs_agree(a: list[dict], b: list[dict]) -> bool:
    """Whether two logs of one test made the same calls and got the same outcomes, values
    equal within the diagnosis tolerances."""
    return len(a) == len(b) and all(_entries_agree(x, y) for x, y in zip(a, b))


def _entries_agree(x: dict, y: dict) -> bool:
    if x.get("call") != y.get("call") or set(x) != set(y):
        return False
    if "value" in x:
        return values_close(x["value"], y["value"])
    return x == y


def values_close(a, b, sequence: bool = False) -> bool:
    """``a`` and ``b`` (plain forms) equal, numbers within tolerance (looser inside sequences)."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or a is None:
        return type(a) is type(b) and a == b
    if type(a) is int and type(b) is int:
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        rtol, atol = (SEQUENCE_RTOL, SEQUENCE_ATOL) if sequence else (SCALAR_RTOL, SCALAR_ATOL)
        return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(values_close(x, y, sequence or len(a) > 1) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(values_close(a[k], b[k], sequence) for k in a)
    return False


def rounded(value):
    """``value`` (a plain form) with numbers to 4 significant digits: equal for two students
    whose values are equal up to float noise, so their failures group together."""
    if isinstance(value, float):
        return float(f"{value:.4g}") if value else 0.0
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value
