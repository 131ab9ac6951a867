"""The runner: the only process that imports and runs student code.

It is forked from the warm zygote, confines itself (``confine``), says hello,
imports the lesson module and then answers requests from the trusted grader until
the socket closes.  Requests and replies are ``wire`` frames.  The runner holds no
expected values and decides nothing: it calls what it is asked to call and sends
back what came out (data, or a handle for objects that are not data).
"""
from __future__ import annotations

import importlib.util
import os
import random
import socket
import sys
import traceback
from types import MappingProxyType

import numpy as np
import torch

from ..authoring import probes
from ..limits import MAX_OUTPUT_CHARS, MAX_TEXT_CHARS, Limits
from . import gpu, wire
from .confine import Layout, confine

try:
    import resource
except ImportError:  # Windows: unconfined runners there have no CPU limit to renew
    resource = None

# Sealed when the zygote loads this module, before any student code: a submission that
# patches ``grader.authoring.probes`` or ``builtins`` later changes neither which probes run nor what
# they call.  (Code in the same process can still tamper with shared objects such as
# torch; tests give probe facts few points.)
_PROBES = MappingProxyType(probes.sealed())


class Runner:
    def __init__(self, sock: socket.socket, work: str, module_name: str):
        self.sock = sock
        self.work = work
        self.module_name = module_name
        self.module = None
        self.objects: dict[int, object] = {}

    # -- values -----------------------------------------------------------------
    def to_handle(self, obj) -> dict:
        key = len(self.objects) + 1
        self.objects[key] = obj
        return {"t": "handle", "id": key, "type": _type_name(obj), "callable": callable(obj)}

    def resolve_ref(self, key: int, attr: str | None = None):
        """An object the trusted side named: a handle id (0 is the module), then an attribute."""
        obj = self.module if key == 0 else self.objects[key]
        if attr is None:
            return obj
        if obj is self.module and not hasattr(obj, attr):
            raise AttributeError(f"{self.module_name}.py defines no '{attr}'")
        return getattr(obj, attr)

    def decode(self, header_value, tensors):
        return wire.Decoder(tensors, resolve_ref=self.resolve_ref).decode(header_value)

    # -- requests ---------------------------------------------------------------
    def handle(self, header: dict, tensors: dict):
        op = header.get("op")
        if "begin" in header:
            self.begin_test(int(header["begin"]["seed"]), int(header["begin"]["cpu_seconds"]))
        args = self.decode(header.get("args", {"t": "list", "v": []}), tensors)
        kwargs = self.decode(header.get("kwargs", {"t": "dict", "v": []}), tensors)
        if op == "call":
            return self.decode(header["target"], tensors)(*args, **kwargs)
        if op == "getattr":
            return self.decode(header["target"], tensors)
        if op == "probe":
            return _PROBES[header["name"]](self, *args, **kwargs)
        raise ValueError(f"unknown request {op!r}")

    @staticmethod
    def begin_test(seed: int, cpu_seconds: int) -> None:
        """Same seeds for every run of a test, a fresh CPU-time allowance of ``cpu_seconds``
        (``limits.cpu_seconds_for_test``; the clock counts whole seconds), and no pyplot
        figure left open by an earlier test (code drawing on ``plt.gcf()`` starts afresh)."""
        random.seed(seed)
        np.random.seed(seed % 2**32)
        _seed_torch(seed)
        if resource is not None:
            used = resource.getrusage(resource.RUSAGE_SELF)
            _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
            want = int(used.ru_utime + used.ru_stime) + cpu_seconds
            resource.setrlimit(resource.RLIMIT_CPU, (min(want, hard), hard))
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")

    def reply(self, value=None, exc: BaseException | None = None) -> bool:
        """Send ``value``, or what ``exc`` says; False where the runner must end after it: a CUDA
        error (raised by the call, or late, while its result is copied off the GPU) leaves
        CUDA unusable in this process, so the next test gets a new runner."""
        enc = wire.Encoder(to_handle=self.to_handle)
        header = {"ok": exc is None, "output": self.take_output()}
        if exc is None:
            try:
                header["value"] = enc.encode(value)
            except Exception as failed:  # not data (WireError), or a CUDA error of the call raised late
                exc, header["ok"], enc.tensors = failed, False, {}
                header["error"] = error_info(failed, self.work, kind="unsendable")
        else:
            header["error"] = error_info(exc, self.work, kind="sandbox" if isinstance(exc, wire.CudaUnreachable)
                                         else "raised")
        ended = exc is not None and gpu.context_lost(exc)
        if ended:
            header["ended"] = "a CUDA error leaves CUDA unusable in the process that ran the code"
        wire.send(self.sock, header, enc.tensors)
        return not ended

    def take_output(self) -> str:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        path = os.path.join(self.work, ".output")
        try:
            if os.stat(path).st_size == 0:   # the usual case: one look, not an open, read and truncate
                return ""
            with open(path, "rb+") as fh:
                data = fh.read(MAX_OUTPUT_CHARS + 1)
                fh.truncate(0)  # stdout appends: each request starts with the whole size cap
        except OSError:
            return ""
        text = data[:MAX_OUTPUT_CHARS].decode("utf-8", "replace")
        return text + ("\n[... output truncated]" if len(data) > MAX_OUTPUT_CHARS else "")

    def import_module(self) -> None:
        path = os.path.join(self.work, f"{self.module_name}.py")
        spec = importlib.util.spec_from_file_location(self.module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[self.module_name] = module
        spec.loader.exec_module(module)
        self.module = module

    def serve(self) -> None:
        try:
            self.import_module()
        except BaseException as exc:  # the student's import failed: say so, then stop
            self.reply(exc=exc)
            return
        if not self.reply(None):
            return
        while True:
            try:
                header, tensors = wire.recv(self.sock)
            except (EOFError, OSError, wire.WireError):
                return
            try:
                value = self.handle(header, tensors)
            except BaseException as exc:
                going_on = self.reply(exc=exc)
            else:
                going_on = self.reply(value)
            if not going_on:
                return


def _seed_torch(seed: int) -> None:
    """What ``torch.manual_seed`` seeds here: the CPU generator and, in a CUDA build, the GPUs'.
    ``torch.manual_seed`` also queues a seeding for each device kind not started yet (CUDA, XPU,
    MTIA), each with a formatted stack: 0.3 ms a test, a sixth of a runner's time."""
    torch.default_generator.manual_seed(seed)
    if torch.backends.cuda.is_built():
        torch.cuda.manual_seed_all(seed)


def _type_name(obj) -> str:
    t = type(obj)
    return f"{t.__module__}.{t.__qualname__}" if t.__module__ not in ("builtins", None) else t.__qualname__


def error_info(exc: BaseException, work: str, kind: str = "raised") -> dict:
    """Describe an exception as data: its class chain, message and the student's frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(work)]
    for f in frames:
        f.filename = os.path.basename(f.filename)
    try:
        message = str(exc)[:MAX_TEXT_CHARS]
    except BaseException:
        message = "<message could not be read>"
    if isinstance(exc, SyntaxError) and exc.lineno:
        message = f"{exc.msg} (line {exc.lineno})"
    return {
        "kind": kind,
        "type": type(exc).__name__,
        "bases": [c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"],
        "message": message,
        "traceback": "".join(traceback.format_list(frames))[-MAX_TEXT_CHARS:],
    }


def run_child(sock_fd: int, lesson_dir: str, module_name: str, uid: int,
              layout: Layout, limits: Limits) -> None:
    """Entry point in the forked child; never returns."""
    code = 0
    try:
        sock = socket.socket(fileno=sock_fd)
        try:
            problem = gpu.fork_problem()
            if problem:
                raise RuntimeError(problem)
            work = confine(lesson_dir, sock_fd, uid, layout, limits)
        except BaseException as exc:
            wire.send(sock, {"hello": False, "why": f"sandbox setup failed: {exc}"})
            raise
        wire.send(sock, {"hello": True, "pid": os.getpid(), "pgid": os.getpgid(0)})
        Runner(sock, work, module_name).serve()
    except BaseException:
        code = 1
    finally:
        os._exit(code)
