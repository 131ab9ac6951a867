"""Instructor-written probes: small functions that run in the runner next to the
student code and report facts a test cannot see from outside (object identity,
shared memory, files written).  A probe returns facts, never a verdict; the
trusted test decides what the facts mean.  Each probe takes the runner first.
"""
from __future__ import annotations

import builtins
import os
import random
import stat
import types

import numpy as np
import torch
from torch.autograd.variable import Variable
from torch.overrides import TorchFunctionMode, resolve_name

from ..limits import MAX_FILE_BYTES


def _memory_span(x):
    """(start, end) of the whole buffer behind a tensor or array, or None."""
    if isinstance(x, torch.Tensor) and x.device.type == "cpu":
        storage = x.untyped_storage()
        return (storage.data_ptr(), storage.data_ptr() + storage.nbytes()) if storage.nbytes() else None
    if isinstance(x, np.ndarray) and x.size:
        return np.lib.array_utils.byte_bounds(x)
    return None


def _overlap(a, b) -> bool:
    sa, sb = _memory_span(a), _memory_span(b)
    return sa is not None and sb is not None and sa[0] < sb[1] and sb[0] < sa[1]


def _storage_ptr(x):
    if isinstance(x, torch.Tensor) and x.device.type != "meta":
        return x.untyped_storage().data_ptr()
    if isinstance(x, np.ndarray):
        return x.__array_interface__["data"][0]
    return None


def _global_random_states() -> dict:
    """The state of each global random generator a student may draw from."""
    return {"torch": torch.get_rng_state(), "numpy": np.random.get_state(legacy=False),
            "random": random.getstate()}


def _same_state(a, b) -> bool:
    if isinstance(a, torch.Tensor):
        return torch.equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_state(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def observe(runner, fn, args, kwargs=None):
    """Call ``fn(*args, **kwargs)`` and report the result, the arguments as they are
    afterwards, how the result relates to the arguments in memory, and which global
    random generators (torch, numpy, random) are in the same state as before."""
    kwargs = kwargs or {}
    before = [_storage_ptr(a) for a in args]
    states = _global_random_states()
    value = fn(*args, **kwargs)
    after = _global_random_states()
    return {
        "value": value,
        "args_after": list(args),
        "returned_arg": next((i for i, a in enumerate(args) if value is a), None),
        "shares_memory_with": [i for i, a in enumerate(args) if _overlap(value, a)],
        "storage_kept": [b is not None and _storage_ptr(a) == b for a, b in zip(args, before)],
        "random_state_kept": {name: _same_state(states[name], after[name]) for name in states},
    }


def _size(x) -> int:
    return x.numel() if isinstance(x, torch.Tensor) else x.size


def _first(x) -> float:
    return float(np.asarray(x).reshape(-1)[0]) if isinstance(x, np.ndarray) else float(x.reshape(-1)[0])


def _bump(x) -> None:
    flat = x.reshape(-1)
    flat[0] = flat[0] + 1


def change_visible(runner, fn, arg):
    """Whether a write into the input shows in ``fn(arg)``'s result and the other way round."""
    facts = {}
    for direction in ("input_to_output", "output_to_input"):
        source = arg.copy() if isinstance(arg, np.ndarray) else arg.clone()
        result = fn(source)
        if not isinstance(result, (torch.Tensor, np.ndarray)) or _size(result) == 0:
            return {"input_to_output": False, "output_to_input": False}
        writer, reader = (source, result) if direction == "input_to_output" else (result, source)
        before = _first(reader)
        _bump(writer)
        after = _first(reader)
        facts[direction] = after != before
    return facts


_mro_of = type.__dict__["__mro__"].__get__         # what attribute lookup follows; immune to
_own_dict_of = type.__dict__["__dict__"].__get__   # metaclass __subclasscheck__ / __getattr__ tricks


def is_subclass(runner, cls, base):
    return isinstance(cls, type) and isinstance(base, type) and base in _mro_of(cls)


def inherits(runner, cls, name, base):
    """Whether ``cls`` gets ``name`` from ``base`` (or a class above it), not from itself."""
    if not (isinstance(cls, type) and isinstance(base, type)):
        return False
    provider = next((c for c in _mro_of(cls) if name in _own_dict_of(c)), None)
    return provider is not None and provider is not cls and provider in _mro_of(base)


def type_name(runner, obj):
    return type(obj).__name__


def _torch_class(cls) -> str:
    """The first ``torch.nn`` class in ``cls``'s MRO by its public name (``torch.nn.Linear``,
    also for a subclass of it), or the class's own name when there is none."""
    for c in _mro_of(cls):
        if c.__module__.startswith("torch.nn.modules."):
            return f"torch.nn.{c.__qualname__}"
    return cls.__qualname__


def layers(runner, model):
    """``{name: torch class}`` of every submodule of an ``nn.Module`` (``""`` is the model
    itself), as ``named_modules()`` lists them: ``{"": "torch.nn.Module", "linear":
    "torch.nn.Linear"}``."""
    if not isinstance(model, torch.nn.Module):
        return None
    return {name: _torch_class(type(m)) for name, m in model.named_modules()}


def set_grads(runner, model, grads):
    """Give every parameter of ``model`` the gradient ``grads[name]`` (on the parameter's
    device and dtype), as ``backward()`` would, so that a test can take one optimizer step
    with gradients it chose.  Parameters not in ``grads`` get ``None``."""
    for name, p in model.named_parameters():
        g = grads.get(name)
        p.grad = None if g is None else g.detach().to(device=p.device, dtype=p.dtype).clone()
    return sorted(grads)


def defines(runner, obj, name):
    """Whether ``name`` is defined on the object's own class (not only inherited)."""
    cls = obj if isinstance(obj, type) else type(obj)
    return name in vars(cls)


def torch_object(runner, path, *args):
    """``torch.<path>(*args)`` built in the runner, for tests that hand the student's code a
    plain torch object: ``torch_object("nn.Linear", 3, 1)``, ``torch_object("optim.SGD",
    model.parameters(), 0.1)``, ``torch_object("nn.MSELoss")``."""
    obj = torch
    for part in str(path).split("."):
        if part.startswith("_"):
            raise ValueError(f"torch_object: no private names ({path!r})")
        obj = getattr(obj, part)
    return obj(*args)


# Every backward pass (``Tensor.backward``, ``torch.autograd.backward`` and ``grad``, however
# they were imported, and what is built on them: ``torch.func.grad``, ``autograd.functional``)
# runs through this engine; taken at import, before student code can replace it.
_ENGINE = Variable._execution_engine


def backward_passes(runner, fn, *args):
    """Call ``fn(*args)`` and report its result and how many backward passes torch's autograd
    engine ran meanwhile: ``{"value": ..., "backward_passes": 0}`` for code that derives its
    gradients itself (a student's own ``backward()`` method runs none)."""
    class CountingEngine:   # defined here, so that a ``sealed`` copy uses only its own globals
        """Autograd's engine, counting the backward passes it runs; everything else passes through."""

        def __init__(self, engine):
            self.engine, self.passes = engine, 0

        def run_backward(self, *args, **kwargs):
            self.passes += 1
            return self.engine.run_backward(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.engine, name)

    counting = CountingEngine(_ENGINE)
    Variable._execution_engine = counting
    try:
        value = fn(*args)
    finally:
        Variable._execution_engine = _ENGINE
    return {"value": value, "backward_passes": counting.passes}


def torch_calls(runner, fn, *args):
    """Call ``fn(*args)`` and report its result and the torch functions and tensor methods it
    called, by their public names: ``{"value": ..., "torch_calls": ["torch.Tensor.dot",
    "torch.Tensor.matmul" (also ``a @ b``), "torch.mv", ...]}``.  A method of the student's own
    class (``Vec.dot``) is no torch call."""
    class Recorder(TorchFunctionMode):   # defined here, so that a ``sealed`` copy uses only its own globals
        def __init__(self):
            super().__init__()
            self.names = set()

        def __torch_function__(self, func, types, args=(), kwargs=None):
            self.names.add(resolve_name(func) or getattr(func, "__qualname__", repr(func)))
            return func(*args, **(kwargs or {}))

    recorder = Recorder()
    with recorder:
        value = fn(*args)
    return {"value": value, "torch_calls": sorted(recorder.names)}


# File probes use these C functions, taken at import: ``sealed`` copies keep them even if
# student code later replaces os.path.join, os.stat and friends in the shared modules.
_stat, _mkdir, _is_regular_file = os.stat, os.mkdir, stat.S_ISREG


def _in_work(runner, path) -> str:
    text = str(path)
    return text if text.startswith("/") else f"{runner.work}/{text}"


def write_text(runner, path, text):
    full = _in_work(runner, path)
    parts = full.split("/")
    for i in range(2, len(parts)):
        try:
            _mkdir("/".join(parts[:i]))
        except FileExistsError:
            pass
    with open(full, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return path


def read_text(runner, path):
    """The file's text (``None`` when it does not exist)."""
    full = _in_work(runner, path)
    try:
        if not _is_regular_file(_stat(full).st_mode):
            return None
    except OSError:
        return None
    with open(full, "rb") as fh:
        return fh.read(MAX_FILE_BYTES).decode("utf-8", "replace")


def same_file(runner, a, b):
    try:
        sa, sb = _stat(_in_work(runner, a)), _stat(_in_work(runner, b))
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


PROBES = {f.__name__: f for f in (observe, change_visible, is_subclass, inherits, type_name, defines,
                                  layers, set_grads, torch_object, backward_passes, torch_calls, write_text,
                                  read_text, same_file)}


def sealed() -> dict:
    """Copies of the probes whose globals (helpers, builtins) are a private snapshot, taken
    before student code runs: patching this module or ``builtins`` later changes nothing
    they use.  (Objects shared with the student, such as torch itself, stay shared.)"""
    namespace = dict(globals())
    namespace["__builtins__"] = dict(vars(builtins))
    for name, value in list(namespace.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == __name__:
            namespace[name] = types.FunctionType(value.__code__, namespace, value.__name__,
                                                 value.__defaults__, value.__closure__)
    return {name: namespace[name] for name in PROBES}
